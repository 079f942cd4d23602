// Persons in and out of files, shared by `cordon import|export persons` and the API's
// import jobs and export downloads.
//
// PersonFileImport reads a CSV of persons (UTF-8 with or without BOM, or GB18030/GBK),
// refuses a bad encoding or header before anything is written, then imports the records
// in chunks, so memory stays flat whatever the file's size. Two threads share the work:
// a reading thread parses, maps, resolves grids and validates (name keys and pinyin
// included) batches of rows, and hands them through a queue of at most two batches to
// the writing side (see run()) — so reading the next rows overlaps with storing the last
// ones. Good rows are imported; every bad row is handed to a problem sink with
// its line number, in line order. A person whose document is already registered is left
// as it is, so re-running a file creates no duplicates. Rows are imported as the given
// actor: a grid outside the actor's jurisdiction is "grid_not_found", like a grid that
// does not exist.
//
// for_each_person_record() walks the persons of a jurisdiction page by page as records of
// kPersonExportColumns (what the import reads back).
//
// Not synchronized, except PersonFileImport::position(), which another thread may read.
#pragma once

#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/status.h"
#include "service/context.h"
#include "service/persons.h"
#include "service/places.h"
#include "service/table_export.h"
#include "service/text_source.h"

namespace cordon::service {

// One problem of one row: a row with several bad fields gives several, all with the
// row's line (the header is line 1; a record spanning lines reports its first).
struct ImportProblem {
  int64_t line = 0;
  std::string field;  // "" when the problem concerns the whole row
  std::string code;
  std::string message;
};

struct ImportCounts {
  int64_t rows_read = 0;  // data records (not the header, not blank lines)
  int64_t created = 0;
  int64_t existing = 0;  // document already registered (also a repeat within the file)
  int64_t rejected = 0;
};

class PersonFileImport {
 public:
  using ProblemSink = std::function<void(const ImportProblem&)>;
  // Called as each batch of rows (at most kBatchRows) reaches the writing side and as
  // each chunk is stored; read position() and the counts there.
  using ProgressSink = std::function<void(const ImportCounts&)>;

  // Rows the reading thread validates at a time; a batch never spans two chunks.
  static constexpr std::size_t kBatchRows = 10000;

  // Opens `path` and reads its header. Refusals: not_found ("file_not_found"), invalid
  // "unknown_encoding", "empty_file", "csv.malformed_header", and the header codes of
  // PersonCsvHeader::parse (with their field errors). `label` names the file in messages.
  static Result<std::unique_ptr<PersonFileImport>> open(const std::string& path,
                                                       const std::string& label);

  // Imports every record as `actor`, and stops at the first failure that is not a row's
  // own (the store failing).
  //
  // ImportMode::kChunked writes one unit of `chunk_rows` rows at a time: after a failure
  // the chunks committed before it stay, and a re-run is safe. The sinks are called on
  // the calling thread.
  //
  // ImportMode::kBulk writes the whole file in one unit with the persons table's
  // non-unique indexes rebuilt at the end (see ImportMode): after a failure nothing of
  // the file is stored and counts() keeps only rows_read and rejected. The audit entries
  // are the same as kChunked's (one per `chunk_rows` rows). The sinks are called on the
  // store's writer thread (never two at once) and must not call the store; the problems
  // reported before a failure stay reported.
  //
  // Whatever the mode, the problems reported are the same, in the same order.
  Status run(PersonService& persons, PlaceService& places, const Actor& actor,
             ImportMode mode, std::size_t chunk_rows, const ProblemSink& problems,
             const ProgressSink& progress);

  TextEncoding encoding() const { return text_.encoding; }
  uint64_t size() const { return text_.file->size(); }
  uint64_t position() const { return text_.file->position(); }  // bytes read so far
  const ImportCounts& counts() const { return counts_; }

  ~PersonFileImport();
  PersonFileImport(const PersonFileImport&) = delete;
  PersonFileImport& operator=(const PersonFileImport&) = delete;

 private:
  struct State;
  PersonFileImport(TextFile text, std::unique_ptr<State> state);

  TextFile text_;
  std::unique_ptr<State> state_;
  ImportCounts counts_;
};

// Calls `row` with each person of `jurisdiction_id` (every person when nullopt) as a
// record of kPersonExportColumns, after `start` (called once the first page is read, so
// that a bad query writes nothing). The listing is audited like PersonService::list.
Status for_each_person_record(PersonService& persons, PlaceService& places, const Actor& actor,
                              std::optional<int64_t> jurisdiction_id,
                              const std::function<Status()>& start,
                              const std::function<Status(const std::vector<std::string>&)>& row);

// The persons of a jurisdiction as one table (name, address and other cells neutralized),
// for a download. Audited durably ("person.export", with the row count) before it is
// answered: a file of names leaves cordon. Not found ("node_not_found") for a
// jurisdiction outside the actor's.
Result<ExportTable> persons_table(Context& ctx, PersonService& persons, PlaceService& places,
                                  const Actor& actor, std::optional<int64_t> jurisdiction_id);

}  // namespace cordon::service
