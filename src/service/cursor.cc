#include "service/cursor.h"

#include <charconv>

#include "service/context.h"

namespace cordon::service {

namespace {

constexpr std::string_view kAlphabet =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_";

std::string base64url(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (unsigned char c : in) {
    buf = (buf << 8) | c;
    bits += 8;
    while (bits >= 6) {
      bits -= 6;
      out += kAlphabet[(buf >> bits) & 63];
    }
  }
  if (bits > 0) out += kAlphabet[(buf << (6 - bits)) & 63];
  return out;
}

std::optional<std::string> unbase64url(std::string_view in) {
  std::string out;
  uint32_t buf = 0;
  int bits = 0;
  for (char c : in) {
    auto pos = kAlphabet.find(c);
    if (pos == std::string_view::npos) return std::nullopt;
    buf = (buf << 6) | static_cast<uint32_t>(pos);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((buf >> bits) & 0xFF);
    }
  }
  return out;
}

Status bad_cursor() {
  return Status::malformed("invalid_cursor", "the cursor is not one this server issued");
}

}  // namespace

std::string encode_cursor(const store::PersonCursor& c) {
  return base64url(std::to_string(c.phase) + ":" + std::to_string(c.id) + ":" + c.key);
}

Result<store::PersonCursor> decode_cursor(std::string_view text) {
  auto raw = unbase64url(text);
  if (!raw) return bad_cursor();
  auto first = raw->find(':');
  auto second = first == std::string::npos ? first : raw->find(':', first + 1);
  if (second == std::string::npos) return bad_cursor();
  store::PersonCursor c;
  auto r1 = std::from_chars(raw->data(), raw->data() + first, c.phase);
  auto r2 = std::from_chars(raw->data() + first + 1, raw->data() + second, c.id);
  if (r1.ec != std::errc() || r2.ec != std::errc() || r1.ptr != raw->data() + first ||
      r2.ptr != raw->data() + second || c.phase < 0 || c.phase > 1 || c.id < 0)
    return bad_cursor();
  c.key = raw->substr(second + 1);
  return c;
}

Result<int> parse_limit(const std::optional<std::string>& text) {
  if (!text) return kDefaultPageSize;
  int n = 0;
  auto r = std::from_chars(text->data(), text->data() + text->size(), n);
  if (r.ec != std::errc() || r.ptr != text->data() + text->size() || n < 1 || n > kMaxPageSize)
    return Status::invalid_field("limit", "out_of_range",
                                 "limit must be a whole number from 1 to " +
                                     std::to_string(kMaxPageSize));
  return n;
}

}  // namespace cordon::service
