// Use cases of persons: register, read, correct, list by jurisdiction, search, import.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <functional>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/person.h"
#include "service/context.h"

namespace cordon::service {

struct PersonListQuery {
  std::optional<int64_t> jurisdiction_id;  // any node; nullopt: the actor's whole scope
  std::optional<std::string> q;            // name (either script), pinyin, initials, ID, phone
  std::optional<std::string> cursor;
  std::optional<std::string> limit;
};

struct PersonList {
  std::vector<Person> items;
  std::optional<std::string> next_cursor;
};

// One row's outcome in an import.
struct ImportRowResult {
  enum class Outcome { kCreated, kExisting, kRejected };
  Outcome outcome = Outcome::kRejected;
  Status status;  // why it was rejected
};

// An import's rows after validation and before the store (PersonService::validate_import).
struct ValidatedImportRows {
  std::vector<ImportRowResult> results;        // per row; a rejected row carries its reason
  std::vector<std::optional<Person>> persons;  // per row; set for each row still to store
};

// How an import writes its rows. kChunked keeps every index up to date row by row. kBulk
// drops the persons table's non-unique indexes (grid, names, pinyin, initials, phone),
// inserts, and builds them again before the commit, all in the same write unit: inserts
// into indexes on random keys are what makes a large import slow, and building an index
// from sorted keys is several times faster. The unique document index stays, so duplicates
// are found exactly as in kChunked. It pays only when the import is large next to the
// table (rebuilding costs time in proportion to the whole table; see bulk_import_pays),
// and it holds the write lock for the whole import.
enum class ImportMode { kChunked, kBulk };

// Stores validated import rows inside one write unit (see PersonService::import_validated)
// and writes its audit entries: one "person.import" ("N rows, M created", N counting the
// rows given to store(), M those it created) per audit chunk, as import_rows writes one
// per call. Lives on the store's writer thread for the unit's duration; not synchronized.
class PersonImportWriter {
 public:
  // Checks each row's grid and address against the actor's jurisdiction and inserts it
  // unless its document is registered; completes rows.results (created, existing, or
  // rejected with the reason). Fails only for what is not a row's own fault (the store).
  Status store(ValidatedImportRows& rows);
  // Writes the audit entry of the rows stored since the previous one (none if no row came).
  Status end_audit_chunk();

 private:
  friend class PersonService;
  PersonImportWriter(Context& ctx, const Actor& actor, store::SqlConnection& conn)
      : ctx_(ctx), actor_(actor), conn_(conn) {}

  Context& ctx_;
  const Actor& actor_;
  store::SqlConnection& conn_;
  // Rows of one file mostly share a few grids: each grid is checked once.
  std::unordered_map<int64_t, Status> grid_checked_;
  int64_t rows_ = 0;     // since the last audit entry
  int64_t created_ = 0;  // since the last audit entry
};

class PersonService {
 public:
  explicit PersonService(Context& ctx) : ctx_(ctx) {}

  // Registers a person. Invalid: every bad field at once, an unknown grid_id
  // ("grid_not_found") or an address_id not below the grid; conflict: the document is
  // already registered ("duplicate_id_number"). Idempotent with a key.
  Result<Person> create(const Actor& actor, const PersonInput& input,
                        const std::optional<std::string>& idempotency_key = std::nullopt);
  // Not found also for persons outside the actor's jurisdiction.
  Result<Person> get(const Actor& actor, int64_t id);
  // The person with full identifiers, for an actor holding persons.reveal; the reveal is
  // audited durably before the answer.
  Result<Person> reveal(const Actor& actor, int64_t id);
  // Applies the fields present in `patch`. With `expected_version`, conflict
  // "version_mismatch" when the record changed since the client read it.
  Result<Person> update(const Actor& actor, int64_t id, const PersonInput& patch,
                        std::optional<int64_t> expected_version);
  Result<PersonList> list(const Actor& actor, const PersonListQuery& query);

  // Imports rows in one write unit: each valid row whose document is new is created, a
  // row whose document exists is left as it is, an invalid row is rejected with its
  // reason. Rows must carry a document number (that is what makes a re-run safe).
  // It is validate_import then import_validated.
  Result<std::vector<ImportRowResult>> import_rows(const Actor& actor,
                                                   const std::vector<PersonInput>& rows);

  // The half of an import that needs no store: each row needs a document number, then
  // every field is validated and the name's keys (simplified, pinyin, initials) derived.
  // Thread-safe and CPU-bound, so a file import runs it on its reading thread.
  ValidatedImportRows validate_import(const std::vector<PersonInput>& rows) const;

  // Runs `feed` in one write unit with a writer for validated rows, then ends the writer's
  // audit chunk. kBulk first reads the definitions of the persons table's non-unique
  // indexes, drops them, and after `feed` builds them again from those definitions. Any
  // failure, of `feed` or of the store, rolls the whole unit back: the database is as it
  // was, indexes included. `feed` runs on the store's writer thread and must not call the
  // store itself (a write would wait for the unit that waits for it).
  Status import_validated(const Actor& actor, ImportMode mode,
                          const std::function<Status(PersonImportWriter&)>& feed);

  // Whether kBulk is the faster way to import about `rows` rows into the persons already
  // stored: on SQLite, when rows >= kBulkImportMinRows and rows are at least a quarter of
  // the persons stored (below that, rebuilding the indexes of the whole table costs more
  // than inserting into them). Never on PostgreSQL, where kBulk works but locks the table
  // against the readers of every server for the import's duration.
  static constexpr int64_t kBulkImportMinRows = 20000;
  Result<bool> bulk_import_pays(int64_t rows);

 private:
  Context& ctx_;
};

}  // namespace cordon::service
