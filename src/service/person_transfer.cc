#include "service/person_transfer.h"

#include "service/audit.h"
#include "service/csv.h"
#include "service/person_csv.h"
#include "store/audit.h"

namespace cordon::service {

namespace {

// Rows read but not yet sent to the service. Rows already found bad keep their reason
// here so that problems are reported in line order.
struct Chunk {
  std::vector<int64_t> lines;       // every row, in file order
  std::vector<Status> early;        // per row: why it was refused before the service
  std::vector<PersonInput> inputs;  // the rows that were not, in file order

  std::size_t size() const { return lines.size(); }
  void clear() {
    lines.clear();
    early.clear();
    inputs.clear();
  }
};

void report_problem(const PersonFileImport::ProblemSink& sink, int64_t line, const Status& s) {
  if (s.errors().empty()) sink({line, "", s.code(), s.message()});
  for (const auto& e : s.errors()) sink({line, e.field, e.code, e.message});
}

}  // namespace

struct PersonFileImport::State {
  explicit State(std::unique_ptr<CsvReader> r, PersonCsvHeader h)
      : reader(std::move(r)), header(h) {}
  std::unique_ptr<CsvReader> reader;
  PersonCsvHeader header;
};

PersonFileImport::PersonFileImport(TextFile text, std::unique_ptr<State> state)
    : text_(std::move(text)), state_(std::move(state)) {}
PersonFileImport::~PersonFileImport() = default;

Result<std::unique_ptr<PersonFileImport>> PersonFileImport::open(const std::string& path,
                                                                 const std::string& label) {
  CORDON_ASSIGN_OR_RETURN(TextFile text, open_text_file(path));
  auto reader = std::make_unique<CsvReader>(text.utf8());
  CsvRecord record;
  CORDON_ASSIGN_OR_RETURN(bool has_header, reader->next(record));
  if (!has_header)
    return Status::invalid("empty_file", label + " is empty; its first line must name the columns");
  if (!record.error.empty())
    return Status::invalid("csv.malformed_header",
                           "the header row of " + label + " is malformed: " + record.error);
  auto header = PersonCsvHeader::parse(record.fields);
  if (!header.ok()) {
    std::string message = label + ": ";
    for (const auto& e : header.status().errors())
      message += (&e == &header.status().errors().front() ? "" : "; ") + e.message;
    return Status::invalid(header.status().code(), message, header.status().errors());
  }
  auto state = std::make_unique<State>(std::move(reader), *header);
  return std::unique_ptr<PersonFileImport>(new PersonFileImport(std::move(text), std::move(state)));
}

Status PersonFileImport::run(PersonService& persons, PlaceService& places, const Actor& actor,
                             std::size_t chunk_rows, const ProblemSink& problems,
                             const ProgressSink& progress) {
  GridResolver grids(places, actor);
  Chunk chunk;

  // Maps one record into the chunk.
  auto add = [&](const CsvRecord& record) -> Status {
    ++counts_.rows_read;
    chunk.lines.push_back(record.line);
    if (!record.error.empty()) {
      chunk.early.push_back(Status::invalid("csv.malformed", record.error));
      return Status();
    }
    auto row = person_row_from_record(state_->header, record.fields);
    if (!row.ok()) {
      chunk.early.push_back(row.status());
      return Status();
    }
    if (!row->grid.empty()) {
      auto grid = grids.resolve(row->grid);
      if (!grid.ok()) {
        if (grid.status().kind() != Status::Kind::kInvalid) return grid.status();
        chunk.early.push_back(grid.status());
        return Status();
      }
      if (row->grid_id && *row->grid_id != *grid) {
        chunk.early.push_back(Status::invalid_field(
            "grid_id", "contradicts_grid",
            "grid_id " + std::to_string(*row->grid_id) + " is not the grid '" + row->grid + "'"));
        return Status();
      }
      row->grid_id = *grid;
    }
    row->input.grid_id = row->grid_id;
    chunk.early.emplace_back();
    chunk.inputs.push_back(std::move(row->input));
    return Status();
  };

  // Sends the chunk to the service and reports its rows.
  auto flush = [&]() -> Status {
    std::vector<ImportRowResult> results;
    if (!chunk.inputs.empty()) {
      CORDON_ASSIGN_OR_RETURN(results, persons.import_rows(actor, chunk.inputs));
    }
    std::size_t j = 0;
    for (std::size_t i = 0; i < chunk.size(); ++i) {
      const Status* problem = &chunk.early[i];
      if (problem->ok()) {
        const auto& r = results[j++];
        if (r.outcome == ImportRowResult::Outcome::kCreated) ++counts_.created;
        else if (r.outcome == ImportRowResult::Outcome::kExisting) ++counts_.existing;
        problem = &r.status;
      }
      if (!problem->ok()) {
        ++counts_.rejected;
        report_problem(problems, chunk.lines[i], *problem);
      }
    }
    chunk.clear();
    return Status();
  };

  CsvRecord record;
  for (;;) {
    CORDON_ASSIGN_OR_RETURN(bool more, state_->reader->next(record));
    if (!more) break;
    CORDON_RETURN_IF_ERROR(add(record));
    if (chunk.size() >= chunk_rows) {
      CORDON_RETURN_IF_ERROR(flush());
      progress(counts_);
    } else if (counts_.rows_read % 256 == 0) {
      progress(counts_);
    }
  }
  CORDON_RETURN_IF_ERROR(flush());
  progress(counts_);
  return Status();
}

Status for_each_person_record(PersonService& persons, PlaceService& places, const Actor& actor,
                              std::optional<int64_t> jurisdiction_id,
                              const std::function<Status()>& start,
                              const std::function<Status(const std::vector<std::string>&)>& row) {
  PersonListQuery query;
  query.jurisdiction_id = jurisdiction_id;
  query.limit = std::to_string(kMaxPageSize);
  CORDON_ASSIGN_OR_RETURN(PersonList page, persons.list(actor, query));
  CORDON_RETURN_IF_ERROR(start());
  GridNamer grids(places, actor);
  for (;;) {
    for (const Person& p : page.items) {
      CORDON_ASSIGN_OR_RETURN(std::string grid, grids.name(p.grid_id));
      CORDON_RETURN_IF_ERROR(row(person_to_record(p, grid)));
    }
    if (!page.next_cursor) break;
    query.cursor = page.next_cursor;
    CORDON_ASSIGN_OR_RETURN(page, persons.list(actor, query));
  }
  return Status();
}

Result<ExportTable> persons_table(Context& ctx, PersonService& persons, PlaceService& places,
                                  const Actor& actor, std::optional<int64_t> jurisdiction_id) {
  // A jurisdiction outside the actor's answers like a missing one.
  if (jurisdiction_id) {
    CORDON_RETURN_IF_ERROR(places.get(actor, *jurisdiction_id).status());
  }
  ExportTable table;
  table.title = "persons";
  table.columns.assign(kPersonExportColumns.begin(), kPersonExportColumns.end());
  // Only birth_date is cordon's own text (derived and validated); every other cell may
  // hold what a member of the public typed.
  for (const auto& c : table.columns) table.generated.push_back(c == "birth_date");
  CORDON_RETURN_IF_ERROR(for_each_person_record(
      persons, places, actor, jurisdiction_id, [] { return Status(); },
      [&](const std::vector<std::string>& r) {
        table.rows.push_back(r);
        return Status();
      }));
  CORDON_RETURN_IF_ERROR(ctx.store.write([&](store::SqlConnection& conn) -> Status {
    return store::append_audit(
        conn, audit_entry(ctx, actor, "person.export", "person", 0,
                          "jurisdiction " + std::to_string(jurisdiction_id.value_or(0)) + ", " +
                              std::to_string(table.rows.size()) + " rows"));
  }));
  return table;
}

}  // namespace cordon::service
