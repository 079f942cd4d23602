#include "cli/person_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/csv.h"
#include "cli/person_csv.h"
#include "store/persons.h"

namespace cordon::cli {

namespace {

Status write_persons(Runtime& runtime, const PersonExportOptions& options, std::FILE* out,
                     ProgressBar& progress, PersonExportReport& report) {
  const service::Actor actor = service::Actor::system();
  // The total makes the bar show a percentage. Counting the whole table is one cheap
  // query; counting a jurisdiction's subtree is not, so that shows only rows and rows/s.
  std::optional<uint64_t> total;
  if (!options.jurisdiction_id) {
    int64_t count = 0;
    CORDON_RETURN_IF_ERROR(runtime.store().read([&](store::SqlConnection& conn) -> Status {
      CORDON_ASSIGN_OR_RETURN(count, store::count_persons(conn));
      return Status();
    }));
    total = static_cast<uint64_t>(count);
  }

  service::PersonListQuery query;
  query.jurisdiction_id = options.jurisdiction_id;
  query.limit = std::to_string(service::kMaxPageSize);
  // The first page comes before the header, so that a bad query writes nothing at all.
  CORDON_ASSIGN_OR_RETURN(service::PersonList page, runtime.persons().list(actor, query));
  CsvWriter writer(out);
  if (options.bom) writer.write_bom();
  writer.write({kPersonExportColumns.begin(), kPersonExportColumns.end()});
  GridNamer grids(runtime.places(), actor);
  for (bool first = true;; first = false) {
    if (!first) {
      CORDON_ASSIGN_OR_RETURN(page, runtime.persons().list(actor, query));
    }
    for (const Person& p : page.items) {
      CORDON_ASSIGN_OR_RETURN(std::string grid, grids.name(p.grid_id));
      writer.write(person_to_record(p, grid));
      ++report.rows;
    }
    progress.update(report.rows, total, report.rows);
    if (!page.next_cursor) break;
    query.cursor = page.next_cursor;
  }
  progress.finish(report.rows, total, report.rows);
  return writer.flush();
}

}  // namespace

Result<PersonExportReport> export_persons(Runtime& runtime, const PersonExportOptions& options,
                                          ProgressBar& progress) {
  PersonExportReport report;
  if (options.out == "-") {
    CORDON_RETURN_IF_ERROR(write_persons(runtime, options, stdout, progress, report));
  } else {
    std::string partial = options.out + ".partial";
    std::FILE* f = std::fopen(partial.c_str(), "wb");
    if (f == nullptr)
      return Status::internal("write_failed",
                              "cannot write " + partial + ": " + std::strerror(errno));
    Status s = write_persons(runtime, options, f, progress, report);
    if (std::fclose(f) != 0 && s.ok())
      s = Status::internal("write_failed", "cannot write " + partial + ": " + std::strerror(errno));
    if (s.ok() && std::rename(partial.c_str(), options.out.c_str()) != 0)
      s = Status::internal("write_failed", "cannot rename " + partial + " to " + options.out +
                                               ": " + std::strerror(errno));
    if (!s.ok()) {
      std::remove(partial.c_str());
      return s;
    }
  }
  report.seconds = progress.elapsed();
  return report;
}

}  // namespace cordon::cli
