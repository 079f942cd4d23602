#include "store/nodes.h"

#include <charconv>

namespace cordon::store {

namespace {

constexpr const char* kColumns =
    "id, parent_id, kind, name, code, path, depth, created_at, updated_at";

Node read_node(const SqlRow& row) {
  Node n;
  n.id = row.int64(0);
  n.parent_id = row.optional_int64(1);
  n.kind = parse_node_kind(row.text(2)).value_or(NodeKind::kCity);
  n.name = row.text(3);
  n.code = row.optional_text(4);
  n.path = row.text(5);
  n.depth = static_cast<int>(row.int64(6));
  n.created_at = Instant::parse(row.text(7)).value();
  n.updated_at = Instant::parse(row.text(8)).value();
  return n;
}

Result<std::vector<Node>> select_nodes(SqlConnection& conn, const std::string& where,
                                       const std::vector<SqlValue>& params) {
  std::vector<Node> out;
  std::string sql = std::string("SELECT ") + kColumns + " FROM nodes " + where;
  CORDON_RETURN_IF_ERROR(conn.query(sql, params, [&](const SqlRow& r) { out.push_back(read_node(r)); }));
  return out;
}

Result<std::optional<Node>> select_one(SqlConnection& conn, const std::string& where,
                                       const std::vector<SqlValue>& params) {
  CORDON_ASSIGN_OR_RETURN(auto nodes, select_nodes(conn, where, params));
  if (nodes.empty()) return std::optional<Node>();
  return std::optional<Node>(std::move(nodes.front()));
}

// Turns the engine's unique violation into the caller-facing conflict.
Status name_or_code_conflict(const Status& s) {
  if (s.code() != "unique_violation") return s;
  if (s.message().find("code") != std::string::npos)
    return Status::conflict("duplicate_code", "another place already has this code",
                            {{"code", "duplicate", "another place already has this code"}});
  return Status::conflict("duplicate_name", "a sibling already has this name",
                          {{"name", "duplicate", "a sibling already has this name"}});
}

}  // namespace

Result<Node> insert_node(SqlConnection& conn, Node node, const std::optional<Node>& parent) {
  node.parent_id = parent ? std::optional<int64_t>(parent->id) : std::nullopt;
  node.depth = parent ? parent->depth + 1 : 0;
  // SQLite treats NULL parents as distinct in the unique index: check roots by hand.
  if (!parent) {
    CORDON_ASSIGN_OR_RETURN(auto twin, find_child(conn, std::nullopt, node.name));
    if (twin) return name_or_code_conflict(Status::conflict("unique_violation", "name"));
  }
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO nodes (parent_id, kind, name, code, path, depth, created_at, updated_at) "
      "VALUES (?, ?, ?, ?, '', ?, ?, ?) RETURNING id",
      {sql_int(node.parent_id), std::string(node_kind_name(node.kind)), node.name,
       sql_text(node.code), int64_t{node.depth}, node.created_at.to_string(),
       node.updated_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); });
  if (!s.ok()) return name_or_code_conflict(s);
  node.id = *id;
  node.path = (parent ? parent->path : std::string("/")) + std::to_string(node.id) + "/";
  CORDON_RETURN_IF_ERROR(conn.execute("UPDATE nodes SET path = ? WHERE id = ?", {node.path, node.id}));
  return node;
}

Result<std::optional<Node>> find_node(SqlConnection& conn, int64_t id) {
  return select_one(conn, "WHERE id = ?", {id});
}

Result<std::optional<Node>> find_node_by_code(SqlConnection& conn, const std::string& code) {
  return select_one(conn, "WHERE code = ?", {code});
}

Result<std::optional<Node>> find_child(SqlConnection& conn, std::optional<int64_t> parent_id,
                                       const std::string& name) {
  if (!parent_id) return select_one(conn, "WHERE parent_id IS NULL AND name = ?", {name});
  return select_one(conn, "WHERE parent_id = ? AND name = ?", {*parent_id, name});
}

Result<std::vector<Node>> list_children(SqlConnection& conn, std::optional<int64_t> parent_id,
                                        int64_t after_id, int limit) {
  if (!parent_id)
    return select_nodes(conn, "WHERE parent_id IS NULL AND id > ? ORDER BY id LIMIT ?",
                        {after_id, int64_t{limit}});
  return select_nodes(conn, "WHERE parent_id = ? AND id > ? ORDER BY id LIMIT ?",
                      {*parent_id, after_id, int64_t{limit}});
}

Status rename_node(SqlConnection& conn, int64_t id, const std::string& name, Instant now) {
  CORDON_ASSIGN_OR_RETURN(auto node, find_node(conn, id));
  if (!node) return Status::not_found("node_not_found", "no such place");
  CORDON_ASSIGN_OR_RETURN(auto twin, find_child(conn, node->parent_id, name));
  if (twin && twin->id != id)
    return name_or_code_conflict(Status::conflict("unique_violation", "name"));
  auto r = conn.execute("UPDATE nodes SET name = ?, updated_at = ? WHERE id = ?",
                        {name, now.to_string(), id});
  if (!r.ok()) return name_or_code_conflict(r.status());
  return Status();
}

Status move_node(SqlConnection& conn, const Node& node, const Node& new_parent, Instant now) {
  CORDON_ASSIGN_OR_RETURN(auto twin, find_child(conn, new_parent.id, node.name));
  if (twin) return name_or_code_conflict(Status::conflict("unique_violation", "name"));
  std::string new_path = new_parent.path + std::to_string(node.id) + "/";
  int64_t depth_shift = new_parent.depth + 1 - node.depth;
  // Every path in the subtree starts with node.path: swap that prefix for the new one.
  auto r = conn.execute(
      "UPDATE nodes SET path = ? || substr(path, ?), depth = depth + ? "
      "WHERE path >= ? AND path < ?",
      {new_path, static_cast<int64_t>(node.path.size() + 1), depth_shift, node.path,
       prefix_upper_bound(node.path)});
  if (!r.ok()) return r.status();
  auto p = conn.execute("UPDATE nodes SET parent_id = ?, updated_at = ? WHERE id = ?",
                        {new_parent.id, now.to_string(), node.id});
  if (!p.ok()) return name_or_code_conflict(p.status());
  return Status();
}

Result<std::vector<Node>> ancestors(SqlConnection& conn, const Node& node) {
  std::vector<Node> out;
  std::string_view path = node.path;
  size_t start = 1;
  while (start < path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) break;
    int64_t id = 0;
    std::from_chars(path.data() + start, path.data() + end, id);
    if (id != node.id) {
      CORDON_ASSIGN_OR_RETURN(auto n, find_node(conn, id));
      if (n) out.push_back(std::move(*n));
    }
    start = end + 1;
  }
  return out;
}

}  // namespace cordon::store
