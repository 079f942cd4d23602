#include "service/scope.h"

#include "core/node.h"
#include "service/cursor.h"
#include "store/nodes.h"
#include "store/persons.h"

namespace cordon::service {

Result<bool> grid_visible(store::SqlConnection& conn, const Actor& actor, int64_t grid_id) {
  CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, grid_id));
  return grid.has_value() && actor.can_see_path(grid->path);
}

Result<Person> load_person_input(store::SqlConnection& conn, const Actor& actor, int64_t id,
                                 const char* field) {
  CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, id));
  bool visible = false;
  if (person) {
    CORDON_ASSIGN_OR_RETURN(visible, grid_visible(conn, actor, person->grid_id));
  }
  if (!visible) return Status::invalid_field(field, "person_not_found", "no such person");
  return std::move(*person);
}

Result<GridScope> resolve_scope(store::SqlConnection& conn, const Actor& actor,
                                std::optional<int64_t> node_id, const char* field) {
  GridScope scope;
  if (node_id) {
    CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *node_id));
    if (!node || !actor.can_see_path(node->path))
      return Status::invalid_field(field, "not_found", "no such place");
    if (node->kind == NodeKind::kGrid) scope.grid_id = node->id;
    else scope.node_path = node->path;
  } else if (actor.jurisdiction_path) {
    scope.node_path = actor.jurisdiction_path;
  }
  return scope;
}

void parse_date_field(Validation& v, const std::optional<std::string>& text, const char* field,
                      std::optional<LocalDate>& out) {
  if (!text) return;
  auto d = LocalDate::parse(*text, field);
  if (d.ok()) out = *d;
  else v.add(d.status());
}

Result<int64_t> cursor_after_id(const std::optional<std::string>& cursor) {
  if (!cursor || cursor->empty()) return int64_t{0};
  CORDON_ASSIGN_OR_RETURN(auto c, decode_cursor(*cursor));
  return c.id;
}

std::optional<std::string> id_cursor(const std::optional<int64_t>& next_after_id) {
  if (!next_after_id) return std::nullopt;
  return encode_cursor(store::PersonCursor{0, "", *next_after_id});
}

}  // namespace cordon::service
