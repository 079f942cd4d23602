#include "core/status.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

Result<int> half(int x) {
  if (x % 2) return Status::invalid_field("x", "odd", "x must be even");
  return x / 2;
}

Result<int> quarter(int x) {
  CORDON_ASSIGN_OR_RETURN(int h, half(x));
  return half(h);
}

Status check_even(int x) {
  CORDON_RETURN_IF_ERROR(half(x));
  return Status();
}

TEST(Status, DefaultIsOk) {
  Status s;
  EXPECT_TRUE(s.ok());
  EXPECT_EQ(s.kind(), Status::Kind::kOk);
  EXPECT_EQ(s.to_string(), "ok");
}

TEST(Status, InvalidFieldCarriesFieldError) {
  Status s = Status::invalid_field("id_number", "bad_checksum", "check digit wrong");
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.kind(), Status::Kind::kInvalid);
  EXPECT_EQ(s.code(), "bad_checksum");
  ASSERT_EQ(s.errors().size(), 1u);
  EXPECT_EQ(s.errors()[0].field, "id_number");
  EXPECT_EQ(s.to_string(), "invalid(bad_checksum): check digit wrong [id_number: bad_checksum]");
}

TEST(Result, PropagatesValueAndError) {
  EXPECT_EQ(quarter(8).value(), 2);
  Result<int> r = quarter(6);  // 6/2 = 3 is odd
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), "odd");
  EXPECT_TRUE(check_even(4).ok());
  EXPECT_EQ(check_even(3).code(), "odd");
}

TEST(Validation, CollectsEveryField) {
  Validation v;
  EXPECT_TRUE(v.status().ok());
  v.add("name", "required", "name is required");
  EXPECT_EQ(v.status().code(), "required");
  v.add(Status::invalid_field("phone", "bad_phone", "not a mobile number"));
  Status s = v.status();
  EXPECT_EQ(s.code(), "validation_failed");
  ASSERT_EQ(s.errors().size(), 2u);
  EXPECT_EQ(s.errors()[1].field, "phone");
}

}  // namespace
}  // namespace cordon
