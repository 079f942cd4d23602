// End to end: import_persons and export_persons against a real SQLite file.
#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <sstream>
#include <thread>

#include "service/csv.h"
#include "cli/person_export.h"
#include "cli/person_import.h"
#include "cli/transfer_test_util.h"
#include "store/audit.h"
#include "store/persons.h"

namespace cordon::cli {

using service::CsvReader;
using service::CsvRecord;
using service::StringSource;
using service::TextEncoding;
namespace {

using namespace cordon::cli::testing;

// One row of an errors file.
struct Problem {
  int64_t line;
  std::string field, code;
};

std::vector<Problem> read_problems(const std::string& path) {
  StringSource source(read_file(path));
  CsvReader reader(source);
  CsvRecord r;
  std::vector<Problem> out;
  auto first = reader.next(r);
  EXPECT_TRUE(first.ok() && *first);
  EXPECT_EQ(r.fields, (std::vector<std::string>{"line", "field", "code", "message"}));
  while (*reader.next(r)) out.push_back({std::stoll(r.fields[0]), r.fields[1], r.fields[2]});
  return out;
}

class TransferTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_ = open_runtime(dir_.file("a.db"));
    ASSERT_TRUE(rt_);
    city_ = build_city(*rt_);
  }

  using Bulk = PersonImportOptions::Bulk;

  Result<PersonImportReport> import(const std::string& csv_bytes, std::size_t chunk = 2000,
                                    Runtime* rt = nullptr, Bulk bulk = Bulk::kAuto) {
    std::string path = dir_.file("in.csv");
    write_file(path, csv_bytes);
    return import_file(path, chunk, rt, bulk);
  }
  Result<PersonImportReport> import_file(const std::string& path, std::size_t chunk = 2000,
                                         Runtime* rt = nullptr, Bulk bulk = Bulk::kAuto) {
    PersonImportOptions o;
    o.path = path;
    o.chunk_rows = chunk;
    o.bulk = bulk;
    std::ostringstream sink;
    ProgressBar bar(sink, false);
    return import_persons(rt ? *rt : *rt_, o, bar);
  }

  // Every index of the persons table as sqlite_master holds it: "name: sql".
  std::vector<std::string> person_indexes(Runtime& rt) {
    std::vector<std::string> out;
    EXPECT_TRUE(rt.store().read([&](store::SqlConnection& c) -> Status {
      return c.query("SELECT name, coalesce(sql, '') FROM sqlite_master WHERE type = 'index' "
                     "AND tbl_name = 'persons' ORDER BY name",
                     {}, [&](const store::SqlRow& r) {
                       out.push_back(r.text(0) + ": " + r.text(1));
                     });
    }).ok());
    return out;
  }

  // The details of the "person.import" audit entries, oldest first.
  std::vector<std::string> import_audit(Runtime& rt) {
    store::AuditFilter f;
    f.action = "person.import";
    std::vector<store::AuditEntry> entries;
    EXPECT_TRUE(rt.store().read([&](store::SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(entries, store::list_audit(c, f, 0, 1000));
      return Status();
    }).ok());
    std::vector<std::string> out;
    for (auto it = entries.rbegin(); it != entries.rend(); ++it) out.push_back(it->detail);
    return out;
  }

  int64_t count(Runtime& rt) {
    int64_t n = -1;
    EXPECT_TRUE(rt.store().read([&](store::SqlConnection& c) -> Status {
      CORDON_ASSIGN_OR_RETURN(n, store::count_persons(c));
      return Status();
    }).ok());
    return n;
  }

  std::vector<Person> all_persons(Runtime& rt) {
    service::PersonListQuery q;
    q.limit = "500";
    auto page = rt.persons().list(service::Actor::system(), q);
    EXPECT_TRUE(page.ok());
    return page.ok() ? page->items : std::vector<Person>{};
  }

  store::testing::TempDir dir_;
  std::unique_ptr<Runtime> rt_;
  TestCity city_;
};

