// Enum <-> stable lowercase name, for enums whose values are numbered 0..N-1 in the order
// of their name table. The names are the API and storage spelling; never reorder them
// without a migration.
//
// Pure; thread-safe.
#pragma once

#include <array>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace cordon {

template <typename Enum, std::size_t N>
struct EnumNames {
  std::array<std::string_view, N> names;

  std::string_view name(Enum value) const { return names[static_cast<std::size_t>(value)]; }
  std::optional<Enum> parse(std::string_view text) const {
    for (std::size_t i = 0; i < N; ++i)
      if (names[i] == text) return static_cast<Enum>(i);
    return std::nullopt;
  }
  // "a, b, c": for error messages that list the accepted values.
  std::string joined() const {
    std::string out;
    for (auto n : names) {
      if (!out.empty()) out += ", ";
      out += n;
    }
    return out;
  }
};

}  // namespace cordon
