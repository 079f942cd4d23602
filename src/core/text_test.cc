#include "core/text.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

TEST(Text, Trim) {
  EXPECT_EQ(trim("  a b \t\n"), "a b");
  EXPECT_EQ(trim("\u3000刘\u3000"), "刘");
  EXPECT_EQ(trim(""), "");
  EXPECT_EQ(trim(" \u3000 "), "");
}

TEST(Text, Utf8LengthAndValidity) {
  EXPECT_EQ(utf8_length("刘东升"), 3u);
  EXPECT_EQ(utf8_length("ab"), 2u);
  EXPECT_TRUE(is_valid_utf8("刘东升 abc"));
  EXPECT_FALSE(is_valid_utf8("\xC1\x81"));           // overlong
  EXPECT_FALSE(is_valid_utf8("\xED\xA0\x80"));       // surrogate
  EXPECT_FALSE(is_valid_utf8("\xD3\xF5\xB6\xAB"));   // GBK bytes of 刘东
  EXPECT_FALSE(is_valid_utf8("\xE5\x88"));           // truncated
  EXPECT_FALSE(is_valid_utf8("\xF4\x90\x80\x80"));   // past U+10FFFF
}

TEST(Text, AsciiLower) { EXPECT_EQ(ascii_lower("LiU 刘"), "liu 刘"); }

}  // namespace
}  // namespace cordon

namespace cordon {
namespace {

TEST(Text, Utf8ValidPrefixStopsAtTheFirstBadByte) {
  EXPECT_EQ(utf8_valid_prefix("abcdefghij刘"), 13u);
  EXPECT_EQ(utf8_valid_prefix("abcdefghij\xD3\xF5"), 10u);  // GBK after 10 ASCII bytes
  EXPECT_EQ(utf8_valid_prefix("刘\xE5\x88"), 3u);            // truncated sequence
  EXPECT_EQ(utf8_valid_prefix(""), 0u);
}

}  // namespace
}  // namespace cordon