TEST_F(TransferTest, ImportsGoodRowsAndReportsBadOnesWithLineNumbers) {
  std::string bad_checksum = resident_id("19900307", 123);
  bad_checksum.back() = bad_checksum.back() == '0' ? '1' : '0';
  std::string csv =
      "name,id_number,grid,phone,address,tags\r\n"                                  // 1
      "刘东升," + resident_id("19900307", 123) + ",G2,13800138000,3栋,elderly\r\n"  // 2: ok
      "王芳," + resident_id("19850101", 2) +
      ",牙克石市/胜利街道/胜利社区/网格1,,\"4栋\r\n2单元\",\r\n"                  // 3-4: ok
      "坏号码," + bad_checksum + ",G2,,,\r\n"                                        // 5
      "无网格," + resident_id("19700101", 5) + ",网格9,,,\r\n"                      // 6
      "少列," + resident_id("19700101", 7) + "\r\n"                                 // 7
      "多行," + resident_id("19700101", 9) + ",G2,123,\"a\nb\nc\",\r\n"            // 8-10
      "李四," + resident_id("19700101", 11) + ",G2,,,\"bad\"x\r\n"                  // 11
      ",,G2,,,\r\n"                                                                 // 12
      "张三," + resident_id("19700101", 13) + ",G2,,,unknown_tag\r\n";              // 13
  auto report = import(csv, 3);  // small chunks: problems in several chunks
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->rows_read, 9);
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->existing, 0);
  EXPECT_EQ(report->rejected, 7);
  EXPECT_EQ(count(*rt_), 2);

  auto problems = read_problems(report->errors_path);
  EXPECT_EQ(report->errors_path, dir_.file("in.csv") + ".errors.csv");
  std::vector<std::pair<int64_t, std::string>> got;
  for (const auto& p : problems) got.push_back({p.line, p.field + ":" + p.code});
  std::vector<std::pair<int64_t, std::string>> want = {
      {5, "id_number:id_number.checksum"},
      {6, "grid:grid_not_found"},
      {7, ":column_count"},
      {8, "phone:phone.invalid"},
      {11, ":csv.malformed"},
      {12, "id_number:required"},
      {13, "tags:unknown_tag"},
  };
  ASSERT_EQ(got.size(), want.size());
  for (std::size_t i = 0; i < want.size(); ++i) {
    EXPECT_EQ(got[i].first, want[i].first) << i;
    EXPECT_EQ(got[i].second, want[i].second) << i;
  }

  auto persons = all_persons(*rt_);
  ASSERT_EQ(persons.size(), 2u);
  EXPECT_EQ(persons[0].name, "刘东升");
  EXPECT_EQ(persons[0].grid_id, city_.grid2);
  EXPECT_EQ(persons[0].tags, (std::vector<std::string>{"elderly"}));
  EXPECT_EQ(persons[1].grid_id, city_.grid1);
  EXPECT_EQ(persons[1].address, "4栋\r\n2单元");
}

TEST_F(TransferTest, RerunningTheSameFileCreatesNothing) {
  std::string csv = "name,id_number,grid\n";
  for (int i = 1; i <= 25; ++i)
    csv += "人" + std::to_string(i) + "," + resident_id("19800101", i) + ",G2\n";
  csv += "重复," + resident_id("19800101", 1) + ",G2\n";  // same document twice in the file
  auto first = import(csv, 10);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->created, 25);
  EXPECT_EQ(first->existing, 1);
  auto second = import(csv, 7);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(second->rows_read, 26);
  EXPECT_EQ(second->created, 0);
  EXPECT_EQ(second->existing, 26);
  EXPECT_EQ(second->rejected, 0);
  EXPECT_EQ(count(*rt_), 25);
  EXPECT_TRUE(read_problems(second->errors_path).empty());
}

