// Who may see a report or a task: the jurisdiction rules shared by the report, task and
// assist-request use cases. A record the actor may not see answers not found, exactly like
// a missing one.
//
// Functions take the caller's connection; as thread-safe as the connection.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/node.h"
#include "core/status.h"
#include "service/context.h"
#include "store/reports.h"
#include "store/tasks.h"

namespace cordon::service {

Status task_not_found();
Status report_not_found();

// Whether the actor is the command office: its jurisdiction is the whole tree or a root.
// Only the command office sees reports nobody has placed yet.
bool sees_unplaced(const Actor& actor);

// Whether an assist request on (subject_type, subject_id) was sent to or by a unit inside
// the actor's jurisdiction: the agency that joined sees the subject and its timeline.
Result<bool> joined_by_assist(store::SqlConnection& conn, const Actor& actor,
                              const std::string& subject_type, int64_t subject_id);

// A task in the actor's jurisdiction, assigned to the actor, or joined by assist.
Result<store::Task> load_visible_task(store::SqlConnection& conn, const Actor& actor, int64_t id);
// A report placed in the actor's jurisdiction, unplaced for the command office, or
// joined by assist.
Result<store::Report> load_visible_report(store::SqlConnection& conn, const Actor& actor,
                                          int64_t id);

// A timeline entry by `actor` at the clock's now.
store::TimelineEntry timeline_entry(const Context& ctx, const Actor& actor,
                                    std::string subject_type, int64_t subject_id,
                                    std::string action, std::string note = "");

// The node `id` if it exists and lies in the actor's jurisdiction; invalid for `field`
// ("not_found") otherwise.
Result<Node> visible_node(store::SqlConnection& conn, const Actor& actor, int64_t id,
                          const char* field);

// A page request of a list ordered by id: `cursor` is the last id of the previous page.
struct IdPage {
  int64_t after_id = 0;
  int limit = kDefaultPageSize;
};
// Malformed ("invalid_cursor") for a cursor that is not a previous next_cursor; invalid
// for a limit outside 1..kMaxPageSize.
Result<IdPage> parse_id_page(const std::optional<std::string>& cursor,
                             const std::optional<std::string>& limit);
// The next_cursor of a page of `items` (each with an `id`): set when the page is full.
template <typename Items>
std::optional<std::string> next_id_cursor(const Items& items, int limit) {
  if (items.empty() || static_cast<int>(items.size()) < limit) return std::nullopt;
  return std::to_string(items.back().id);
}

}  // namespace cordon::service
