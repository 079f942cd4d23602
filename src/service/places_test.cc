#include "service/places.h"

#include "service/test_fixture.h"

namespace cordon::service {
namespace {

using PlaceServiceTest = testing::ServiceTest;

TEST_F(PlaceServiceTest, PathsFollowMoves) {
  Node community = make({street_.id, "community", "社区", std::nullopt});
  Node grid = make({community.id, "grid", "C网格", std::nullopt});
  Node building = make({grid.id, "building", "1栋", std::nullopt});
  Node other_street = make({city_.id, "street", "新华街道", std::nullopt});
  auto moved = places_->move(Actor::system(), community.id, other_street.id);
  ASSERT_TRUE(moved.ok()) << moved.status().to_string();
  EXPECT_EQ(moved->depth, 2);
  auto lineage = places_->lineage(Actor::system(), building.id);
  ASSERT_TRUE(lineage.ok());
  std::vector<std::string> names;
  for (const auto& n : *lineage) names.push_back(n.name);
  EXPECT_EQ(names, (std::vector<std::string>{"示范市", "新华街道", "社区", "C网格", "1栋"}));
  EXPECT_EQ(lineage->back().depth, 4);
  EXPECT_EQ(lineage->back().path, other_street.path + std::to_string(community.id) + "/" +
                                      std::to_string(grid.id) + "/" +
                                      std::to_string(building.id) + "/");
}

TEST_F(PlaceServiceTest, ConfinedActorCannotSeeOrTouchOtherBranches) {
  Actor worker = confined_to(grid_a_);
  EXPECT_TRUE(places_->get(worker, grid_a_.id).ok());
  EXPECT_EQ(places_->get(worker, grid_b_.id).status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(places_->get(worker, street_.id).status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(places_->rename(worker, grid_b_.id, std::string("x")).status().kind(),
            Status::Kind::kNotFound);
  EXPECT_EQ(places_->create(worker, {std::nullopt, "city", "新城", std::nullopt}).status().kind(),
            Status::Kind::kForbidden);
  EXPECT_TRUE(places_->create(worker, {grid_a_.id, "compound", "小区", std::nullopt}).ok());
  EXPECT_EQ(places_->create(worker, {grid_b_.id, "compound", "小区", std::nullopt})
                .status().errors().at(0).code,
            "parent_not_found");
}

TEST_F(PlaceServiceTest, FailedMoveChangesNothing) {
  Node building = make({grid_a_.id, "building", "1栋", std::nullopt});
  make({grid_b_.id, "building", "1栋", std::nullopt});
  auto r = places_->move(Actor::system(), building.id, grid_b_.id);
  EXPECT_EQ(r.status().code(), "duplicate_name");
  auto after = places_->get(Actor::system(), building.id);
  EXPECT_EQ(after->parent_id, grid_a_.id);
  EXPECT_EQ(after->path, building.path);
}

TEST_F(PlaceServiceTest, ResolveByNames) {
  auto chain = places_->resolve(Actor::system(), " 示范市 / 胜利街道 /B网格 ");
  ASSERT_TRUE(chain.ok());
  EXPECT_EQ(chain->back().id, grid_b_.id);
  EXPECT_EQ(places_->resolve(Actor::system(), "/").status().code(), "required");
  EXPECT_EQ(places_->resolve(confined_to(grid_a_), "示范市/胜利街道/B网格").status().code(),
            "path_not_found");
}

}  // namespace
}  // namespace cordon::service
