#include "core/resident_id.h"

#include <gtest/gtest.h>

#include <string>
#include <utility>

namespace cordon {
namespace {

LocalDate ymd(int y, int m, int d) { return LocalDate::from_ymd(y, m, d).value(); }

// A full 18-character number with a correct check character for `first17`.
std::string with_check(const std::string& first17) {
  return first17 + resident_id_check_char(first17);
}

void expect_error(std::string_view text, const char* code,
                  std::optional<LocalDate> today = std::nullopt) {
  auto r = parse_resident_id(text, today, "persons[3].id_number");
  ASSERT_FALSE(r.ok()) << '"' << text << "\" should fail with " << code;
  EXPECT_EQ(r.status().kind(), Status::Kind::kInvalid) << text;
  EXPECT_EQ(r.status().code(), code) << '"' << text << "\": " << r.status().to_string();
  ASSERT_EQ(r.status().errors().size(), 1u) << text;
  EXPECT_EQ(r.status().errors()[0].field, "persons[3].id_number") << text;
  EXPECT_EQ(r.status().errors()[0].code, code) << text;
  EXPECT_FALSE(r.status().message().empty()) << text;
}

// ------------------------------------------------------------------ check character

TEST(ResidentIdCheckChar, StandardExamples) {
  // Both examples are printed in GB 11643-1999; checked by hand:
  // 1·7+1·9+0·10+1·5+0·8+5·4+1·2+9·1+4·6+9·3+1·7+2·9+3·10+1·5+0·8+0·4+2·2 = 167,
  // 167 mod 11 = 2 -> 'X'.
  EXPECT_EQ(resident_id_check_char("11010519491231002"), 'X');
  // 4·7+4·9+0·10+5·5+2·8+4·4+1·2+8·1+8·6+0·3+0·7+1·9+0·10+1·5+0·8+0·4+1·2 = 195,
  // 195 mod 11 = 8 -> '4'.
  EXPECT_EQ(resident_id_check_char("44052418800101001"), '4');
}

TEST(ResidentIdCheckChar, EveryRemainderMapsToItsCharacter) {
  // Only the 17th digit varies (weight 2), so the sum is 2·d: remainders 0, 2, 4, 6, 8,
  // 10, 1, 3, 5, 7. Remainder 9 comes from a 3 at the 10th position (weight 3).
  const char map[] = {'1', '0', 'X', '9', '8', '7', '6', '5', '4', '3', '2'};
  for (int d = 0; d <= 9; ++d) {
    std::string s = std::string(16, '0') + static_cast<char>('0' + d);
    EXPECT_EQ(resident_id_check_char(s), map[(2 * d) % 11]) << s;
  }
  std::string nine = std::string(17, '0');
  nine[9] = '3';
  EXPECT_EQ(resident_id_check_char(nine), '3');
  EXPECT_EQ(resident_id_check_char("00000000000000000"), '1');  // sum 0
  EXPECT_EQ(resident_id_check_char("00000001000000000"), '0');  // weight 1: sum 1
  EXPECT_EQ(resident_id_check_char("00000000000000001"), 'X');  // weight 2: sum 2
  EXPECT_EQ(resident_id_check_char("10000000000000000"), '5');  // weight 7: sum 7
}

TEST(ResidentIdCheckChar, CatchesEverySingleDigitErrorAndAdjacentSwap) {
  // docs/identity.md promises this; check it for every position and digit of a prefix.
  const std::string base = "42010619900101123";
  const char right = resident_id_check_char(base);
  for (size_t i = 0; i < base.size(); ++i) {
    for (char c = '0'; c <= '9'; ++c) {
      if (c == base[i]) continue;
      std::string typo = base;
      typo[i] = c;
      EXPECT_NE(resident_id_check_char(typo), right) << typo;
    }
    if (i + 1 < base.size() && base[i] != base[i + 1]) {
      std::string swapped = base;
      std::swap(swapped[i], swapped[i + 1]);
      EXPECT_NE(resident_id_check_char(swapped), right) << swapped;
    }
  }
}

// ------------------------------------------------------------------------- valid

TEST(ParseResidentId, StandardFemaleExample) {
  auto r = parse_resident_id("11010519491231002X");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->number, "11010519491231002X");
  EXPECT_EQ(r->region_code, "110105");
  EXPECT_EQ(r->birth_date, ymd(1949, 12, 31));
  EXPECT_EQ(r->sex, Sex::kFemale);  // 17th digit 2 is even
}

TEST(ParseResidentId, StandardExampleBornBefore1900IsRefused) {
  // 440524188001010014 has a correct check character (see StandardExamples) but the
  // holder would be born 1880-01-01. cordon's rule: birth years before 1900 are refused as
  // id_number.birth_date, since no living resident carries such a number and a 19th-century
  // date is almost always a typo of a 20th-century one.
  ASSERT_EQ(resident_id_check_char("44052418800101001"), '4');
  expect_error("440524188001010014", "id_number.birth_date");
  // The same number moved to 1980 is accepted, male (17th digit 1 is odd).
  std::string moved = with_check("44052419800101001");
  auto r = parse_resident_id(moved);
  ASSERT_TRUE(r.ok()) << moved << ": " << r.status().to_string();
  EXPECT_EQ(r->birth_date, ymd(1980, 1, 1));
  EXPECT_EQ(r->sex, Sex::kMale);
  EXPECT_EQ(r->region_code, "440524");
}

TEST(ParseResidentId, ComputedNumbersDecode) {
  struct Case {
    std::string first17;
    LocalDate birth;
    Sex sex;
  };
  const Case cases[] = {
      {"42010619900101123", ymd(1990, 1, 1), Sex::kMale},     // Wuhan
      {"42010620200229124", ymd(2020, 2, 29), Sex::kFemale},  // leap day
      {"31011520000229001", ymd(2000, 2, 29), Sex::kMale},    // 2000 is leap
      {"65010219000101000", ymd(1900, 1, 1), Sex::kFemale},   // first accepted day
      {"81000019850615007", ymd(1985, 6, 15), Sex::kMale},    // Hong Kong permit
      {"82000019850615008", ymd(1985, 6, 15), Sex::kFemale},  // Macao permit
      {"83000019850615009", ymd(1985, 6, 15), Sex::kMale},    // Taiwan permit
      {"71000019500101002", ymd(1950, 1, 1), Sex::kFemale},
      {"11000019991231999", ymd(1999, 12, 31), Sex::kMale},
  };
  for (const Case& c : cases) {
    std::string number = with_check(c.first17);
    auto r = parse_resident_id(number);
    ASSERT_TRUE(r.ok()) << number << ": " << r.status().to_string();
    EXPECT_EQ(r->number, number);
    EXPECT_EQ(r->region_code, c.first17.substr(0, 6));
    EXPECT_EQ(r->birth_date, c.birth) << number;
    EXPECT_EQ(r->sex, c.sex) << number;
  }
}

TEST(ParseResidentId, EveryProvinceCodeIsAccepted) {
  const int provinces[] = {11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42,
                           43, 44, 45, 46, 50, 51, 52, 53, 54, 61, 62, 63, 64, 65, 71, 81, 82, 83};
  for (int p : provinces) {
    std::string number = with_check(std::to_string(p) + "010219800101001");
    EXPECT_TRUE(parse_resident_id(number).ok()) << number;
  }
}

TEST(ParseResidentId, SexFollowsTheSeventeenthDigit) {
  for (int d = 0; d <= 9; ++d) {
    std::string number = with_check("4201061990010112" + std::to_string(d));
    auto r = parse_resident_id(number);
    ASSERT_TRUE(r.ok()) << number;
    EXPECT_EQ(r->sex, d % 2 ? Sex::kMale : Sex::kFemale) << number;
  }
}

TEST(ParseResidentId, TrimsAndUppercasesX) {
  auto r = parse_resident_id("  11010519491231002x\t\n");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(r->number, "11010519491231002X");
}

TEST(ParseResidentId, TodayBoundsTheBirthDate) {
  std::string number = with_check("42010620200205002");  // born 2020-02-05
  EXPECT_TRUE(parse_resident_id(number, ymd(2020, 2, 5)).ok());  // born today
  EXPECT_TRUE(parse_resident_id(number, ymd(2020, 2, 6)).ok());
  EXPECT_TRUE(parse_resident_id(number).ok());  // no today, no bound
  expect_error(number, "id_number.birth_date", ymd(2020, 2, 4));
}

// ------------------------------------------------------------------------- errors

TEST(ParseResidentId, Empty) {
  expect_error("", "id_number.empty");
  expect_error("   ", "id_number.empty");
  expect_error("\t\r\n", "id_number.empty");
}

TEST(ParseResidentId, Legacy15) {
  expect_error("110105491231002", "id_number.legacy_15");
  expect_error(" 110105491231002 ", "id_number.legacy_15");
  // Fifteen characters that are not all digits are simply the wrong length.
  expect_error("11010549123100X", "id_number.length");
}

TEST(ParseResidentId, Length) {
  expect_error("1", "id_number.length");
  expect_error("11010519491231002", "id_number.length");     // 17
  expect_error("11010519491231002X1", "id_number.length");   // 19
  expect_error("1101051949123100", "id_number.length");      // 16
  expect_error("11010519491231002X11010519491231002X", "id_number.length");
  expect_error("110105 19491231 002X", "id_number.length");  // inner spaces are kept
}

TEST(ParseResidentId, Characters) {
  expect_error("1101051949123100XX", "id_number.characters");  // X only at the end
  expect_error("11010519491231002Y", "id_number.characters");
  expect_error("A1010519491231002X", "id_number.characters");
  expect_error("110105-9491231002X", "id_number.characters");
  expect_error("11010519491231002 ", "id_number.length");  // trimmed to 17
  expect_error("110105194912 1002X", "id_number.characters");
  // Full-width digits are multi-byte; two of them and 12 ASCII digits make 18 bytes.
  expect_error("\xef\xbc\x91\xef\xbc\x91" "010519491231", "id_number.characters");
}

TEST(ParseResidentId, Region) {
  expect_error(with_check("01010519491231002"), "id_number.region");  // first digit 0
  expect_error(with_check("91010519491231002"), "id_number.region");  // 91 not a province
  for (int p : {10, 16, 19, 20, 24, 30, 38, 40, 47, 49, 55, 60, 66, 70, 72, 80, 84, 90, 99}) {
    expect_error(with_check(std::to_string(p) + "010519491231002"), "id_number.region");
  }
}

TEST(ParseResidentId, BirthDate) {
  expect_error(with_check("42010620210229002"), "id_number.birth_date");  // not leap
  expect_error(with_check("42010619000229002"), "id_number.birth_date");  // 1900 not leap
  expect_error(with_check("42010619901301002"), "id_number.birth_date");  // month 13
  expect_error(with_check("42010619900001002"), "id_number.birth_date");  // month 0
  expect_error(with_check("42010619900100002"), "id_number.birth_date");  // day 0
  expect_error(with_check("42010619900431002"), "id_number.birth_date");  // Apr 31
  expect_error(with_check("42010618991231002"), "id_number.birth_date");  // before 1900
  expect_error(with_check("42010600000101002"), "id_number.birth_date");  // year 0
  expect_error(with_check("42010630000101002"), "id_number.birth_date", ymd(2020, 1, 1));
}

TEST(ParseResidentId, Checksum) {
  expect_error("110105194912310021", "id_number.checksum");
  expect_error("440524198001010014", "id_number.checksum");  // 1980 needs '3'
  ASSERT_EQ(resident_id_check_char("44052419800101001"), '3');
  // Every wrong check character is caught, for numbers whose right one is X and a digit.
  for (const std::string first17 : {"11010519491231002", "42010619900101123"}) {
    char right = resident_id_check_char(first17);
    for (char c : std::string("0123456789X")) {
      if (c == right) continue;
      expect_error(first17 + c, "id_number.checksum");
    }
  }
  // A single mistyped digit always changes the check character (MOD 11-2 catches every
  // single-digit error), here for each position of the standard example.
  const std::string good = "11010519491231002X";
  for (size_t i = 2; i < 17; ++i) {
    std::string typo = good;
    typo[i] = typo[i] == '9' ? '8' : static_cast<char>(typo[i] + 1);
    auto r = parse_resident_id(typo);
    ASSERT_FALSE(r.ok()) << typo;
    // Typos in the date part may give an impossible date first; otherwise the checksum.
    EXPECT_TRUE(r.status().code() == "id_number.checksum" ||
                r.status().code() == "id_number.birth_date")
        << typo << " " << r.status().code();
  }
  // Two adjacent digits swapped are caught as well.
  expect_error("11010519491213002X", "id_number.checksum");
}

TEST(ParseResidentId, DefaultFieldIsIdNumber) {
  auto r = parse_resident_id("");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().errors()[0].field, "id_number");
}

