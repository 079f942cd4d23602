// One PostgreSQL connection (libpq) with a cache of prepared statements. Used by one
// thread at a time.
//
// Statements are written with `?` parameters (see store/sql.h) and renumbered to $1, $2,
// ... before they are prepared. Parameters are sent as untyped text, the way SQLite takes
// them: the server infers each one's type from where it stands, as for a quoted literal.
// Where nothing tells the type (a bare `? IS NULL`), write CAST(? AS TEXT) instead.
// Results come back as text; int64() also reads a boolean ('t'/'f') as 1/0.
//
// A connection the server dropped is reset when the next transaction begins (its
// statements are then prepared again); a statement that fails because of the drop fails
// unavailable ("store_unavailable").
#pragma once

#include <memory>
#include <string>
#include <unordered_map>

#include "store/sql.h"

struct pg_conn;

namespace cordon::store {

class PgConnection final : public SqlConnection {
 public:
  // Connects to `url` (postgresql://user@host:port/db?...). Fails unavailable
  // ("store_open_failed") with the server's message.
  static Result<std::unique_ptr<PgConnection>> open(const std::string& url);
  ~PgConnection() override;

  Dialect dialect() const override { return Dialect::kPostgres; }
  Status query(std::string_view sql, const std::vector<SqlValue>& params,
               const std::function<void(const SqlRow&)>& on_row) override;
  Result<int64_t> execute(std::string_view sql, const std::vector<SqlValue>& params) override;
  Status execute_script(std::string_view sql) override;

 private:
  explicit PgConnection(pg_conn* conn) : conn_(conn) {}
  // Prepares `sql` once; returns the server-side statement name.
  Result<const std::string*> prepare(std::string_view sql);
  // Runs a prepared statement; `on_row` may be empty. Returns the rows it changed.
  Result<int64_t> run(std::string_view sql, const std::vector<SqlValue>& params,
                      const std::function<void(const SqlRow&)>* on_row);
  void reset_if_dropped();

  pg_conn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> statement name
};

// `sql` with each `?` outside quotes and comments replaced by $1, $2, ...; `count`
// receives how many there were.
std::string number_parameters(std::string_view sql, int* count);

}  // namespace cordon::store
