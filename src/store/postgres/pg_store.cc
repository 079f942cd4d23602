#include "store/postgres/pg_store.h"

#include <algorithm>

#include "store/group_commit_store.h"
#include "store/migrations.h"
#include "store/postgres/pg_connection.h"

namespace cordon::store {

namespace {

// Any constant works as long as every cordon server uses the same one: "cordon" in ASCII.
constexpr const char* kMigrationLock = "SELECT pg_advisory_lock(99111114100111110)";
constexpr const char* kMigrationUnlock = "SELECT pg_advisory_unlock(99111114100111110)";

// Opens a write batch. The audit head row lock orders the batches of every server, but a
// row lock is not a queue: a server that commits and begins again at once re-locks the
// row before the backend of another server waiting for it has woken up, and with a
// backlog of queued units (the audit entries of a burst of reads) it kept the row for
// seconds while every write of the other server waited. A transaction-scoped advisory lock
// taken first is a heavyweight lock, granted in the order it was asked for, so batches
// of the servers alternate; the row lock after it still guards the chain itself.
constexpr const char* kBeginWrite =
    "BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(99111114100111119); "
    "SELECT seq FROM audit_head WHERE id = 1 FOR UPDATE";

Status migrate_locked(SqlConnection& conn) {
  CORDON_RETURN_IF_ERROR(conn.execute_script(kMigrationLock));
  Status s = apply_migrations(conn);
  Status unlocked = conn.execute_script(kMigrationUnlock);
  return s.ok() ? unlocked : s;
}

}  // namespace

Result<std::unique_ptr<Store>> open_postgres_store(const StoreOptions& options) {
  CORDON_ASSIGN_OR_RETURN(auto writer, PgConnection::open(options.location));
  Status migrated = migrate_locked(*writer);
  if (!migrated.ok()) return Status::unavailable("store_open_failed", migrated.message());
  std::vector<std::unique_ptr<SqlConnection>> readers;
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    CORDON_ASSIGN_OR_RETURN(auto reader, PgConnection::open(options.location));
    readers.push_back(std::move(reader));
  }
  return make_group_commit_store(
      std::move(writer), std::move(readers),
      {Dialect::kPostgres, kBeginWrite, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY"},
      options.max_batch, options.detached_delay);
}

}  // namespace cordon::store