TEST_F(TransferTest, GridIdColumnAndItsContradictions) {
  std::string csv = "name,id_number,grid,grid_id\n"
                    "a," + resident_id("19800101", 1) + ",," + std::to_string(city_.grid1) + "\n"
                    "b," + resident_id("19800101", 2) + ",G2," + std::to_string(city_.grid2) + "\n"
                    "c," + resident_id("19800101", 3) + ",G2," + std::to_string(city_.grid1) + "\n"
                    "d," + resident_id("19800101", 4) + ",,999999\n"
                    "e," + resident_id("19800101", 5) + ",," + std::to_string(city_.street) + "\n";
  auto report = import(csv);
  ASSERT_TRUE(report.ok());
  EXPECT_EQ(report->created, 2);
  auto problems = read_problems(report->errors_path);
  ASSERT_EQ(problems.size(), 3u);
  EXPECT_EQ(problems[0].line, 4);
  EXPECT_EQ(problems[0].code, "contradicts_grid");
  EXPECT_EQ(problems[1].line, 5);
  EXPECT_EQ(problems[1].code, "grid_not_found");
  EXPECT_EQ(problems[2].line, 6);
  EXPECT_EQ(problems[2].code, "not_a_grid");
}

TEST_F(TransferTest, GbkFileIsConvertedAndImported) {
  // "name,id_number,grid\r\n刘东升,<id>,G2\r\n" with the name in GBK bytes.
  std::string csv = "name,id_number,grid\r\n\xC1\xF5\xB6\xAB\xC9\xFD," +
                    resident_id("19900307", 123) + ",G2\r\n";
  auto report = import(csv);
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->encoding, TextEncoding::kGb18030);
  EXPECT_EQ(report->created, 1);
  auto persons = all_persons(*rt_);
  ASSERT_EQ(persons.size(), 1u);
  EXPECT_EQ(persons[0].name, "刘东升");
}

TEST_F(TransferTest, BomIsStrippedFromTheHeader) {
  auto report = import("\xEF\xBB\xBFname,id_number,grid\n刘东升," + resident_id() + ",G2\n");
  ASSERT_TRUE(report.ok()) << report.status().to_string();
  EXPECT_EQ(report->created, 1);
}

TEST_F(TransferTest, RefusalsWriteNothing) {
  struct Case {
    std::string bytes, code, in_message;
  };
  std::string row = "刘东升," + resident_id() + ",G2\n";
  std::vector<Case> cases = {
      {"name,id_number,grid,email\n" + row, "csv.unknown_columns", "'email'"},
      {"name,grid\n" + row, "csv.missing_columns", "id_number"},
      {"", "empty_file", "is empty"},
      {"\"name,id_number,grid\n" + row, "csv.malformed_header", "never closed"},
      {"name,id_number,grid\ncaf\xE9," + resident_id() + ",G2\n", "unknown_encoding",
       "neither UTF-8 nor GBK"},
  };
  for (const auto& c : cases) {
    auto report = import(c.bytes);
    ASSERT_FALSE(report.ok()) << c.code;
    EXPECT_EQ(report.status().kind(), Status::Kind::kInvalid) << c.code;
    EXPECT_EQ(report.status().code(), c.code);
    EXPECT_NE(report.status().message().find(c.in_message), std::string::npos)
        << report.status().message();
    EXPECT_NE(report.status().message().find("in.csv"), std::string::npos)
        << report.status().message();
  }
  EXPECT_EQ(count(*rt_), 0);
  auto missing = import_file(dir_.file("missing.csv"));
  EXPECT_EQ(missing.status().kind(), Status::Kind::kNotFound);
}

TEST_F(TransferTest, UnwritableErrorsFileIsARefusal) {
  write_file(dir_.file("in.csv"), "name,id_number,grid\n刘东升," + resident_id() + ",G2\n");
  PersonImportOptions o;
  o.path = dir_.file("in.csv");
  o.errors_path = dir_.file("no/such/dir/errors.csv");
  std::ostringstream sink;
  ProgressBar bar(sink, false);
  auto report = import_persons(*rt_, o, bar);
  ASSERT_FALSE(report.ok());
  EXPECT_EQ(report.status().code(), "errors_file_unwritable");
  EXPECT_EQ(count(*rt_), 0);
}

TEST_F(TransferTest, StoreFailurePartwayIsNotARefusal) {
  auto report = (rt_->store().close(),
                 import("name,id_number,grid_id\n刘东升," + resident_id() + "," +
                        std::to_string(city_.grid1) + "\n"));
  ASSERT_FALSE(report.ok());
  EXPECT_NE(report.status().kind(), Status::Kind::kInvalid);
  EXPECT_NE(report.status().kind(), Status::Kind::kNotFound);
}

