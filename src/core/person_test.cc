#include "core/person.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

const LocalDate kToday = *LocalDate::from_ymd(2020, 2, 5);

PersonInput base() {
  PersonInput in;
  in.name = "劉東升";
  in.id_number = "150783198003120015";
  in.grid_id = 7;
  return in;
}

TEST(ValidatePerson, DerivesSexBirthDateAndNameKeys) {
  auto p = validate_person(base(), kToday);
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(p->sex, Sex::kMale);
  EXPECT_EQ(p->birth_date, LocalDate::from_ymd(1980, 3, 12));
  EXPECT_EQ(p->name_keys.simplified, "刘东升");
  EXPECT_EQ(p->id_type, DocumentType::kResidentId);
  EXPECT_EQ(*p->id_number, "150783198003120015");
}

TEST(ValidatePerson, ConsistentSexAndBirthDateAreAccepted) {
  PersonInput in = base();
  in.sex = "male";
  in.birth_date = "1980-03-12";
  EXPECT_TRUE(validate_person(in, kToday).ok());
}

TEST(ValidatePerson, ContradictionsWithTheIdAreRefused) {
  PersonInput in = base();
  in.sex = "female";
  in.birth_date = "1980-03-13";
  Status s = validate_person(in, kToday).status();
  ASSERT_EQ(s.errors().size(), 2u);
  EXPECT_EQ(s.errors()[0].field, "sex");
  EXPECT_EQ(s.errors()[0].code, "contradicts_id_number");
  EXPECT_EQ(s.errors()[1].field, "birth_date");
}

TEST(ValidatePerson, ReportsEveryFieldAtOnce) {
  PersonInput in;
  in.name = "";
  in.id_type = "licence";
  in.phone = "12";
  in.birth_date = "2020-02-30";
  in.tags = std::vector<std::string>{"vip"};
  Status s = validate_person(in, kToday).status();
  std::vector<std::string> fields;
  for (const auto& e : s.errors()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"name", "id_type", "birth_date", "phone",
                                              "grid_id", "tags"}));
  EXPECT_EQ(s.code(), "validation_failed");
}

TEST(ValidatePerson, BirthDateNotInTheFuture) {
  PersonInput in;
  in.name = "王";
  in.grid_id = 1;
  in.birth_date = "2020-02-06";
  EXPECT_EQ(validate_person(in, kToday).status().errors()[0].code, "in_future");
  in.birth_date = "2020-02-05";
  EXPECT_TRUE(validate_person(in, kToday).ok());
}

TEST(ValidatePerson, NameLengthAndTagsDeduplicated) {
  PersonInput in = base();
  in.name = std::string(51 * 3, 'x');
  EXPECT_EQ(validate_person(in, kToday).status().errors()[0].code, "too_long");
  in = base();
  in.tags = std::vector<std::string>{"elderly", "elderly", "pregnant"};
  EXPECT_EQ(validate_person(in, kToday)->tags, (std::vector<std::string>{"elderly", "pregnant"}));
}

TEST(ValidatePerson, PassportKeepsGivenSexAndDate) {
  PersonInput in;
  in.name = "Anna Li";
  in.id_type = "passport";
  in.id_number = "e1234567";
  in.sex = "female";
  in.birth_date = "1990-05-01";
  in.grid_id = 3;
  auto p = validate_person(in, kToday);
  ASSERT_TRUE(p.ok()) << p.status().to_string();
  EXPECT_EQ(*p->id_number, "E1234567");
  EXPECT_EQ(p->sex, Sex::kFemale);
}

TEST(MergePersonInput, PatchWinsAndNewIdRederivesSex) {
  auto current = validate_person(base(), kToday).value();
  PersonInput patch;
  patch.phone = "13800001111";
  auto merged = validate_person(merge_person_input(current, patch), kToday);
  ASSERT_TRUE(merged.ok());
  EXPECT_EQ(*merged->phone, "13800001111");
  EXPECT_EQ(merged->name, "劉東升");
  // A woman's ID replaces the man's: sex and birth date follow the new number.
  patch = PersonInput{};
  patch.id_number = "15078319851120002X";
  merged = validate_person(merge_person_input(current, patch), kToday);
  ASSERT_TRUE(merged.ok()) << merged.status().to_string();
  EXPECT_EQ(merged->sex, Sex::kFemale);
  EXPECT_EQ(merged->birth_date, LocalDate::from_ymd(1985, 11, 20));
}

}  // namespace
}  // namespace cordon

namespace cordon {
namespace {

TEST(Masking, KeepsOnlyTheEnds) {
  EXPECT_EQ(mask_document_number(DocumentType::kResidentId, "15078319851120002X"),
            "150***********002X");
  EXPECT_EQ(mask_document_number(DocumentType::kPassport, "E1234567"), "E1****67");
  EXPECT_EQ(mask_document_number(DocumentType::kOther, "abc"), "***");
  EXPECT_EQ(mask_phone("13812345678"), "138****5678");
  EXPECT_EQ(mask_phone("1234"), "****");
}

}  // namespace
}  // namespace cordon
