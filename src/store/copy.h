// Copying every table of a SQLite database into a PostgreSQL database of the same schema
// version (`cordon migrate`, for a city that outgrows one machine).
#pragma once

#include <cstdint>
#include <functional>

#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

// Copies every row of every table of `from` (SQLite) into `to` (PostgreSQL), parents
// before children (foreign keys, including a table's references to itself), then moves
// each identity column's sequence past the largest copied id. The caller runs it in one
// transaction on `to` so that a failure leaves the target as it was.
//
// Refuses, before writing anything:
//   conflict "target_not_empty"       `to` holds records (beyond what migrations seed)
//   conflict "schema_mismatch"        the two databases carry different migrations
//   invalid  "wrong_engine"           `from` is not SQLite or `to` is not PostgreSQL
// `progress` is called with (rows copied, rows in all).
Status copy_database(SqlConnection& from, SqlConnection& to,
                     const std::function<void(int64_t done, int64_t total)>& progress);

}  // namespace cordon::store
