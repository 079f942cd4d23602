#include "core/node.h"

#include <array>

#include "core/text.h"

namespace cordon {

namespace {
constexpr std::array<const char*, 9> kKindNames = {
    "city", "district", "street", "community", "grid", "compound", "building", "unit", "room"};
}  // namespace

const char* node_kind_name(NodeKind kind) { return kKindNames[static_cast<int>(kind)]; }

std::optional<NodeKind> parse_node_kind(std::string_view text) {
  for (size_t i = 0; i < kKindNames.size(); ++i)
    if (text == kKindNames[i]) return static_cast<NodeKind>(i);
  return std::nullopt;
}

bool is_jurisdiction(NodeKind kind) { return kind <= NodeKind::kGrid; }
bool is_address(NodeKind kind) { return kind >= NodeKind::kCompound; }

bool may_contain(std::optional<NodeKind> parent, NodeKind child) {
  if (!parent) return is_jurisdiction(child);
  if (child <= *parent) return false;
  if (is_address(child)) return *parent == NodeKind::kGrid || is_address(*parent);
  return is_jurisdiction(*parent);
}

Result<std::string> validate_node_name(std::string_view name, std::string_view field) {
  std::string trimmed = trim(name);
  if (trimmed.empty())
    return Status::invalid_field(std::string(field), "required", "a name is required");
  if (utf8_length(trimmed) > 100)
    return Status::invalid_field(std::string(field), "too_long",
                                 "a name has at most 100 characters");
  for (unsigned char c : trimmed) {
    if (c == '/')
      return Status::invalid_field(std::string(field), "invalid_character",
                                   "a name may not contain '/'");
    if (c < 0x20 || c == 0x7f)
      return Status::invalid_field(std::string(field), "invalid_character",
                                   "a name may not contain control characters");
  }
  return trimmed;
}

}  // namespace cordon
