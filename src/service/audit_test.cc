#include "service/audit.h"

#include <gtest/gtest.h>

#include "service/cursor.h"
#include "service/test_fixture.h"

namespace cordon::service {
namespace {

// Other use cases may write entries of their own (place.create in SetUp); these tests
// look only at entries with actions of their own, "test.*".
class AuditServiceTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    audit_ = std::make_unique<AuditService>(*ctx_);
    admin_.user_id = 7;
    admin_.name = "wang";
    admin_.role = "administrator";
  }

  void append(const store::AuditEntry& e) {
    Status s = store_->write([&](store::SqlConnection& c) { return store::append_audit(c, e); });
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // Appends n entries "test.<action>" one second apart, record ids 1..n.
  void append_n(int n, const std::string& action = "test.page") {
    for (int i = 1; i <= n; ++i) {
      append(audit_entry(*ctx_, admin_, {"10.0.0.1"}, action, "person", i));
      clock_.advance_seconds(1);
    }
  }

  std::unique_ptr<AuditService> audit_;
  Actor admin_;
};

TEST_F(AuditServiceTest, EntryCarriesActorClockAndRequest) {
  store::AuditEntry e = audit_entry(*ctx_, admin_, {"192.0.2.4"}, "person.update", "person", 12,
                                    "{\"fields\":[\"phone\"]}");
  EXPECT_EQ(e.at, clock_.now());
  EXPECT_EQ(e.actor_user_id, 7);
  EXPECT_EQ(e.actor_name, "wang");
  EXPECT_EQ(e.action, "person.update");
  EXPECT_EQ(e.record_type, "person");
  EXPECT_EQ(e.record_id, 12);
  EXPECT_EQ(e.remote_address, "192.0.2.4");
  EXPECT_EQ(e.detail, "{\"fields\":[\"phone\"]}");
  EXPECT_EQ(e.seq, 0) << "the store assigns seq";
}

TEST_F(AuditServiceTest, SystemActorIsNamedSystem) {
  store::AuditEntry e = audit_entry(*ctx_, Actor::system(), {}, "place.create", "place", 1);
  EXPECT_EQ(e.actor_user_id, 0);
  EXPECT_EQ(e.actor_name, "system");
  EXPECT_EQ(e.remote_address, "");
  Actor nameless = Actor::system();
  nameless.name.clear();
  EXPECT_EQ(audit_entry(*ctx_, nameless, {}, "x", "", 0).actor_name, "system");
}

TEST_F(AuditServiceTest, RecordedReadLandsAfterClose) {
  record_read(*ctx_, audit_entry(*ctx_, admin_, {"10.0.0.9"}, "test.read", "person", 5));
  store_->close();  // the detached write must still run
  store::StoreOptions options;
  options.location = dir_.file("service.db");
  auto reopened = store::open_store(options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().to_string();
  std::vector<store::AuditEntry> found;
  store::AuditFilter f;
  f.action = "test.read";
  ASSERT_TRUE((*reopened)->read([&](store::SqlConnection& c) -> Status {
    CORDON_ASSIGN_OR_RETURN(found, store::list_audit(c, f, 0, 10));
    return Status();
  }).ok());
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].record_id, 5);
  EXPECT_EQ(found[0].actor_name, "wang");
  EXPECT_EQ(found[0].remote_address, "10.0.0.9");
}

TEST_F(AuditServiceTest, NonAdministratorRefused) {
  append_n(2);
  Actor worker = confined_to(grid_a_);
  auto page = audit_->list(worker, {});
  EXPECT_EQ(page.status().kind(), Status::Kind::kForbidden);
  EXPECT_EQ(page.status().code(), "audit_forbidden");
  auto verified = audit_->verify(worker);
  EXPECT_EQ(verified.status().code(), "audit_forbidden");
  Actor commander = admin_;
  commander.role = "commander";
  EXPECT_EQ(audit_->list(commander, {}).status().code(), "audit_forbidden");
  Actor unknown = admin_;
  unknown.role = "";
  EXPECT_EQ(audit_->list(unknown, {}).status().code(), "audit_forbidden");
}

