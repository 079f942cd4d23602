#include "service/persons.h"

#include <cstdlib>

#include "core/resident_id.h"
#include "service/test_fixture.h"
#include "store/audit.h"
#include "store/persons.h"
#include "store/postgres/pg_test_util.h"

namespace cordon::service {
namespace {

// A valid resident ID with sequence `n` (0..999) born on 1990-01-0`day`.
std::string resident_id(int n, int day = 1) {
  std::string first17 = "1101051990010" + std::to_string(day) + std::to_string(100 + n % 900);
  return first17 + resident_id_check_char(first17);
}

Result<std::vector<store::IndexDefinition>> secondary_indexes(store::Store& store) {
  std::vector<store::IndexDefinition> out;
  CORDON_RETURN_IF_ERROR(store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, store::person_secondary_indexes(conn));
    return Status();
  }));
  return out;
}

int64_t stored_persons(store::Store& store) {
  int64_t n = -1;
  EXPECT_TRUE(store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(n, store::count_persons(conn));
    return Status();
  }).ok());
  return n;
}

// The bulk import on any engine: a failure midway (after rows went in with the indexes
// dropped) leaves the persons and every index as they were; a success stores the rows
// and builds the same indexes again, which searches then use.
void check_bulk_import(store::Store& store, PersonService& persons, int64_t grid_id) {
  auto row = [&](const std::string& name, const std::string& id) {
    PersonInput in;
    in.name = name;
    in.id_number = id;
    in.grid_id = grid_id;
    return in;
  };
  ASSERT_TRUE(persons.import_rows(Actor::system(), {row("刘东升", resident_id(1))}).ok());
  auto before = secondary_indexes(store);
  ASSERT_TRUE(before.ok()) << before.status().to_string();
  std::vector<std::string> names;
  for (const auto& index : *before) names.push_back(index.name);
  EXPECT_EQ(names, (std::vector<std::string>{"persons_grid", "persons_initials",
                                             "persons_phone", "persons_pinyin",
                                             "persons_simplified"}));

  std::vector<PersonInput> rows = {row("王芳", resident_id(2)), row("刘东升", resident_id(1)),
                                   row("李四", resident_id(3))};
  auto failed = persons.import_validated(
      Actor::system(), ImportMode::kBulk, [&](PersonImportWriter& writer) -> Status {
        ValidatedImportRows first = persons.validate_import(rows);
        CORDON_RETURN_IF_ERROR(writer.store(first));
        EXPECT_EQ(first.results[0].outcome, ImportRowResult::Outcome::kCreated);
        EXPECT_EQ(first.results[1].outcome, ImportRowResult::Outcome::kExisting);
        return Status::internal("injected", "the reading side failed");
      });
  EXPECT_EQ(failed.code(), "injected");
  EXPECT_EQ(stored_persons(store), 1);
  auto after_failure = secondary_indexes(store);
  ASSERT_TRUE(after_failure.ok());
  ASSERT_EQ(after_failure->size(), before->size());
  for (std::size_t i = 0; i < before->size(); ++i) {
    EXPECT_EQ((*after_failure)[i].name, (*before)[i].name);
    EXPECT_EQ((*after_failure)[i].create_sql, (*before)[i].create_sql);
  }

  std::vector<ImportRowResult> results;
  ASSERT_TRUE(persons.import_validated(Actor::system(), ImportMode::kBulk,
                                       [&](PersonImportWriter& writer) -> Status {
                                         ValidatedImportRows v = persons.validate_import(rows);
                                         CORDON_RETURN_IF_ERROR(writer.store(v));
                                         results = v.results;
                                         return Status();
                                       })
                  .ok());
  ASSERT_EQ(results.size(), 3u);
  EXPECT_EQ(results[1].outcome, ImportRowResult::Outcome::kExisting);
  EXPECT_EQ(stored_persons(store), 3);
  auto rebuilt = secondary_indexes(store);
  ASSERT_TRUE(rebuilt.ok());
  ASSERT_EQ(rebuilt->size(), before->size());
  for (std::size_t i = 0; i < before->size(); ++i)
    EXPECT_EQ((*rebuilt)[i].create_sql, (*before)[i].create_sql);
  PersonListQuery by_pinyin;
  by_pinyin.q = "wangf";
  auto found = persons.list(Actor::system(), by_pinyin);
  ASSERT_TRUE(found.ok());
  ASSERT_EQ(found->items.size(), 1u);
  EXPECT_EQ(found->items[0].name, "王芳");
}

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

