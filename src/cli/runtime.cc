#include "cli/runtime.h"

#include <unistd.h>

#include <filesystem>

#include "service/pg_event_bus.h"

namespace cordon::cli {

std::string default_policies_dir() {
  namespace fs = std::filesystem;
  std::error_code ec;
  fs::path exe = fs::read_symlink("/proc/self/exe", ec);
  if (!ec) {
    fs::path installed = exe.parent_path().parent_path() / "share" / "cordon" / "policies";
    if (fs::is_directory(installed, ec)) return installed.string();
  }
#ifdef CORDON_SOURCE_POLICIES
  if (fs::is_directory(CORDON_SOURCE_POLICIES, ec)) return CORDON_SOURCE_POLICIES;
#endif
  return "";
}

Result<std::unique_ptr<Runtime>> Runtime::open(const RuntimeOptions& options) {
  CORDON_ASSIGN_OR_RETURN(TimeZone zone, TimeZone::load(options.time_zone));
  std::string dir = options.policies_dir.empty() ? default_policies_dir() : options.policies_dir;
  service::PolicyCatalog catalog;
  if (!dir.empty()) {
    CORDON_ASSIGN_OR_RETURN(catalog, service::PolicyCatalog::load_dir(dir, options.default_policy));
  }
  store::StoreOptions so;
  so.location = options.db;
  so.read_connections = options.read_connections;
  so.writer_cache_mib = options.writer_cache_mib;
  CORDON_ASSIGN_OR_RETURN(auto store, store::open_store(so));
  std::unique_ptr<service::EventBus> events;
  if (store->dialect() == store::Dialect::kPostgres)
    events = std::make_unique<service::PgEventBus>(options.db);
  else
    events = std::make_unique<service::LocalEventBus>();
  return std::unique_ptr<Runtime>(new Runtime(std::move(store), std::move(events), std::move(zone),
                                              std::move(catalog), std::move(dir), options.reports));
}

}  // namespace cordon::cli
