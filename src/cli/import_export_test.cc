// The import and export subcommands as a user types them: exit codes and what they print.
#include <gtest/gtest.h>

#include <CLI/CLI.hpp>
#include <cstdio>

#include "cli/commands.h"
#include "cli/transfer_test_util.h"

namespace cordon::cli {
namespace {

using namespace cordon::cli::testing;

class CommandTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_ = dir_.file("c.db");
    auto rt = open_runtime(db_);
    ASSERT_TRUE(rt);
    city_ = build_city(*rt);
    rt->store().close();
  }

  // Runs `cordon ARGS...` in process; returns the exit code. stdout and stderr are
  // captured into out_ and err_.
  int run(std::vector<std::string> args) {
    CLI::App app{"cordon"};
    app.require_subcommand(1);
    add_import_command(app);
    add_export_command(app);
    args.insert(args.begin(), "cordon");
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    std::fflush(stdout);
    ::testing::internal::CaptureStdout();
    ::testing::internal::CaptureStderr();
    int rc = 0;
    try {
      app.parse(static_cast<int>(argv.size()), argv.data());
    } catch (const CLI::Error& e) {
      rc = e.get_exit_code();
    }
    std::fflush(stdout);
    out_ = ::testing::internal::GetCapturedStdout();
    err_ = ::testing::internal::GetCapturedStderr();
    return rc;
  }

  std::string write_csv(const std::string& bytes) {
    std::string path = dir_.file("in.csv");
    write_file(path, bytes);
    return path;
  }

  store::testing::TempDir dir_;
  std::string db_;
  TestCity city_;
  std::string out_, err_;
};

TEST_F(CommandTest, ImportPrintsASummaryAndExitsZeroDespiteBadRows) {
  std::string path = write_csv("name,id_number,grid\n刘东升," + resident_id() +
                               ",G2\n坏,123,G2\n");
  std::string errors = dir_.file("bad.csv");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--errors", errors}), 0) << err_;
  EXPECT_NE(out_.find("rows read        2"), std::string::npos) << out_;
  EXPECT_NE(out_.find("created          1"), std::string::npos) << out_;
  EXPECT_NE(out_.find("already present  0"), std::string::npos) << out_;
  EXPECT_NE(out_.find("rejected         1  (see " + errors + ")"), std::string::npos) << out_;
  EXPECT_NE(out_.find("rows/s"), std::string::npos);
  EXPECT_NE(read_file(errors).find("\r\n3,id_number,"), std::string::npos) << read_file(errors);
  // Not a terminal: no progress bar.
  EXPECT_EQ(err_.find('\r'), std::string::npos) << err_;

  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--errors", errors}), 0);
  EXPECT_NE(out_.find("already present  1"), std::string::npos) << out_;
}

TEST_F(CommandTest, BulkOptionChoosesTheModeAndTheSummarySaysWhich) {
  std::string path = write_csv("name,id_number,grid\n刘东升," + resident_id() + ",G2\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--bulk", "on"}), 0) << err_;
  EXPECT_NE(out_.find("mode             bulk"), std::string::npos) << out_;
  EXPECT_NE(err_.find("search indexes rebuilt at the end"), std::string::npos) << err_;
  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--bulk", "OFF"}), 0) << err_;
  EXPECT_NE(out_.find("mode             chunked"), std::string::npos) << out_;
  EXPECT_NE(out_.find("already present  1"), std::string::npos) << out_;
  EXPECT_EQ(run({"import", "persons", path, "--db", db_}), 0) << err_;  // auto: a small file
  EXPECT_NE(out_.find("mode             chunked"), std::string::npos) << out_;
  EXPECT_NE(run({"import", "persons", path, "--db", db_, "--bulk", "maybe"}), 0);
  EXPECT_TRUE(out_.empty()) << out_;
}

// A failure partway says what it left: nothing in bulk mode, the chunks before it otherwise.
TEST_F(CommandTest, FailedImportsSayWhatTheyLeft) {
  {
    auto rt = open_runtime(db_);
    ASSERT_TRUE(rt);
    fail_person_inserts_named(rt->store(), "炸");
    rt->store().close();
  }
  std::string path = write_csv("name,id_number,grid\n刘东升," + resident_id("19900307", 1) +
                               ",G2\n炸," + resident_id("19900307", 2) + ",G2\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--bulk", "on"}), 1);
  EXPECT_NE(err_.find("bulk import failed"), std::string::npos) << err_;
  EXPECT_NE(err_.find("nothing of the file was stored"), std::string::npos) << err_;
  EXPECT_EQ(run({"import", "persons", path, "--db", db_, "--bulk", "off", "--batch", "1"}), 1);
  EXPECT_NE(err_.find("the rows committed before it stay"), std::string::npos) << err_;
}

TEST_F(CommandTest, GbkImportSaysItConverted) {
  std::string path =
      write_csv("name,id_number,grid\n\xC1\xF5\xB6\xAB\xC9\xFD," + resident_id() + ",G2\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_}), 0) << err_;
  EXPECT_NE(err_.find("converted from GB18030/GBK"), std::string::npos) << err_;
}

TEST_F(CommandTest, RefusalsExitTwoWithAMessage) {
  EXPECT_EQ(run({"import", "persons", dir_.file("missing.csv"), "--db", db_}), 2);
  EXPECT_NE(err_.find("missing.csv"), std::string::npos) << err_;

  std::string path = write_csv("name,id_number,grid,email\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_}), 2);
  EXPECT_NE(err_.find("unknown column 'email'"), std::string::npos) << err_;

  write_csv("name,id_number,grid\ncaf\xE9,1,G2\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", db_}), 2);
  EXPECT_NE(err_.find("is neither UTF-8 nor GBK"), std::string::npos) << err_;
  EXPECT_TRUE(out_.empty()) << out_;
}

TEST_F(CommandTest, ExportWritesCsvToStdoutOrAFile) {
  std::string path = write_csv("name,id_number,grid\n刘东升," + resident_id() + ",G2\n");
  ASSERT_EQ(run({"import", "persons", path, "--db", db_}), 0) << err_;

  EXPECT_EQ(run({"export", "persons", "--db", db_, "--no-bom"}), 0) << err_;
  EXPECT_EQ(out_, "name,id_type,id_number,sex,birth_date,phone,grid,address,tags\r\n"
                  "刘东升,resident_id," + resident_id() + ",male,1990-03-07,,G2,,\r\n");
  EXPECT_NE(err_.find("exported 1 persons"), std::string::npos) << err_;

  std::string out = dir_.file("out.csv");
  EXPECT_EQ(run({"export", "persons", "--db", db_, "--out", out, "--jurisdiction",
                 std::to_string(city_.grid1)}),
            0);
  EXPECT_EQ(read_file(out),
            "\xEF\xBB\xBFname,id_type,id_number,sex,birth_date,phone,grid,address,tags\r\n");
}

TEST_F(CommandTest, ExportOfAnUnknownJurisdictionExitsTwo) {
  EXPECT_EQ(run({"export", "persons", "--db", db_, "--jurisdiction", "999999"}), 2);
  EXPECT_NE(err_.find("jurisdiction"), std::string::npos) << err_;
  EXPECT_TRUE(out_.empty()) << out_;
}

TEST_F(CommandTest, AnUnopenableDatabaseExitsOne) {
  std::string path = write_csv("name,id_number,grid\n");
  EXPECT_EQ(run({"import", "persons", path, "--db", dir_.file("no/such/dir/x.db")}), 1);
  EXPECT_FALSE(err_.empty());
}

}  // namespace
}  // namespace cordon::cli
