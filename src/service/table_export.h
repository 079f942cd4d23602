// Tables as CSV or XLSX downloads: site rosters and release lists.
//
// Every cell that a spreadsheet would read as a formula (one starting with =, +, -, @, a
// tab or a carriage return) is neutralized by a leading apostrophe, in both formats:
// names and notes come from the public and must never run as formulas when a commander
// opens the file (or re-saves the workbook as CSV). Columns cordon fills itself are left
// as they are, so a basement floor stays -1.
//
// Pure functions of their input, apart from the temporary file XLSX needs (XlsxTable
// writes to files); thread-safe.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cordon::service {

struct ExportTable {
  std::string title;  // the sheet name in XLSX
  std::vector<std::string> columns;
  // Columns cordon fills itself (ids, dates, numbers): written as they are. Every other
  // cell is neutralized.
  std::vector<bool> generated;
  std::vector<std::vector<std::string>> rows;
};

enum class ExportFormat { kCsv, kXlsx };
// "csv" or "xlsx"; invalid ("invalid_format", field "format") otherwise.
Result<ExportFormat> parse_export_format(std::string_view text);
const char* export_content_type(ExportFormat f);
const char* export_extension(ExportFormat f);  // "csv", "xlsx"

// `text` with a leading apostrophe when it starts with = + - @ TAB or CR.
std::string neutralize_formula(std::string_view text);

// RFC 4180 CSV with CRLF line ends and a UTF-8 byte order mark (so Excel reads it as
// UTF-8), header row first.
std::string table_to_csv(const ExportTable& table);
// An XLSX workbook of one sheet (service/xlsx_table.h: every cell text). Fails internal
// ("export_failed") when the temporary file cannot be written.
Result<std::string> table_to_xlsx(const ExportTable& table);
Result<std::string> render_table(const ExportTable& table, ExportFormat format);

}  // namespace cordon::service
