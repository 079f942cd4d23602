// Tasks, assist requests (联动) and screening visits: the vocabulary and the state
// machines of field work.
//
//   task:            open > accepted > done;  open | accepted > cancelled
//   assist request:  requested > accepted > done;  requested > declined
//
// Pure; thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>

namespace cordon {

enum class TaskKind { kVisit, kScreening, kPersuasion, kEscort, kFollowUpCall, kReferral, kHelp };
enum class TaskStatus { kOpen, kAccepted, kDone, kCancelled };
// Where a task came from; `source_id` names the record (0 for manual).
enum class TaskSource { kManual, kReport, kOrder, kAlert, kScreening };
// The structured part of an outcome; the free text says the rest.
enum class TaskResult { kCompleted, kPersuaded, kRefused, kReferred, kUnfounded, kUnable, kEscalated };
enum class AssistStatus { kRequested, kAccepted, kDeclined, kDone };
// What a screening visit found at a household.
enum class VisitResult { kAllHome, kArrivedFromElsewhere, kNobodyHome };
// Where a household of a screening campaign stands: nobody home means another visit.
enum class HouseholdStatus { kPending, kVisited, kRevisit };

std::string_view task_kind_name(TaskKind v);
std::optional<TaskKind> parse_task_kind(std::string_view t);
std::string task_kind_list();
std::string_view task_status_name(TaskStatus v);
std::optional<TaskStatus> parse_task_status(std::string_view t);
std::string_view task_source_name(TaskSource v);
std::optional<TaskSource> parse_task_source(std::string_view t);
std::string_view task_result_name(TaskResult v);
std::optional<TaskResult> parse_task_result(std::string_view t);
std::string task_result_list();
std::string_view assist_status_name(AssistStatus v);
std::optional<AssistStatus> parse_assist_status(std::string_view t);
std::string_view visit_result_name(VisitResult v);
std::optional<VisitResult> parse_visit_result(std::string_view t);
std::string visit_result_list();
std::string_view household_status_name(HouseholdStatus v);
std::optional<HouseholdStatus> parse_household_status(std::string_view t);

bool task_may_move(TaskStatus from, TaskStatus to);
bool assist_may_move(AssistStatus from, AssistStatus to);

}  // namespace cordon
