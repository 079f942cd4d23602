#include "service/tracing.h"

#include <algorithm>
#include <set>

#include "service/audit.h"
#include "service/orders.h"
#include "service/scope.h"
#include "store/audit.h"
#include "store/persons.h"
#include "store/quarantine_orders.h"

namespace cordon::service {

Result<Case> find_visible_case(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto c, store::find_case(conn, id));
  Status missing = Status::not_found("case_not_found", "no such case");
  if (!c) return missing;
  auto person = load_person_input(conn, actor, c->person_id);
  if (!person.ok())
    return person.status().kind() == Status::Kind::kInvalid ? missing : person.status();
  return std::move(*c);
}

Result<store::CaseScope> case_scope(store::SqlConnection& conn, const Actor& actor,
                                    std::optional<int64_t> jurisdiction_id) {
  CORDON_ASSIGN_OR_RETURN(GridScope scope,
                          resolve_scope(conn, actor, jurisdiction_id, "jurisdiction_id"));
  return store::CaseScope{scope.grid_id, scope.node_path};
}

Result<TracingPolicy> tracing_policy(store::SqlConnection& conn, const PolicyCatalog& catalog) {
  TracingPolicy out;
  if (catalog.all().empty()) return out;
  CORDON_ASSIGN_OR_RETURN(PolicyInForceView view, policy_in_force(conn, catalog));
  out.policy = view.policy;
  if (out.policy) {
    out.rule.days_before_anchor = out.policy->contact_window_days.value_or(4);
    out.rule.secondary_contacts =
        out.policy->stages(PolicyCategory::kSecondaryContact) != nullptr;
  }
  return out;
}

Result<ContactCategory> derive_category(store::SqlConnection& conn, const ContactRule& rule,
                                        const Exposure& e) {
  CORDON_ASSIGN_OR_RETURN(auto source_case, store::find_case_by_person(conn, e.source_person_id));
  bool source_close = false;
  if (!source_case) {
    CORDON_ASSIGN_OR_RETURN(source_close, store::is_close_contact(conn, e.source_person_id));
  }
  return derive_contact_category(rule, source_case ? &*source_case : nullptr, source_close,
                                 e.last_date);
}

namespace {

// Re-derives the exposures whose source is `source`; adds the exposed persons of those
// that changed to `touched`.
Status rederive_level(store::SqlConnection& conn, const ContactRule& rule, int64_t source,
                      std::vector<Exposure>& changed, std::set<int64_t>* touched) {
  CORDON_ASSIGN_OR_RETURN(auto exposures, store::exposures_of(conn, source, /*as_source=*/true));
  for (Exposure& e : exposures) {
    CORDON_ASSIGN_OR_RETURN(ContactCategory now, derive_category(conn, rule, e));
    if (now == e.category) continue;
    CORDON_RETURN_IF_ERROR(store::set_exposure_category(conn, e.id, now));
    e.category = now;
    if (touched) touched->insert(e.person_id);
    changed.push_back(e);
  }
  return Status();
}

bool is_open(OrderStatus s) { return !is_final(s); }

Result<std::vector<QuarantineOrder>> open_orders_of(store::SqlConnection& conn,
                                                    int64_t person_id) {
  store::OrderFilter f;
  f.person_id = person_id;
  CORDON_ASSIGN_OR_RETURN(auto page, store::list_orders(conn, f, 0, kMaxPageSize));
  std::vector<QuarantineOrder> out;
  for (auto& o : page.items)
    if (is_open(o.status)) out.push_back(std::move(o));
  return out;
}

}  // namespace

Status rederive_from_source(store::SqlConnection& conn, const ContactRule& rule,
                            int64_t person_id, std::vector<Exposure>& changed) {
  std::set<int64_t> touched;
  CORDON_RETURN_IF_ERROR(rederive_level(conn, rule, person_id, changed, &touched));
  // Categories go two levels deep (close, secondary): the contacts of the persons whose
  // close-contact status changed are the last ones that can change.
  for (int64_t p : touched) CORDON_RETURN_IF_ERROR(rederive_level(conn, rule, p, changed, nullptr));
  return Status();
}

Result<std::vector<QuarantineOrder>> order_contacts(store::SqlConnection& conn,
                                                    const Context& ctx, const Actor& actor,
                                                    const Policy* policy,
                                                    const std::vector<Exposure>& exposures) {
  std::vector<QuarantineOrder> made;
  if (!policy) return made;
  LocalDate today = ctx.today();
  std::set<int64_t> done;
  for (const Exposure& e : exposures) {
    if (e.category == ContactCategory::kNone || done.count(e.person_id)) continue;
    bool close = e.category == ContactCategory::kClose;
    const auto* stages = policy->stages(close ? PolicyCategory::kCloseContact
                                              : PolicyCategory::kSecondaryContact);
    if (!stages || stages->empty()) continue;
    CORDON_ASSIGN_OR_RETURN(auto open, open_orders_of(conn, e.person_id));
    if (!open.empty()) continue;
    CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, e.person_id));
    if (!person) continue;
    QuarantineOrder o;
    o.person_id = e.person_id;
    o.grid_id = person->grid_id;
    o.kind = (*stages)[0].kind;
    o.reason = close ? OrderReason::kCloseContact : OrderReason::kSecondaryContact;
    o.anchor_date = e.last_date;
    o.end_date = compute_end_date(*stages, 0, e.last_date);
    // Traced late, the order starts today; its end still counts from the exposure.
    o.start_date = std::max(e.last_date, std::min(today, o.end_date));
    o.policy_code = policy->code;
    o.policy_version = policy->version;
    o.note = "exposure " + std::to_string(e.id) + ": " + exposure_setting_name(e.setting) +
             " with person " + std::to_string(e.source_person_id) + " until " +
             e.last_date.to_string();
    if (o.end_date < today) continue;  // the period is already over
    CORDON_ASSIGN_OR_RETURN(auto order, store_new_order(conn, ctx, actor, o));
    made.push_back(std::move(order));
    done.insert(e.person_id);
  }
  return made;
}

Result<int> escalate_open_orders(store::SqlConnection& conn, const Context& ctx,
                                 const Actor& actor, int64_t person_id, int64_t case_id) {
  CORDON_ASSIGN_OR_RETURN(auto open, open_orders_of(conn, person_id));
  Instant now = ctx.clock.now();
  for (const QuarantineOrder& current : open) {
    CORDON_ASSIGN_OR_RETURN(OrderStatus to, apply_action(current.status, OrderAction::kEscalate));
    QuarantineOrder next = current;
    next.status = to;
    next.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(next, store::update_order(conn, next, current.version));
    OrderEvent e;
    e.order_id = current.id;
    e.at = now;
    e.action = order_action_name(OrderAction::kEscalate);
    e.from_status = current.status;
    e.to_status = to;
    e.actor_user_id = actor.user_id;
    e.note = "became case " + std::to_string(case_id);
    CORDON_RETURN_IF_ERROR(store::insert_order_event(conn, e).status());
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx, actor, "quarantine_order.escalate", "quarantine_order", current.id,
                          std::string(order_status_name(current.status)) + " -> " +
                              order_status_name(to) + ", case " + std::to_string(case_id))));
  }
  return static_cast<int>(open.size());
}

}  // namespace cordon::service
