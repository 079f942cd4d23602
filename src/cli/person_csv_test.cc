#include "service/person_csv.h"

#include <gtest/gtest.h>

#include "cli/transfer_test_util.h"

namespace cordon::cli {

using service::GridNamer;
using service::PersonColumn;
using service::PersonCsvRow;
using service::GridResolver;
using service::PersonCsvHeader;
using service::person_row_from_record;
using service::person_to_record;
namespace {

using Fields = std::vector<std::string>;
using namespace cordon::cli::testing;

PersonCsvHeader header(const Fields& names) {
  auto h = PersonCsvHeader::parse(names);
  EXPECT_TRUE(h.ok()) << h.status().to_string();
  return h.ok() ? *h : PersonCsvHeader();
}

bool has_error(const Status& s, const std::string& field, const std::string& code) {
  for (const auto& e : s.errors())
    if (e.field == field && e.code == code) return true;
  return false;
}

TEST(PersonCsvHeader, MapsColumnsIgnoringCaseAndSpaces) {
  auto h = header({" Name ", "ID_NUMBER", "grid", "tags"});
  EXPECT_EQ(h.index(PersonColumn::kName), 0u);
  EXPECT_EQ(h.index(PersonColumn::kIdNumber), 1u);
  EXPECT_EQ(h.index(PersonColumn::kGrid), 2u);
  EXPECT_EQ(h.index(PersonColumn::kTags), 3u);
  EXPECT_FALSE(h.index(PersonColumn::kPhone));
  EXPECT_EQ(h.width(), 4u);
}

TEST(PersonCsvHeader, GridIdMayStandInForGrid) {
  EXPECT_TRUE(PersonCsvHeader::parse({"name", "id_number", "grid_id"}).ok());
}

TEST(PersonCsvHeader, TrailingEmptyNamesAreIgnored) {
  auto h = header({"name", "id_number", "grid", "", " "});
  EXPECT_EQ(h.width(), 3u);
}

TEST(PersonCsvHeader, UnknownColumnsAreNamed) {
  auto h = PersonCsvHeader::parse({"name", "id_number", "grid", "姓名", "email"});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), "csv.unknown_columns");
  const std::string& m = h.status().errors()[0].message;
  EXPECT_NE(m.find("'姓名', 'email'"), std::string::npos) << m;
  EXPECT_NE(m.find("accepted: name, id_type"), std::string::npos) << m;
}

TEST(PersonCsvHeader, MissingRequiredColumns) {
  auto h = PersonCsvHeader::parse({"name", "phone"});
  ASSERT_FALSE(h.ok());
  EXPECT_EQ(h.status().code(), "csv.missing_columns");
  EXPECT_EQ(h.status().errors()[0].message, "missing columns: id_number, grid (or grid_id)");
}

TEST(PersonCsvHeader, DuplicateAndUnnamedColumns) {
  auto h = PersonCsvHeader::parse({"name", "id_number", "", "grid", "NAME"});
  ASSERT_FALSE(h.ok());
  EXPECT_TRUE(has_error(h.status(), "", "csv.unnamed_column"));
  EXPECT_TRUE(has_error(h.status(), "name", "csv.duplicate_column"));
}

TEST(PersonRow, MapsCellsAndLeavesEmptyOnesAbsent) {
  auto h = header({"name", "id_type", "id_number", "sex", "birth_date", "phone", "grid",
                   "address", "tags"});
  auto row = person_row_from_record(
      h, {" 刘东升 ", "RESIDENT_ID", "1507821990", "", "", "13800138000", "G2", "3栋", "Elderly; pregnant|"});
  ASSERT_TRUE(row.ok()) << row.status().to_string();
  EXPECT_EQ(row->input.name, "刘东升");
  EXPECT_EQ(row->input.id_type, "resident_id");
  EXPECT_FALSE(row->input.sex);
  EXPECT_FALSE(row->input.birth_date);
  EXPECT_EQ(row->input.phone, "13800138000");
  EXPECT_EQ(row->grid, "G2");
  EXPECT_FALSE(row->grid_id);
  EXPECT_EQ(row->input.address, "3栋");
  EXPECT_EQ(row->input.tags, (std::vector<std::string>{"elderly", "pregnant"}));
}

TEST(PersonRow, ColumnCount) {
  auto h = header({"name", "id_number", "grid"});
  auto fewer = person_row_from_record(h, {"a", "b"});
  ASSERT_FALSE(fewer.ok());
  EXPECT_TRUE(has_error(fewer.status(), "", "column_count"));
  EXPECT_EQ(fewer.status().errors()[0].message, "expected 3 fields as in the header, found 2");
  EXPECT_FALSE(person_row_from_record(h, {"a", "b", "c", "d"}).ok());
  // Empty trailing cells, as spreadsheets write them, are fine.
  EXPECT_TRUE(person_row_from_record(h, {"a", "b", "c", "", " "}).ok());
}

TEST(PersonRow, GridIdMustBeAPositiveInteger) {
  auto h = header({"name", "id_number", "grid_id"});
  auto ok = person_row_from_record(h, {"a", "b", "42"});
  ASSERT_TRUE(ok.ok());
  EXPECT_EQ(ok->grid_id, 42);
  for (const char* bad : {"x", "4 2", "-1", "0", "12abc"}) {
    auto r = person_row_from_record(h, {"a", "b", bad});
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_TRUE(has_error(r.status(), "grid_id", "invalid")) << bad;
  }
}

