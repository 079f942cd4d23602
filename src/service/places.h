// Use cases of the place tree: jurisdictions and the addresses below grids.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/node.h"
#include "service/context.h"

namespace cordon::service {

struct NodeInput {
  std::optional<int64_t> parent_id;
  std::optional<std::string> kind;
  std::optional<std::string> name;
  std::optional<std::string> code;
};

struct NodePage {
  std::vector<Node> items;
  std::optional<int64_t> next_after_id;
};

class PlaceService {
 public:
  explicit PlaceService(Context& ctx) : ctx_(ctx) {}

  // Creates a node. Invalid: unknown kind, bad name, a kind that may not sit below the
  // parent ("kind_not_allowed"); not found: the parent; conflict: sibling name or code
  // taken. With an idempotency key, a repeat returns the node first created.
  Result<Node> create(const Actor& actor, const NodeInput& input,
                      const std::optional<std::string>& idempotency_key = std::nullopt);
  Result<Node> get(const Actor& actor, int64_t id);
  // The node whose external code is `code` (exact match). Not found ("node_not_found")
  // also when it lies outside the actor's jurisdiction.
  Result<Node> by_code(const Actor& actor, const std::string& code);
  Result<Node> rename(const Actor& actor, int64_t id, const std::optional<std::string>& name);
  // Moves a node (and its subtree) below another. Conflict "cycle" when the new parent is
  // the node or below it; invalid "kind_not_allowed" when the kinds do not nest.
  Result<Node> move(const Actor& actor, int64_t id, std::optional<int64_t> new_parent_id);
  // Children of a node (nullopt: the roots the actor may see).
  Result<NodePage> children(const Actor& actor, std::optional<int64_t> parent_id,
                            int64_t after_id, int limit);
  // Resolves "城市/区/街道" (names separated by '/') from a root; returns the chain of nodes
  // from the root to the last one. Not found names the first segment that is missing.
  Result<std::vector<Node>> resolve(const Actor& actor, const std::string& path);
  // The ancestors of a node from the root, then the node.
  Result<std::vector<Node>> lineage(const Actor& actor, int64_t id);

 private:
  Context& ctx_;
};

}  // namespace cordon::service