// ------------------------------------------------------------------ names and types

TEST(Sex, NamesRoundTrip) {
  EXPECT_STREQ(sex_name(Sex::kUnknown), "unknown");
  EXPECT_STREQ(sex_name(Sex::kMale), "male");
  EXPECT_STREQ(sex_name(Sex::kFemale), "female");
  for (Sex s : {Sex::kUnknown, Sex::kMale, Sex::kFemale}) {
    EXPECT_EQ(parse_sex(sex_name(s)), s);
  }
  for (const char* bad : {"", "Male", "MALE", "m", "f", "男", "female ", "other"}) {
    EXPECT_EQ(parse_sex(bad), std::nullopt) << bad;
  }
}

TEST(DocumentType, NamesRoundTrip) {
  EXPECT_STREQ(document_type_name(DocumentType::kResidentId), "resident_id");
  EXPECT_STREQ(document_type_name(DocumentType::kPassport), "passport");
  EXPECT_STREQ(document_type_name(DocumentType::kOther), "other");
  for (DocumentType t : {DocumentType::kResidentId, DocumentType::kPassport, DocumentType::kOther}) {
    EXPECT_EQ(parse_document_type(document_type_name(t)), t);
  }
  for (const char* bad : {"", "Passport", "resident-id", "id", "others"}) {
    EXPECT_EQ(parse_document_type(bad), std::nullopt) << bad;
  }
}

