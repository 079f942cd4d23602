#include "service/table_export.h"

#include <unistd.h>

#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>

#include "service/csv.h"
#include "service/xlsx_table.h"

namespace cordon::service {

Result<ExportFormat> parse_export_format(std::string_view text) {
  if (text == "csv") return ExportFormat::kCsv;
  if (text == "xlsx") return ExportFormat::kXlsx;
  return Status::invalid_field("format", "invalid_format", "format must be csv or xlsx");
}

const char* export_content_type(ExportFormat f) {
  return f == ExportFormat::kCsv
             ? "text/csv; charset=utf-8"
             : "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";
}

const char* export_extension(ExportFormat f) { return f == ExportFormat::kCsv ? "csv" : "xlsx"; }

std::string neutralize_formula(std::string_view text) {
  if (!text.empty() && (text[0] == '=' || text[0] == '+' || text[0] == '-' || text[0] == '@' ||
                        text[0] == '\t' || text[0] == '\r'))
    return "'" + std::string(text);
  return std::string(text);
}

namespace {

void append_row(std::string& out, const std::vector<std::string>& fields) {
  for (size_t i = 0; i < fields.size(); ++i) {
    if (i) out += ',';
    append_csv_field(out, fields[i]);
  }
  out += "\r\n";
}

// The cells of a row as written: neutralized unless the column is cordon's own.
std::vector<std::string> safe_row(const ExportTable& table, const std::vector<std::string>& row) {
  std::vector<std::string> out;
  out.reserve(row.size());
  for (size_t i = 0; i < row.size(); ++i) {
    bool generated = i < table.generated.size() && table.generated[i];
    out.push_back(generated ? row[i] : neutralize_formula(row[i]));
  }
  return out;
}

}  // namespace

std::string table_to_csv(const ExportTable& table) {
  std::string out = "\xEF\xBB\xBF";
  append_row(out, table.columns);
  for (const auto& row : table.rows) append_row(out, safe_row(table, row));
  return out;
}

Result<std::string> table_to_xlsx(const ExportTable& table) {
  std::random_device rd;
  std::filesystem::path path = std::filesystem::temp_directory_path() /
                               ("cordon-export-" + std::to_string(::getpid()) + "-" +
                                std::to_string(rd()) + ".xlsx");
  Status s = [&]() -> Status {
    CORDON_ASSIGN_OR_RETURN(auto sheet, XlsxTable::create(path.string(), table.title,
                                                          table.columns));
    for (const auto& row : table.rows) CORDON_RETURN_IF_ERROR(sheet->add_row(safe_row(table, row)));
    return sheet->close();
  }();
  std::string bytes;
  if (s.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream ss;
    ss << in.rdbuf();
    bytes = ss.str();
  }
  std::error_code ec;
  std::filesystem::remove(path, ec);
  if (!s.ok()) return Status::internal("export_failed", "cannot write the workbook: " + s.message());
  return bytes;
}

Result<std::string> render_table(const ExportTable& table, ExportFormat format) {
  if (format == ExportFormat::kCsv) return table_to_csv(table);
  return table_to_xlsx(table);
}

}  // namespace cordon::service
