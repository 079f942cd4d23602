// Person imports run as background jobs and person downloads, against a real SQLite
// file: progress and problems by line, re-runs, refusals before anything is written,
// one running import per account, jurisdiction scoping and the audit.
#include "service/transfers.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "core/resident_id.h"
#include "service/test_fixture.h"
#include "store/audit.h"
#include "store/persons.h"

namespace cordon::service {
namespace {

std::string resident_id(int n) {
  std::string first17 = "1101051990010" + std::to_string(1000 + n);
  return first17 + resident_id_check_char(first17);
}

// Counts "import.progress" events.
class CountingBus final : public EventBus {
 public:
  void publish(const Event& e) override {
    if (e.type == "import.progress") ++published;
    last_user = e.user_id.value_or(0);
  }
  Status publish_in(store::SqlConnection&, const Event&) override { return Status(); }
  void announce(store::Store&, const Event& e) override { publish(e); }
  std::unique_ptr<Subscription> subscribe(Audience, Callback) override { return nullptr; }
  std::atomic<int> published{0};
  std::atomic<int64_t> last_user{0};
};

class TransferTest : public testing::ServiceTest {
 protected:
  void SetUp() override {
    ServiceTest::SetUp();
    transfers_ = std::make_unique<TransferService>(*ctx_, *persons_, *places_, bus_,
                                                    std::filesystem::path(dir_.file("x")).parent_path().string());
  }

  Actor worker(int64_t user_id, const Node& node) {
    Actor a = confined_to(node);
    a.user_id = user_id;
    return a;
  }

  ImportJob finished(const Actor& actor, int64_t id) {
    transfers_->wait_idle();
    auto job = transfers_->get(actor, id);
    EXPECT_TRUE(job.ok()) << job.status().to_string();
    return job.ok() ? *job : ImportJob{};
  }

  int64_t persons() {
    int64_t n = 0;
    EXPECT_TRUE(store_->read([&](store::SqlConnection& conn) -> Status {
      CORDON_ASSIGN_OR_RETURN(n, store::count_persons(conn));
      return Status();
    }).ok());
    return n;
  }

