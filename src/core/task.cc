#include "core/task.h"

#include "core/enum_names.h"

namespace cordon {

namespace {

constexpr EnumNames<TaskKind, 7> kKinds{
    {"visit", "screening", "persuasion", "escort", "follow_up_call", "referral", "help"}};
constexpr EnumNames<TaskStatus, 4> kStatuses{{"open", "accepted", "done", "cancelled"}};
constexpr EnumNames<TaskSource, 5> kSources{{"manual", "report", "order", "alert", "screening"}};
constexpr EnumNames<TaskResult, 7> kResults{
    {"completed", "persuaded", "refused", "referred", "unfounded", "unable", "escalated"}};
constexpr EnumNames<AssistStatus, 4> kAssist{{"requested", "accepted", "declined", "done"}};
constexpr EnumNames<VisitResult, 3> kVisits{{"all_home", "arrived_from_elsewhere", "nobody_home"}};
constexpr EnumNames<HouseholdStatus, 3> kHouseholds{{"pending", "visited", "revisit"}};

}  // namespace

std::string_view task_kind_name(TaskKind v) { return kKinds.name(v); }
std::optional<TaskKind> parse_task_kind(std::string_view t) { return kKinds.parse(t); }
std::string task_kind_list() { return kKinds.joined(); }
std::string_view task_status_name(TaskStatus v) { return kStatuses.name(v); }
std::optional<TaskStatus> parse_task_status(std::string_view t) { return kStatuses.parse(t); }
std::string_view task_source_name(TaskSource v) { return kSources.name(v); }
std::optional<TaskSource> parse_task_source(std::string_view t) { return kSources.parse(t); }
std::string_view task_result_name(TaskResult v) { return kResults.name(v); }
std::optional<TaskResult> parse_task_result(std::string_view t) { return kResults.parse(t); }
std::string task_result_list() { return kResults.joined(); }
std::string_view assist_status_name(AssistStatus v) { return kAssist.name(v); }
std::optional<AssistStatus> parse_assist_status(std::string_view t) { return kAssist.parse(t); }
std::string_view visit_result_name(VisitResult v) { return kVisits.name(v); }
std::optional<VisitResult> parse_visit_result(std::string_view t) { return kVisits.parse(t); }
std::string visit_result_list() { return kVisits.joined(); }
std::string_view household_status_name(HouseholdStatus v) { return kHouseholds.name(v); }
std::optional<HouseholdStatus> parse_household_status(std::string_view t) {
  return kHouseholds.parse(t);
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
