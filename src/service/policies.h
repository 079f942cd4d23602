// Policies: the catalog of policy files, the policy in force, and recomputing open orders
// under a new policy.
//
// PolicyCatalog is loaded once at start-up from a folder of JSON files (docs/policies.md)
// and never changes afterwards: immutable, safe to share across threads.
// PolicyService is thread-safe: it holds only references.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/policy.h"
#include "core/quarantine.h"
#include "service/context.h"

namespace cordon::service {

class PolicyCatalog {
 public:
  PolicyCatalog() = default;  // empty: orders then need explicit dates
  explicit PolicyCatalog(std::vector<Policy> policies, std::string default_code = "");

  // Reads every *.json of `dir`. Fails invalid ("policy.invalid") naming the file and every
  // problem in it, unavailable ("policies_unreadable") when the folder cannot be read,
  // conflict ("policy.duplicate") when two files carry the same code and version.
  // `default_code` is the policy in force until a commander chooses one; "" picks the
  // first code in name order.
  static Result<PolicyCatalog> load_dir(const std::string& dir, const std::string& default_code = "");

  const std::vector<Policy>& all() const { return policies_; }
  const Policy* find(const std::string& code, int version) const;
  const Policy* latest(const std::string& code) const;
  // The policy in force before any was chosen; nullptr for an empty catalog.
  const Policy* fallback() const;

 private:
  std::vector<Policy> policies_;  // ordered by code, then version
  std::string default_code_;
};

// The policy in force, and since when.
struct PolicyInForceView {
  const Policy* policy = nullptr;
  std::optional<Instant> since;  // nullopt: the catalog's default, never switched
  int64_t set_by = 0;
};

// The policy in force, read inside the caller's unit of work. Nullptr policy when the
// catalog is empty. A stored code/version the catalog no longer holds falls back to the
// latest version of that code, then to the catalog default.
Result<PolicyInForceView> policy_in_force(store::SqlConnection& conn, const PolicyCatalog& catalog);

// One order's end under its own policy and under the one in force.
struct RecomputeItem {
  QuarantineOrder order;
  std::optional<LocalDate> new_end_date;  // nullopt: the policy in force orders nothing
  std::string new_policy_code;
  int new_policy_version = 0;
  bool changes() const { return !new_end_date || *new_end_date != order.end_date; }
};

class PolicyService {
 public:
  PolicyService(Context& ctx, const PolicyCatalog& catalog) : ctx_(ctx), catalog_(catalog) {}

  const PolicyCatalog& catalog() const { return catalog_; }
  Result<PolicyInForceView> in_force(const Actor& actor);
  // Puts a policy in force for new orders (audited). Existing orders keep theirs. Invalid
  // "policy_not_found" (field code) for a code/version the catalog does not hold; version
  // nullopt: the latest of the code.
  Result<PolicyInForceView> set_in_force(const Actor& actor, const std::string& code,
                                         std::optional<int> version);

  // Open orders (ordered, active) of the actor's jurisdiction computed with another
  // policy than the one in force, each with the end the policy in force would give.
  // Read-only; audited as one read.
  Result<std::vector<RecomputeItem>> recompute_preview(const Actor& actor);
  // Applies the preview to `order_ids` (all of the preview when empty): each changed
  // order takes the new end and the policy in force, with a "recompute" history entry
  // keeping the previous end. Orders the policy in force no longer requires are left
  // alone (release them by hand). Returns the items applied.
  Result<std::vector<RecomputeItem>> recompute_apply(const Actor& actor,
                                                     const std::vector<int64_t>& order_ids);

 private:
  Result<std::vector<RecomputeItem>> preview_in(store::SqlConnection& conn, const Actor& actor);

  Context& ctx_;
  const PolicyCatalog& catalog_;
};

// The policy stages an order follows: its policy's stages for its category. Arrival
// orders take the category from the arrival's risk level (store lookup), contacts from
// the reason. Nullptr when the catalog lacks the policy or the category.
Result<const std::vector<PolicyStage>*> order_stages(store::SqlConnection& conn,
                                                     const Policy* policy,
                                                     const QuarantineOrder& order);

}  // namespace cordon::service
