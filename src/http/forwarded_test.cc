#include "http/forwarded.h"

#include <gtest/gtest.h>

namespace cordon::http {
namespace {

TrustedProxies proxies(std::vector<std::string> specs) {
  auto p = TrustedProxies::parse(specs);
  EXPECT_TRUE(p.ok()) << p.status().to_string();
  return p.ok() ? *p : TrustedProxies();
}

TEST(TrustedProxies, ParsesAddressesBlocksAndLists) {
  TrustedProxies p = proxies({"127.0.0.1", "10.0.0.0/8, 192.168.1.0/24", "::1", "fd00::/8"});
  EXPECT_TRUE(p.trusts("127.0.0.1"));
  EXPECT_FALSE(p.trusts("127.0.0.2"));
  EXPECT_TRUE(p.trusts("10.200.3.4"));
  EXPECT_TRUE(p.trusts("192.168.1.77"));
  EXPECT_FALSE(p.trusts("192.168.2.1"));
  EXPECT_TRUE(p.trusts("::1"));
  EXPECT_TRUE(p.trusts("fd12:3456::1"));
  EXPECT_FALSE(p.trusts("fe80::1"));
  EXPECT_TRUE(p.trusts("::ffff:10.1.1.1"));  // a v4 peer on a dual-stack socket
  EXPECT_FALSE(p.trusts("not an address"));
  EXPECT_TRUE(proxies({"0.0.0.0/0"}).trusts("8.8.8.8"));
  EXPECT_FALSE(proxies({"0.0.0.0/0"}).trusts("2001:db8::1"));
}

TEST(TrustedProxies, RefusesWhatIsNotAnAddressOrBlock) {
  for (const char* bad : {"localhost", "10.0.0.0/33", "::1/129", "10.0.0.0/", "10.0.0.0/x",
                          "1.2.3.4.5", "10.0.0.0/8, nope"}) {
    auto p = TrustedProxies::parse({bad});
    ASSERT_FALSE(p.ok()) << bad;
    EXPECT_EQ(p.status().code(), "bad_address");
    ASSERT_EQ(p.status().errors().size(), 1u);
    EXPECT_EQ(p.status().errors()[0].field, "trusted_proxy");
  }
}

TEST(TrustedProxies, TakesTheRightMostUntrustedEntryFromATrustedPeer) {
  TrustedProxies p = proxies({"127.0.0.1", "10.0.0.0/8"});
  EXPECT_EQ(p.client_address("127.0.0.1", "203.0.113.9"), "203.0.113.9");
  // The client wrote 1.1.1.1 itself; the edge proxy appended what it saw.
  EXPECT_EQ(p.client_address("127.0.0.1", "1.1.1.1, 203.0.113.9, 10.0.0.5"), "203.0.113.9");
  EXPECT_EQ(p.client_address("127.0.0.1", " 2001:db8::7 "), "2001:db8::7");
  EXPECT_EQ(p.client_address("127.0.0.1", ""), "127.0.0.1");
  EXPECT_EQ(p.client_address("127.0.0.1", "10.0.0.9, 10.0.0.5"), "10.0.0.9");
  EXPECT_EQ(p.client_address("127.0.0.1", "garbage, 10.0.0.5"), "127.0.0.1");
}

TEST(TrustedProxies, IgnoresTheHeaderFromAnUntrustedPeer) {
  EXPECT_EQ(proxies({"127.0.0.1"}).client_address("198.51.100.4", "203.0.113.9"),
            "198.51.100.4");
  EXPECT_EQ(TrustedProxies().client_address("127.0.0.1", "203.0.113.9"), "127.0.0.1");
}

}  // namespace
}  // namespace cordon::http
