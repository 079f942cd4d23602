// The SQLite engine: one database file in WAL mode, one writer thread with group commit,
// and a pool of read-only connections. See store/store.h for the contract.
#pragma once

#include <memory>

#include "store/store.h"

namespace cordon::store {

Result<std::unique_ptr<Store>> open_sqlite_store(const StoreOptions& options);

}  // namespace cordon::store
