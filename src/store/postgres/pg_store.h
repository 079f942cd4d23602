// The PostgreSQL engine: several cordon servers may share one database.
//
// Each server keeps one writer connection with the same group commit as SQLite (a batch
// of units in one transaction, a SAVEPOINT per unit, durable when COMMIT returns with
// synchronous_commit on) and a pool of read connections.
//
// Isolation: a write batch runs at READ COMMITTED and its first statement locks the
// audit chain head (SELECT ... FOR UPDATE). Every unit of work that changes a record
// appends to the audit chain, so write batches of all servers take turns on that row;
// and since at READ COMMITTED each later statement reads a fresh snapshot, a batch sees
// everything committed before it got the lock. Check-then-write logic in a unit (site
// capacity, state transitions, the chain's seq and prev_hash) therefore sees what it
// would see under SQLite's single writer. Repositories still write transitions as
// conditional updates (WHERE status = ? / version = ?) so that a lost race is a
// conflict, not a silent overwrite. Reads run at REPEATABLE READ READ ONLY: one
// snapshot per unit, never blocking writers.
//
// Migrations run under a session advisory lock, so that servers starting together
// apply them once.
#pragma once

#include <memory>

#include "store/store.h"

namespace cordon::store {

Result<std::unique_ptr<Store>> open_postgres_store(const StoreOptions& options);

}  // namespace cordon::store
