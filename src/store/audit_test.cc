#include "store/audit.h"

#include <gtest/gtest.h>

#include <set>
#include <string>
#include <thread>
#include <vector>

#include "store/store.h"
#include "store/test_util.h"

namespace cordon::store {
namespace {

const Instant kT0 = Instant::from_seconds(1580868000);  // 2020-02-05T02:00:00Z

AuditEntry sample(int n) {
  AuditEntry e;
  e.at = kT0.plus_seconds(n);
  e.actor_user_id = 1 + n % 3;
  e.actor_name = "user" + std::to_string(1 + n % 3);
  e.action = n % 2 ? "person.read" : "person.update";
  e.record_type = "person";
  e.record_id = 100 + n % 5;
  e.remote_address = "127.0.0.1";
  e.detail = "{\"n\":" + std::to_string(n) + "}";
  return e;
}

// Builds an AuditFilter field by field (designated initializers draw
// -Wmissing-field-initializers for every field left out).
struct Filter {
  AuditFilter f;
  Filter& actor(int64_t v) {
    f.actor_user_id = v;
    return *this;
  }
  Filter& action(std::string v) {
    f.action = std::move(v);
    return *this;
  }
  Filter& record(std::string type, std::optional<int64_t> id = std::nullopt) {
    f.record_type = std::move(type);
    f.record_id = id;
    return *this;
  }
  Filter& from(Instant t) {
    f.from = t;
    return *this;
  }
  Filter& to(Instant t) {
    f.to = t;
    return *this;
  }
  operator const AuditFilter&() const { return f; }  // NOLINT: implicit by design
};

class AuditStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    StoreOptions options;
    options.location = dir_.file("audit.db");
    options.read_connections = 2;
    auto s = open_store(options);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    store_ = std::move(*s);
  }

