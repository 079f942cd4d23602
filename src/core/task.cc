#include "core/task.h"

#include "core/enum_list.h"

namespace cordon {

namespace {

constexpr EnumNames<TaskKind, 7> kKinds{{
    {TaskKind::kVisit, "visit"},
    {TaskKind::kScreening, "screening"},
    {TaskKind::kPersuasion, "persuasion"},
    {TaskKind::kEscort, "escort"},
    {TaskKind::kFollowUpCall, "follow_up_call"},
    {TaskKind::kReferral, "referral"},
    {TaskKind::kHelp, "help"},
}};
constexpr EnumNames<TaskStatus, 4> kStatuses{{
    {TaskStatus::kOpen, "open"},
    {TaskStatus::kAccepted, "accepted"},
    {TaskStatus::kDone, "done"},
    {TaskStatus::kCancelled, "cancelled"},
}};
constexpr EnumNames<TaskSource, 5> kSources{{
    {TaskSource::kManual, "manual"},
    {TaskSource::kReport, "report"},
    {TaskSource::kOrder, "order"},
    {TaskSource::kAlert, "alert"},
    {TaskSource::kScreening, "screening"},
}};
constexpr EnumNames<TaskResult, 7> kResults{{
    {TaskResult::kCompleted, "completed"},
    {TaskResult::kPersuaded, "persuaded"},
    {TaskResult::kRefused, "refused"},
    {TaskResult::kReferred, "referred"},
    {TaskResult::kUnfounded, "unfounded"},
    {TaskResult::kUnable, "unable"},
    {TaskResult::kEscalated, "escalated"},
}};
constexpr EnumNames<AssistStatus, 4> kAssist{{
    {AssistStatus::kRequested, "requested"},
    {AssistStatus::kAccepted, "accepted"},
    {AssistStatus::kDeclined, "declined"},
    {AssistStatus::kDone, "done"},
}};
constexpr EnumNames<VisitResult, 3> kVisits{{
    {VisitResult::kAllHome, "all_home"},
    {VisitResult::kArrivedFromElsewhere, "arrived_from_elsewhere"},
    {VisitResult::kNobodyHome, "nobody_home"},
}};
constexpr EnumNames<HouseholdStatus, 3> kHouseholds{{
    {HouseholdStatus::kPending, "pending"},
    {HouseholdStatus::kVisited, "visited"},
    {HouseholdStatus::kRevisit, "revisit"},
}};

}  // namespace

std::string_view task_kind_name(TaskKind v) { return enum_name(v, kKinds); }
std::optional<TaskKind> parse_task_kind(std::string_view t) { return enum_from_name(t, kKinds); }
std::string task_kind_list() { return enum_name_list(kKinds); }
std::string_view task_status_name(TaskStatus v) { return enum_name(v, kStatuses); }
std::optional<TaskStatus> parse_task_status(std::string_view t) { return enum_from_name(t, kStatuses); }
std::string_view task_source_name(TaskSource v) { return enum_name(v, kSources); }
std::optional<TaskSource> parse_task_source(std::string_view t) { return enum_from_name(t, kSources); }
std::string_view task_result_name(TaskResult v) { return enum_name(v, kResults); }
std::optional<TaskResult> parse_task_result(std::string_view t) { return enum_from_name(t, kResults); }
std::string task_result_list() { return enum_name_list(kResults); }
std::string_view assist_status_name(AssistStatus v) { return enum_name(v, kAssist); }
std::optional<AssistStatus> parse_assist_status(std::string_view t) { return enum_from_name(t, kAssist); }
std::string_view visit_result_name(VisitResult v) { return enum_name(v, kVisits); }
std::optional<VisitResult> parse_visit_result(std::string_view t) { return enum_from_name(t, kVisits); }
std::string visit_result_list() { return enum_name_list(kVisits); }
std::string_view household_status_name(HouseholdStatus v) { return enum_name(v, kHouseholds); }
std::optional<HouseholdStatus> parse_household_status(std::string_view t) {
  return enum_from_name(t, kHouseholds);
}

bool task_may_move(TaskStatus from, TaskStatus to) {
  switch (from) {
    case TaskStatus::kOpen:
      return to == TaskStatus::kAccepted || to == TaskStatus::kCancelled ||
             to == TaskStatus::kDone;
    case TaskStatus::kAccepted:
      return to == TaskStatus::kDone || to == TaskStatus::kCancelled;
    default:
      return false;
  }
}

bool assist_may_move(AssistStatus from, AssistStatus to) {
  if (from == AssistStatus::kRequested)
    return to == AssistStatus::kAccepted || to == AssistStatus::kDeclined;
  return from == AssistStatus::kAccepted && to == AssistStatus::kDone;
}

}  // namespace cordon
