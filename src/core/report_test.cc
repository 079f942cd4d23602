#include "core/report.h"

#include <gtest/gtest.h>

#include "core/task.h"

namespace cordon {
namespace {

TEST(ReportWorkflow, MovesOneStepForwardOrToRejected) {
  EXPECT_TRUE(report_may_move(ReportStatus::kReceived, ReportStatus::kTriaged));
  EXPECT_TRUE(report_may_move(ReportStatus::kVerified, ReportStatus::kResolved));
  EXPECT_TRUE(report_may_move(ReportStatus::kDispatched, ReportStatus::kRejected));
  EXPECT_FALSE(report_may_move(ReportStatus::kReceived, ReportStatus::kDispatched));
  EXPECT_FALSE(report_may_move(ReportStatus::kTriaged, ReportStatus::kResolved));
  EXPECT_FALSE(report_may_move(ReportStatus::kResolved, ReportStatus::kRejected));
  EXPECT_FALSE(report_may_move(ReportStatus::kRejected, ReportStatus::kTriaged));
  EXPECT_FALSE(report_may_move(ReportStatus::kTriaged, ReportStatus::kTriaged));
}

TEST(ReportWorkflow, GatheringsAreFastPoultryIsSlow) {
  auto gathering = report_step_seconds(ReportCategory::kGathering, ReportStatus::kDispatched);
  auto poultry = report_step_seconds(ReportCategory::kSanitation, ReportStatus::kDispatched);
  ASSERT_TRUE(gathering && poultry);
  EXPECT_EQ(*gathering, 3600);
  EXPECT_EQ(*poultry, 2 * 24 * 3600);
  EXPECT_FALSE(report_step_seconds(ReportCategory::kGathering, ReportStatus::kResolved));
  for (int c = 0; c < 7; ++c)
    for (int s = 0; s < 4; ++s)
      EXPECT_GT(*report_step_seconds(static_cast<ReportCategory>(c), static_cast<ReportStatus>(s)),
                0);
}

TEST(ReportReference, NormalizesWhatIsReadOut) {
  EXPECT_EQ(normalize_reference("ab3k-7mnp 2q"), "AB3K7MNP2Q");
  EXPECT_FALSE(normalize_reference("AB3K7MNP2"));     // short
  EXPECT_FALSE(normalize_reference("AB3K7MNP2QQ"));   // long
  EXPECT_FALSE(normalize_reference("AB3K7MNP2O"));    // O is not in the alphabet
  EXPECT_FALSE(normalize_reference("AB3K7MNP21"));
  EXPECT_FALSE(normalize_reference(""));
}

TEST(ReportInput, ReportsEveryBadFieldAtOnce) {
  ReportInput in;
  in.category = "rumour";
  in.description = std::string(kMaxReportDescription + 1, 'x');
  in.contact = std::string("a\0b", 3);
  auto r = validate_report_input(in);
  ASSERT_FALSE(r.ok());
  std::vector<std::string> fields;
  for (const auto& e : r.status().errors()) fields.push_back(e.field + ":" + e.code);
  EXPECT_EQ(fields, (std::vector<std::string>{"category:unknown_category", "address:required",
                                              "description:too_long",
                                              "contact:control_character"}));
}

TEST(ReportInput, AcceptsAPlaceWithoutAddressAndTrims) {
  ReportInput in;
  in.category = "sanitation";
  in.place_id = 7;
  in.description = "  散养家禽\n在小区  ";
  auto r = validate_report_input(in);
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->description, "散养家禽\n在小区");
  EXPECT_EQ(r->category, ReportCategory::kSanitation);
  EXPECT_EQ(std::string(report_category_name(r->category)), "sanitation");
}

TEST(TaskWorkflow, Transitions) {
  EXPECT_TRUE(task_may_move(TaskStatus::kOpen, TaskStatus::kAccepted));
  EXPECT_TRUE(task_may_move(TaskStatus::kAccepted, TaskStatus::kDone));
  EXPECT_FALSE(task_may_move(TaskStatus::kDone, TaskStatus::kAccepted));
  EXPECT_FALSE(task_may_move(TaskStatus::kCancelled, TaskStatus::kDone));
  EXPECT_TRUE(assist_may_move(AssistStatus::kRequested, AssistStatus::kDeclined));
  EXPECT_FALSE(assist_may_move(AssistStatus::kRequested, AssistStatus::kDone));
  EXPECT_FALSE(assist_may_move(AssistStatus::kDeclined, AssistStatus::kAccepted));
  EXPECT_EQ(parse_task_kind("follow_up_call"), TaskKind::kFollowUpCall);
  EXPECT_FALSE(parse_task_kind("Visit"));
}

}  // namespace
}  // namespace cordon
