// Repository of the place tree (nodes). SQL lives here; callers pass the connection the
// Store hands them (a write connection for changes).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/node.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

// Inserts a node below `parent` (nullopt: a root); fills id, path and depth. Fails
// conflict "duplicate_name" when a sibling has the same name, "duplicate_code" when the
// code is taken.
Result<Node> insert_node(SqlConnection& conn, Node node, const std::optional<Node>& parent);

Result<std::optional<Node>> find_node(SqlConnection& conn, int64_t id);
Result<std::optional<Node>> find_node_by_code(SqlConnection& conn, const std::string& code);
// The child of `parent_id` (nullopt: a root) named `name`.
Result<std::optional<Node>> find_child(SqlConnection& conn, std::optional<int64_t> parent_id,
                                       const std::string& name);

// Children of `parent_id` (nullopt: the roots), ordered by id, after `after_id`.
Result<std::vector<Node>> list_children(SqlConnection& conn, std::optional<int64_t> parent_id,
                                        int64_t after_id, int limit);

// Renames; conflict "duplicate_name" when a sibling has that name.
Status rename_node(SqlConnection& conn, int64_t id, const std::string& name, Instant now);

// Moves `node` below `new_parent`, rewriting the paths and depths of its whole subtree.
// The caller has checked kinds and cycles.
Status move_node(SqlConnection& conn, const Node& node, const Node& new_parent, Instant now);

// Ancestors of a node from the root down (excluding the node), by its path.
Result<std::vector<Node>> ancestors(SqlConnection& conn, const Node& node);

}  // namespace cordon::store