  // Appends entries sample(first) .. sample(first + n - 1) in one write unit.
  void append(int first, int n) {
    Status s = store_->write([&](SqlConnection& c) -> Status {
      for (int i = first; i < first + n; ++i) CORDON_RETURN_IF_ERROR(append_audit(c, sample(i)));
      return Status();
    });
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  // Raw SQL on the write connection: the tampering an intruder with the file could do.
  void tamper(const std::string& sql, std::vector<SqlValue> params = {}) {
    Status s = store_->write(
        [&](SqlConnection& c) -> Status { return c.execute(sql, params).status(); });
    ASSERT_TRUE(s.ok()) << s.to_string();
  }

  AuditVerification verify() {
    AuditVerification out;
    Status s = store_->read([&](SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(out, verify_audit(c));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return out;
  }

  AuditEntry entry(int64_t seq) {
    AuditEntry out;
    Status s = store_->read([&](SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(auto page, list_audit(c, {}, seq + 1, 1));
      if (page.empty() || page[0].seq != seq) return Status::not_found("test", "no entry");
      out = page[0];
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return out;
  }

  std::vector<AuditEntry> list(const AuditFilter& f, int64_t before = 0, int limit = 100) {
    std::vector<AuditEntry> out;
    Status s = store_->read([&](SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(out, list_audit(c, f, before, limit));
      return Status();
    });
    EXPECT_TRUE(s.ok()) << s.to_string();
    return out;
  }

  testing::TempDir dir_;
  std::unique_ptr<Store> store_;
};

TEST(AuditHash, PinnedEncoding) {
  // Computed independently (Python hashlib over the encoding docs/audit.md describes):
  // a change here breaks verification of every log already written.
  AuditEntry e;
  e.seq = 1;
  e.at = kT0;
  e.actor_user_id = 7;
  e.actor_name = "liu";
  e.action = "person.read";
  e.record_type = "person";
  e.record_id = 42;
  e.remote_address = "127.0.0.1";
  e.detail = "{\"q\":\"刘\"}";
  EXPECT_EQ(audit_entry_hash(e),
            "79a66e76e53c0353884cb427699ae01e633ae15235db55fca6968511f2581199");
}

TEST(AuditHash, FieldBoundariesCannotShift) {
  AuditEntry a = sample(1), b = sample(1);
  a.actor_name = "ab";
  a.action = "c";
  b.actor_name = "a";
  b.action = "bc";
  EXPECT_NE(audit_entry_hash(a), audit_entry_hash(b));
  AuditEntry c = sample(1), d = sample(1);
  c.detail = "x";
  c.prev_hash = "";
  d.detail = "";
  d.prev_hash = "x";
  EXPECT_NE(audit_entry_hash(c), audit_entry_hash(d));
}

TEST(AuditHash, EveryFieldCounts) {
  const AuditEntry base = sample(3);
  const std::string h = audit_entry_hash(base);
  std::vector<AuditEntry> changed(10, base);
  changed[0].seq += 1;
  changed[1].at = base.at.plus_seconds(1);
  changed[2].actor_user_id += 1;
  changed[3].actor_name += "x";
  changed[4].action += "x";
  changed[5].record_type += "x";
  changed[6].record_id += 1;
  changed[7].remote_address += "x";
  changed[8].detail += "x";
  changed[9].prev_hash += "x";
  for (size_t i = 0; i < changed.size(); ++i) EXPECT_NE(audit_entry_hash(changed[i]), h) << i;
  AuditEntry with_hash = base;
  with_hash.hash = "anything";
  EXPECT_EQ(audit_entry_hash(with_hash), h) << "the hash must not cover itself";
}

TEST_F(AuditStoreTest, EmptyLogVerifies) {
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries_checked, 0);
  EXPECT_FALSE(v.first_bad_seq);
}

TEST_F(AuditStoreTest, ChainOfThousandVerifies) {
  for (int i = 0; i < 10; ++i) append(i * 100, 100);
  int64_t last_done = -1, last_total = -1, calls = 0;
  AuditVerification v;
  ASSERT_TRUE(store_->read([&](SqlConnection& c) -> Status {
    CORDON_ASSIGN_OR_RETURN(v, verify_audit(c, [&](int64_t done, int64_t total) {
      EXPECT_GE(done, last_done);
      last_done = done;
      last_total = total;
      ++calls;
    }));
    return Status();
  }).ok());
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries_checked, 1000);
  EXPECT_EQ(v.head_hash, entry(1000).hash);
  EXPECT_GE(calls, 1);
  EXPECT_EQ(last_done, 1000);
  EXPECT_EQ(last_total, 1000);

  AuditEntry first = entry(1), second = entry(2);
  EXPECT_EQ(first.prev_hash, "");
  EXPECT_EQ(second.prev_hash, first.hash);
  EXPECT_EQ(first.hash, audit_entry_hash(first));
  AuditEntry expected = sample(0);
  expected.seq = 1;
  expected.hash = first.hash;
  EXPECT_EQ(first, expected) << "every field round-trips through the store";
}

TEST_F(AuditStoreTest, AppendAssignsSeqAndIgnoresCallerChainFields) {
  AuditEntry forged = sample(1);
  forged.seq = 99;
  forged.prev_hash = "feed";
  forged.hash = "beef";
  ASSERT_TRUE(store_->write([&](SqlConnection& c) { return append_audit(c, forged); }).ok());
  AuditEntry stored = entry(1);
  EXPECT_EQ(stored.prev_hash, "");
  EXPECT_EQ(stored.hash, audit_entry_hash(stored));
  EXPECT_TRUE(verify().ok);
}

TEST_F(AuditStoreTest, EmptyActionRefused) {
  AuditEntry e = sample(1);
  e.action.clear();
  Status s = store_->write([&](SqlConnection& c) { return append_audit(c, e); });
  EXPECT_EQ(s.kind(), Status::Kind::kInvalid);
  EXPECT_EQ(s.code(), "audit_action_required");
  EXPECT_EQ(verify().entries_checked, 0);
}

TEST_F(AuditStoreTest, MissingHeadFailsAppend) {
  tamper("DELETE FROM audit_head");
  Status s = store_->write([&](SqlConnection& c) { return append_audit(c, sample(1)); });
  EXPECT_EQ(s.code(), "audit_head_missing");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_NE(v.problem.find("chain head is missing"), std::string::npos) << v.problem;
}

TEST_F(AuditStoreTest, RolledBackUnitTakesItsEntryWithIt) {
  append(0, 3);
  Status s = store_->write([&](SqlConnection& c) -> Status {
    CORDON_RETURN_IF_ERROR(append_audit(c, sample(3)));
    return Status::conflict("test_failure", "the change failed after its entry");
  });
  EXPECT_EQ(s.code(), "test_failure");
  append(4, 1);
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries_checked, 4);
  EXPECT_EQ(entry(4).detail, "{\"n\":4}");
}

// Each column edited in place in a middle entry is caught at that entry.
class AuditFieldTamperTest : public AuditStoreTest,
                             public ::testing::WithParamInterface<const char*> {};

TEST_P(AuditFieldTamperTest, EditedFieldDetectedAtItsSeq) {
  append(0, 30);
  ASSERT_TRUE(verify().ok);
  const std::string column = GetParam();
  std::string value = column == "at_micros" || column == "actor_user_id" || column == "record_id"
                          ? column + " + 1"
                          : column + " || 'x'";
  tamper("UPDATE audit_log SET " + column + " = " + value + " WHERE seq = 15");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  ASSERT_TRUE(v.first_bad_seq);
  EXPECT_EQ(*v.first_bad_seq, 15);
  EXPECT_EQ(v.entries_checked, 14);
  EXPECT_EQ(v.problem, "entry 15 was edited (hash mismatch)");
}

INSTANTIATE_TEST_SUITE_P(EveryColumn, AuditFieldTamperTest,
                         ::testing::Values("at_micros", "actor_user_id", "actor_name", "action",
                                           "record_type", "record_id", "remote_address",
                                           "detail", "prev_hash", "hash"));

TEST_F(AuditStoreTest, DeletedMiddleEntryDetected) {
  append(0, 30);
  tamper("DELETE FROM audit_log WHERE seq = 18");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 18);
  EXPECT_EQ(v.problem, "entry 18 is missing (seq gap after 17)");
}

TEST_F(AuditStoreTest, DeletedRangeDetected) {
  append(0, 30);
  tamper("DELETE FROM audit_log WHERE seq BETWEEN 5 AND 7");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 5);
  EXPECT_EQ(v.problem, "entries 5 to 7 are missing (seq gap after 4)");
}