// `n` rows with every kind of outcome spread through the file: created, already stored,
// repeated within the file, and rejected while reading (malformed record, unknown grid,
// a community instead of a grid) or by validation (checksum, phone, no document).
std::string mixed_csv(int n) {
  std::string csv = "name,id_number,grid,phone\n";
  for (int i = 1; i <= n; ++i) {
    char birth[9];
    std::snprintf(birth, sizeof birth, "198001%02d", 1 + i / 1000);
    std::string id = resident_id(birth, i % 1000);
    std::string grid = i % 2 ? "G2" : "牙克石市/胜利街道/胜利社区/网格1";
    std::string phone = "138" + std::to_string(10000000 + i);
    if (i % 11 == 0) id = resident_id(birth, (i - 1) % 1000);   // repeats the row before
    if (i % 13 == 0) grid = "网格9";                              // no such grid
    if (i % 17 == 0) id.back() = id.back() == '0' ? '1' : '0';  // bad check digit
    if (i % 19 == 0) phone = "123";                             // bad phone
    if (i % 23 == 0) id.clear();                                // no document
    if (i % 29 == 0) grid = "牙克石市/胜利街道/胜利社区";         // not a grid
    if (i % 31 == 0) {
      csv += "坏,\"" + id + "\"x,G2,\n";  // malformed record
      continue;
    }
    csv += "人" + std::to_string(i) + "," + id + "," + grid + "," + phone + "\n";
  }
  return csv;
}

// Bulk and chunked imports of one file into two databases holding the same persons give
// the same persons, the same counts, a byte-identical errors file and the same audit
// entries: with chunks of several batches (25,000 rows, batches of 10,000) and with many
// small chunks.
TEST_F(TransferTest, BulkImportGivesWhatAChunkedImportGives) {
  struct Case {
    int rows;
    std::size_t chunk;
  };
  for (Case c : {Case{10500, 25000}, Case{2000, 700}}) {
    SCOPED_TRACE(c.rows);
    store::testing::TempDir dir;
    std::string csv = mixed_csv(c.rows);
    write_file(dir.file("in.csv"), csv);
    // Both databases already hold row 5's person, and the same place tree.
    std::string already = "name,id_number,grid\n先来," + resident_id("19800101", 5) + ",G2\n";
    write_file(dir.file("already.csv"), already);
    std::vector<std::string> errors, exports;
    std::vector<std::vector<std::string>> audits;
    std::vector<PersonImportReport> reports;
    for (Bulk bulk : {Bulk::kOff, Bulk::kOn}) {
      auto rt = open_runtime(dir.file(bulk == Bulk::kOn ? "bulk.db" : "chunked.db"));
      ASSERT_TRUE(rt);
      build_city(*rt);
      ASSERT_TRUE(import_file(dir.file("already.csv"), 2000, rt.get(), Bulk::kOff).ok());
      PersonImportOptions o;
      o.path = dir.file("in.csv");
      o.errors_path = dir.file(bulk == Bulk::kOn ? "bulk.errors.csv" : "chunked.errors.csv");
      o.chunk_rows = c.chunk;
      o.bulk = bulk;
      std::ostringstream sink;
      ProgressBar bar(sink, false);
      auto report = import_persons(*rt, o, bar);
      ASSERT_TRUE(report.ok()) << report.status().to_string();
      EXPECT_EQ(report->bulk, bulk == Bulk::kOn);
      reports.push_back(*report);
      errors.push_back(read_file(o.errors_path));
      audits.push_back(import_audit(*rt));
      PersonExportOptions eo;
      eo.out = dir.file("export.csv");
      ASSERT_TRUE(export_persons(*rt, eo, bar).ok());
      exports.push_back(read_file(eo.out));
      EXPECT_EQ(person_indexes(*rt).size(), 6u);  // five search indexes and the document's
    }
    EXPECT_EQ(reports[0].rows_read, c.rows);
    EXPECT_GT(reports[0].created, c.rows / 2);
    EXPECT_GT(reports[0].existing, c.rows / 25);
    EXPECT_GT(reports[0].rejected, c.rows / 5);
    EXPECT_EQ(reports[1].rows_read, reports[0].rows_read);
    EXPECT_EQ(reports[1].created, reports[0].created);
    EXPECT_EQ(reports[1].existing, reports[0].existing);
    EXPECT_EQ(reports[1].rejected, reports[0].rejected);
    EXPECT_GT(errors[0].size(), 1000u);
    EXPECT_TRUE(errors[1] == errors[0]) << "the errors files differ";
    EXPECT_TRUE(exports[1] == exports[0]) << "the persons differ";
    EXPECT_EQ(audits[1], audits[0]);
    // One entry for the file of already stored persons, then one per chunk.
    EXPECT_EQ(audits[0].size(), 1 + (c.rows + c.chunk - 1) / c.chunk);
  }
}

