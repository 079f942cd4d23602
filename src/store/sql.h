// The SQL seam between cordon's repositories and a database engine.
//
// Repositories (persons.cc, nodes.cc, ...) are written once against SqlConnection with
// SQL that SQLite and PostgreSQL both accept; `?` marks a parameter (the PostgreSQL
// driver renumbers them to $1, $2, ...). What differs between engines is named by
// Dialect and expanded by expand_dialect().
//
// A SqlConnection is used by one thread at a time; the Store hands connections out.
#pragma once

#include <cstdint>
#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <variant>
#include <vector>

#include "core/status.h"

namespace cordon::store {

// A parameter or column value. NULL is std::monostate.
using SqlValue = std::variant<std::monostate, int64_t, double, std::string>;

// Helpers to bind optional values as NULL.
SqlValue sql_text(const std::optional<std::string>& v);
SqlValue sql_int(const std::optional<int64_t>& v);

// One result row; valid only during the row callback.
class SqlRow {
 public:
  virtual ~SqlRow() = default;
  virtual bool is_null(int column) const = 0;
  virtual int64_t int64(int column) const = 0;
  virtual double real(int column) const = 0;
  virtual std::string text(int column) const = 0;
  std::optional<std::string> optional_text(int column) const {
    return is_null(column) ? std::nullopt : std::optional<std::string>(text(column));
  }
  std::optional<int64_t> optional_int64(int column) const {
    return is_null(column) ? std::nullopt : std::optional<int64_t>(int64(column));
  }
};

enum class Dialect { kSqlite, kPostgres };

class SqlConnection {
 public:
  virtual ~SqlConnection() = default;

  virtual Dialect dialect() const = 0;

  // Runs one statement with `params`; calls `on_row` for each result row. Statements are
  // prepared once per connection and cached by their text. Unique-constraint violations
  // fail conflict with code "unique_violation" and the constraint's name in the message;
  // other engine errors fail internal with code "store_error".
  virtual Status query(std::string_view sql, const std::vector<SqlValue>& params,
                       const std::function<void(const SqlRow&)>& on_row) = 0;

  // Runs one statement; returns the number of rows it changed.
  virtual Result<int64_t> execute(std::string_view sql, const std::vector<SqlValue>& params) = 0;

  // Runs a script of statements without parameters (migrations).
  virtual Status execute_script(std::string_view sql) = 0;

  // Convenience: the first column of the first row as an integer, or nullopt when there is
  // no row.
  Result<std::optional<int64_t>> query_int(std::string_view sql,
                                           const std::vector<SqlValue>& params);
};

// Replaces dialect placeholders in schema SQL:
//   {{id}}       the auto-increment integer primary key column type
//   {{key}}      a text type compared bytewise (prefix ranges on UTF-8 keys rely on it)
std::string expand_dialect(std::string_view sql, Dialect dialect);

// The smallest string greater than every string that starts with `prefix` (bytewise), so
// that `col >= prefix AND col < prefix_upper_bound(prefix)` is an index range scan.
std::string prefix_upper_bound(std::string_view prefix);

}  // namespace cordon::store
