// `cordon export persons`: writes persons as CSV or XLSX (kPersonExportColumns, header
// first), page by page through PersonService::list, so memory stays flat whatever their
// number.
// What it writes, `cordon import persons` reads back: export, then import into a database
// with the same place tree, gives the same persons.
#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "cli/progress.h"
#include "cli/runtime.h"
#include "core/status.h"

namespace cordon::cli {

enum class ExportFormat { kCsv, kXlsx };

struct PersonExportOptions {
  std::string out = "-";  // a file, or "-" for standard output (CSV only)
  ExportFormat format = ExportFormat::kCsv;
  std::optional<int64_t> jurisdiction_id;  // any node; nullopt: everyone
  bool bom = true;  // a UTF-8 byte order mark, so that Excel reads the file as UTF-8
};

struct PersonExportReport {
  int64_t rows = 0;
  double seconds = 0;
};

// A file is written beside its final name and renamed into place only once complete, so
// a failed export never leaves a truncated file that looks whole. Fails invalid
// "not_found" (field jurisdiction_id) for an unknown jurisdiction, invalid
// "xlsx_needs_file" for XLSX to standard output, internal
// "write_failed" when the output refuses bytes, and with the store's status otherwise.
Result<PersonExportReport> export_persons(Runtime& runtime, const PersonExportOptions& options,
                                          ProgressBar& progress);

}  // namespace cordon::cli
