#include "service/places.h"

#include "core/text.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

Status node_not_found() { return Status::not_found("node_not_found", "no such place"); }

// Loads a node the actor may see; not found otherwise, so ids outside a jurisdiction are
// indistinguishable from ids that do not exist.
Result<Node> load_visible(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, id));
  if (!node || !actor.can_see_path(node->path)) return node_not_found();
  return *node;
}

Status kind_not_allowed(std::optional<NodeKind> parent, NodeKind child) {
  std::string msg = std::string("a ") + node_kind_name(child) + " cannot be placed " +
                    (parent ? std::string("below a ") + node_kind_name(*parent)
                            : std::string("at the top of the tree"));
  return Status::invalid_field("kind", "kind_not_allowed", msg);
}

}  // namespace

Result<Node> PlaceService::create(const Actor& actor, const NodeInput& in,
                                  const std::optional<std::string>& idempotency_key) {
  Validation v;
  std::optional<NodeKind> kind;
  if (!in.kind) v.add("kind", "required", "kind is required");
  else if (!(kind = parse_node_kind(*in.kind)))
    v.add("kind", "invalid", "kind must be one of city, district, street, community, grid, "
                             "compound, building, unit, room");
  std::string name;
  auto checked = validate_node_name(in.name.value_or(""));
  if (checked.ok()) name = *checked;
  else v.add(checked.status());
  std::optional<std::string> code;
  if (in.code && !trim(*in.code).empty()) {
    code = trim(*in.code);
    if (code->size() > 64) v.add("code", "too_long", "a code has at most 64 characters");
  }
  CORDON_RETURN_IF_ERROR(v.status());
  // Without a parent only a root may be created, and only by an actor who sees everything.
  if (!in.parent_id && actor.jurisdiction_path)
    return Status::forbidden("outside_jurisdiction", "only a city-wide account adds a root");

  Node created;
  Instant now = ctx_.clock.now();
  Status s = ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "node"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(created, load_visible(conn, actor, *seen));
        return Status();
      }
    }
    std::optional<Node> parent;
    if (in.parent_id) {
      auto p = load_visible(conn, actor, *in.parent_id);
      if (!p.ok())
        return Status::invalid_field("parent_id", "parent_not_found",
                                     "the parent place does not exist");
      parent = *p;
    }
    if (!may_contain(parent ? std::optional(parent->kind) : std::nullopt, *kind))
      return kind_not_allowed(parent ? std::optional(parent->kind) : std::nullopt, *kind);
    Node node;
    node.kind = *kind;
    node.name = name;
    node.code = code;
    node.created_at = node.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(created, store::insert_node(conn, node, parent));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "place.create", "place", created.id, created.name)));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(store::remember_idempotent(conn, *idempotency_key, "node", created.id, now));
    return Status();
  });
  if (!s.ok()) return s;
  return created;
}

Result<Node> PlaceService::get(const Actor& actor, int64_t id) {
  Node out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, id));
    return Status();
  }));
  return out;
}

Result<Node> PlaceService::by_code(const Actor& actor, const std::string& code) {
  Node out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto node, store::find_node_by_code(conn, code));
    if (!node || !actor.can_see_path(node->path)) return node_not_found();
    out = std::move(*node);
    return Status();
  }));
  return out;
}

Result<Node> PlaceService::rename(const Actor& actor, int64_t id,
                                  const std::optional<std::string>& name) {
  CORDON_ASSIGN_OR_RETURN(std::string checked, validate_node_name(name.value_or("")));
  Node out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Node node, load_visible(conn, actor, id));
    CORDON_RETURN_IF_ERROR(store::rename_node(conn, id, checked, now));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "place.rename", "place", id, node.name + " -> " + checked)));
    node.name = checked;
    node.updated_at = now;
    out = node;
    return Status();
  }));
  return out;
}

Result<Node> PlaceService::move(const Actor& actor, int64_t id,
                                std::optional<int64_t> new_parent_id) {
  if (!new_parent_id)
    return Status::invalid_field("parent_id", "required", "parent_id is required to move");
  Node out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Node node, load_visible(conn, actor, id));
    auto parent = load_visible(conn, actor, *new_parent_id);
    if (!parent.ok())
      return Status::invalid_field("parent_id", "parent_not_found",
                                   "the new parent place does not exist");
    if (parent->path.starts_with(node.path))
      return Status::conflict("cycle", "a place cannot be moved below itself",
                              {{"parent_id", "cycle", "the new parent lies inside this place"}});
    if (!may_contain(parent->kind, node.kind)) return kind_not_allowed(parent->kind, node.kind);
    if (node.parent_id == parent->id) {
      out = node;
      return Status();
    }
    CORDON_RETURN_IF_ERROR(store::move_node(conn, node, *parent, now));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "place.move", "place", id,
                          "parent " + std::to_string(node.parent_id.value_or(0)) + " -> " +
                              std::to_string(parent->id))));
    CORDON_ASSIGN_OR_RETURN(auto moved, store::find_node(conn, id));
    out = *moved;
    return Status();
  }));
  return out;
}

Result<NodePage> PlaceService::children(const Actor& actor, std::optional<int64_t> parent_id,
                                        int64_t after_id, int limit) {
  NodePage page;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    if (parent_id) CORDON_RETURN_IF_ERROR(load_visible(conn, actor, *parent_id));
    CORDON_ASSIGN_OR_RETURN(auto nodes, store::list_children(conn, parent_id, after_id, limit + 1));
    for (auto& n : nodes)
      if (actor.can_see_path(n.path)) page.items.push_back(std::move(n));
    if (static_cast<int>(nodes.size()) > limit) {
      if (static_cast<int>(page.items.size()) > limit) page.items.resize(limit);
      page.next_after_id = nodes[limit - 1].id;
    }
    return Status();
  }));
  return page;
}

Result<std::vector<Node>> PlaceService::resolve(const Actor& actor, const std::string& path) {
  std::vector<std::string> names;
  size_t start = 0;
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string::npos) end = path.size();
    std::string part = trim(std::string_view(path).substr(start, end - start));
    if (!part.empty()) names.push_back(part);
    start = end + 1;
  }
  if (names.empty()) return Status::invalid_field("path", "required", "a path is required");
  std::vector<Node> chain;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    std::optional<int64_t> parent;
    for (const auto& name : names) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_child(conn, parent, name));
      if (!node) return Status::not_found("path_not_found", "no place named '" + name + "' here");
      parent = node->id;
      chain.push_back(std::move(*node));
    }
    if (!actor.can_see_path(chain.back().path))
      return Status::not_found("path_not_found", "no such place");
    return Status();
  }));
  return chain;
}

Result<std::vector<Node>> PlaceService::lineage(const Actor& actor, int64_t id) {
  std::vector<Node> chain;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Node node, load_visible(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(chain, store::ancestors(conn, node));
    chain.push_back(std::move(node));
    return Status();
  }));
  return chain;
}

}  // namespace cordon::service
