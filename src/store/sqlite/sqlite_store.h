// The SQLite engine: one database file in WAL mode, one writer thread with group commit,
// and a pool of read-only connections. See store/store.h for the contract.
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "store/store.h"

namespace cordon::store {

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options);

// The process id of another process that has the database at `path` open (a running
// `cordon serve`, the sqlite3 shell), or nullopt when no other process has. Every
// connection to a WAL database holds a shared lock on one byte of its "-shm" file (the
// DMS lock of SQLite's WAL format) for as long as it is open; this asks the kernel who
// holds it. Connections of this process do not count.
std::optional<long> sqlite_database_user(const std::string& path);

}  // namespace cordon::store
