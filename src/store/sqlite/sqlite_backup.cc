#include "store/sqlite/sqlite_backup.h"

#include <sqlite3.h>

#include <chrono>
#include <filesystem>
#include <memory>
#include <thread>

namespace cordon::store {

namespace {

struct Closer {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
using Db = std::unique_ptr<sqlite3, Closer>;

Status failed(const std::string& what, sqlite3* db) {
  return Status::unavailable("backup_failed", what + ": " + (db ? sqlite3_errmsg(db) : "no memory"));
}

Result<Db> open_db(const std::string& path, int flags, const std::string& what) {
  sqlite3* raw = nullptr;
  int rc = sqlite3_open_v2(path.c_str(), &raw, flags, nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) return failed("cannot open " + what + " " + path, raw);
  sqlite3_busy_timeout(raw, 5000);
  return db;
}

Status exec(sqlite3* db, const char* sql, const std::string& what) {
  if (sqlite3_exec(db, sql, nullptr, nullptr, nullptr) != SQLITE_OK) return failed(what, db);
  return Status();
}

// "ok", or the first problem PRAGMA integrity_check names.
Status check_integrity(sqlite3* db) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v2(db, "PRAGMA integrity_check", -1, &stmt, nullptr) != SQLITE_OK)
    return failed("cannot check the copy", db);
  std::string verdict;
  int rc = sqlite3_step(stmt);
  if (rc == SQLITE_ROW) verdict = reinterpret_cast<const char*>(sqlite3_column_text(stmt, 0));
  sqlite3_finalize(stmt);
  if (rc != SQLITE_ROW) return failed("cannot check the copy", db);
  if (verdict != "ok") return Status::internal("backup_corrupt", "the copy is damaged: " + verdict);
  return Status();
}

}  // namespace

Status backup_sqlite(const std::string& from, const std::string& to, int pages_per_step,
                     const std::function<void(const BackupProgress&)>& progress) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(from, ec))
    return Status::not_found("no_database", "no database at " + from);
  CORDON_ASSIGN_OR_RETURN(Db src, open_db(from, SQLITE_OPEN_READONLY, "the database"));
  // One snapshot for the whole copy: the backup steps reuse this read transaction
  // instead of starting over each time the server commits.
  CORDON_RETURN_IF_ERROR(exec(src.get(), "BEGIN; SELECT COUNT(*) FROM sqlite_schema",
                              "cannot read " + from));
  {
    CORDON_ASSIGN_OR_RETURN(
        Db dst, open_db(to, SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE, "the copy"));
    sqlite3_backup* backup = sqlite3_backup_init(dst.get(), "main", src.get(), "main");
    if (!backup) return failed("cannot start the copy", dst.get());
    int rc;
    do {
      rc = sqlite3_backup_step(backup, pages_per_step);
      if (rc == SQLITE_OK || rc == SQLITE_DONE) {
        int total = sqlite3_backup_pagecount(backup);
        if (progress) progress({total - sqlite3_backup_remaining(backup), total});
      } else if (rc == SQLITE_BUSY || rc == SQLITE_LOCKED) {
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        rc = SQLITE_OK;
      }
    } while (rc == SQLITE_OK);
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) return failed("cannot write " + to, dst.get());
    CORDON_RETURN_IF_ERROR(check_integrity(dst.get()));
  }
  (void)exec(src.get(), "COMMIT", "");
  return Status();
}

}  // namespace cordon::store
