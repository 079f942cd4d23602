#include "store/sqlite/sqlite_connection.h"

#include <sqlite3.h>

#include <mutex>

namespace cordon::store {

namespace {

// Every commit empties the page cache of every other connection, so a reader fetches its
// pages again after each write: with the allocator's malloc that is one allocation and
// free per page read. A process-wide pool of page slots, set up before SQLite starts,
// serves those from a free list instead (the first 2,048 pages; more fall back to malloc).
void configure_sqlite_once() {
  static std::once_flag once;
  std::call_once(once, [] {
    constexpr int kSlots = 2048;
    constexpr int kPageSize = 4096;
    int header = 0;
    sqlite3_config(SQLITE_CONFIG_PCACHE_HDRSZ, &header);
    const int slot = kPageSize + header;
    // Leaked on purpose: SQLite uses it until the process exits.
    void* pool = ::operator new(static_cast<size_t>(slot) * kSlots);
    // Refused (SQLITE_MISUSE) when SQLite was already initialized in this process, by a
    // test or a tool opening the database first: connections then use malloc as before.
    if (sqlite3_config(SQLITE_CONFIG_PAGECACHE, pool, slot, kSlots) != SQLITE_OK)
      ::operator delete(pool);
  });
}

class StatementRow final : public SqlRow {
 public:
  explicit StatementRow(sqlite3_stmt* stmt) : stmt_(stmt) {}
  bool is_null(int c) const override { return sqlite3_column_type(stmt_, c) == SQLITE_NULL; }
  int64_t int64(int c) const override { return sqlite3_column_int64(stmt_, c); }
  double real(int c) const override { return sqlite3_column_double(stmt_, c); }
  std::string text(int c) const override {
    const unsigned char* p = sqlite3_column_text(stmt_, c);
    if (!p) return {};
    return std::string(reinterpret_cast<const char*>(p), sqlite3_column_bytes(stmt_, c));
  }

 private:
  sqlite3_stmt* stmt_;
};

// Resets the statement and clears its bindings when a call leaves, however it leaves.
struct StatementReset {
  sqlite3_stmt* stmt;
  ~StatementReset() {
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  }
};

}  // namespace

Result<std::unique_ptr<SqliteConnection>> SqliteConnection::open(const std::string& path,
                                                                  bool read_only,
                                                                  int busy_timeout_ms) {
  configure_sqlite_once();
  sqlite3* db = nullptr;
  int flags = read_only ? SQLITE_OPEN_READONLY : (SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE);
  flags |= SQLITE_OPEN_NOMUTEX;  // each connection is used by one thread at a time
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string msg = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Status::unavailable("store_open_failed", "cannot open " + path + ": " + msg);
  }
  sqlite3_busy_timeout(db, busy_timeout_ms);
  sqlite3_extended_result_codes(db, 1);
  std::unique_ptr<SqliteConnection> conn(new SqliteConnection(db));
  // Readers keep temporary b-trees (sorts) in memory. The writer must not: with
  // temp_store=MEMORY SQLite keeps the sub-journal of its savepoints in a linked list of
  // 1 KiB chunks that every statement walks from the start when it ends, so a unit of
  // work that inserts n rows costs O(n^2) (the demo outbreak's 50,000-row units spent two
  // thirds of their time there). On a file the sub-journal spills after 64 KiB and
  // truncates in constant time; it stays in the OS page cache, never fsynced.
  std::string pragmas =
      "PRAGMA foreign_keys=ON; PRAGMA synchronous=FULL; PRAGMA cache_size=-65536;";
  pragmas += read_only ? "PRAGMA temp_store=MEMORY;" : "PRAGMA temp_store=FILE;";
  if (!read_only) pragmas = "PRAGMA journal_mode=WAL; " + pragmas;
  Status s = conn->execute_script(pragmas);
  if (!s.ok())
    return Status::unavailable("store_open_failed", "cannot configure " + path + ": " +
                                                        s.message());
  return conn;
}

SqliteConnection::~SqliteConnection() {
  for (auto& [sql, stmt] : statements_) sqlite3_finalize(stmt);
  sqlite3_close(db_);
}

namespace {
// The one mapping from SQLite result codes to the Store's statuses (see sql.h).
Status status_for(int rc, std::string msg) {
  if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY)
    return Status::conflict("unique_violation", msg);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) return Status::conflict("constraint_violation", msg);
  if ((rc & 0xff) == SQLITE_BUSY) return Status::unavailable("store_busy", msg);
  return Status::internal("store_error", msg);
}
}  // namespace

Status SqliteConnection::error(int rc, std::string_view what) const {
  return status_for(rc, std::string(what) + ": " + sqlite3_errmsg(db_));
}

Result<sqlite3_stmt*> SqliteConnection::prepare(std::string_view sql) {
  auto it = statements_.find(sql);
  if (it != statements_.end()) return it->second;
  sqlite3_stmt* stmt = nullptr;
  int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                              SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
  if (rc != SQLITE_OK) return error(rc, "prepare");
  statements_.emplace(std::string(sql), stmt);
  return stmt;
}

namespace {
int bind_all(sqlite3_stmt* stmt, const std::vector<SqlValue>& params) {
  for (size_t i = 0; i < params.size(); ++i) {
    int idx = static_cast<int>(i) + 1;
    int rc = std::visit(
        [&](const auto& v) -> int {
          using T = std::decay_t<decltype(v)>;
          if constexpr (std::is_same_v<T, std::monostate>) return sqlite3_bind_null(stmt, idx);
          else if constexpr (std::is_same_v<T, int64_t>) return sqlite3_bind_int64(stmt, idx, v);
          else if constexpr (std::is_same_v<T, double>) return sqlite3_bind_double(stmt, idx, v);
          else
            return sqlite3_bind_text(stmt, idx, v.data(), static_cast<int>(v.size()),
                                     SQLITE_STATIC);
        },
        params[i]);
    if (rc != SQLITE_OK) return rc;
  }
  return SQLITE_OK;
}
}  // namespace

Status SqliteConnection::query(std::string_view sql, const std::vector<SqlValue>& params,
                               const std::function<void(const SqlRow&)>& on_row) {
  CORDON_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
  StatementReset reset{stmt};
  int rc = bind_all(stmt, params);
  if (rc != SQLITE_OK) return error(rc, "bind");
  StatementRow row(stmt);
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) on_row(row);
  if (rc != SQLITE_DONE) return error(rc, "step");
  return Status();
}

Result<int64_t> SqliteConnection::execute(std::string_view sql,
                                          const std::vector<SqlValue>& params) {
  CORDON_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, prepare(sql));
  StatementReset reset{stmt};
  int rc = bind_all(stmt, params);
  if (rc != SQLITE_OK) return error(rc, "bind");
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
  }
  if (rc != SQLITE_DONE) return error(rc, "step");
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Status SqliteConnection::execute_script(std::string_view sql) {
  // One statement (BEGIN, COMMIT, SAVEPOINT ...: several per unit of work) runs from the
  // statement cache instead of being parsed again.
  if (sql.find(';') == std::string_view::npos) return execute(sql, {}).status();
  std::string text(sql);
  char* err = nullptr;
  int rc = sqlite3_exec(db_, text.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string msg = err ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    return status_for(rc, std::move(msg));
  }
  return Status();
}

}  // namespace cordon::store
