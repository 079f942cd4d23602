#include "cli/person_export.h"

#include <cerrno>
#include <cstdio>
#include <cstring>
#include <functional>
#include <memory>

#include "service/csv.h"
#include "service/person_csv.h"
#include "service/person_transfer.h"
#include "service/xlsx_table.h"
#include "store/persons.h"

namespace cordon::cli {

namespace {

const std::vector<std::string>& header() {
  static const std::vector<std::string> h(service::kPersonExportColumns.begin(),
                                          service::kPersonExportColumns.end());
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
  service::CsvWriter writer_;
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
  std::unique_ptr<RowSink> sink;
  CORDON_RETURN_IF_ERROR(service::for_each_person_record(
      runtime.persons(), runtime.places(), actor, options.jurisdiction_id,
      [&]() -> Status {
        CORDON_ASSIGN_OR_RETURN(sink, open_sink());
        return Status();
      },
      [&](const std::vector<std::string>& row) -> Status {
        CORDON_RETURN_IF_ERROR(sink->add(row));
        if (++report.rows % 1024 == 0) progress.update(report.rows, total, report.rows);
        return Status();
      }));
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
