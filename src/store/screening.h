// Repository of screening campaigns (走访排查): the campaign, its households (address
// nodes where persons live) and the visits recorded at them.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/status.h"
#include "core/task.h"
#include "store/sql.h"

namespace cordon::store {

struct Campaign {
  int64_t id = 0;
  std::string name;
  std::string scope_path;  // the grid's path, or the deepest node holding every building
  LocalDate due_date;
  int64_t created_by_user_id = 0;
  Instant created_at;
};

struct Household {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t address_id = 0;
  int64_t grid_id = 0;
  HouseholdStatus status = HouseholdStatus::kPending;
  int visits = 0;
  std::optional<VisitResult> last_result;
  std::optional<Instant> last_visit_at;
};

struct Visit {
  int64_t id = 0;
  int64_t campaign_id = 0;
  int64_t household_id = 0;
  Instant at;
  int64_t by_user_id = 0;
  VisitResult result = VisitResult::kAllHome;
  std::string note;
  std::optional<int64_t> task_id;  // the follow-up task a visit created
};

Result<Campaign> insert_campaign(SqlConnection& conn, Campaign campaign);
Result<std::optional<Campaign>> find_campaign(SqlConnection& conn, int64_t id);
// Campaigns whose scope lies under `path` (nullopt: all), by id after `after_id`.
Result<std::vector<Campaign>> list_campaigns(SqlConnection& conn,
                                             const std::optional<std::string>& path,
                                             int64_t after_id, int limit);

// Adds one pending household per distinct address of the persons living under each of
// `paths` (address-node subtrees, or a grid's path: then every person of the grid with an
// address). Returns the number of households the campaign has.
Result<int64_t> add_households(SqlConnection& conn, int64_t campaign_id,
                               const std::vector<std::string>& paths);

Result<std::optional<Household>> find_household(SqlConnection& conn, int64_t campaign_id,
                                                int64_t address_id);
Status update_household(SqlConnection& conn, const Household& household);
Result<std::vector<Household>> list_households(SqlConnection& conn, int64_t campaign_id,
                                               std::optional<HouseholdStatus> status,
                                               int64_t after_id, int limit);
Result<Visit> insert_visit(SqlConnection& conn, Visit visit);

struct GridProgress {
  int64_t grid_id = 0;
  int64_t households = 0;
  int64_t visited = 0;
  int64_t revisit = 0;
  int64_t pending = 0;
};
// One row per grid of the campaign, by grid id.
Result<std::vector<GridProgress>> campaign_progress(SqlConnection& conn, int64_t campaign_id);

}  // namespace cordon::store
