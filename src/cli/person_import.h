// `cordon import persons FILE.csv`: streams a CSV of persons into the store.
//
// The file is checked before anything is written — its encoding (UTF-8, or GB18030/GBK
// converted on the fly) and its header — and refused whole when either is wrong. Then
// a reading thread maps the records, resolves their grids (each distinct grid once) and
// validates them while the calling thread stores the previous batch
// (service::PersonFileImport), so memory stays flat whatever the file's size. Good rows
// are imported; every bad row is written to the errors file with its line number and
// reason. A person whose document is already registered is left as it is, so re-running
// a file (after fixing its bad rows) creates no duplicates.
//
// A large file goes in bulk (service::ImportMode::kBulk): one write transaction with the
// persons table's search indexes dropped and rebuilt at the end, several times faster,
// all or nothing. The errors file and the audit entries are the same in both modes.
#pragma once

#include <cstdint>
#include <string>

#include "cli/progress.h"
#include "cli/runtime.h"
#include "service/text_source.h"
#include "core/status.h"

namespace cordon::cli {

struct PersonImportOptions {
  std::string path;
  std::string errors_path;  // empty: path + ".errors.csv"
  // Rows per import_rows call, i.e. per write transaction. Large, because each commit
  // rewrites every index page its rows touched and the person indexes are keyed by name,
  // pinyin and phone, which arrive in random order: on a 1M-row file 2,000-row chunks
  // were 7 times slower than 50,000-row ones. The price is that other writers of the
  // database wait for one chunk at a time (about a second).
  std::size_t chunk_rows = 50000;
  // kAuto: bulk when bulk_pays() says so; kOn and kOff force it.
  enum class Bulk { kAuto, kOn, kOff };
  Bulk bulk = Bulk::kAuto;
  // The SQLite database file, to see whether another process (a running server) has it
  // open; empty: not checked.
  std::string database;
};

struct PersonImportReport {
  service::TextEncoding encoding = service::TextEncoding::kUtf8;
  int64_t rows_read = 0;  // data records (not the header, not blank lines)
  int64_t created = 0;
  int64_t existing = 0;  // document already registered (also a repeat within the file)
  int64_t rejected = 0;
  double seconds = 0;
  std::string errors_path;
  bool bulk = false;  // whether it ran in bulk
};

// Whether the import of `options` runs in bulk: kOff says no; kAuto asks
// PersonService::bulk_import_pays (SQLite, at least 20,000 rows, at least a quarter of the
// persons stored) with the file's line breaks minus the header as its row count, an
// estimate that is exact unless quoted fields span lines. A bulk import holds the write
// lock from start to end, so while another process has `options.database` open (a
// running server, whose writes would fail meanwhile) kAuto says no and kOn is refused:
// invalid "database_in_use", naming the process. Fails like the store, or not_found
// "file_not_found" for a file it cannot read.
Result<bool> bulk_pays(Runtime& runtime, const PersonImportOptions& options);

// Imports the file. The errors file (written always, with a header row line, field, code,
// message and a UTF-8 BOM so that Excel shows Chinese messages) gets one row per problem;
// a row with several bad fields gets several, all with the row's line number (the header
// is line 1; a record spanning lines reports its first).
//
// Refusals, before anything is written, are not_found ("file_not_found") or invalid:
// "unknown_encoding", "empty_file", the header codes of PersonCsvHeader::parse,
// "csv.malformed_header", "errors_file_unwritable". Any other failure (the store failing)
// stops the import partway: in chunked mode the chunks committed before it stay, in bulk
// mode nothing of the file is stored; a re-run is safe either way.
Result<PersonImportReport> import_persons(Runtime& runtime, const PersonImportOptions& options,
                                          ProgressBar& progress);

}  // namespace cordon::cli
