#include "service/policies.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "service/audit.h"
#include "service/orders.h"
#include "service/scope.h"
#include "store/audit.h"
#include "store/quarantine_orders.h"
#include "store/quarantine_records.h"

namespace cordon::service {

PolicyCatalog::PolicyCatalog(std::vector<Policy> policies, std::string default_code)
    : policies_(std::move(policies)), default_code_(std::move(default_code)) {
  std::sort(policies_.begin(), policies_.end(), [](const Policy& a, const Policy& b) {
    return a.code != b.code ? a.code < b.code : a.version < b.version;
  });
}

Result<PolicyCatalog> PolicyCatalog::load_dir(const std::string& dir,
                                              const std::string& default_code) {
  namespace fs = std::filesystem;
  std::error_code ec;
  std::vector<fs::path> files;
  for (fs::directory_iterator it(dir, ec), end; !ec && it != end; it.increment(ec))
    if (it->path().extension() == ".json") files.push_back(it->path());
  if (ec)
    return Status::unavailable("policies_unreadable",
                               "cannot read the policies folder " + dir + ": " + ec.message());
  std::sort(files.begin(), files.end());
  std::vector<Policy> policies;
  for (const auto& file : files) {
    std::ifstream in(file);
    std::stringstream text;
    text << in.rdbuf();
    auto p = parse_policy(text.str());
    if (!p.ok()) {
      std::vector<FieldError> errors = p.status().errors();
      for (auto& e : errors) e.field = file.filename().string() + ": " + e.field;
      return Status::invalid("policy.invalid",
                             file.string() + ": " + p.status().message(), std::move(errors));
    }
    for (const auto& other : policies)
      if (other.code == p->code && other.version == p->version)
        return Status::conflict("policy.duplicate", file.string() + " repeats " + p->code +
                                                        " version " + std::to_string(p->version));
    policies.push_back(std::move(*p));
  }
  if (!default_code.empty() &&
      std::none_of(policies.begin(), policies.end(),
                   [&](const Policy& p) { return p.code == default_code; }))
    return Status::invalid_field("default_policy", "policy_not_found",
                                 "no policy file has the code " + default_code);
  return PolicyCatalog(std::move(policies), default_code);
}

const Policy* PolicyCatalog::find(const std::string& code, int version) const {
  for (const auto& p : policies_)
    if (p.code == code && p.version == version) return &p;
  return nullptr;
}

const Policy* PolicyCatalog::latest(const std::string& code) const {
  const Policy* best = nullptr;
  for (const auto& p : policies_)
    if (p.code == code) best = &p;  // sorted by version
  return best;
}

const Policy* PolicyCatalog::fallback() const {
  if (!default_code_.empty())
    if (const Policy* p = latest(default_code_)) return p;
  return policies_.empty() ? nullptr : latest(policies_.front().code);
}

Result<PolicyInForceView> policy_in_force(store::SqlConnection& conn,
                                          const PolicyCatalog& catalog) {
  CORDON_ASSIGN_OR_RETURN(auto stored, store::get_policy_in_force(conn));
  PolicyInForceView view;
  if (stored) {
    view.policy = catalog.find(stored->code, stored->version);
    if (!view.policy) view.policy = catalog.latest(stored->code);
    view.since = stored->since;
    view.set_by = stored->set_by;
  }
  if (!view.policy) {
    view.policy = catalog.fallback();
    view.since.reset();
  }
  return view;
}

Result<const std::vector<PolicyStage>*> order_stages(store::SqlConnection& conn,
                                                     const Policy* policy,
                                                     const QuarantineOrder& order) {
  if (!policy) return static_cast<const std::vector<PolicyStage>*>(nullptr);
  std::optional<PolicyCategory> category = contact_category(order.reason);
  if (!category) {
    RiskLevel level = RiskLevel::kHigh;  // an arrival ordered by hand: the strictest rule
    if (order.arrival_id) {
      CORDON_ASSIGN_OR_RETURN(auto arrival, store::find_arrival(conn, *order.arrival_id));
      if (arrival) level = arrival->risk_level;
    }
    category = arrival_category(level);
  }
  return policy->stages(*category);
}

Result<PolicyInForceView> PolicyService::in_force(const Actor& actor) {
  PolicyInForceView view;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(view, policy_in_force(conn, catalog_));
    return Status();
  }));
  return view;
}

Result<PolicyInForceView> PolicyService::set_in_force(const Actor& actor, const std::string& code,
                                                      std::optional<int> version) {
  const Policy* policy = version ? catalog_.find(code, *version) : catalog_.latest(code);
  if (!policy)
    return Status::invalid_field("code", "policy_not_found", "no policy " + code +
                                                                 (version ? " version " + std::to_string(*version) : ""));
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(store::set_policy_in_force(
        conn, {policy->code, policy->version, now, actor.user_id}));
    return store::append_audit(
        conn, audit_entry(ctx_, actor, "policy.set_in_force", "policy", 0,
                          policy->code + " version " + std::to_string(policy->version)));
  }));
  return PolicyInForceView{policy, now, actor.user_id};
}

