#include "core/text.h"

#include <cstdint>
#include <cstring>

namespace cordon {

namespace {
bool is_ascii_space(unsigned char c) {
  return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v';
}
constexpr std::string_view kIdeographicSpace = "\xE3\x80\x80";
}  // namespace

std::string trim(std::string_view s) { return std::string(trim_view(s)); }

std::string_view trim_view(std::string_view s) {
  for (;;) {
    if (!s.empty() && is_ascii_space(s.front())) s.remove_prefix(1);
    else if (s.starts_with(kIdeographicSpace)) s.remove_prefix(kIdeographicSpace.size());
    else break;
  }
  for (;;) {
    if (!s.empty() && is_ascii_space(s.back())) s.remove_suffix(1);
    else if (s.ends_with(kIdeographicSpace)) s.remove_suffix(kIdeographicSpace.size());
    else break;
  }
  return s;
}

std::size_t utf8_length(std::string_view s) {
  std::size_t n = 0;
  for (unsigned char c : s)
    if ((c & 0xC0) != 0x80) ++n;
  return n;
}

std::size_t utf8_valid_prefix(std::string_view text) {
  const auto* s = reinterpret_cast<const unsigned char*>(text.data());
  const std::size_t n = text.size();
  std::size_t i = 0;
  while (i < n) {
    // Most of a CSV is ASCII: skip it eight bytes at a time.
    while (i + 8 <= n) {
      uint64_t w;
      std::memcpy(&w, s + i, 8);
      if (w & 0x8080808080808080ull) break;
      i += 8;
    }
    if (i >= n) break;
    unsigned char c = s[i];
    if (c < 0x80) {
      ++i;
      continue;
    }
    std::size_t len;
    unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
    if (c >= 0xC2 && c <= 0xDF) len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
      len = 3;
      if (c == 0xE0) lo = 0xA0;
      if (c == 0xED) hi = 0x9F;
    } else if (c >= 0xF0 && c <= 0xF4) {
      len = 4;
      if (c == 0xF0) lo = 0x90;
      if (c == 0xF4) hi = 0x8F;
    } else {
      return i;
    }
    if (i + len > n) return i;
    if (s[i + 1] < lo || s[i + 1] > hi) return i;
    for (std::size_t k = 2; k < len; ++k)
      if ((s[i + k] & 0xC0) != 0x80) return i;
    i += len;
  }
  return n;
}

bool is_valid_utf8(std::string_view s) { return utf8_valid_prefix(s) == s.size(); }

std::string ascii_lower(std::string_view s) {
  std::string out(s);
  for (char& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

}  // namespace cordon
