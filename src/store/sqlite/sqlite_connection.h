// One SQLite connection with a cache of prepared statements. Used by one thread at a time.
#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>

#include "store/sql.h"

struct sqlite3;
struct sqlite3_stmt;

namespace cordon::store {

class SqliteConnection final : public SqlConnection {
 public:
  // Opens `path` (created when `create` is true). Pragmas: WAL, synchronous=FULL (a
  // commit is on disk when it returns), foreign keys on, busy timeout.
  static Result<std::unique_ptr<SqliteConnection>> open(const std::string& path, bool read_only,
                                                         int busy_timeout_ms);
  ~SqliteConnection() override;

  Dialect dialect() const override { return Dialect::kSqlite; }
  Status query(std::string_view sql, const std::vector<SqlValue>& params,
               const std::function<void(const SqlRow&)>& on_row) override;
  Result<int64_t> execute(std::string_view sql, const std::vector<SqlValue>& params) override;
  Status execute_script(std::string_view sql) override;

 private:
  explicit SqliteConnection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> prepare(std::string_view sql);
  Status error(int rc, std::string_view what) const;

  // Looked up by the caller's string_view: a cached statement costs no copy of its text.
  struct TextHash {
    using is_transparent = void;
    size_t operator()(std::string_view s) const { return std::hash<std::string_view>{}(s); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, TextHash, std::equal_to<>> statements_;
};

}  // namespace cordon::store
