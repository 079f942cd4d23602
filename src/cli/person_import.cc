#include "cli/person_import.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "service/csv.h"
#include "service/person_transfer.h"

namespace cordon::cli {

Result<PersonImportReport> import_persons(Runtime& runtime, const PersonImportOptions& options,
                                          ProgressBar& progress) {
  PersonImportReport report;
  report.errors_path =
      options.errors_path.empty() ? options.path + ".errors.csv" : options.errors_path;
  CORDON_ASSIGN_OR_RETURN(auto import, service::PersonFileImport::open(options.path, options.path));
  report.encoding = import->encoding();

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
        runtime.persons(), runtime.places(), service::Actor::system(), options.chunk_rows,
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
