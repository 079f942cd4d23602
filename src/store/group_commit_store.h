// The Store that both engines share: one writer connection on its own thread that
// gathers the units of work arriving together into one transaction (a SAVEPOINT per
// unit) and commits them at once, and a pool of read connections, each read in one
// transaction. Detached units alone wait up to `detached_delay` for company (see
// StoreOptions::detached_delay). The engines differ only in the connections they hand in and in the
// statements that open a write batch and a read (see EngineStatements).
//
// Thread-safe: any number of threads may call write() and read() at once.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "store/store.h"

namespace cordon::store {

struct EngineStatements {
  Dialect dialect;
  // Opens the transaction of a write batch, e.g. "BEGIN IMMEDIATE" on SQLite; on
  // PostgreSQL it also takes the lock that orders writers of every server.
  std::string begin_write;
  // Opens the transaction of one read unit (one consistent snapshot).
  std::string begin_read;
};

Result<std::unique_ptr<Store>> make_group_commit_store(
    std::unique_ptr<SqlConnection> writer, std::vector<std::unique_ptr<SqlConnection>> readers,
    EngineStatements statements, int max_batch,
    std::chrono::milliseconds detached_delay = std::chrono::milliseconds(0));

}  // namespace cordon::store