// A bulk import that fails partway (an insert fails in its third chunk, after the indexes
// were dropped and two chunks went in) leaves the database exactly as it was: the same
// persons, every index as sqlite_master held it, no audit entry. A chunked import of the
// same file keeps the chunks before the failure.
TEST_F(TransferTest, FailedBulkImportLeavesTheDatabaseAsItWas) {
  ASSERT_TRUE(import("name,id_number,grid\n先来," + resident_id("19700101", 1) + ",G2\n").ok());
  fail_person_inserts_named(rt_->store(), "炸");
  const auto indexes = person_indexes(*rt_);
  ASSERT_EQ(indexes.size(), 6u);
  const auto audit = import_audit(*rt_);
  std::string csv = "name,id_number,grid\n";
  for (int i = 1; i <= 1500; ++i)
    csv += std::string(i == 1200 ? "炸" : "人") + "," +
           resident_id(i < 1000 ? "19800101" : "19800102", i % 1000) + ",G2\n";
  auto bulk = import(csv, 500, nullptr, Bulk::kOn);
  ASSERT_FALSE(bulk.ok());
  EXPECT_EQ(bulk.status().code(), "constraint_violation");
  EXPECT_NE(bulk.status().message().find("injected failure"), std::string::npos)
      << bulk.status().message();
  EXPECT_EQ(count(*rt_), 1);
  EXPECT_EQ(person_indexes(*rt_), indexes);
  EXPECT_EQ(import_audit(*rt_), audit);

  auto chunked = import(csv, 500, nullptr, Bulk::kOff);
  ASSERT_FALSE(chunked.ok());
  EXPECT_EQ(count(*rt_), 1 + 1000);
  EXPECT_EQ(person_indexes(*rt_), indexes);
}

// auto goes bulk on SQLite for a file of at least 20,000 rows (line breaks minus the
// header) that is at least a quarter of the persons stored; on and off decide alone.
TEST_F(TransferTest, AutoChoosesBulkForLargeFiles) {
  PersonImportOptions o;
  o.path = dir_.file("big.csv");
  std::string lines = "name,id_number,grid\n";
  for (int i = 0; i < 19999; ++i) lines += "x\n";
  write_file(o.path, lines);
  EXPECT_FALSE(*bulk_pays(*rt_, o));
  write_file(o.path, lines + "x\n");
  EXPECT_TRUE(*bulk_pays(*rt_, o));
  o.bulk = Bulk::kOff;
  EXPECT_FALSE(*bulk_pays(*rt_, o));
  o.bulk = Bulk::kOn;
  o.path = dir_.file("small.csv");
  write_file(o.path, "name,id_number,grid\n");
  EXPECT_TRUE(*bulk_pays(*rt_, o));
  o.bulk = Bulk::kAuto;
  EXPECT_FALSE(*bulk_pays(*rt_, o));
  o.path = dir_.file("missing.csv");
  EXPECT_EQ(bulk_pays(*rt_, o).status().code(), "file_not_found");
}

