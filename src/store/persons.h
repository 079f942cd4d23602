// Repository of persons. SQL lives here.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "core/person.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

// Restricts a list or search to a part of the place tree. Empty: everywhere.
struct PersonScope {
  std::optional<int64_t> grid_id;          // exactly this grid (fast path)
  std::optional<std::string> node_path;    // any grid below this path ("/1/5/")
};

// Inserts; fills id. Fails conflict "duplicate_id_number" (field id_number) when another
// person has the same document.
Result<Person> insert_person(SqlConnection& conn, Person person);

// Inserts unless a person with the same document exists; returns whether it inserted.
// For imports, where a re-run must not duplicate anyone.
Result<bool> insert_person_if_new(SqlConnection& conn, const Person& person);

Result<std::optional<Person>> find_person(SqlConnection& conn, int64_t id);

// Replaces every field of person.id, bumping the version; fails conflict
// "version_mismatch" when the stored version is not `expected_version`.
Result<Person> update_person(SqlConnection& conn, Person person, int64_t expected_version);

// Where a page starts: after (key, id) in phase `phase` (see search_persons).
struct PersonCursor {
  int phase = 0;
  std::string key;
  int64_t id = 0;
};

struct PersonPage {
  std::vector<Person> items;
  std::optional<PersonCursor> next;  // set when more may follow
};

// Persons in scope ordered by id.
Result<PersonPage> list_persons(SqlConnection& conn, const PersonScope& scope,
                                const std::optional<PersonCursor>& after, int limit);

enum class PersonSearchKind {
  kHanPrefix,    // key: simplified Han prefix of the name
  kLatinPrefix,  // key: lowercase letters; pinyin prefix, then initials prefix
  kIdNumber,     // key: exact document number
  kPhone,        // key: exact 11-digit mobile
};

// Search ordered by the matched key then id. For kLatinPrefix, phase 0 walks the pinyin
// index and phase 1 the initials index (skipping persons phase 0 already returned).
Result<PersonPage> search_persons(SqlConnection& conn, PersonSearchKind kind,
                                  const std::string& key, const PersonScope& scope,
                                  const std::optional<PersonCursor>& after, int limit);

Result<int64_t> count_persons(SqlConnection& conn);

// An index as the engine keeps it: its name and the statement that creates it.
struct IndexDefinition {
  std::string name;
  std::string create_sql;
};

// The persons table's non-unique indexes (grid, names, pinyin, initials, phone; not the
// unique document index nor the primary key), each with the CREATE INDEX statement the
// engine recorded when a migration made it (SQLite's sqlite_master, PostgreSQL's
// pg_indexes), so that a bulk import can drop them and build them again exactly as they
// were. In name order.
Result<std::vector<IndexDefinition>> person_secondary_indexes(SqlConnection& conn);

// DROP INDEX each of `indexes`, in order; stops at the first failure.
Status drop_indexes(SqlConnection& conn, const std::vector<IndexDefinition>& indexes);

// Runs the create_sql of each of `indexes`, in order; stops at the first failure.
Status create_indexes(SqlConnection& conn, const std::vector<IndexDefinition>& indexes);

// Where every resident lives, in id order (for the demo outbreak, which places cases and
// contacts by household): `each` gets (person id, grid id, address id or 0).
Status scan_resident_homes(SqlConnection& conn,
                           const std::function<void(int64_t, int64_t, int64_t)>& each);

}  // namespace cordon::store
