// Use cases of screening campaigns (走访排查): every household of a grid, or of chosen
// buildings, to be visited by a date; each visit recorded with what it found; progress
// per grid.
//
// A household is an address node where registered persons live. A visit that finds
// someone arrived from elsewhere creates a task for the grid to register the arrival; one
// that finds nobody home marks the household for another visit.
//
// Thread-safe: holds only references.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "service/context.h"
#include "service/tasks.h"
#include "store/screening.h"

namespace cordon::service {

using Campaign = store::Campaign;
using Household = store::Household;
using Visit = store::Visit;
using GridProgress = store::GridProgress;

struct CampaignInput {
  std::optional<std::string> name;
  std::optional<int64_t> grid_id;                    // every household of a grid, or
  std::optional<std::vector<int64_t>> building_ids;  // those of chosen buildings
  std::optional<std::string> due_date;               // YYYY-MM-DD
};

struct CampaignSummary {
  Campaign campaign;
  int64_t households = 0;
};

struct CampaignPage {
  std::vector<Campaign> items;
  std::optional<std::string> next_cursor;
};

struct HouseholdPage {
  std::vector<Household> items;
  std::optional<std::string> next_cursor;
};

struct VisitInput {
  std::optional<int64_t> address_id;
  std::optional<std::string> result;  // all_home, arrived_from_elsewhere, nobody_home
  std::optional<std::string> note;
};

struct VisitRecord {
  Visit visit;
  Household household;
  std::optional<Task> task;  // for arrived_from_elsewhere
};

struct CampaignProgress {
  Campaign campaign;
  std::vector<GridProgress> grids;
  GridProgress total;  // grid_id 0
};

class ScreeningService {
 public:
  ScreeningService(Context& ctx, TaskService& tasks) : ctx_(ctx), tasks_(tasks) {}

  // Invalid: no name, no due date, neither or both of grid_id and building_ids, a grid or
  // building unknown or outside the jurisdiction ("not_found"), not of that kind.
  Result<CampaignSummary> create(const Actor& actor, const CampaignInput& input,
                                 const std::optional<std::string>& idempotency_key = std::nullopt);
  Result<Campaign> get(const Actor& actor, int64_t id);
  Result<CampaignPage> list(const Actor& actor, const std::optional<std::string>& cursor,
                            const std::optional<std::string>& limit);
  Result<HouseholdPage> households(const Actor& actor, int64_t id,
                                   const std::optional<std::string>& status,
                                   const std::optional<std::string>& cursor,
                                   const std::optional<std::string>& limit);
  // Invalid: address_id not a household of the campaign ("not_a_household"), unknown
  // result; a note is required for arrived_from_elsewhere (who arrived, from where).
  Result<VisitRecord> record_visit(const Actor& actor, int64_t id, const VisitInput& input);
  Result<CampaignProgress> progress(const Actor& actor, int64_t id);

 private:
  Context& ctx_;
  TaskService& tasks_;
};

}  // namespace cordon::service
