#include "http/forwarded.h"

#include <arpa/inet.h>

#include <cstring>
#include <optional>

namespace cordon::http {

namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

// 16 bytes for an IPv4 or IPv6 address; IPv4 becomes ::ffff:a.b.c.d.
std::optional<std::array<uint8_t, 16>> parse_address(std::string_view text) {
  std::string s(text);
  std::array<uint8_t, 16> out{};
  in_addr v4;
  if (inet_pton(AF_INET, s.c_str(), &v4) == 1) {
    out[10] = out[11] = 0xff;
    std::memcpy(out.data() + 12, &v4, 4);
    return out;
  }
  if (inet_pton(AF_INET6, s.c_str(), out.data()) == 1) return out;
  return std::nullopt;
}

bool is_v4_mapped(const std::array<uint8_t, 16>& a) {
  for (int i = 0; i < 10; ++i)
    if (a[i] != 0) return false;
  return a[10] == 0xff && a[11] == 0xff;
}

bool matches(const std::array<uint8_t, 16>& a, const std::array<uint8_t, 16>& block, int prefix) {
  int full = prefix / 8, rest = prefix % 8;
  if (std::memcmp(a.data(), block.data(), full) != 0) return false;
  if (rest == 0) return true;
  uint8_t mask = static_cast<uint8_t>(0xff << (8 - rest));
  return (a[full] & mask) == (block[full] & mask);
}

}  // namespace

Result<TrustedProxies> TrustedProxies::parse(const std::vector<std::string>& specs) {
  TrustedProxies out;
  for (const std::string& spec : specs) {
    std::string_view rest = spec;
    while (!rest.empty()) {
      size_t comma = rest.find(',');
      std::string_view one = trim(rest.substr(0, comma));
      rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
      if (one.empty()) continue;
      auto bad = [&] {
        return Status::invalid_field("trusted_proxy", "bad_address",
                                     "not an address or CIDR block: " + std::string(one));
      };
      size_t slash = one.find('/');
      auto address = parse_address(one.substr(0, slash));
      if (!address) return bad();
      int max = is_v4_mapped(*address) ? 32 : 128;
      int prefix = max;
      if (slash != std::string_view::npos) {
        std::string_view bits = one.substr(slash + 1);
        if (bits.empty() || bits.size() > 3) return bad();
        prefix = 0;
        for (char c : bits) {
          if (c < '0' || c > '9') return bad();
          prefix = prefix * 10 + (c - '0');
        }
        if (prefix > max) return bad();
      }
      out.blocks_.push_back({*address, prefix + (max == 32 ? 96 : 0)});
    }
  }
  return out;
}

bool TrustedProxies::trusts(std::string_view address) const {
  auto a = parse_address(trim(address));
  if (!a) return false;
  for (const Block& b : blocks_)
    if (matches(*a, b.bytes, b.prefix)) return true;
  return false;
}

std::string TrustedProxies::client_address(const std::string& peer,
                                           std::string_view forwarded_for) const {
  if (blocks_.empty() || !trusts(peer)) return peer;
  std::string_view rest = forwarded_for;
  std::string_view leftmost;
  while (!rest.empty()) {
    size_t comma = rest.rfind(',');
    std::string_view entry =
        trim(comma == std::string_view::npos ? rest : rest.substr(comma + 1));
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(0, comma);
    if (entry.empty()) continue;
    if (!parse_address(entry)) return peer;
    if (!trusts(entry)) return std::string(entry);
    leftmost = entry;
  }
  return leftmost.empty() ? peer : std::string(leftmost);
}

}  // namespace cordon::http
