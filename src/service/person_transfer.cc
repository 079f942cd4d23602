#include "service/person_transfer.h"

#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "service/audit.h"
#include "service/csv.h"
#include "service/person_csv.h"
#include "store/audit.h"

namespace cordon::service {

namespace {

// Rows read, validated, and not yet stored. Rows found bad before the store keep their
// reason here so that problems are reported in line order.
struct Batch {
  std::vector<int64_t> lines;       // every row, in file order
  std::vector<Status> early;        // per row: why it was refused before the store
  std::vector<PersonInput> inputs;  // the rows that were not, in file order (until validated)
  ValidatedImportRows rows;         // the same rows validated
  bool ends_chunk = false;          // the last batch of a chunk (and of the file)

  std::size_t size() const { return lines.size(); }
};

// Batches from the reading thread to the writing one, at most kCapacity waiting: memory
// stays bounded whichever side is faster. Thread-safe.
class BatchQueue {
 public:
  static constexpr std::size_t kCapacity = 2;

  // Waits for room. False when the consumer stopped: nothing more is wanted.
  bool push(Batch batch) {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return stopped_ || batches_.size() < kCapacity; });
    if (stopped_) return false;
    batches_.push_back(std::move(batch));
    cv_.notify_all();
    return true;
  }
  // No more batches: `end` is ok at the end of the file, else why reading stopped.
  void finish(Status end) {
    std::lock_guard lock(mu_);
    end_ = std::move(end);
    finished_ = true;
    cv_.notify_all();
  }
  // The next batch; nullopt once the queue is finished and drained (then see end()).
  std::optional<Batch> pop() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [&] { return finished_ || !batches_.empty(); });
    if (batches_.empty()) return std::nullopt;
    Batch b = std::move(batches_.front());
    batches_.pop_front();
    cv_.notify_all();
    return b;
  }
  Status end() {
    std::lock_guard lock(mu_);
    return end_;
  }
  // The consumer gives up; a waiting push returns false.
  void stop() {
    std::lock_guard lock(mu_);
    stopped_ = true;
    cv_.notify_all();
  }

 private:
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Batch> batches_;  // guarded by mu_
  Status end_;                 // guarded by mu_
  bool finished_ = false;      // guarded by mu_
  bool stopped_ = false;       // guarded by mu_
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

namespace {

// The reading side: parses, maps and validates the records of `reader` into batches of
// at most kBatchRows that end at every `chunk_rows` rows and at the end of the file.
class BatchReader {
 public:
  BatchReader(CsvReader& reader, const PersonCsvHeader& header, PersonService& persons,
              PlaceService& places, const Actor& actor, std::size_t chunk_rows)
      : reader_(reader), header_(header), persons_(persons), grids_(places, actor),
        chunk_rows_(chunk_rows) {}

  // Fills the queue until the file ends, the consumer stops, or reading fails, then
  // finishes the queue with why it ended.
  void run(BatchQueue& queue) {
    Status end;
    try {
      end = fill(queue);
    } catch (const std::exception& e) {
      end = Status::internal("import_failed", std::string("reading the file failed: ") + e.what());
    }
    queue.finish(std::move(end));
  }

 private:
  Status fill(BatchQueue& queue) {
    std::size_t in_chunk = 0;
    CsvRecord record;
    for (bool more = true; more;) {
      Batch batch;
      const std::size_t limit = std::min(PersonFileImport::kBatchRows, chunk_rows_ - in_chunk);
      while (batch.size() < limit) {
        CORDON_ASSIGN_OR_RETURN(more, reader_.next(record));
        if (!more) break;
        CORDON_RETURN_IF_ERROR(add(record, batch));
      }
      in_chunk += batch.size();
      batch.ends_chunk = !more || in_chunk == chunk_rows_;
      if (batch.ends_chunk) in_chunk = 0;
      batch.rows = persons_.validate_import(batch.inputs);
      batch.inputs.clear();
      if (!queue.push(std::move(batch))) return Status();
    }
    return Status();
  }

