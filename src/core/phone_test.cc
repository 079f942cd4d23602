#include "core/phone.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

TEST(NormalizeMobile, AcceptsEveryDocumentedForm) {
  for (const char* text : {"13812345678", "138 1234 5678", "138-1234-5678", "+86 138 1234 5678",
                           "8613812345678", "008613812345678", "+8613812345678",
                           "+86-138-1234-5678", "86 138 1234 5678", "0086 138 1234 5678",
                           "  13812345678\t", "1381234 5678", "138-1234 5678"}) {
    auto r = normalize_mobile(text);
    ASSERT_TRUE(r.ok()) << '"' << text << "\": " << r.status().to_string();
    EXPECT_EQ(*r, "13812345678") << text;
  }
}

TEST(NormalizeMobile, AcceptsEverySecondDigitThreeToNine) {
  for (char second = '3'; second <= '9'; ++second) {
    std::string number = std::string("1") + second + "012345678";
    EXPECT_EQ(normalize_mobile(number).value(), number);
    EXPECT_EQ(normalize_mobile("+86" + number).value(), number);
  }
}

void expect_invalid(std::string_view text) {
  auto r = normalize_mobile(text, "contact.phone");
  ASSERT_FALSE(r.ok()) << '"' << text << "\" should be refused, got " << r.value();
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalid) << text;
  EXPECT_EQ(r.status().code(), "phone.invalid") << text;
  ASSERT_EQ(r.status().errors().size(), 1u) << text;
  EXPECT_EQ(r.status().errors()[0].field, "contact.phone") << text;
  EXPECT_FALSE(r.status().message().empty()) << text;
}

TEST(NormalizeMobile, RejectsWrongLength) {
  expect_invalid("138123456789");     // 12 digits
  expect_invalid("1381234567");       // 10 digits
  expect_invalid("1");
  expect_invalid("861381234567");     // 86 + 10 digits
  expect_invalid("86138123456789");   // 86 + 12 digits
  expect_invalid("00861381234567");   // 0086 + 10 digits
  expect_invalid("+86 138 1234 567");
  expect_invalid("+86 138 1234 56789");
  expect_invalid("+86");
}

TEST(NormalizeMobile, RejectsWrongPrefix) {
  expect_invalid("12812345678");  // starts with 12
  expect_invalid("11812345678");
  expect_invalid("10812345678");
  expect_invalid("23812345678");
  expect_invalid("03812345678");
  expect_invalid("+86 128 1234 5678");
  expect_invalid("008612812345678");
  // A landline with area code is 11 digits too, and is not a mobile number.
  expect_invalid("02787654321");
}

TEST(NormalizeMobile, RejectsForeignCountryCodes) {
  expect_invalid("+1 138 1234 5678");
  expect_invalid("+1 415 555 0123");
  expect_invalid("+852 9123 4567");
  expect_invalid("+44 7911 123456");
  expect_invalid("+8 6138 1234 5678");  // the country code is a single group after '+'
  expect_invalid("0085291234567");
  // Another country's code followed by what would be a valid mainland number.
  expect_invalid("004413812345678");
  expect_invalid("008513812345678");
  expect_invalid("8513812345678");
  expect_invalid("+4413812345678");
  expect_invalid("+1 8613812345678");
}

TEST(NormalizeMobile, RejectsLettersAndOtherCharacters) {
  expect_invalid("");
  expect_invalid("   ");
  expect_invalid("1381234567a");
  expect_invalid("138I2345678");        // letter I for digit 1
  expect_invalid("phone 13812345678");
  expect_invalid("(138) 1234 5678");
  expect_invalid("138.1234.5678");
  expect_invalid("138/1234/5678");
  expect_invalid("138--1234-5678");     // doubled separator
  expect_invalid("138  1234 5678");
  expect_invalid("-13812345678");       // separator at the ends
  expect_invalid("13812345678-");
  expect_invalid("++8613812345678");
  expect_invalid("86+13812345678");
  expect_invalid("13812345678 ext 1");
  expect_invalid("１３８１２３４５６７８");  // full-width digits
  expect_invalid("13812345678,13912345678");
}

TEST(NormalizeMobile, DefaultFieldIsPhone) {
  auto r = normalize_mobile("nope");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors()[0].field, "phone");
}

TEST(LooksLikePhone, DigitsAndSeparators) {
  for (const char* text : {"13812345678", "5678", "138 1234", "138-1234-5678", "+86 138",
                           " 1381234 ", "0"}) {
    EXPECT_TRUE(looks_like_phone(text)) << text;
  }
  for (const char* text : {"", " ", "+", "-", "liu", "lds", "刘东升", "11010519491231002X",
                           "138 abc", "138--1234", "-138", "138-", "2020-02-05T10:00:00Z"}) {
    EXPECT_FALSE(looks_like_phone(text)) << text;
  }
}

}  // namespace
}  // namespace cordon
