// An online, consistent copy of a SQLite database file (`cordon backup`).
//
// The copy reads one snapshot of the source (a read transaction held from the first
// page to the last; in WAL mode a server keeps writing meanwhile and the copy is of the
// moment the transaction began) with SQLite's backup API, `pages_per_step` pages at a
// time, into `to`, then runs PRAGMA integrity_check on the copy. `to` must not exist.
// Thread-compatible: nothing shared.
#pragma once

#include <cstdint>
#include <functional>
#include <string>

#include "core/status.h"

namespace cordon::store {

struct BackupProgress {
  int64_t pages_done = 0;
  int64_t pages_total = 0;
};

// Copies `from` into a new file `to`. Fails not_found ("no_database") when `from` does
// not exist, unavailable ("backup_failed") when a file cannot be read or written (the
// message says which and why), internal ("backup_corrupt") when the copy fails its
// integrity check. On failure `to` may be left partly written: the caller writes to a
// temporary name and removes it.
Status backup_sqlite(const std::string& from, const std::string& to, int pages_per_step,
                     const std::function<void(const BackupProgress&)>& progress);

}  // namespace cordon::store
