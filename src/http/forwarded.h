// Who the client is behind a reverse proxy: X-Forwarded-For, believed only from the
// proxies an operator names (`cordon serve --trusted-proxy`).
//
// Behind nginx every connection comes from the proxy, so the per-address limits (public
// report filings, sign-in throttling) and the audit log would see one address. When the
// connection's peer is a trusted proxy, the client is the right-most entry of
// X-Forwarded-For that is not itself a trusted proxy: each proxy appends the address it
// saw, so entries left of the first untrusted one were written by the client and may be
// forged. A peer that is not trusted is the client, whatever it sends.
//
// Immutable after parse(); safe to share between threads.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cordon::http {

class TrustedProxies {
 public:
  // Each spec is an address or a CIDR block ("127.0.0.1", "10.0.0.0/8", "::1",
  // "fd00::/8"), or several separated by commas. Fails invalid with a per-field error
  // on "trusted_proxy" (code "bad_address") naming the spec that does not parse.
  static Result<TrustedProxies> parse(const std::vector<std::string>& specs);

  bool empty() const { return blocks_.empty(); }
  // Whether `address` (IPv4, IPv6 or IPv4-mapped IPv6) lies in a trusted block.
  bool trusts(std::string_view address) const;
  // The client's address for a connection from `peer` carrying `forwarded_for` (the
  // header's value, "" when absent). When every entry is trusted, the left-most; when
  // the right-most untrusted entry is not an address, `peer`.
  std::string client_address(const std::string& peer, std::string_view forwarded_for) const;

 private:
  struct Block {
    std::array<uint8_t, 16> bytes;  // IPv4 as IPv4-mapped IPv6
    int prefix;                     // bits, 0..128
  };
  std::vector<Block> blocks_;
};

}  // namespace cordon::http