TEST_F(AuditStoreTest, DeletedFirstEntryDetected) {
  append(0, 5);
  tamper("DELETE FROM audit_log WHERE seq = 1");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 1);
  EXPECT_EQ(v.problem, "entry 1 is missing (seq gap after 0)");
}

TEST_F(AuditStoreTest, DeletedMiddleEntryWithRenumberingDetected) {
  append(0, 30);
  tamper("DELETE FROM audit_log WHERE seq = 18");
  tamper("UPDATE audit_log SET seq = seq - 1 WHERE seq > 18");
  tamper("UPDATE audit_head SET seq = seq - 1");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 18);
  EXPECT_EQ(v.problem, "entry 18 was edited (hash mismatch)");
}

TEST_F(AuditStoreTest, DeletedLastEntriesDetectedViaHead) {
  append(0, 120);
  tamper("DELETE FROM audit_log WHERE seq > 118");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 119);
  EXPECT_EQ(v.entries_checked, 118);
  EXPECT_EQ(v.problem, "the last entries were deleted (head says 120, log ends at 118)");
}

TEST_F(AuditStoreTest, DeletedEverythingDetectedViaHead) {
  append(0, 4);
  tamper("DELETE FROM audit_log");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 1);
  EXPECT_EQ(v.problem, "the last entries were deleted (head says 4, log ends at 0)");
}

TEST_F(AuditStoreTest, RelinkedEditDetectedAtNextEntry) {
  append(0, 30);
  // The intruder edits entry 17 and recomputes its hash, but leaves 18's prev_hash.
  AuditEntry e = entry(17);
  e.detail = "{\"n\":\"nothing to see\"}";
  std::string rehashed = audit_entry_hash(e);
  tamper("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 17", {e.detail, rehashed});
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 18);
  EXPECT_EQ(v.problem, "entry 18 does not follow 17 (prev_hash mismatch)");
}

TEST_F(AuditStoreTest, RelinkedLastEntryDetectedViaHeadHash) {
  append(0, 10);
  AuditEntry e = entry(10);
  e.detail = "edited";
  tamper("UPDATE audit_log SET detail = ?, hash = ? WHERE seq = 10",
         {e.detail, audit_entry_hash(e)});
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 10);
  EXPECT_EQ(v.problem, "the chain head does not match entry 10 (head hash mismatch)");
}

TEST_F(AuditStoreTest, EntryAppendedBehindHeadDetected) {
  append(0, 10);
  AuditEntry last = entry(10);
  AuditEntry forged = sample(11);
  forged.seq = 11;
  forged.prev_hash = last.hash;
  forged.hash = audit_entry_hash(forged);
  tamper(
      "INSERT INTO audit_log (seq, at_micros, actor_user_id, actor_name, action, record_type, "
      "record_id, remote_address, detail, prev_hash, hash) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, "
      "?)",
      {forged.seq, forged.at.micros(), forged.actor_user_id, forged.actor_name, forged.action,
       forged.record_type, forged.record_id, forged.remote_address, forged.detail,
       forged.prev_hash, forged.hash});
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 11);
  EXPECT_EQ(v.problem, "entries were added behind the head's back (head says 10, log ends at 11)");
}

TEST_F(AuditStoreTest, AppendFailsWhereAnEntryWasSmuggledIn) {
  append(0, 3);
  tamper(
      "INSERT INTO audit_log (seq, at_micros, actor_user_id, actor_name, action, record_type, "
      "record_id, remote_address, detail, prev_hash, hash) "
      "VALUES (4, 0, 0, '', 'forged', '', 0, '', '', '', '')");
  Status s = store_->write([&](SqlConnection& c) { return append_audit(c, sample(9)); });
  EXPECT_FALSE(s.ok());
  EXPECT_EQ(s.code(), "unique_violation") << s.to_string();
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4);
}

