#include "store/rows.h"

#include <gtest/gtest.h>

namespace cordon::store {
namespace {

TEST(ListColumn, RoundTripsAndDropsEmptyWords) {
  EXPECT_EQ(join_list({"elderly", "pregnant"}), "elderly,pregnant");
  EXPECT_EQ(split_list("elderly,pregnant"), (std::vector<std::string>{"elderly", "pregnant"}));
  EXPECT_EQ(join_list({}), "");
  EXPECT_TRUE(split_list("").empty());
  EXPECT_EQ(split_list(",cough,,fever,"), (std::vector<std::string>{"cough", "fever"}));
}

}  // namespace
}  // namespace cordon::store
