// A service-level fixture: a real temporary SQLite store, a manual clock on 2020-02-05
// (Asia/Shanghai), and a small tree: city > street > grids A and B.
#pragma once

#include <gtest/gtest.h>

#include "service/persons.h"
#include "service/places.h"
#include "store/test_util.h"

namespace cordon::service::testing {

class ServiceTest : public ::testing::Test {
 protected:
  void SetUp() override {
    store::StoreOptions options;
    options.location = dir_.file("service.db");
    options.read_connections = 2;
    auto s = store::open_store(options);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    store_ = std::move(*s);
    ctx_ = std::make_unique<Context>(Context{*store_, clock_, TimeZone::shanghai()});
    places_ = std::make_unique<PlaceService>(*ctx_);
    persons_ = std::make_unique<PersonService>(*ctx_);
    city_ = make({std::nullopt, "city", "示范市", std::nullopt});
    street_ = make({city_.id, "street", "胜利街道", std::nullopt});
    grid_a_ = make({street_.id, "grid", "A网格", "GA"});
    grid_b_ = make({street_.id, "grid", "B网格", "GB"});
  }

  Node make(NodeInput in) {
    auto n = places_->create(Actor::system(), in);
    EXPECT_TRUE(n.ok()) << n.status().to_string();
    return n.ok() ? *n : Node{};
  }

  // An actor confined to `node`.
  static Actor confined_to(const Node& node) {
    Actor a;
    a.user_id = 42;
    a.role = "grid_worker";
    a.jurisdiction_path = node.path;
    return a;
  }

  store::testing::TempDir dir_;
  std::unique_ptr<store::Store> store_;
  ManualClock clock_{Instant::parse("2020-02-05T02:00:00Z").value()};
  std::unique_ptr<Context> ctx_;
  std::unique_ptr<PlaceService> places_;
  std::unique_ptr<PersonService> persons_;
  Node city_, street_, grid_a_, grid_b_;
};

}  // namespace cordon::service::testing
