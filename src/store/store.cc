#include "store/store.h"

#include "store/sqlite/sqlite_store.h"

namespace cordon::store {

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  if (options.location.starts_with("postgresql://") || options.location.starts_with("postgres://"))
    return Status::unavailable("store_open_failed",
                               "PostgreSQL is not supported by this build of cordon yet");
  if (options.location.empty())
    return Status::invalid_field("db", "required", "a database path is required");
  return open_sqlite_store(options);
}

}  // namespace cordon::store