TEST_F(PersonServiceTest, BulkImportIsAllOrNothingAndRebuildsTheIndexes) {
  check_bulk_import(*store_, *persons_, grid_a_.id);
}

// Row results and audit entries are the same whichever way rows are written; the audit
// entry counts the rows handed to the writer, rejected ones included.
TEST_F(PersonServiceTest, BulkAndChunkedImportsAuditAlike) {
  PersonInput bad;
  bad.name = "无证件";
  bad.grid_id = grid_a_.id;
  PersonInput good;
  good.name = "王芳";
  good.id_number = resident_id(2);
  good.grid_id = grid_a_.id;
  for (ImportMode mode : {ImportMode::kChunked, ImportMode::kBulk}) {
    good.id_number = resident_id(2, mode == ImportMode::kBulk ? 2 : 1);
    ValidatedImportRows v = persons_->validate_import({good, bad});
    ASSERT_TRUE(persons_->import_validated(Actor::system(), mode, [&](PersonImportWriter& w) {
      return w.store(v);
    }).ok());
    EXPECT_EQ(v.results[0].outcome, ImportRowResult::Outcome::kCreated);
    EXPECT_EQ(v.results[1].status.errors().at(0).code, "required");
  }
  store::AuditFilter filter;
  filter.action = "person.import";
  std::vector<store::AuditEntry> entries;
  ASSERT_TRUE(store_->read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(entries, store::list_audit(conn, filter, 0, 10));
    return Status();
  }).ok());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[0].detail, "2 rows, 1 created");
  EXPECT_EQ(entries[1].detail, "2 rows, 1 created");
}

// Bulk pays on SQLite for at least 20,000 rows that are at least a quarter of the table.
TEST_F(PersonServiceTest, BulkImportPaysForLargeImportsIntoSmallTables) {
  EXPECT_FALSE(*persons_->bulk_import_pays(19999));
  EXPECT_TRUE(*persons_->bulk_import_pays(20000));
  ASSERT_TRUE(store_->write([&](store::SqlConnection& conn) -> Status {
    return conn.execute_script(
        "WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 80004) "
        "INSERT INTO persons (name, name_simplified, name_pinyin, name_initials, id_type, "
        "id_number, sex, grid_id, address, tags, created_at, updated_at, version) "
        "SELECT 'p', 'p', 'p', 'p', 'passport', 'P' || x, 'unknown', " +
        std::to_string(grid_a_.id) +
        ", '', '', '2020-01-01T00:00:00Z', '2020-01-01T00:00:00Z', 1 FROM n");
  }).ok());
  EXPECT_FALSE(*persons_->bulk_import_pays(20000));
  EXPECT_TRUE(*persons_->bulk_import_pays(20001));
}

// The same bulk import on PostgreSQL, where dropping and creating indexes is
// transactional too; auto never picks it there.
TEST(PgPersonImport, BulkImportIsAllOrNothingAndRebuildsTheIndexes) {
  if (!std::getenv("CORDON_TEST_PG")) GTEST_SKIP() << "CORDON_TEST_PG is not set";
  store::StoreOptions options;
  options.location = store::testing::fresh_postgres_database();
  options.read_connections = 1;
  auto store = store::open_store(options);
  ASSERT_TRUE(store.ok()) << store.status().to_string();
  ManualClock clock(Instant::parse("2020-02-05T02:00:00Z").value());
  Context ctx{**store, clock, TimeZone::shanghai()};
  PlaceService places(ctx);
  PersonService persons(ctx);
  auto city = places.create(Actor::system(), {std::nullopt, "city", "示范市", std::nullopt});
  ASSERT_TRUE(city.ok()) << city.status().to_string();
  auto street = places.create(Actor::system(), {city->id, "street", "胜利街道", std::nullopt});
  ASSERT_TRUE(street.ok()) << street.status().to_string();
  auto grid = places.create(Actor::system(), {street->id, "grid", "A网格", "GA"});
  ASSERT_TRUE(grid.ok()) << grid.status().to_string();
  check_bulk_import(**store, persons, grid->id);
  EXPECT_FALSE(*persons.bulk_import_pays(1000000));
  (*store)->close();
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