// ---------------------------------------------------------- canonical document number

TEST(CanonicalDocumentNumber, ResidentId) {
  auto r = canonical_document_number(DocumentType::kResidentId, " 11010519491231002x ");
  ASSERT_TRUE(r.ok()) << r.status().to_string();
  EXPECT_EQ(*r, "11010519491231002X");
  auto bad = canonical_document_number(DocumentType::kResidentId, "110105194912310021", "doc");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.status().code(), "id_number.checksum");
  EXPECT_EQ(bad.status().errors()[0].field, "doc");
  // No `today` here: a birth date in the future is left to callers that know the date.
  EXPECT_TRUE(canonical_document_number(DocumentType::kResidentId,
                                        with_check("42010630000101002"))
                  .ok());
}

TEST(CanonicalDocumentNumber, Passport) {
  EXPECT_EQ(canonical_document_number(DocumentType::kPassport, "e12345678").value(), "E12345678");
  EXPECT_EQ(canonical_document_number(DocumentType::kPassport, " G1234567 ").value(), "G1234567");
  EXPECT_EQ(canonical_document_number(DocumentType::kPassport, "ab123").value(), "AB123");
  EXPECT_EQ(canonical_document_number(DocumentType::kPassport, std::string(20, '9')).value(),
            std::string(20, '9'));
  for (std::string bad : {std::string("ab12"), std::string(21, '9'), std::string("E1234 5678"),
                          std::string("E-12345678"), std::string("Ｅ12345678")}) {
    auto r = canonical_document_number(DocumentType::kPassport, bad, "passport_no");
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), "id_number.passport") << bad;
    EXPECT_EQ(r.status().errors()[0].field, "passport_no");
  }
  EXPECT_EQ(canonical_document_number(DocumentType::kPassport, "  ").status().code(),
            "id_number.empty");
}

TEST(CanonicalDocumentNumber, Other) {
  EXPECT_EQ(canonical_document_number(DocumentType::kOther, " H01234567 ").value(), "H01234567");
  EXPECT_EQ(canonical_document_number(DocumentType::kOther, "a").value(), "a");  // kept as is
  EXPECT_EQ(canonical_document_number(DocumentType::kOther, "军字第 001234 号").value(),
            "军字第 001234 号");
  // 40 code points of three bytes each is within the limit; 41 is not.
  std::string forty;
  for (int i = 0; i < 40; ++i) forty += "号";
  EXPECT_TRUE(canonical_document_number(DocumentType::kOther, forty).ok());
  for (std::string bad : {forty + "号", std::string(41, 'a'), std::string("a\x01z"),
                          std::string("a\x7fz"), std::string("\xff\xfe"),
                          std::string("\xc0\xaf"), std::string("ab\xe5\x8f")}) {
    auto r = canonical_document_number(DocumentType::kOther, bad);
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), "id_number.other");
  }
  EXPECT_EQ(canonical_document_number(DocumentType::kOther, "").status().code(),
            "id_number.empty");
}

}  // namespace
}  // namespace cordon
