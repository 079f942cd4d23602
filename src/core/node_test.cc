#include "core/node.h"

#include <gtest/gtest.h>

namespace cordon {
namespace {

TEST(NodeKind, NamesRoundTrip) {
  for (int k = 0; k <= static_cast<int>(NodeKind::kRoom); ++k) {
    auto kind = static_cast<NodeKind>(k);
    EXPECT_EQ(parse_node_kind(node_kind_name(kind)), kind);
  }
  EXPECT_FALSE(parse_node_kind("Grid"));
  EXPECT_FALSE(parse_node_kind(""));
}

TEST(NodeKind, JurisdictionsNestDownwardAndMaySkipLevels) {
  EXPECT_TRUE(may_contain(std::nullopt, NodeKind::kCity));
  EXPECT_TRUE(may_contain(std::nullopt, NodeKind::kDistrict));
  EXPECT_TRUE(may_contain(NodeKind::kCity, NodeKind::kDistrict));
  EXPECT_TRUE(may_contain(NodeKind::kCity, NodeKind::kStreet));
  EXPECT_TRUE(may_contain(NodeKind::kCommunity, NodeKind::kGrid));
  EXPECT_FALSE(may_contain(NodeKind::kGrid, NodeKind::kCommunity));
  EXPECT_FALSE(may_contain(NodeKind::kStreet, NodeKind::kStreet));
}

TEST(NodeKind, AddressesOnlyBelowGrids) {
  EXPECT_FALSE(may_contain(std::nullopt, NodeKind::kCompound));
  EXPECT_FALSE(may_contain(NodeKind::kCommunity, NodeKind::kBuilding));
  EXPECT_TRUE(may_contain(NodeKind::kGrid, NodeKind::kCompound));
  EXPECT_TRUE(may_contain(NodeKind::kGrid, NodeKind::kBuilding));
  EXPECT_TRUE(may_contain(NodeKind::kBuilding, NodeKind::kUnit));
  EXPECT_TRUE(may_contain(NodeKind::kUnit, NodeKind::kRoom));
  EXPECT_FALSE(may_contain(NodeKind::kRoom, NodeKind::kUnit));
  EXPECT_FALSE(may_contain(NodeKind::kBuilding, NodeKind::kGrid));
}

TEST(NodeName, TrimsAndRefuses) {
  EXPECT_EQ(validate_node_name("  胜利社区\u3000").value(), "胜利社区");
  EXPECT_EQ(validate_node_name("").status().code(), "required");
  EXPECT_EQ(validate_node_name("\u3000 ").status().code(), "required");
  EXPECT_EQ(validate_node_name("a/b").status().code(), "invalid_character");
  EXPECT_EQ(validate_node_name("a\tb").status().code(), "invalid_character");
  EXPECT_EQ(validate_node_name(std::string(101, 'x')).status().code(), "too_long");
  EXPECT_TRUE(validate_node_name(std::string(100, 'x')).ok());
  EXPECT_EQ(validate_node_name("", "new_name").status().errors()[0].field, "new_name");
}

}  // namespace
}  // namespace cordon