TEST(PersonRow, AGridIsRequired) {
  auto h = header({"name", "id_number", "grid", "grid_id"});
  auto r = person_row_from_record(h, {"a", "b", "", ""});
  ASSERT_FALSE(r.ok());
  EXPECT_TRUE(has_error(r.status(), "grid", "required"));
}

TEST(PersonRow, SpreadsheetScientificNotationIsExplained) {
  auto h = header({"name", "id_number", "grid"});
  for (const char* mangled : {"1.50782E+17", "1.50782199003071E+17", "1.5e17"}) {
    auto r = person_row_from_record(h, {"a", mangled, "G2"});
    ASSERT_FALSE(r.ok()) << mangled;
    EXPECT_TRUE(has_error(r.status(), "id_number", "excel_number")) << mangled;
  }
  EXPECT_TRUE(person_row_from_record(h, {"a", "E12345678", "G2"}).ok());  // a passport
}

TEST(PersonRecord, ExportsEveryColumn) {
  Person p;
  p.name = "刘东升";
  p.id_type = DocumentType::kResidentId;
  p.id_number = "150782199003071234";
  p.sex = Sex::kMale;
  p.birth_date = *LocalDate::from_ymd(1990, 3, 7);
  p.phone = "13800138000";
  p.address = "3栋,2单元";
  p.tags = {"elderly", "lives_alone"};
  EXPECT_EQ(person_to_record(p, "G2"),
            (Fields{"刘东升", "resident_id", "150782199003071234", "male", "1990-03-07",
                    "13800138000", "G2", "3栋,2单元", "elderly;lives_alone"}));
  Person q;
  q.name = "X";
  q.id_type = DocumentType::kPassport;
  q.id_number = "E1234567";
  EXPECT_EQ(person_to_record(q, "a/b"),
            (Fields{"X", "passport", "E1234567", "", "", "", "a/b", "", ""}));
}

class GridLookupTest : public ::testing::Test {
 protected:
  void SetUp() override {
    rt_ = open_runtime(dir_.file("t.db"));
    ASSERT_TRUE(rt_);
    city_ = build_city(*rt_);
  }
  store::testing::TempDir dir_;
  std::unique_ptr<Runtime> rt_;
  TestCity city_;
};

TEST_F(GridLookupTest, ResolvesCodesAndPathsOnce) {
  GridResolver grids(rt_->places(), service::Actor::system());
  EXPECT_EQ(*grids.resolve("G2"), city_.grid2);
  EXPECT_EQ(*grids.resolve("牙克石市/胜利街道/胜利社区/网格1"), city_.grid1);
  EXPECT_EQ(*grids.resolve("牙克石市/胜利街道/胜利社区/网格2"), city_.grid2);
  std::size_t after_first = grids.lookups();
  for (int i = 0; i < 100; ++i) EXPECT_EQ(*grids.resolve("G2"), city_.grid2);
  EXPECT_EQ(grids.lookups(), after_first);
}

TEST_F(GridLookupTest, UnknownGridsAndNonGridsAreInvalid) {
  GridResolver grids(rt_->places(), service::Actor::system());
  auto missing = grids.resolve("牙克石市/胜利街道/别的社区/网格1");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().kind(), Status::Kind::kInvalid);
  EXPECT_TRUE(has_error(missing.status(), "grid", "grid_not_found"));
  EXPECT_NE(missing.status().message().find("别的社区"), std::string::npos);
  EXPECT_TRUE(has_error(grids.resolve("NOPE").status(), "grid", "grid_not_found"));
  EXPECT_TRUE(has_error(grids.resolve("/").status(), "grid", "grid_not_found"));
  auto community = grids.resolve("牙克石市/胜利街道/胜利社区");
  EXPECT_TRUE(has_error(community.status(), "grid", "not_a_grid"));
  EXPECT_NE(community.status().message().find("community"), std::string::npos);
  // Failures are cached too.
  std::size_t n = grids.lookups();
  (void)grids.resolve("NOPE");
  EXPECT_EQ(grids.lookups(), n);
}

TEST_F(GridLookupTest, StoreFailuresPassThroughUncached) {
  GridResolver grids(rt_->places(), service::Actor::system());
  rt_->store().close();
  auto r = grids.resolve("G2");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().kind(), Status::Kind::kInvalid);
  std::size_t n = grids.lookups();
  (void)grids.resolve("G2");
  EXPECT_EQ(grids.lookups(), n + 1);
}

TEST_F(GridLookupTest, NamesGridsByCodeElsePath) {
  GridNamer names(rt_->places(), service::Actor::system());
  EXPECT_EQ(*names.name(city_.grid2), "G2");
  EXPECT_EQ(*names.name(city_.grid1), "牙克石市/胜利街道/胜利社区/网格1");
  EXPECT_FALSE(names.name(999999).ok());
}

TEST_F(GridLookupTest, ByCodeRespectsTheJurisdiction) {
  auto all = rt_->places().by_code(service::Actor::system(), "G2");
  ASSERT_TRUE(all.ok());
  service::Actor elsewhere;
  elsewhere.jurisdiction_path = "/999/";
  EXPECT_EQ(rt_->places().by_code(elsewhere, "G2").status().code(), "node_not_found");
  EXPECT_EQ(rt_->places().by_code(service::Actor::system(), "nope").status().code(),
            "node_not_found");
}

}  // namespace
}  // namespace cordon::cli