// While another process has the database open (here a Python sqlite3 connection standing
// in for a running server), auto imports in chunks and --bulk on is refused, naming it.
TEST_F(TransferTest, BulkWaitsForTheDatabaseToBeIdle) {
  PersonImportOptions o;
  o.path = dir_.file("big.csv");
  o.database = dir_.file("a.db");
  std::string lines = "name,id_number,grid\n";
  for (int i = 0; i < 20000; ++i) lines += "x\n";
  write_file(o.path, lines);
  EXPECT_TRUE(*bulk_pays(*rt_, o)) << "this process's own connections do not count";

  std::string opened = dir_.file("opened");
  std::string command = "python3 -c \"import sqlite3, sys; c = sqlite3.connect(sys.argv[1]); "
                        "c.execute('SELECT COUNT(*) FROM persons').fetchall(); "
                        "open(sys.argv[2], 'w').close(); sys.stdin.read()\" " +
                        o.database + " " + opened;
  std::FILE* other = ::popen(command.c_str(), "w");
  ASSERT_NE(other, nullptr);
  for (int i = 0; i < 500 && !std::filesystem::exists(opened); ++i)
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  ASSERT_TRUE(std::filesystem::exists(opened)) << "the other process did not open the database";
  EXPECT_FALSE(*bulk_pays(*rt_, o));
  o.bulk = Bulk::kOn;
  auto refused = bulk_pays(*rt_, o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "database_in_use");
  EXPECT_NE(refused.status().message().find("process "), std::string::npos)
      << refused.status().message();
  o.bulk = Bulk::kOff;
  EXPECT_FALSE(*bulk_pays(*rt_, o));
  ::pclose(other);  // its stdin ends, it closes the database and exits

  o.bulk = Bulk::kOn;
  EXPECT_TRUE(*bulk_pays(*rt_, o));
  o.bulk = Bulk::kAuto;
  EXPECT_TRUE(*bulk_pays(*rt_, o));
}

TEST_F(TransferTest, ProgressIsDrawnOnATerminalOnly) {
  std::string csv = "name,id_number,grid\n";
  for (int i = 1; i <= 50; ++i) csv += "人," + resident_id("19800101", i) + ",G2\n";
  write_file(dir_.file("in.csv"), csv);
  // In bulk mode the bar is drawn from the store's writer thread, batch by batch, too.
  for (Bulk bulk : {Bulk::kOff, Bulk::kOn}) {
    PersonImportOptions o;
    o.path = dir_.file("in.csv");
    o.chunk_rows = 10;
    o.bulk = bulk;
    std::ostringstream out;
    double now = 0;
    ProgressBar bar(out, true, [&] { return now += 1; });
    auto report = import_persons(*rt_, o, bar);
    ASSERT_TRUE(report.ok());
    EXPECT_NE(out.str().find("100.0%  50 rows"), std::string::npos) << out.str();
    EXPECT_GT(bar.draws(), 5);  // one a batch of 10 rows, and the last
  }
}

TEST_F(TransferTest, ExportThenImportIntoAFreshDatabaseGivesTheSamePersons) {
  std::string csv =
      "name,id_type,id_number,sex,birth_date,phone,grid,address,tags\n"
      "刘东升,resident_id," + resident_id("19900307", 123) + ",,,13800138000,G2,\"3栋, 2单元\",elderly;lives_alone\n"
      "\"O'Brien \"\"Jack\"\"\",passport,E1234567,male,1970-05-06,,牙克石市/胜利街道/胜利社区/网格1,\"line1\nline2\",\n"
      "王芳,other,港澳通行证C123,female,,,G2,,pregnant\n";
  auto imported = import(csv);
  ASSERT_TRUE(imported.ok()) << imported.status().to_string();
  ASSERT_EQ(imported->created, 3) << read_file(imported->errors_path);

  PersonExportOptions eo;
  eo.out = dir_.file("out.csv");
  std::ostringstream sink;
  ProgressBar bar(sink, false);
  auto exported = export_persons(*rt_, eo, bar);
  ASSERT_TRUE(exported.ok()) << exported.status().to_string();
  EXPECT_EQ(exported->rows, 3);
  std::string text = read_file(eo.out);
  EXPECT_TRUE(text.starts_with("\xEF\xBB\xBFname,id_type,id_number,sex,birth_date,phone,grid,"
                               "address,tags\r\n"));
  EXPECT_NE(text.find(",G2,"), std::string::npos);
  EXPECT_NE(text.find(",牙克石市/胜利街道/胜利社区/网格1,"), std::string::npos);

  auto fresh = open_runtime(dir_.file("b.db"));
  ASSERT_TRUE(fresh);
  build_city(*fresh);
  auto again = import_file(eo.out, 2000, fresh.get());
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_EQ(again->created, 3) << read_file(again->errors_path);

  auto a = all_persons(*rt_), b = all_persons(*fresh);
  ASSERT_EQ(a.size(), b.size());
  for (std::size_t i = 0; i < a.size(); ++i) {
    EXPECT_EQ(a[i].name, b[i].name);
    EXPECT_EQ(a[i].id_type, b[i].id_type);
    EXPECT_EQ(a[i].id_number, b[i].id_number);
    EXPECT_EQ(a[i].sex, b[i].sex);
    EXPECT_EQ(a[i].birth_date, b[i].birth_date);
    EXPECT_EQ(a[i].phone, b[i].phone);
    EXPECT_EQ(a[i].grid_id, b[i].grid_id);  // same tree built in the same order
    EXPECT_EQ(a[i].address, b[i].address);
    EXPECT_EQ(a[i].tags, b[i].tags);
  }
}

