// Repository of reports and of the shared timeline (the steps of a report or a task, and
// the notes every agency joined to it adds). SQL lives here; callers pass the connection
// the Store hands them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/report.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

struct Report {
  int64_t id = 0;
  std::string reference;  // what the resident holds; unique
  ReportCategory category = ReportCategory::kGathering;
  ReportStatus status = ReportStatus::kReceived;
  std::string source;             // "public" or "staff"
  int64_t filed_by_user_id = 0;   // 0 for the public
  std::string address;            // free text as filed
  std::optional<int64_t> place_id;
  // Path of place_id; nullopt until someone places the report (only the command office,
  // whose jurisdiction is a root or the whole tree, sees unplaced reports).
  std::optional<std::string> scope_path;
  std::string description;
  std::string contact;
  Instant received_at;
  Instant updated_at;
  std::optional<Instant> due_at;  // deadline of the next step; nullopt once closed
  int64_t version = 1;
};

// Inserts; fills id. Conflict "unique_violation" when the reference is taken (the caller
// draws another).
Result<Report> insert_report(SqlConnection& conn, Report report);
Result<std::optional<Report>> find_report(SqlConnection& conn, int64_t id);
Result<std::optional<Report>> find_report_by_reference(SqlConnection& conn,
                                                       const std::string& reference);
// Writes every mutable field if the stored version is `report.version - 1`; conflict
// "version_mismatch" otherwise.
Status update_report(SqlConnection& conn, const Report& report);

struct ReportFilter {
  // Only reports under this path; with include_unplaced, also those with none.
  std::optional<std::string> scope_path;
  bool include_unplaced = false;
  std::optional<ReportStatus> status;
  std::optional<Instant> due_before;  // open reports whose deadline passed
  int64_t after_id = 0;
  int limit = 50;
};
Result<std::vector<Report>> list_reports(SqlConnection& conn, const ReportFilter& filter);

// One step or note on a report's or a task's timeline.
struct TimelineEntry {
  int64_t id = 0;
  std::string subject_type;  // "report" or "task"
  int64_t subject_id = 0;
  Instant at;
  int64_t actor_user_id = 0;
  std::string actor_name;
  std::string action;  // "triaged", "assist.requested", "note", ...
  std::string note;
};

Status append_timeline(SqlConnection& conn, const TimelineEntry& entry);
// Oldest first.
Result<std::vector<TimelineEntry>> list_timeline(SqlConnection& conn,
                                                 const std::string& subject_type,
                                                 int64_t subject_id);

// "column >= ? AND column < ?": the rows whose `column` starts with `prefix` (a path
// subtree), as an index range; appends the two parameters to `params`.
std::string prefix_condition(const std::string& column, const std::string& prefix,
                             std::vector<SqlValue>& params);

}  // namespace cordon::store
