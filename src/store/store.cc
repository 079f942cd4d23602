#include "store/store.h"

#include "store/postgres/pg_store.h"
#include "store/sqlite/sqlite_store.h"

namespace cordon::store {

bool is_postgres_url(std::string_view location) {
  return location.starts_with("postgresql://") || location.starts_with("postgres://");
}

Result<std::unique_ptr<Store>> open_store(const StoreOptions& options) {
  if (is_postgres_url(options.location)) return open_postgres_store(options);
  if (options.location.empty())
    return Status::invalid_field("db", "required", "a database path is required");
  return open_sqlite_store(options);
}

}  // namespace cordon::store
