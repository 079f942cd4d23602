#include "service/table_export.h"

#include <gtest/gtest.h>

namespace cordon::service {
namespace {

TEST(TableExport, NeutralizesFormulaStarts) {
  for (const char* bad : {"=1+1", "+86 138", "-2", "@SUM(A1)", "\tx", "\rx"})
    EXPECT_EQ(neutralize_formula(bad), std::string("'") + bad);
  for (const char* ok : {"刘东升", "1=1", "", "a-b"}) EXPECT_EQ(neutralize_formula(ok), ok);
}

TEST(TableExport, CsvQuotesAndNeutralizesButLeavesGeneratedColumns) {
  ExportTable t;
  t.columns = {"floor", "name"};
  t.generated = {true, false};
  t.rows = {{"-1", "=HYPERLINK(\"x\")"}, {"2", "王, 五"}};
  EXPECT_EQ(table_to_csv(t),
            "\xEF\xBB\xBF"
            "floor,name\r\n-1,\"'=HYPERLINK(\"\"x\"\")\"\r\n2,\"王, 五\"\r\n");
}

TEST(TableExport, XlsxIsAZipWorkbookWithTheNeutralizedCell) {
  ExportTable t;
  t.title = "roster";
  t.columns = {"name"};
  t.rows = {{"=cmd|' /C calc'!A0"}};
  auto bytes = table_to_xlsx(t);
  ASSERT_TRUE(bytes.ok()) << bytes.status().to_string();
  ASSERT_GT(bytes->size(), 100u);
  EXPECT_EQ(bytes->substr(0, 2), "PK");
}

TEST(TableExport, FormatNames) {
  EXPECT_EQ(*parse_export_format("xlsx"), ExportFormat::kXlsx);
  EXPECT_EQ(parse_export_format("pdf").status().errors()[0].field, "format");
}

}  // namespace
}  // namespace cordon::service
