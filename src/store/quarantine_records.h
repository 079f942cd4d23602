// Repositories of the records around quarantine orders: the policy in force, risk areas
// and their dated levels, arrivals, and lab samples with pooled tubes. SQL lives here;
// callers pass the connection the Store hands them. Functions never open transactions.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/lab_tests.h"
#include "core/risk_area.h"
#include "core/status.h"
#include "store/sql.h"
#include "store/where.h"

namespace cordon::store {

// --- policy in force ---

struct PolicyInForce {
  std::string code;
  int version = 0;
  Instant since;
  int64_t set_by = 0;
};

// nullopt until a policy was first put in force.
Result<std::optional<PolicyInForce>> get_policy_in_force(SqlConnection& conn);
Status set_policy_in_force(SqlConnection& conn, const PolicyInForce& p);

// --- risk areas ---

// Inserts; fills id. Conflict "duplicate_name" / "duplicate_code" (field name / code).
Result<RiskArea> insert_risk_area(SqlConnection& conn, RiskArea area);
// The area with its level entries.
Result<std::optional<RiskArea>> find_risk_area(SqlConnection& conn, int64_t id);
// The risk area whose name or code is exactly `name_or_code` (both are unique), if any.
Result<std::optional<RiskArea>> find_risk_area_named(SqlConnection& conn,
                                                     const std::string& name_or_code);
// Areas ordered by id after `after_id`, each with its level entries.
Result<Page<RiskArea>> list_risk_areas(SqlConnection& conn, int64_t after_id, int limit);
Result<RiskLevelEntry> insert_risk_level(SqlConnection& conn, RiskLevelEntry entry);

// --- arrivals ---

Result<Arrival> insert_arrival(SqlConnection& conn, Arrival arrival);
// Links the arrival to the order it produced.
Status set_arrival_order(SqlConnection& conn, int64_t arrival_id, int64_t order_id);
Result<std::optional<Arrival>> find_arrival(SqlConnection& conn, int64_t id);
// Arrivals whose grid is `grid_id`, or below `node_path`, or anywhere; by id after `after_id`.
Result<Page<Arrival>> list_arrivals(SqlConnection& conn, std::optional<int64_t> grid_id,
                                           const std::optional<std::string>& node_path,
                                           int64_t after_id, int limit);

// --- lab samples and pooled tubes ---

// Inserts; fills id. Conflict "duplicate_tube_code" (field code).
Result<PooledTube> insert_tube(SqlConnection& conn, PooledTube tube);
Result<std::optional<PooledTube>> find_tube(SqlConnection& conn, int64_t id);
Status update_tube_result(SqlConnection& conn, const PooledTube& tube);

Result<LabSample> insert_sample(SqlConnection& conn, LabSample sample);
Result<std::optional<LabSample>> find_sample(SqlConnection& conn, int64_t id);
// Writes result, resulted_on, retest_required and updated_at of sample.id.
Status update_sample_result(SqlConnection& conn, const LabSample& sample);

struct SampleFilter {
  std::optional<int64_t> person_id;
  std::optional<int64_t> order_id;
  std::optional<int64_t> tube_id;
  std::optional<bool> retest_required;
  std::optional<int64_t> grid_id;
  std::optional<std::string> node_path;
  std::optional<LocalDate> sampled_from;  // inclusive
  std::optional<LocalDate> sampled_to;    // inclusive
};
// Samples matching `filter`, by id after `after_id`.
Result<Page<LabSample>> list_samples(SqlConnection& conn, const SampleFilter& filter,
                                            int64_t after_id, int limit);

// Clears the retest flag of the person's pooled samples taken on or before `on`: an
// individual result now answers for them.
Status clear_retest(SqlConnection& conn, int64_t person_id, LocalDate on, Instant now);

}  // namespace cordon::store
