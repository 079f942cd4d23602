// Numbered schema migrations, applied in order at start-up by every driver.
//
// Each migration is SQL with dialect placeholders (see expand_dialect); the version
// applied last is kept in schema_migrations. Migrations never change once released: a new
// change is a new migration.
#pragma once

#include <span>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

struct Migration {
  int version;
  std::string_view name;
  std::string_view sql;
};

const std::vector<Migration>& migrations();

// Applies every migration newer than the database's version, each in its own
// transaction on `conn` (which must be the only writer).
Status apply_migrations(SqlConnection& conn);

// The same with another list (tests). A migration is applied when its version is not
// recorded yet, whatever the versions around it: features developed side by side may
// reach a database in an order other than their numbers.
Status apply_migrations(SqlConnection& conn, std::span<const Migration> list);

// The database's schema version (0 for a new database).
Result<int> schema_version(SqlConnection& conn);

}  // namespace cordon::store
