// The place tree: jurisdictions (city > district > street > community > grid) and, below
// a grid, addresses (compound > building > unit > room). One tree, one kind per node.
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class NodeKind {
  kCity, kDistrict, kStreet, kCommunity, kGrid,   // jurisdictions
  kCompound, kBuilding, kUnit, kRoom,             // addresses
};

const char* node_kind_name(NodeKind kind);  // "city", ..., "room"
std::optional<NodeKind> parse_node_kind(std::string_view text);
bool is_jurisdiction(NodeKind kind);  // city .. grid
bool is_address(NodeKind kind);       // compound .. room

// Whether a node of kind `child` may sit directly below one of kind `parent`. Levels may
// be skipped (a county-level city may have streets directly below it), but never go up:
// the child's kind is strictly deeper. Addresses sit below a grid or a shallower address;
// a jurisdiction never below an address. A root (no parent) must be a jurisdiction.
bool may_contain(std::optional<NodeKind> parent, NodeKind child);

struct Node {
  int64_t id = 0;
  std::optional<int64_t> parent_id;
  NodeKind kind = NodeKind::kCity;
  std::string name;
  std::optional<std::string> code;  // optional external code, unique when present
  // Materialized path of ids from the root, "/1/5/23/": a subtree is a prefix range.
  std::string path;
  int depth = 0;  // 0 for a root
  Instant created_at;
  Instant updated_at;
};

// Checks a node name: 1-100 characters after trimming, no '/' (paths use it), no control
// characters. Returns the trimmed name.
Result<std::string> validate_node_name(std::string_view name, std::string_view field = "name");

}  // namespace cordon
