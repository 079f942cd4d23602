#include "service/persons.h"

#include "service/test_fixture.h"

namespace cordon::service {
namespace {

class PersonServiceTest : public testing::ServiceTest {
 protected:
  PersonInput person(std::string name, std::string id, const Node& grid) {
    PersonInput in;
    in.name = std::move(name);
    in.id_number = std::move(id);
    in.grid_id = grid.id;
    return in;
  }
};

TEST_F(PersonServiceTest, ConfinedActorSeesOnlyItsJurisdiction) {
  auto in_b = persons_->create(Actor::system(), person("王芳", "15078319851120002X", grid_b_));
  ASSERT_TRUE(in_b.ok());
  Actor worker_a = confined_to(grid_a_);
  // Reading a person of another grid by guessing the id: not found, not forbidden.
  auto r = persons_->get(worker_a, in_b->id);
  EXPECT_EQ(r.status().kind(), Status::Kind::kNotFound);
  EXPECT_EQ(r.status().code(), "person_not_found");
  // Nor may the worker register someone into grid B, or list it.
  auto c = persons_->create(worker_a, person("李四", "150783198003120015", grid_b_));
  EXPECT_EQ(c.status().errors().at(0).code, "grid_not_found");
  PersonListQuery q;
  q.jurisdiction_id = grid_b_.id;
  EXPECT_EQ(persons_->list(worker_a, q).status().errors().at(0).field, "jurisdiction_id");
  // Searching by the exact ID number finds nobody outside the jurisdiction.
  PersonListQuery search;
  search.q = "15078319851120002X";
  EXPECT_TRUE(persons_->list(worker_a, search)->items.empty());
  EXPECT_EQ(persons_->list(Actor::system(), search)->items.size(), 1u);
}

TEST_F(PersonServiceTest, UpdateOutsideJurisdictionIsNotFound) {
  auto p = persons_->create(Actor::system(), person("王芳", "15078319851120002X", grid_b_));
  ASSERT_TRUE(p.ok());
  PersonInput patch;
  patch.phone = "13800001111";
  auto r = persons_->update(confined_to(grid_a_), p->id, patch, std::nullopt);
  EXPECT_EQ(r.status().kind(), Status::Kind::kNotFound);
  EXPECT_FALSE(persons_->get(Actor::system(), p->id)->phone.has_value());
}

TEST_F(PersonServiceTest, TimestampsComeFromTheClock) {
  auto p = persons_->create(Actor::system(), person("王芳", "15078319851120002X", grid_a_));
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->created_at.to_string(), "2020-02-05T02:00:00Z");
  clock_.advance_seconds(3600);
  PersonInput patch;
  patch.address = "3栋";
  auto u = persons_->update(Actor::system(), p->id, patch, p->version);
  ASSERT_TRUE(u.ok());
  EXPECT_EQ(u->updated_at.to_string(), "2020-02-05T03:00:00Z");
  EXPECT_EQ(u->created_at.to_string(), "2020-02-05T02:00:00Z");
}

TEST_F(PersonServiceTest, ImportCreatesGoodRowsAndIsSafeToRerun) {
  std::vector<PersonInput> rows = {
      person("刘东升", "150783198003120015", grid_a_),
      person("王芳", "15078319851120002X", grid_b_),
      person("坏号码", "150783198003120016", grid_a_),  // wrong check digit
      person("无网格", "150783195602290047", grid_a_),
  };
  rows[3].grid_id = 9999;
  PersonInput no_document;
  no_document.name = "无证件";
  no_document.grid_id = grid_a_.id;
  rows.push_back(no_document);

  auto first = persons_->import_rows(Actor::system(), rows);
  ASSERT_TRUE(first.ok()) << first.status().to_string();
  using O = ImportRowResult::Outcome;
  EXPECT_EQ((*first)[0].outcome, O::kCreated);
  EXPECT_EQ((*first)[1].outcome, O::kCreated);
  EXPECT_EQ((*first)[2].outcome, O::kRejected);
  EXPECT_EQ((*first)[2].status.errors().at(0).code, "id_number.checksum");
  EXPECT_EQ((*first)[3].status.errors().at(0).code, "grid_not_found");
  EXPECT_EQ((*first)[4].status.errors().at(0).field, "id_number");

  auto second = persons_->import_rows(Actor::system(), rows);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ((*second)[0].outcome, O::kExisting);
  EXPECT_EQ((*second)[1].outcome, O::kExisting);
  PersonListQuery all;
  EXPECT_EQ(persons_->list(Actor::system(), all)->items.size(), 2u);
}

TEST_F(PersonServiceTest, ListPaginatesWithoutGapsOrRepeats) {
  for (int i = 0; i < 23; ++i) {
    PersonInput in;
    in.name = "张" + std::to_string(i);
    in.grid_id = i % 2 ? grid_a_.id : grid_b_.id;
    ASSERT_TRUE(persons_->create(Actor::system(), in).ok());
  }
  PersonListQuery q;
  q.jurisdiction_id = street_.id;
  q.limit = "5";
  std::vector<int64_t> seen;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = persons_->list(Actor::system(), q);
    ASSERT_TRUE(page.ok());
    for (const auto& p : page->items) seen.push_back(p.id);
    if (!page->next_cursor) break;
    q.cursor = page->next_cursor;
  }
  ASSERT_EQ(seen.size(), 23u);
  for (size_t i = 1; i < seen.size(); ++i) EXPECT_LT(seen[i - 1], seen[i]);
}

TEST_F(PersonServiceTest, ConcurrentDuplicateCreatesMakeOnePerson) {
  std::vector<std::thread> threads;
  std::atomic<int> created{0}, duplicates{0};
  for (int i = 0; i < 8; ++i)
    threads.emplace_back([&] {
      auto r = persons_->create(Actor::system(), person("刘东升", "150783198003120015", grid_a_));
      if (r.ok()) created++;
      else if (r.status().code() == "duplicate_id_number") duplicates++;
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(created.load(), 1);
  EXPECT_EQ(duplicates.load(), 7);
}

}  // namespace
}  // namespace cordon::service