TEST_F(TransferTest, ExportWithoutBomAndByJurisdictionPagesThrough) {
  std::string csv = "name,id_number,grid\n";
  int64_t in_grid2 = 0;
  for (int i = 1; i <= 1200; ++i) {  // more than two pages of 500
    csv += "人" + std::to_string(i) + "," +
           resident_id(i <= 1000 ? "19800101" : "19800102", i % 1000) + "," +
           (i % 3 == 0 ? "G2" : "牙克石市/胜利街道/胜利社区/网格1") + "\n";
    in_grid2 += i % 3 == 0;
  }
  auto imported = import(csv);
  ASSERT_TRUE(imported.ok());
  ASSERT_EQ(imported->created, 1200) << read_file(imported->errors_path);

  PersonExportOptions eo;
  eo.out = dir_.file("grid2.csv");
  eo.bom = false;
  eo.jurisdiction_id = city_.grid2;
  std::ostringstream sink;
  ProgressBar bar(sink, false);
  auto exported = export_persons(*rt_, eo, bar);
  ASSERT_TRUE(exported.ok());
  EXPECT_EQ(exported->rows, in_grid2);
  std::string text = read_file(eo.out);
  EXPECT_TRUE(text.starts_with("name,"));

  eo.out = dir_.file("all.csv");
  eo.jurisdiction_id = city_.city;
  auto all = export_persons(*rt_, eo, bar);
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->rows, 1200);
  std::string all_text = read_file(eo.out);
  EXPECT_EQ(std::count(all_text.begin(), all_text.end(), '\n'), 1201);
}

TEST_F(TransferTest, ExportFailures) {
  std::ostringstream sink;
  ProgressBar bar(sink, false);
  PersonExportOptions eo;
  eo.out = dir_.file("x.csv");
  eo.jurisdiction_id = 999999;
  auto unknown = export_persons(*rt_, eo, bar);
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.status().kind(), Status::Kind::kInvalid);
  EXPECT_FALSE(std::ifstream(eo.out).good());
  EXPECT_FALSE(std::ifstream(eo.out + ".partial").good());

  eo.jurisdiction_id.reset();
  eo.out = dir_.file("no/such/dir/x.csv");
  auto unwritable = export_persons(*rt_, eo, bar);
  ASSERT_FALSE(unwritable.ok());
  EXPECT_EQ(unwritable.status().code(), "write_failed");
}

TEST_F(TransferTest, ExportShowsPercentOfTheWholeTable) {
  ASSERT_TRUE(import("name,id_number,grid\n刘东升," + resident_id() + ",G2\n").ok());
  std::ostringstream out;
  double now = 0;
  ProgressBar bar(out, true, [&] { return now += 1; });
  PersonExportOptions eo;
  eo.out = dir_.file("x.csv");
  ASSERT_TRUE(export_persons(*rt_, eo, bar).ok());
  EXPECT_NE(out.str().find("100.0%  1 rows"), std::string::npos) << out.str();
}

}  // namespace
}  // namespace cordon::cli