  CountingBus bus_;
  std::unique_ptr<TransferService> transfers_;
};

TEST_F(TransferTest, ImportsGoodRowsAndReportsBadOnesByLine) {
  Actor grid_a = worker(7, grid_a_);
  std::string csv = "\xEF\xBB\xBFname,id_number,grid,phone\r\n"
                    "刘东升," + resident_id(1) + ",GA,13812345678\r\n"
                    "王芳,110105199001011235,GA,\r\n"  // wrong check digit
                    "李四," + resident_id(2) + ",GB,\r\n"  // a grid outside grid A
                    "赵五," + resident_id(3) + ",GA,12345\r\n";
  auto started = transfers_->start_person_import(grid_a, csv);
  ASSERT_TRUE(started.ok()) << started.status().to_string();
  EXPECT_EQ(started->state, ImportJob::State::kRunning);
  EXPECT_EQ(started->bytes_total, csv.size());

  ImportJob job = finished(grid_a, started->id);
  EXPECT_EQ(job.state, ImportJob::State::kDone);
  EXPECT_EQ(job.encoding, "utf-8");
  EXPECT_EQ(job.bytes_read, job.bytes_total);
  EXPECT_EQ(job.counts.rows_read, 4);
  EXPECT_EQ(job.counts.created, 1);
  EXPECT_EQ(job.counts.rejected, 3);
  ASSERT_EQ(job.problems.size(), 3u);
  EXPECT_EQ(job.problems[0].line, 3);
  EXPECT_EQ(job.problems[0].field, "id_number");
  EXPECT_EQ(job.problems[1].line, 4);
  EXPECT_EQ(job.problems[1].code, "grid_not_found");
  EXPECT_EQ(job.problems[2].line, 5);
  EXPECT_EQ(job.problems[2].field, "phone");
  EXPECT_TRUE(job.finished_at.has_value());
  EXPECT_GE(bus_.published.load(), 2);
  EXPECT_EQ(bus_.last_user.load(), 7);
  EXPECT_EQ(persons(), 1);

  // The same file again creates nobody.
  auto again = transfers_->start_person_import(grid_a, csv);
  ASSERT_TRUE(again.ok());
  ImportJob rerun = finished(grid_a, again->id);
  EXPECT_EQ(rerun.counts.created, 0);
  EXPECT_EQ(rerun.counts.existing, 1);
  EXPECT_EQ(persons(), 1);
}

// An import job writes chunk by chunk, however large its file: when an insert fails in
// the second chunk the first stays committed (a bulk import would have kept nothing).
TEST_F(TransferTest, JobsImportInChunks) {
  ASSERT_TRUE(store_->write([](store::SqlConnection& c) {
    return c.execute_script(
        "CREATE TRIGGER fail_import BEFORE INSERT ON persons WHEN NEW.name = '炸' "
        "BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }).ok());
  const std::size_t rows = TransferService::kChunkRows + 100;
  std::string csv = "name,id_number,grid\n";
  for (std::size_t i = 1; i <= rows; ++i)
    csv += std::string(i == rows - 50 ? "炸" : "人") + "," + resident_id(static_cast<int>(i)) +
           ",GA\n";
  auto started = transfers_->start_person_import(Actor::system(), csv);
  ASSERT_TRUE(started.ok()) << started.status().to_string();
  ImportJob job = finished(Actor::system(), started->id);
  EXPECT_EQ(job.state, ImportJob::State::kFailed);
  ASSERT_TRUE(job.failure.has_value());
  EXPECT_EQ(job.failure->code(), "constraint_violation");
  EXPECT_EQ(persons(), static_cast<int64_t>(TransferService::kChunkRows));
}

TEST_F(TransferTest, ReadsGbkFiles) {
  // "刘东升" in GBK.
  std::string csv = "name,id_number,grid\n\xC1\xF5\xB6\xAB\xC9\xFD," + resident_id(4) + ",GA\n";
  auto started = transfers_->start_person_import(Actor::system(), csv);
  ASSERT_TRUE(started.ok()) << started.status().to_string();
  ImportJob job = finished(Actor::system(), started->id);
  EXPECT_EQ(job.encoding, "gb18030");
  EXPECT_EQ(job.counts.created, 1);
  PersonListQuery q;
  q.q = "刘东升";
  EXPECT_EQ(persons_->list(Actor::system(), q)->items.size(), 1u);
}

TEST_F(TransferTest, RefusesABadFileBeforeStarting) {
  auto header = transfers_->start_person_import(Actor::system(), "name,email\nA,a@b\n");
  EXPECT_EQ(header.status().kind(), Status::Kind::kInvalid);
  std::vector<std::string> codes;
  for (const auto& e : header.status().errors()) codes.push_back(e.code);
  EXPECT_NE(std::find(codes.begin(), codes.end(), "csv.missing_columns"), codes.end());
  EXPECT_NE(std::find(codes.begin(), codes.end(), "csv.unknown_columns"), codes.end());
  auto empty = transfers_->start_person_import(Actor::system(), "");
  EXPECT_EQ(empty.status().code(), "empty_file");
  auto binary = transfers_->start_person_import(Actor::system(), std::string("na\0me\n", 6));
  EXPECT_EQ(binary.status().code(), "unknown_encoding");
  EXPECT_EQ(transfers_->get(Actor::system(), 1).status().code(), "import_not_found");
  EXPECT_EQ(persons(), 0);
}

TEST_F(TransferTest, AJobIsSeenOnlyByWhoStartedIt) {
  Actor a = worker(7, grid_a_);
  auto started =
      transfers_->start_person_import(a, "name,id_number,grid\nA," + resident_id(5) + ",GA\n");
  ASSERT_TRUE(started.ok());
  transfers_->wait_idle();
  EXPECT_TRUE(transfers_->get(a, started->id).ok());
  EXPECT_EQ(transfers_->get(worker(8, grid_a_), started->id).status().kind(),
            Status::Kind::kNotFound);
}

TEST_F(TransferTest, OneRunningImportPerAccount) {
  // A file large enough that the first job is still running when the second arrives.
  std::string csv = "name,id_number,grid\n";
  for (int i = 0; i < 20000; ++i) csv += "A,bad" + std::to_string(i) + ",GA\n";
  Actor a = worker(7, grid_a_);
  auto first = transfers_->start_person_import(a, csv);
  ASSERT_TRUE(first.ok());
  auto second = transfers_->start_person_import(a, csv);
  // Either still running (refused) or, on a very fast machine, already over.
  if (!second.ok()) {
    EXPECT_EQ(second.status().kind(), Status::Kind::kConflict);
    EXPECT_EQ(second.status().code(), "import_running");
  }
  // Another account is not held up.
  EXPECT_TRUE(transfers_->start_person_import(worker(8, grid_a_), "name,id_number,grid\n").ok());
  ImportJob job = finished(a, first->id);
  EXPECT_EQ(job.counts.rejected, 20000);
  EXPECT_EQ(job.problems.size(), TransferService::kMaxProblems);
  EXPECT_TRUE(job.problems_truncated);
}

TEST_F(TransferTest, ExportsTheJurisdictionAndAuditsIt) {
  auto started = transfers_->start_person_import(
      Actor::system(), "name,id_number,grid,address\n=HYPERLINK(\"x\")," + resident_id(6) +
                           ",GA,+1 road\nB," + resident_id(7) + ",GB,\n");
  ASSERT_TRUE(started.ok());
  ASSERT_EQ(finished(Actor::system(), started->id).counts.created, 2);

  auto table = transfers_->export_persons(worker(7, grid_a_), std::nullopt);
  ASSERT_TRUE(table.ok()) << table.status().to_string();
  ASSERT_EQ(table->rows.size(), 1u);
  EXPECT_EQ(table->columns.front(), "name");
  std::string csv = table_to_csv(*table);
  EXPECT_NE(csv.find("'=HYPERLINK"), std::string::npos);
  EXPECT_NE(csv.find("'+1 road"), std::string::npos);

  EXPECT_EQ(transfers_->export_persons(worker(7, grid_a_), grid_b_.id).status().kind(),
            Status::Kind::kNotFound);
  EXPECT_EQ(transfers_->export_persons(Actor::system(), street_.id)->rows.size(), 2u);

  int exports = 0;
  ASSERT_TRUE(store_->read([&](store::SqlConnection& conn) -> Status {
    return conn.query("SELECT COUNT(*) FROM audit_log WHERE action = 'person.export'", {},
                      [&](const store::SqlRow& r) { exports = static_cast<int>(r.int64(0)); });
  }).ok());
  EXPECT_EQ(exports, 2);
}

}  // namespace
}  // namespace cordon::service