  // Maps one record into the batch. Fails only when the store does (resolving a grid).
  Status add(const CsvRecord& record, Batch& batch) {
    batch.lines.push_back(record.line);
    if (!record.error.empty()) {
      batch.early.push_back(Status::invalid("csv.malformed", record.error));
      return Status();
    }
    auto row = person_row_from_record(header_, record.fields);
    if (!row.ok()) {
      batch.early.push_back(row.status());
      return Status();
    }
    if (!row->grid.empty()) {
      auto grid = grids_.resolve(row->grid);
      if (!grid.ok()) {
        if (grid.status().kind() != Status::Kind::kInvalid) return grid.status();
        batch.early.push_back(grid.status());
        return Status();
      }
      if (row->grid_id && *row->grid_id != *grid) {
        batch.early.push_back(Status::invalid_field(
            "grid_id", "contradicts_grid",
            "grid_id " + std::to_string(*row->grid_id) + " is not the grid '" + row->grid + "'"));
        return Status();
      }
      row->grid_id = *grid;
    }
    row->input.grid_id = row->grid_id;
    batch.early.emplace_back();
    batch.inputs.push_back(std::move(row->input));
    return Status();
  }

  CsvReader& reader_;
  const PersonCsvHeader& header_;
  PersonService& persons_;
  GridResolver grids_;
  const std::size_t chunk_rows_;
};

// Runs a BatchReader on its own thread for as long as it lives; stops and joins it at
// the end, however the consumer leaves.
class ReadingThread {
 public:
  ReadingThread(BatchReader& reader, BatchQueue& queue)
      : queue_(queue), thread_([&reader, &queue] { reader.run(queue); }) {}
  ~ReadingThread() {
    queue_.stop();
    thread_.join();
  }

 private:
  BatchQueue& queue_;
  std::thread thread_;
};

// Counts a stored batch and reports its problems in line order.
void account(const Batch& batch, ImportCounts& counts,
             const PersonFileImport::ProblemSink& problems) {
  std::size_t j = 0;
  for (std::size_t i = 0; i < batch.size(); ++i) {
    const Status* problem = &batch.early[i];
    if (problem->ok()) {
      const auto& r = batch.rows.results[j++];
      if (r.outcome == ImportRowResult::Outcome::kCreated) ++counts.created;
      else if (r.outcome == ImportRowResult::Outcome::kExisting) ++counts.existing;
      problem = &r.status;
    }
    if (!problem->ok()) {
      ++counts.rejected;
      report_problem(problems, batch.lines[i], *problem);
    }
  }
}

}  // namespace

Status PersonFileImport::run(PersonService& persons, PlaceService& places, const Actor& actor,
                             ImportMode mode, std::size_t chunk_rows,
                             const ProblemSink& problems, const ProgressSink& progress) {
  BatchReader reader(*state_->reader, state_->header, persons, places, actor,
                     std::max<std::size_t>(chunk_rows, 1));
  BatchQueue queue;
  ReadingThread reading(reader, queue);

  if (mode == ImportMode::kBulk) {
    Status s = persons.import_validated(actor, mode, [&](PersonImportWriter& writer) -> Status {
      while (auto batch = queue.pop()) {
        counts_.rows_read += static_cast<int64_t>(batch->size());
        CORDON_RETURN_IF_ERROR(writer.store(batch->rows));
        if (batch->ends_chunk) CORDON_RETURN_IF_ERROR(writer.end_audit_chunk());
        account(*batch, counts_, problems);
        progress(counts_);
      }
      return queue.end();
    });
    if (!s.ok()) counts_.created = counts_.existing = 0;
    return s;
  }

  std::vector<Batch> chunk;
  while (auto batch = queue.pop()) {
    counts_.rows_read += static_cast<int64_t>(batch->size());
    const bool ends_chunk = batch->ends_chunk;
    chunk.push_back(std::move(*batch));
    if (ends_chunk) {
      bool any = false;
      for (const Batch& b : chunk) any = any || !b.rows.results.empty();
      if (any) {
        CORDON_RETURN_IF_ERROR(persons.import_validated(
            actor, mode, [&](PersonImportWriter& writer) -> Status {
              for (Batch& b : chunk) CORDON_RETURN_IF_ERROR(writer.store(b.rows));
              return Status();
            }));
      }
      for (const Batch& b : chunk) account(b, counts_, problems);
      chunk.clear();
    }
    progress(counts_);
  }
  return queue.end();
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
