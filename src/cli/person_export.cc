#include "cli/person_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

#include "cli/csv.h"
#include "cli/person_csv.h"
#include "service/xlsx_table.h"
#include "store/persons.h"

namespace cordon::cli {

namespace {

const std::vector<std::string>& header() {
  static const std::vector<std::string> h(kPersonExportColumns.begin(),
                                          kPersonExportColumns.end());
  return h;
}

// Where the rows go: a CSV stream or an XLSX sheet.
class RowSink {
 public:
  virtual ~RowSink() = default;
  virtual Status add(const std::vector<std::string>& row) = 0;
  virtual Status finish() = 0;
};

class CsvSink final : public RowSink {
 public:
  CsvSink(std::FILE* out, bool bom, const std::vector<std::string>& header) : writer_(out) {
    if (bom) writer_.write_bom();
    writer_.write(header);
  }
  Status add(const std::vector<std::string>& row) override {
    writer_.write(row);
    return Status();
  }
  Status finish() override { return writer_.flush(); }

 private:
  CsvWriter writer_;
};

class XlsxSink final : public RowSink {
 public:
  explicit XlsxSink(std::unique_ptr<service::XlsxTable> table) : table_(std::move(table)) {}
  Status add(const std::vector<std::string>& row) override { return table_->add_row(row); }
  Status finish() override { return table_->close(); }

 private:
  std::unique_ptr<service::XlsxTable> table_;
};

// `open_sink` is called once the first page is read, so that a bad query writes nothing.
Status write_persons(Runtime& runtime, const PersonExportOptions& options,
                     const std::function<Result<std::unique_ptr<RowSink>>()>& open_sink,
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
  CORDON_ASSIGN_OR_RETURN(std::unique_ptr<RowSink> sink, open_sink());
  GridNamer grids(runtime.places(), actor);
  for (bool first = true;; first = false) {
    if (!first) {
      CORDON_ASSIGN_OR_RETURN(page, runtime.persons().list(actor, query));
    }
    for (const Person& p : page.items) {
      CORDON_ASSIGN_OR_RETURN(std::string grid, grids.name(p.grid_id));
      CORDON_RETURN_IF_ERROR(sink->add(person_to_record(p, grid)));
      ++report.rows;
    }
    progress.update(report.rows, total, report.rows);
    if (!page.next_cursor) break;
    query.cursor = page.next_cursor;
  }
  progress.finish(report.rows, total, report.rows);
  return sink->finish();
}

// Moves a complete `partial` file to `out`, or removes it when writing failed (`written`).
Status publish(const std::string& partial, const std::string& out, Status written) {
  if (written.ok() && std::rename(partial.c_str(), out.c_str()) != 0)
    written = Status::internal("write_failed", "cannot rename " + partial + " to " + out + ": " +
                                                   std::strerror(errno));
  if (!written.ok()) std::remove(partial.c_str());
  return written;
}

}  // namespace

Result<PersonExportReport> export_persons(Runtime& runtime, const PersonExportOptions& options,
                                          ProgressBar& progress) {
  PersonExportReport report;
  if (options.format == ExportFormat::kXlsx && options.out == "-")
    return Status::invalid_field("out", "xlsx_needs_file",
                                 "an XLSX workbook is written to a file: give --out FILE.xlsx");
  if (options.out == "-") {
    CORDON_RETURN_IF_ERROR(write_persons(
        runtime, options,
        [&]() -> Result<std::unique_ptr<RowSink>> {
          return std::unique_ptr<RowSink>(new CsvSink(stdout, options.bom, header()));
        },
        progress, report));
  } else if (options.format == ExportFormat::kXlsx) {
    std::string partial = options.out + ".partial";
    Status s = write_persons(
        runtime, options,
        [&]() -> Result<std::unique_ptr<RowSink>> {
          CORDON_ASSIGN_OR_RETURN(auto table,
                                  service::XlsxTable::create(partial, "persons", header()));
          return std::unique_ptr<RowSink>(new XlsxSink(std::move(table)));
        },
        progress, report);
    CORDON_RETURN_IF_ERROR(publish(partial, options.out, s));
  } else {
    std::string partial = options.out + ".partial";
    std::FILE* f = std::fopen(partial.c_str(), "wb");
    if (f == nullptr)
      return Status::internal("write_failed",
                              "cannot write " + partial + ": " + std::strerror(errno));
    Status s = write_persons(
        runtime, options,
        [&]() -> Result<std::unique_ptr<RowSink>> {
          return std::unique_ptr<RowSink>(new CsvSink(f, options.bom, header()));
        },
        progress, report);
    if (std::fclose(f) != 0 && s.ok())
      s = Status::internal("write_failed", "cannot write " + partial + ": " + std::strerror(errno));
    CORDON_RETURN_IF_ERROR(publish(partial, options.out, s));
  }
  report.seconds = progress.elapsed();
  return report;
}

}  // namespace cordon::cli
