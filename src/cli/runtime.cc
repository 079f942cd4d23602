#include "cli/runtime.h"

namespace cordon::cli {

Result<std::unique_ptr<Runtime>> Runtime::open(const RuntimeOptions& options) {
  CORDON_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::load(options.time_zone));
  store::StoreOptions so;
  so.location = options.db;
  so.read_connections = options.read_connections;
  so.writer_cache_mib = options.writer_cache_mib;
  CORDON_ASSIGN_OR_RETURN(auto store, store::open_store(so));
  return std::unique_ptr<Runtime>(new Runtime(std::move(store), std::move(zone), options.reports));
}

}  // namespace cordon::cli
