// Runtime: what every cordon subcommand opens — the store, the clock, the time zone and
// the services over them — in one place so commands do not each wire it up.
#pragma once

#include <filesystem>
#include <memory>
#include <string>

#include "core/status.h"
#include "service/assist.h"
#include "service/arrivals.h"
#include "service/audit.h"
#include "service/auth.h"
#include "service/cases.h"
#include "service/chains.h"
#include "service/dashboard.h"
#include "service/context.h"
#include "service/lab_tests.h"
#include "service/orders.h"
#include "service/persons.h"
#include "service/events.h"
#include "service/places.h"
#include "service/policies.h"
#include "service/followups.h"
#include "service/exposures.h"
#include "service/sites.h"
#include "service/reports.h"
#include "service/screening.h"
#include "service/tasks.h"
#include "service/transfers.h"
#include "store/store.h"

namespace cordon::cli {

struct RuntimeOptions {
  std::string db = "cordon.db";
  std::string time_zone = "Asia/Shanghai";
  int read_connections = 8;
  // The folder of policy files; empty: default_policies_dir(). A folder given explicitly
  // must load; the default may be missing (no policy then: orders need explicit dates).
  std::string policies_dir;
  // The policy in force until a commander switches (docs/policies.md).
  std::string default_policy = "cn-2020-early";
  int writer_cache_mib = 64;  // see store::StoreOptions
  service::ReportPolicy reports;  // rate limits of the public report endpoint
};

// Where policy files are looked for by default: <prefix>/share/cordon/policies beside an
// installed binary, else the source tree's policies/ (a binary run from its build folder).
// Empty when neither exists.
std::string default_policies_dir();

class Runtime {
 public:
  // Opens the store (creating and migrating it when needed).
  static Result<std::unique_ptr<Runtime>> open(const RuntimeOptions& options);

  store::Store& store() { return *store_; }
  service::Context& context() { return ctx_; }
  service::PlaceService& places() { return places_; }
  service::PersonService& persons() { return persons_; }
  service::AuthService& auth() { return auth_; }
  service::AuditService& audit() { return audit_; }
  const service::PolicyCatalog& catalog() const { return catalog_; }
  // Where the catalog was loaded from ("" when no policies were found).
  const std::string& policies_dir() const { return policies_dir_; }
  service::PolicyService& policies() { return policies_; }
  service::OrderService& orders() { return orders_; }
  service::RiskAreaService& risk_areas() { return risk_areas_; }
  service::ArrivalService& arrivals() { return arrivals_; }
  service::LabService& labs() { return labs_; }
  service::SiteService& sites() { return sites_; }
  service::FollowUpService& followups() { return followups_; }
  service::CaseService& cases() { return cases_; }
  service::ExposureService& exposures() { return exposures_; }
  service::ChainService& chains() { return chains_; }
  service::EventBus& events() { return *events_; }
  service::TaskService& tasks() { return tasks_; }
  service::ReportService& reports() { return reports_; }
  service::AssistService& assist() { return assist_; }
  service::ScreeningService& screening() { return screening_; }
  service::DashboardService& dashboard() { return dashboard_; }
  service::TransferService& transfers() { return transfers_; }

 private:
  Runtime(std::unique_ptr<store::Store> store, std::unique_ptr<service::EventBus> events,
          TimeZone zone, service::PolicyCatalog catalog, std::string policies_dir,
          service::ReportPolicy reports)
      : store_(std::move(store)), ctx_{*store_, clock_, std::move(zone)}, places_(ctx_),
        persons_(ctx_), auth_(ctx_), audit_(ctx_), catalog_(std::move(catalog)),
        policies_dir_(std::move(policies_dir)), policies_(ctx_, catalog_),
        orders_(ctx_, catalog_), risk_areas_(ctx_), arrivals_(ctx_, catalog_), labs_(ctx_),
        sites_(ctx_), followups_(ctx_, service::rules_from(catalog_)),
        cases_(ctx_, catalog_), exposures_(ctx_, catalog_), chains_(ctx_),
        events_(std::move(events)), tasks_(ctx_, *events_), reports_(ctx_, tasks_, reports),
        assist_(ctx_, *events_),
        screening_(ctx_, tasks_), dashboard_(ctx_, catalog_),
        transfers_(ctx_, persons_, places_, *events_,
                   std::filesystem::temp_directory_path().string()) {
    followups_.set_referrals(tasks_);  // a fever opens a referral task
  }

  std::unique_ptr<store::Store> store_;
  service::SystemClock clock_;
  service::Context ctx_;
  service::PlaceService places_;
  service::PersonService persons_;
  service::AuthService auth_;
  service::AuditService audit_;
  service::PolicyCatalog catalog_;
  std::string policies_dir_;
  service::PolicyService policies_;
  service::OrderService orders_;
  service::RiskAreaService risk_areas_;
  service::ArrivalService arrivals_;
  service::LabService labs_;
  service::SiteService sites_;
  service::FollowUpService followups_;
  service::CaseService cases_;
  service::ExposureService exposures_;
  service::ChainService chains_;
  // LocalEventBus on SQLite; PgEventBus on PostgreSQL (servers announce to each other).
  std::unique_ptr<service::EventBus> events_;
  service::TaskService tasks_;
  service::ReportService reports_;
  service::AssistService assist_;
  service::ScreeningService screening_;
  service::DashboardService dashboard_;
  // Last: destroyed first, so its import jobs end before the services they use.
  service::TransferService transfers_;
};

}  // namespace cordon::cli
