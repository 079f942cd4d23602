// Helpers shared by the quarantine use cases (orders, arrivals, tests, risk areas):
// jurisdiction checks, list scopes and cursors, optional field parsing.
//
// Functions that take a connection run inside the caller's unit of work.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "core/date.h"
#include "core/person.h"
#include "core/status.h"
#include "service/context.h"

namespace cordon::service {

// Whether the grid `grid_id` lies inside the actor's jurisdiction (false when missing).
Result<bool> grid_visible(store::SqlConnection& conn, const Actor& actor, int64_t grid_id);

// The person `id` if visible to the actor, else invalid "person_not_found" for `field`:
// for use cases where the person is an input, not the resource addressed.
Result<Person> load_person_input(store::SqlConnection& conn, const Actor& actor, int64_t id,
                                 const char* field = "person_id");

// Where a list looks: one grid, the grids below a node, or everywhere.
struct GridScope {
  std::optional<int64_t> grid_id;
  std::optional<std::string> node_path;
};

// The scope of a list filtered by `node_id` (any node; nullopt: the actor's whole
// jurisdiction). Invalid "not_found" for `field` when the node is missing or outside.
Result<GridScope> resolve_scope(store::SqlConnection& conn, const Actor& actor,
                                std::optional<int64_t> node_id, const char* field);

// Parses an optional date into `out`, adding a field error to `v` when it is bad.
void parse_date_field(Validation& v, const std::optional<std::string>& text, const char* field,
                      std::optional<LocalDate>& out);

// Keyset cursors over ids: "" or absent starts at the beginning; malformed
// ("invalid_cursor") for a cursor this server did not issue.
Result<int64_t> cursor_after_id(const std::optional<std::string>& cursor);
std::optional<std::string> id_cursor(const std::optional<int64_t>& next_after_id);

}  // namespace cordon::service