TEST_F(AuditServiceTest, PagesThroughFilteredEntries) {
  append_n(7);
  append_n(2, "test.other");
  AuditQuery q;
  q.action = "test.page";
  q.limit = "3";
  std::vector<int64_t> record_ids;
  int pages = 0;
  for (;;) {
    auto page = audit_->list(admin_, q);
    ASSERT_TRUE(page.ok()) << page.status().to_string();
    ++pages;
    for (const auto& e : page->items) record_ids.push_back(e.record_id);
    if (!page->next_cursor) break;
    q.cursor = page->next_cursor;
    ASSERT_LT(pages, 10);
  }
  EXPECT_EQ(pages, 3);
  EXPECT_EQ(record_ids, (std::vector<int64_t>{7, 6, 5, 4, 3, 2, 1}));
}

TEST_F(AuditServiceTest, ExactPageHasNoNextCursor) {
  append_n(3);
  AuditQuery q;
  q.action = "test.page";
  q.limit = "3";
  auto page = audit_->list(admin_, q);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->items.size(), 3u);
  EXPECT_FALSE(page->next_cursor);
}

TEST_F(AuditServiceTest, FiltersFromQueryStrings) {
  Instant start = clock_.now();
  append_n(5);  // at start + 0..4 s, record ids 1..5
  AuditQuery q;
  q.record_type = "person";
  q.record_id = "3";
  q.actor_user_id = "7";
  auto one = audit_->list(admin_, q);
  ASSERT_TRUE(one.ok()) << one.status().to_string();
  ASSERT_EQ(one->items.size(), 1u);
  EXPECT_EQ(one->items[0].record_id, 3);

  q = {};
  q.action = "test.page";
  q.from = start.plus_seconds(1).to_string();
  q.to = start.plus_seconds(3).to_string();
  auto window = audit_->list(admin_, q);
  ASSERT_TRUE(window.ok()) << window.status().to_string();
  ASSERT_EQ(window->items.size(), 2u);
  EXPECT_EQ(window->items[0].record_id, 3);
  EXPECT_EQ(window->items[1].record_id, 2);

  q = {};
  q.actor_user_id = "8";
  auto nobody = audit_->list(admin_, q);
  ASSERT_TRUE(nobody.ok());
  EXPECT_TRUE(nobody->items.empty());
}

TEST_F(AuditServiceTest, BadQueryFieldsAllReported) {
  AuditQuery q;
  q.actor_user_id = "seven";
  q.record_id = "3x";
  q.from = "yesterday";
  q.to = "2020-02-30T00:00:00Z";
  q.limit = "0";
  auto page = audit_->list(admin_, q);
  ASSERT_EQ(page.status().kind(), Status::Kind::kInvalid);
  std::vector<std::string> fields;
  for (const auto& e : page.status().errors()) fields.push_back(e.field);
  EXPECT_EQ(fields, (std::vector<std::string>{"actor_user_id", "record_id", "from", "to", "limit"}))
      << page.status().to_string();
}

TEST_F(AuditServiceTest, FromAfterToRefused) {
  AuditQuery q;
  q.from = "2020-02-06T00:00:00Z";
  q.to = "2020-02-05T00:00:00Z";
  auto page = audit_->list(admin_, q);
  ASSERT_EQ(page.status().kind(), Status::Kind::kInvalid);
  EXPECT_EQ(page.status().code(), "before_from");
  ASSERT_EQ(page.status().errors().size(), 1u);
  EXPECT_EQ(page.status().errors()[0].field, "to");
}

TEST_F(AuditServiceTest, ForeignCursorsRefused) {
  AuditQuery q;
  q.cursor = "!!not base64!!";
  EXPECT_EQ(audit_->list(admin_, q).status().code(), "invalid_cursor");
  q.cursor = encode_cursor(store::PersonCursor{0, "", 5});  // a person list's cursor
  auto page = audit_->list(admin_, q);
  EXPECT_EQ(page.status().kind(), Status::Kind::kMalformed);
  EXPECT_EQ(page.status().code(), "invalid_cursor");
  q.cursor = encode_cursor(store::PersonCursor{0, "audit", 0});
  EXPECT_EQ(audit_->list(admin_, q).status().code(), "invalid_cursor");
}

TEST_F(AuditServiceTest, VerifyReportsIntactChain) {
  append_n(6);
  int64_t progress_calls = 0;
  auto v = audit_->verify(admin_, [&](int64_t, int64_t) { ++progress_calls; });
  ASSERT_TRUE(v.ok()) << v.status().to_string();
  EXPECT_TRUE(v->ok) << v->problem;
  EXPECT_GE(v->entries_checked, 6);
  EXPECT_GE(progress_calls, 1);

  // Tampering and how it is reported are tested in store/audit_test.cc and, through the
  // real binary, in tests/api/audit_verify_test.py.
}

}  // namespace
}  // namespace cordon::service