Result<std::vector<RecomputeItem>> PolicyService::preview_in(store::SqlConnection& conn,
                                                             const Actor& actor) {
  CORDON_ASSIGN_OR_RETURN(PolicyInForceView view, policy_in_force(conn, catalog_));
  std::vector<RecomputeItem> out;
  if (!view.policy) return out;
  CORDON_ASSIGN_OR_RETURN(GridScope scope, resolve_scope(conn, actor, std::nullopt, "scope"));
  for (OrderStatus status : {OrderStatus::kOrdered, OrderStatus::kActive}) {
    store::OrderFilter filter;
    filter.grid_id = scope.grid_id;
    filter.node_path = scope.node_path;
    filter.status = status;
    int64_t after = 0;
    for (;;) {
      CORDON_ASSIGN_OR_RETURN(auto page, store::list_orders(conn, filter, after, kMaxPageSize));
      for (auto& order : page.items) {
        if (order.policy_code == view.policy->code && order.policy_version == view.policy->version)
          continue;
        RecomputeItem item;
        item.new_policy_code = view.policy->code;
        item.new_policy_version = view.policy->version;
        CORDON_ASSIGN_OR_RETURN(auto stages, order_stages(conn, view.policy, order));
        if (stages && !stages->empty()) {
          int stage = std::min<int>(order.stage, static_cast<int>(stages->size()) - 1);
          item.new_end_date = compute_end_date(*stages, stage, order.anchor_date);
        }
        item.order = std::move(order);
        out.push_back(std::move(item));
      }
      if (!page.next_after_id) break;
      after = *page.next_after_id;
    }
  }
  std::sort(out.begin(), out.end(),
            [](const RecomputeItem& a, const RecomputeItem& b) { return a.order.id < b.order.id; });
  return out;
}

Result<std::vector<RecomputeItem>> PolicyService::recompute_preview(const Actor& actor) {
  std::vector<RecomputeItem> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, preview_in(conn, actor));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "policy.recompute_preview", "quarantine_order", 0,
                                std::to_string(out.size()) + " orders"));
  return out;
}

Result<std::vector<RecomputeItem>> PolicyService::recompute_apply(
    const Actor& actor, const std::vector<int64_t>& order_ids) {
  Instant now = ctx_.clock.now();
  std::vector<RecomputeItem> applied;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto preview, preview_in(conn, actor));
    for (auto& item : preview) {
      bool wanted = order_ids.empty() ||
                    std::find(order_ids.begin(), order_ids.end(), item.order.id) != order_ids.end();
      if (!wanted || !item.new_end_date) continue;
      QuarantineOrder next = item.order;
      next.end_date = *item.new_end_date;
      if (next.end_date < next.start_date) next.end_date = next.start_date;
      next.policy_code = item.new_policy_code;
      next.policy_version = item.new_policy_version;
      next.updated_at = now;
      CORDON_ASSIGN_OR_RETURN(next, store::update_order(conn, next, item.order.version));
      OrderEvent e;
      e.order_id = next.id;
      e.at = now;
      e.action = "recompute";
      e.from_status = e.to_status = next.status;
      e.previous_end_date = item.order.end_date;
      e.end_date = next.end_date;
      e.actor_user_id = actor.user_id;
      e.note = item.order.policy_code + " v" + std::to_string(item.order.policy_version) + " -> " +
               next.policy_code + " v" + std::to_string(next.policy_version);
      CORDON_RETURN_IF_ERROR(store::insert_order_event(conn, e).status());
      CORDON_RETURN_IF_ERROR(store::append_audit(
          conn, audit_entry(ctx_, actor, "quarantine_order.recompute", "quarantine_order", next.id,
                            e.note + ", end " + item.order.end_date.to_string() + " -> " +
                                next.end_date.to_string())));
      applied.push_back(std::move(item));  // as previewed: the old end beside the new
    }
    for (int64_t id : order_ids)
      if (std::none_of(applied.begin(), applied.end(),
                       [&](const RecomputeItem& i) { return i.order.id == id; }) &&
          std::none_of(preview.begin(), preview.end(),
                       [&](const RecomputeItem& i) { return i.order.id == id; }))
        return Status::invalid_field("order_ids", "not_recomputable",
                                     "order " + std::to_string(id) +
                                         " is not an open order under another policy");
    return Status();
  }));
  return applied;
}

}  // namespace cordon::service
