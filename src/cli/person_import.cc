#include "cli/person_import.h"

#include <cerrno>
#include <cstdio>
#include <cstring>

#include "cli/csv.h"
#include "cli/person_csv.h"

namespace cordon::cli {

namespace {

// Rows read but not yet sent to the service. Rows already found bad keep their reason
// here so that the errors file lists every row of a chunk in line order.
struct Chunk {
  std::vector<int64_t> lines;        // every row, in file order
  std::vector<Status> early;         // per row: why it was refused before the service
  std::vector<PersonInput> inputs;   // the rows that were not, in file order

  std::size_t size() const { return lines.size(); }
  void clear() {
    lines.clear();
    early.clear();
    inputs.clear();
  }
};

void write_problem(CsvWriter& errors, int64_t line, const Status& s) {
  std::string l = std::to_string(line);
  if (s.errors().empty()) errors.write({l, "", s.code(), s.message()});
  for (const auto& e : s.errors()) errors.write({l, e.field, e.code, e.message});
}

class Importer {
 public:
  Importer(Runtime& rt, CsvWriter& errors, PersonImportReport& report)
      : persons_(rt.persons()), grids_(rt.places(), actor_), errors_(errors), report_(report) {}

  // Maps one record into the chunk.
  Status add(const PersonCsvHeader& header, const CsvRecord& record) {
    ++report_.rows_read;
    chunk_.lines.push_back(record.line);
    if (!record.error.empty()) {
      chunk_.early.push_back(Status::invalid("csv.malformed", record.error));
      return Status();
    }
    auto row = person_row_from_record(header, record.fields);
    if (!row.ok()) {
      chunk_.early.push_back(row.status());
      return Status();
    }
    if (!row->grid.empty()) {
      auto grid = grids_.resolve(row->grid);
      if (!grid.ok()) {
        if (grid.status().kind() != Status::Kind::kInvalid) return grid.status();
        chunk_.early.push_back(grid.status());
        return Status();
      }
      if (row->grid_id && *row->grid_id != *grid) {
        chunk_.early.push_back(Status::invalid_field(
            "grid_id", "contradicts_grid",
            "grid_id " + std::to_string(*row->grid_id) + " is not the grid '" + row->grid + "'"));
        return Status();
      }
      row->grid_id = *grid;
    }
    row->input.grid_id = row->grid_id;
    chunk_.early.emplace_back();
    chunk_.inputs.push_back(std::move(row->input));
    return Status();
  }

  std::size_t pending() const { return chunk_.size(); }

  // Sends the chunk to the service and reports its rows.
  Status flush() {
    std::vector<service::ImportRowResult> results;
    if (!chunk_.inputs.empty()) {
      CORDON_ASSIGN_OR_RETURN(results, persons_.import_rows(actor_, chunk_.inputs));
    }
    std::size_t j = 0;
    for (std::size_t i = 0; i < chunk_.size(); ++i) {
      const Status* problem = &chunk_.early[i];
      if (problem->ok()) {
        const auto& r = results[j++];
        if (r.outcome == service::ImportRowResult::Outcome::kCreated) ++report_.created;
        else if (r.outcome == service::ImportRowResult::Outcome::kExisting) ++report_.existing;
        problem = &r.status;
      }
      if (!problem->ok()) {
        ++report_.rejected;
        write_problem(errors_, chunk_.lines[i], *problem);
      }
    }
    chunk_.clear();
    return Status();
  }

 private:
  service::Actor actor_ = service::Actor::system();
  service::PersonService& persons_;
  GridResolver grids_;
  CsvWriter& errors_;
  PersonImportReport& report_;
  Chunk chunk_;
};

}  // namespace

Result<PersonImportReport> import_persons(Runtime& runtime, const PersonImportOptions& options,
                                          ProgressBar& progress) {
  PersonImportReport report;
  report.errors_path =
      options.errors_path.empty() ? options.path + ".errors.csv" : options.errors_path;
  CORDON_ASSIGN_OR_RETURN(TextFile text, open_text_file(options.path));
  report.encoding = text.encoding;
  CsvReader reader(text.utf8());

  CsvRecord record;
  CORDON_ASSIGN_OR_RETURN(bool has_header, reader.next(record));
  if (!has_header)
    return Status::invalid("empty_file",
                           options.path + " is empty; its first line must name the columns");
  if (!record.error.empty())
    return Status::invalid("csv.malformed_header",
                           "the header row of " + options.path + " is malformed: " + record.error);
  auto header = PersonCsvHeader::parse(record.fields);
  if (!header.ok()) {
    std::string message = options.path + ": ";
    for (const auto& e : header.status().errors())
      message += (&e == &header.status().errors().front() ? "" : "; ") + e.message;
    return Status::invalid(header.status().code(), message, header.status().errors());
  }

  std::FILE* errors_file = std::fopen(report.errors_path.c_str(), "wb");
  if (errors_file == nullptr)
    return Status::invalid("errors_file_unwritable", "cannot write the errors file " +
                                                         report.errors_path + ": " +
                                                         std::strerror(errno));
  Status result;
  {
    CsvWriter errors(errors_file);
    errors.write_bom();
    errors.write({"line", "field", "code", "message"});
    Importer importer(runtime, errors, report);
    const uint64_t size = text.file->size();
    for (;;) {
      auto more = reader.next(record);
      if (!more.ok()) {
        result = more.status();
        break;
      }
      if (!*more) break;
      if (result = importer.add(*header, record); !result.ok()) break;
      if (importer.pending() >= options.chunk_rows) {
        if (result = importer.flush(); !result.ok()) break;
        progress.update(text.file->position(), size, report.rows_read);
      } else if (report.rows_read % 256 == 0) {
        progress.update(text.file->position(), size, report.rows_read);
      }
    }
    if (result.ok()) result = importer.flush();
    if (Status s = errors.flush(); result.ok() && !s.ok()) result = s;
    progress.finish(text.file->position(), size, report.rows_read);
  }
  std::fclose(errors_file);
  report.seconds = progress.elapsed();
  if (!result.ok()) return result;
  return report;
}

}  // namespace cordon::cli
