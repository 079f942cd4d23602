// Use cases of persons: register, read, correct, list by jurisdiction, search, import.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <optional>
#include <string>
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
  Result<std::vector<ImportRowResult>> import_rows(const Actor& actor,
                                                   const std::vector<PersonInput>& rows);

 private:
  Context& ctx_;
};

}  // namespace cordon::service
