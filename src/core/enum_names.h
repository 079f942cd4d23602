// Enum <-> name tables for the lowercase string forms enums take in the API and in
// storage. Pure; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string_view>
#include <utility>

namespace cordon {

template <typename E, size_t N>
using EnumNames = std::array<std::pair<E, const char*>, N>;

// The enum value named `text` exactly, or nullopt.
template <typename E, size_t N>
std::optional<E> enum_from_name(std::string_view text, const EnumNames<E, N>& table) {
  for (const auto& [value, name] : table)
    if (text == name) return value;
  return std::nullopt;
}

// The name of `value`; "unknown" for a value missing from the table (a programming error).
template <typename E, size_t N>
const char* enum_name(E value, const EnumNames<E, N>& table) {
  for (const auto& [v, name] : table)
    if (v == value) return name;
  return "unknown";
}

}  // namespace cordon
