// "a, b, c": the names of an EnumNames table, for messages that list the accepted values.
// Pure; thread-safe.
#pragma once

#include <string>

#include "core/enum_names.h"

namespace cordon {

template <typename E, size_t N>
std::string enum_name_list(const EnumNames<E, N>& table) {
  std::string out;
  for (const auto& [value, name] : table) {
    if (!out.empty()) out += ", ";
    out += name;
  }
  return out;
}

}  // namespace cordon
