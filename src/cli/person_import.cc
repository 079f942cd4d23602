#include "cli/person_import.h"

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <vector>

#include "service/csv.h"
#include "service/person_transfer.h"
#include "store/sqlite/sqlite_store.h"

namespace cordon::cli {

namespace {

Result<int64_t> count_line_breaks(const std::string& path) {
  std::FILE* f = std::fopen(path.c_str(), "rb");
  if (f == nullptr)
    return Status::not_found("file_not_found",
                             "cannot open " + path + ": " + std::strerror(errno));
  std::vector<char> buf(1 << 20);
  int64_t n = 0;
  while (std::size_t got = std::fread(buf.data(), 1, buf.size(), f))
    n += std::count(buf.begin(), buf.begin() + static_cast<std::ptrdiff_t>(got), '\n');
  std::fclose(f);
  return n;
}

}  // namespace

Result<bool> bulk_pays(Runtime& runtime, const PersonImportOptions& options) {
  using Bulk = PersonImportOptions::Bulk;
  if (options.bulk == Bulk::kOff) return false;
  std::optional<long> user;
  if (!options.database.empty() && !store::is_postgres_url(options.database))
    user = store::sqlite_database_user(options.database);
  if (options.bulk == Bulk::kOn) {
    if (user)
      return Status::invalid(
          "database_in_use",
          "process " + std::to_string(*user) + " has " + options.database +
              " open (a running cordon serve?); a bulk import holds every write until it "
              "ends: stop that process first, or import with --bulk off");
    return true;
  }
  if (user) return false;
  // Neither GB18030 nor UTF-8 uses the byte '\n' inside a character.
  CORDON_ASSIGN_OR_RETURN(int64_t lines, count_line_breaks(options.path));
  return runtime.persons().bulk_import_pays(lines - 1);
}

Result<PersonImportReport> import_persons(Runtime& runtime, const PersonImportOptions& options,
                                          ProgressBar& progress) {
  PersonImportReport report;
  report.errors_path =
      options.errors_path.empty() ? options.path + ".errors.csv" : options.errors_path;
  CORDON_ASSIGN_OR_RETURN(auto import, service::PersonFileImport::open(options.path, options.path));
  report.encoding = import->encoding();
  CORDON_ASSIGN_OR_RETURN(report.bulk, bulk_pays(runtime, options));

  std::FILE* errors_file = std::fopen(report.errors_path.c_str(), "wb");
  if (errors_file == nullptr)
    return Status::invalid("errors_file_unwritable", "cannot write the errors file " +
                                                         report.errors_path + ": " +
                                                         std::strerror(errno));
  Status result;
  {
    service::CsvWriter errors(errors_file);
    errors.write_bom();
    errors.write({"line", "field", "code", "message"});
    const uint64_t size = import->size();
    result = import->run(
        runtime.persons(), runtime.places(), service::Actor::system(),
        report.bulk ? service::ImportMode::kBulk : service::ImportMode::kChunked,
        options.chunk_rows,
        [&](const service::ImportProblem& p) {
          errors.write({std::to_string(p.line), p.field, p.code, p.message});
        },
        [&](const service::ImportCounts& c) {
          progress.update(import->position(), size, c.rows_read);
        });
    if (Status s = errors.flush(); result.ok() && !s.ok()) result = s;
    progress.finish(import->position(), size, import->counts().rows_read);
  }
  std::fclose(errors_file);
  const service::ImportCounts& c = import->counts();
  report.rows_read = c.rows_read;
  report.created = c.created;
  report.existing = c.existing;
  report.rejected = c.rejected;
  report.seconds = progress.elapsed();
  if (!result.ok()) return result;
  return report;
}

}  // namespace cordon::cli
