// XlsxTable: one worksheet of text rows written straight to an .xlsx file, with memory
// that stays flat whatever the number of rows (libxlsxwriter's constant-memory mode: each
// row goes to a temporary file as soon as the next one starts).
//
// Every cell is written as text, never as a number or a formula: an 18-digit resident ID
// stays exact (Excel would round it as a number), and a cell starting with "=" is shown,
// not evaluated. The header row is bold and frozen.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace cordon::service {

class XlsxTable {
 public:
  // Creates `path` (its folder must exist) with one sheet named `sheet` whose first row
  // is `header`. Fails internal "write_failed" when the file cannot be created.
  static Result<std::unique_ptr<XlsxTable>> create(const std::string& path,
                                                   std::string_view sheet,
                                                   const std::vector<std::string>& header);
  ~XlsxTable();
  XlsxTable(const XlsxTable&) = delete;
  XlsxTable& operator=(const XlsxTable&) = delete;

  // Appends one row. Excel holds at most 1,048,576 rows a sheet: past that, the rows
  // continue on a new sheet ("<sheet> 2", ...) under the same header.
  Status add_row(const std::vector<std::string>& cells);

  // Writes the file out. Without close() (or after a failure) nothing usable is left.
  Status close();

  int64_t rows() const { return rows_; }

 private:
  struct Impl;
  explicit XlsxTable(std::unique_ptr<Impl> impl);
  std::unique_ptr<Impl> impl_;
  int64_t rows_ = 0;
};

}  // namespace cordon::service
