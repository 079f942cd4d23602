// Small UTF-8 text helpers shared by core's validators. Pure; thread-safe.
#pragma once

#include <cstddef>
#include <string>
#include <string_view>

namespace cordon {

// Removes leading and trailing ASCII whitespace and U+3000 (ideographic space).
std::string trim(std::string_view s);
// The same, as a view into `s`.
std::string_view trim_view(std::string_view s);
// Number of code points (invalid bytes count one each).
std::size_t utf8_length(std::string_view s);
// Length of the longest prefix of `s` that is well-formed UTF-8 (RFC 3629: no overlong
// forms, no surrogates, nothing past U+10FFFF); ASCII runs are skipped 8 bytes at a time.
std::size_t utf8_valid_prefix(std::string_view s);
// True when `s` is well-formed UTF-8.
bool is_valid_utf8(std::string_view s);
// ASCII lowercase.
std::string ascii_lower(std::string_view s);

}  // namespace cordon
