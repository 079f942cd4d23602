#include "store/sqlite/sqlite_store.h"

#include <fcntl.h>
#include <unistd.h>

#include <algorithm>

#include "store/group_commit_store.h"
#include "store/migrations.h"
#include "store/sqlite/sqlite_connection.h"

namespace cordon::store {

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options) {
  int busy_ms = static_cast<int>(options.busy_timeout.count());
  CORDON_ASSIGN_OR_RETURN(auto writer,
                          SqliteConnection::open(options.location, /*read_only=*/false, busy_ms));
  CORDON_RETURN_IF_ERROR(writer->execute_script(
      "PRAGMA cache_size=-" + std::to_string(std::max(1, options.writer_cache_mib) * 1024)));
  Status migrated = apply_migrations(*writer);
  if (!migrated.ok())
    return Status::unavailable("store_open_failed", migrated.message());
  std::vector<std::unique_ptr<SqlConnection>> readers;
  for (int i = 0; i < std::max(1, options.read_connections); ++i) {
    CORDON_ASSIGN_OR_RETURN(auto reader,
                            SqliteConnection::open(options.location, /*read_only=*/true, busy_ms));
    readers.push_back(std::move(reader));
  }
  return make_group_commit_store(std::move(writer), std::move(readers),
                                 {Dialect::kSqlite, "BEGIN IMMEDIATE", "BEGIN"},
                                 options.max_batch, options.detached_delay);
}

std::optional<long> sqlite_database_user(const std::string& path) {
  int fd = ::open((path + "-shm").c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return std::nullopt;  // no shared memory: no connection is open
  // SQLite's WAL format: the lock bytes start at offset 120 of the -shm file, eight of
  // them for the WAL locks, then the DMS byte every open connection holds shared.
  constexpr off_t kDmsLockByte = 120 + 8;
  struct flock probe {};
  probe.l_type = F_WRLCK;
  probe.l_whence = SEEK_SET;
  probe.l_start = kDmsLockByte;
  probe.l_len = 1;
  std::optional<long> user;
  if (::fcntl(fd, F_GETLK, &probe) == 0 && probe.l_type != F_UNLCK) user = probe.l_pid;
  ::close(fd);
  return user;
}

}  // namespace cordon::store
