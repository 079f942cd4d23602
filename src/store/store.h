// Store: where cordon keeps its records, behind one interface for SQLite and PostgreSQL.
//
// A Store runs units of work against a SqlConnection. Writes go through write(): on
// SQLite a single writer thread gathers the writes that arrive together into one
// transaction, each in its own SAVEPOINT (a failing unit rolls back only itself), and
// commits the batch with one fsync; write() returns once that commit is durable. Reads go
// through read() on a pooled read connection inside a read transaction (one consistent
// snapshot per unit).
//
// Thread-safe: any number of threads may call write() and read() at once.
#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

using Work = std::function<Status(SqlConnection&)>;

struct StoreStats {
  int64_t write_units = 0;  // units of work committed or rolled back
  int64_t batches = 0;      // commits
};

class Store {
 public:
  virtual ~Store() = default;

  // Runs `work` inside a write transaction. A failed Status (or an exception) from `work`
  // rolls back what `work` did and is returned; the batch it shared goes on. Returns
  // unavailable ("store_closed") after close() and internal ("commit_failed") when the
  // batch could not be committed.
  virtual Status write(const Work& work) = 0;

  // Queues `work` for the writer and returns at once, without waiting for the commit.
  // For records whose loss in a crash is tolerable and whose latency is not (the audit
  // entry of a read). Failures are logged by the writer, not reported. Queued work still
  // runs at close().
  virtual void write_detached(Work work) = 0;

  // Runs `work` on a read-only connection in one snapshot.
  virtual Status read(const Work& work) = 0;

  // Returns once every write queued before the call, detached ones included, is committed:
  // what reads the audit trail calls first, so that it shows the reads made until then.
  Status flush() {
    return write([](SqlConnection&) { return Status(); });
  }

  virtual Dialect dialect() const = 0;
  virtual StoreStats stats() const = 0;

  // Finishes queued writes and closes every connection. Idempotent.
  virtual void close() = 0;
};

struct StoreOptions {
  // A file path for SQLite ("cordon.db"), or a postgresql:// URL (libpq's form:
  // postgresql://user:password@host:port/database?sslmode=...).
  std::string location;
  int read_connections = 8;
  // Largest number of units of work in one write batch.
  int max_batch = 512;
  // How long a SQLite connection waits on a lock held by another process.
  std::chrono::milliseconds busy_timeout{5000};
  // Page cache of the connection that writes, in MiB. Bulk imports raise it: inserting
  // a million rows into indexes on random keys (names, phones) is bound by how much of
  // those indexes stays in memory.
  int writer_cache_mib = 64;
  // How long detached writes (audit entries of reads) may wait for company before the
  // writer commits them alone. Every commit empties the page cache of every reader, so a
  // read-heavy load that commits each read's audit entry at once makes every read start
  // cold; batching them keeps the readers' caches warm. Durable writes never wait: a
  // detached entry queued with one goes out in its batch.
  std::chrono::milliseconds detached_delay{50};
};

// Whether `location` names a PostgreSQL database (postgresql:// or postgres://) rather
// than a SQLite file.
bool is_postgres_url(std::string_view location);

// Opens (creating if needed) the store at options.location and applies pending migrations.
// Fails unavailable ("store_open_failed") with the engine's message when it cannot.
Result<std::unique_ptr<Store>> open_store(const StoreOptions& options);

}  // namespace cordon::store