TEST_F(AuditStoreTest, EntryBeforeOneDetected) {
  append(0, 3);
  tamper("UPDATE audit_log SET seq = 0 WHERE seq = 1");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 0);
  EXPECT_EQ(v.problem, "entry 0 is out of sequence (seq starts at 1)");
}

TEST_F(AuditStoreTest, LongChainBreakFoundPastFirstChunk) {
  for (int i = 0; i < 5; ++i) append(i * 1000, 1000);
  tamper("UPDATE audit_log SET actor_name = 'someone else' WHERE seq = 4321");
  AuditVerification v = verify();
  EXPECT_FALSE(v.ok);
  EXPECT_EQ(v.first_bad_seq, 4321);
  EXPECT_EQ(v.entries_checked, 4320);
}

TEST_F(AuditStoreTest, ConcurrentAppendsFormGapFreeChain) {
  constexpr int kThreads = 16, kEach = 40;
  std::vector<std::thread> threads;
  std::atomic<int> failures{0};
  for (int t = 0; t < kThreads; ++t)
    threads.emplace_back([&, t] {
      for (int i = 0; i < kEach; ++i) {
        AuditEntry e = sample(t * kEach + i);
        e.actor_user_id = t;
        if (!store_->write([&](SqlConnection& c) { return append_audit(c, e); }).ok())
          ++failures;
      }
    });
  for (auto& t : threads) t.join();
  EXPECT_EQ(failures.load(), 0);
  AuditVerification v = verify();
  EXPECT_TRUE(v.ok) << v.problem;
  EXPECT_EQ(v.entries_checked, kThreads * kEach);
  for (int t = 0; t < kThreads; ++t)
    EXPECT_EQ(list(Filter().actor(t), 0, 500).size(), static_cast<size_t>(kEach)) << t;
}

TEST_F(AuditStoreTest, ListFiltersNewestFirst) {
  append(0, 40);  // sample(n): seq n+1, actor 1+n%3, action by parity, record 100+n%5
  auto all = list({});
  ASSERT_EQ(all.size(), 40u);
  EXPECT_EQ(all.front().seq, 40);
  EXPECT_EQ(all.back().seq, 1);

  auto by_actor = list(Filter().actor(2));
  ASSERT_FALSE(by_actor.empty());
  for (const auto& e : by_actor) EXPECT_EQ(e.actor_user_id, 2);
  EXPECT_EQ(by_actor.size(), 13u);  // n = 1, 4, ..., 37

  auto reads = list(Filter().action("person.read"));
  EXPECT_EQ(reads.size(), 20u);
  for (const auto& e : reads) EXPECT_EQ(e.action, "person.read");

  auto record = list(Filter().record("person", 103));
  EXPECT_EQ(record.size(), 8u);
  for (const auto& e : record) EXPECT_EQ(e.record_id, 103);
  EXPECT_TRUE(list(Filter().record("place")).empty());
  EXPECT_TRUE(list(Filter().action("person")).empty()) << "action matches exactly, not by prefix";

  // at = kT0 + n seconds; from inclusive, to exclusive: n in [10, 20).
  auto window = list(Filter().from(kT0.plus_seconds(10)).to(kT0.plus_seconds(20)));
  ASSERT_EQ(window.size(), 10u);
  EXPECT_EQ(window.front().seq, 20);
  EXPECT_EQ(window.back().seq, 11);

  auto combined = list(Filter().actor(1).action("person.update").to(kT0.plus_seconds(12)));
  std::vector<int64_t> seqs;
  for (const auto& e : combined) seqs.push_back(e.seq);
  EXPECT_EQ(seqs, (std::vector<int64_t>{7, 1}));  // n = 6, 0
}

TEST_F(AuditStoreTest, ListPagesBySeq) {
  append(0, 25);
  std::vector<int64_t> seen;
  int64_t before = 0;
  for (int pages = 0; pages < 10; ++pages) {
    auto page = list(Filter().action("person.update"), before, 4);
    for (const auto& e : page) seen.push_back(e.seq);
    if (page.size() < 4) break;
    before = page.back().seq;
  }
  std::vector<int64_t> expected;
  for (int64_t s = 25; s >= 1; s -= 2) expected.push_back(s);  // even n: odd seq
  EXPECT_EQ(seen, expected);
}

TEST_F(AuditStoreTest, ListRefusesNonPositiveLimit) {
  Status s = store_->read([&](SqlConnection& c) { return list_audit(c, {}, 0, 0).status(); });
  EXPECT_EQ(s.code(), "invalid_limit");
}

}  // namespace
}  // namespace cordon::store
