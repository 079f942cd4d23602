#include "service/orders.h"

#include <algorithm>

#include "service/audit.h"
#include "service/cursor.h"
#include "service/policies.h"
#include "service/scope.h"
#include "service/sites.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/quarantine_orders.h"
#include "store/quarantine_records.h"
#include "store/sites.h"

namespace cordon::service {

namespace {

Status order_not_found() { return Status::not_found("order_not_found", "no such quarantine order"); }

// A history entry for `before` becoming `after` by `action`.
OrderEvent event_between(const QuarantineOrder& before, const QuarantineOrder& after,
                         const std::string& action, const Actor& actor, Instant now,
                         std::string note) {
  OrderEvent e;
  e.order_id = after.id;
  e.at = now;
  e.action = action;
  e.from_status = before.status;
  e.to_status = after.status;
  if (before.end_date != after.end_date) {
    e.previous_end_date = before.end_date;
    e.end_date = after.end_date;
  }
  if (before.site_id != after.site_id || before.kind != after.kind) {
    e.from_site_id = before.site_id;
    e.to_site_id = after.site_id;
    e.from_kind = before.kind;
    e.to_kind = after.kind;
  }
  e.actor_user_id = actor.user_id;
  e.note = std::move(note);
  return e;
}

// The stage of `order` under its own policy, or nullptr when it has none (a manual
// order, or a policy file since removed).
Result<const PolicyStage*> own_stage(store::SqlConnection& conn, const PolicyCatalog& catalog,
                                     const QuarantineOrder& order,
                                     const std::vector<PolicyStage>** stages_out = nullptr) {
  const Policy* policy = catalog.find(order.policy_code, order.policy_version);
  CORDON_ASSIGN_OR_RETURN(auto stages, order_stages(conn, policy, order));
  if (stages_out) *stages_out = stages;
  if (!stages || order.stage >= static_cast<int>(stages->size()))
    return static_cast<const PolicyStage*>(nullptr);
  return &(*stages)[order.stage];
}

// The samples of the order's person taken within the order's dates.
Result<std::vector<LabSample>> samples_within(store::SqlConnection& conn,
                                              const QuarantineOrder& order) {
  store::SampleFilter f;
  f.person_id = order.person_id;
  f.sampled_from = order.start_date;
  f.sampled_to = order.end_date;
  CORDON_ASSIGN_OR_RETURN(auto page, store::list_samples(conn, f, 0, kMaxPageSize));
  return std::move(page.items);
}

// A site a stay names: it exists whoever looks (the actor acts on the order, not the site).
Result<Site> stay_site(store::SqlConnection& conn, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto site, store::find_site(conn, id));
  if (!site) return Status::internal("site_missing", "the stay's site is gone");
  return std::move(*site);
}

}  // namespace

Status check_site_visible(store::SqlConnection& conn, const Actor& actor,
                          const std::optional<int64_t>& site_id) {
  if (!site_id) return Status();
  auto site = load_visible_site(conn, actor, *site_id);
  if (site.status().kind() == Status::Kind::kNotFound)
    return Status::invalid_field("site_id", "site_not_found", "no such site");
  return site.status();
}

OrderService::OrderService(Context& ctx) : ctx_(ctx), catalog_(empty_policy_catalog()) {}

Result<QuarantineOrder> load_visible_order(store::SqlConnection& conn, const Actor& actor,
                                           int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto order, store::find_order(conn, id));
  if (!order) return order_not_found();
  CORDON_ASSIGN_OR_RETURN(bool visible, grid_visible(conn, actor, order->grid_id));
  if (!visible) return order_not_found();
  return std::move(*order);
}

Result<QuarantineOrder> store_new_order(store::SqlConnection& conn, const Context& ctx,
                                        const Actor& actor, QuarantineOrder order) {
  CORDON_RETURN_IF_ERROR(validate_order(order));
  Instant now = ctx.clock.now();
  order.created_at = order.updated_at = now;
  order.version = 1;
  CORDON_ASSIGN_OR_RETURN(order, store::insert_order(conn, std::move(order)));
  OrderEvent e;
  e.order_id = order.id;
  e.at = now;
  e.action = "create";
  e.from_status = e.to_status = order.status;
  e.end_date = order.end_date;
  e.to_site_id = order.site_id;
  e.to_kind = order.kind;
  e.actor_user_id = actor.user_id;
  e.note = order.note;
  CORDON_RETURN_IF_ERROR(store::insert_order_event(conn, e).status());
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "quarantine_order.create", "quarantine_order", order.id,
                        std::string("person ") + std::to_string(order.person_id) + ", " +
                            order_kind_name(order.kind) + " " + order.start_date.to_string() +
                            ".." + order.end_date.to_string() + ", " + order.policy_code)));
  return order;
}

Result<QuarantineOrder> OrderService::create(const Actor& actor, const OrderInput& in,
                                             const std::optional<std::string>& idempotency_key) {
  Validation v;
  QuarantineOrder order;
  std::optional<OrderKind> kind;
  if (!in.person_id) v.add("person_id", "required", "person_id is required");
  else order.person_id = *in.person_id;
  if (in.kind) {
    kind = parse_order_kind(*in.kind);
    if (!kind) v.add("kind", "invalid_kind", "kind must be centralized, home or home_monitoring");
  }
  if (!in.reason) v.add("reason", "required", "reason is required");
  else if (auto r = parse_order_reason(*in.reason)) order.reason = *r;
  else
    v.add("reason", "invalid_reason",
          "reason must be arrival, close_contact or secondary_contact");
  std::optional<LocalDate> anchor, start, end;
  if (!in.anchor_date) v.add("anchor_date", "required", "anchor_date is required");
  parse_date_field(v, in.anchor_date, "anchor_date", anchor);
  parse_date_field(v, in.start_date, "start_date", start);
  parse_date_field(v, in.end_date, "end_date", end);
  CORDON_RETURN_IF_ERROR(v.status());
  order.anchor_date = *anchor;
  order.site_id = in.site_id;
  order.note = in.note.value_or("");
  LocalDate today = ctx_.today();

  QuarantineOrder created;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen,
                              store::recall_idempotent(conn, *idempotency_key, "quarantine_order"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(created, load_visible_order(conn, actor, *seen));
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(Person person, load_person_input(conn, actor, order.person_id));
    order.grid_id = person.grid_id;
    CORDON_RETURN_IF_ERROR(check_site_visible(conn, actor, order.site_id));
    // The policy in force computes what the client left out, and is recorded either way.
    CORDON_ASSIGN_OR_RETURN(PolicyInForceView view, policy_in_force(conn, catalog_));
    const std::vector<PolicyStage>* stages = nullptr;
    if (view.policy) {
      order.policy_code = view.policy->code;
      order.policy_version = view.policy->version;
      CORDON_ASSIGN_OR_RETURN(stages, order_stages(conn, view.policy, order));
    } else {
      order.policy_code = "manual";
    }
    if (!end && (!stages || stages->empty()))
      return Status::invalid_field(
          view.policy ? "reason" : "end_date",
          view.policy ? "policy_requires_no_order" : "required",
          view.policy ? "the policy in force (" + view.policy->code +
                            ") orders nothing for this reason; give end_date to order anyway"
                      : "no policy is loaded: end_date is required");
    if (!kind) kind = stages && !stages->empty() ? (*stages)[0].kind : OrderKind::kHome;
    order.kind = *kind;
    order.end_date = end ? *end : compute_end_date(*stages, 0, order.anchor_date);
    order.start_date = start.value_or(std::max(order.anchor_date, std::min(today, order.end_date)));
    if (!end && order.end_date < today)
      return Status::invalid_field("anchor_date", "period_over",
                                   "the period the policy gives ended on " +
                                       order.end_date.to_string());
    CORDON_ASSIGN_OR_RETURN(created, store_new_order(conn, ctx_, actor, order));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(store::remember_idempotent(conn, *idempotency_key, "quarantine_order",
                                                        created.id, ctx_.clock.now()));
    return Status();
  }));
  return created;
}

Result<OrderDetail> OrderService::get(const Actor& actor, int64_t id) {
  OrderDetail out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.order, load_visible_order(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(out.history, store::list_order_events(conn, id));
    CORDON_ASSIGN_OR_RETURN(auto next, store::find_follow_on(conn, id));
    if (next) out.follow_on_order_id = next->id;
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "quarantine_order.read", "quarantine_order", id));
  return out;
}

Result<OrderList> OrderService::list(const Actor& actor, const OrderListQuery& q) {
  Validation v;
  store::OrderFilter filter;
  if (q.status) {
    filter.status = parse_order_status(*q.status);
    if (!filter.status) v.add("status", "invalid_status", "unknown status " + *q.status);
  }
  if (q.kind) {
    filter.kind = parse_order_kind(*q.kind);
    if (!filter.kind) v.add("kind", "invalid_kind", "unknown kind " + *q.kind);
  }
  if (q.reason) {
    filter.reason = parse_order_reason(*q.reason);
    if (!filter.reason) v.add("reason", "invalid_reason", "unknown reason " + *q.reason);
  }
  parse_date_field(v, q.end_from, "end_from", filter.end_from);
  parse_date_field(v, q.end_to, "end_to", filter.end_to);
  auto limit = parse_limit(q.limit);
  if (!limit.ok()) v.add(limit.status());
  CORDON_RETURN_IF_ERROR(v.status());
  CORDON_ASSIGN_OR_RETURN(int64_t after, cursor_after_id(q.cursor));
  filter.site_id = q.site_id;
  filter.person_id = q.person_id;
  OrderList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(GridScope scope, resolve_scope(conn, actor, q.grid_id, "grid_id"));
    filter.grid_id = scope.grid_id;
    filter.node_path = scope.node_path;
    CORDON_ASSIGN_OR_RETURN(auto page, store::list_orders(conn, filter, after, *limit));
    out.items = std::move(page.items);
    out.next_cursor = id_cursor(page.next_after_id);
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "quarantine_order.list", "quarantine_order", 0,
                                std::to_string(out.items.size()) + " results"));
  return out;
}

Result<ActionOutcome> OrderService::act(const Actor& actor, int64_t id, OrderAction action,
                                        const OrderActionInput& in) {
  Validation v;
  std::optional<LocalDate> exposure, new_end;
  std::optional<OrderKind> new_kind;
  if (action == OrderAction::kExtend) {
    parse_date_field(v, in.exposure_date, "exposure_date", exposure);
    parse_date_field(v, in.end_date, "end_date", new_end);
    if (!in.exposure_date && !in.end_date)
      v.add("exposure_date", "required", "give the new exposure_date or the new end_date");
  }
  if (action == OrderAction::kTransfer && in.kind) {
    new_kind = parse_order_kind(*in.kind);
    if (!new_kind) v.add("kind", "invalid_kind", "kind must be centralized, home or home_monitoring");
  }
  if (action == OrderAction::kTransfer && in.room_id && !in.site_id)
    v.add("room_id", "room_without_site", "a room is named together with its site_id");
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);

  ActionOutcome out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(QuarantineOrder current, load_visible_order(conn, actor, id));
    if (in.version && *in.version != current.version)
      return Status::conflict("version_mismatch",
                              "the order was changed by someone else; reload and try again");
    CORDON_ASSIGN_OR_RETURN(OrderStatus to, apply_action(current.status, action));
    QuarantineOrder next = current;
    next.status = to;
    next.updated_at = now;
    const std::vector<PolicyStage>* stages = nullptr;
    CORDON_ASSIGN_OR_RETURN(const PolicyStage* stage, own_stage(conn, catalog_, current, &stages));
    switch (action) {
      case OrderAction::kRelease: {
        CORDON_ASSIGN_OR_RETURN(auto samples, samples_within(conn, current));
        CORDON_RETURN_IF_ERROR(check_release(current, stage, today, samples));
        next.released_on = today;
        break;
      }
      case OrderAction::kExtend: {
        if (exposure) {
          if (*exposure < current.anchor_date)
            return Status::invalid_field("exposure_date", "before_anchor",
                                         "the new exposure is before the current anchor " +
                                             current.anchor_date.to_string());
          next.anchor_date = *exposure;
          if (!new_end) {
            if (!stages || !stage)
              return Status::invalid_field("end_date", "required",
                                           "the order has no policy stage to recompute from; "
                                           "give end_date");
            new_end = compute_end_date(*stages, current.stage, *exposure);
          }
        }
        if (*new_end <= current.end_date)
          return Status::invalid_field("end_date", "extension_not_later",
                                       "the new end " + new_end->to_string() +
                                           " is not after the current end " +
                                           current.end_date.to_string());
        next.end_date = *new_end;
        break;
      }
      case OrderAction::kTransfer: {
        next.kind = new_kind.value_or(current.kind);
        next.site_id = in.site_id;
        if (kind_needs_site(next.kind) && !next.site_id)
          return Status::invalid_field("site_id", "site_required",
                                       "a transfer to centralized quarantine names the site");
        if (!kind_needs_site(next.kind) && next.site_id)
          return Status::invalid_field("site_id", "site_for_home_order",
                                       "only a centralized order has a site");
        if (next.kind == current.kind && next.site_id == current.site_id)
          return Status::invalid_field("site_id", "transfer_changes_nothing",
                                       "the order is already there");
        CORDON_RETURN_IF_ERROR(check_site_visible(conn, actor, next.site_id));
        // Checked in to a named room now: the order has begun, as on a site's check-in.
        if (in.room_id && next.status == OrderStatus::kOrdered) next.status = OrderStatus::kActive;
        break;
      }
      default:
        break;
    }
    CORDON_ASSIGN_OR_RETURN(out.order, store::update_order(conn, next, current.version));
    const char* name = order_action_name(action);
    OrderEvent e = event_between(current, out.order, name, actor, now, in.note.value_or(""));
    CORDON_RETURN_IF_ERROR(store::insert_order_event(conn, e).status());
    std::string detail = std::string(order_status_name(current.status)) + " -> " +
                         order_status_name(out.order.status);
    if (e.previous_end_date) detail += ", end " + e.previous_end_date->to_string() + " -> " +
                                       e.end_date->to_string();
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, std::string("quarantine_order.") + name, "quarantine_order",
                          id, detail)));
    // Leaving the order's site ends its stay there; arriving at another takes a bed.
    bool leaves_site = action == OrderAction::kRelease || action == OrderAction::kEscalate ||
                       action == OrderAction::kBreak ||
                       (action == OrderAction::kTransfer && out.order.site_id != current.site_id);
    if (leaves_site) {
      CORDON_ASSIGN_OR_RETURN(out.ended_stay,
                              end_open_stay(conn, ctx_, actor, id,
                                            action == OrderAction::kTransfer ? "transfer_order"
                                                                             : name));
    }
    if (action == OrderAction::kTransfer && out.order.site_id && (out.ended_stay || in.room_id)) {
      CORDON_ASSIGN_OR_RETURN(Site site, load_visible_site(conn, actor, *out.order.site_id));
      CORDON_ASSIGN_OR_RETURN(out.stay, take_bed_at(conn, ctx_, actor, out.order, site, in.room_id));
    }
    // The next stage of the policy follows a release without a gap.
    if (action == OrderAction::kRelease && stages &&
        current.stage + 1 < static_cast<int>(stages->size())) {
      const PolicyStage& following = (*stages)[current.stage + 1];
      QuarantineOrder f;
      f.person_id = current.person_id;
      f.grid_id = current.grid_id;
      f.kind = following.kind;
      f.reason = current.reason;
      f.status = OrderStatus::kActive;
      f.anchor_date = current.anchor_date;
      f.start_date = current.end_date.plus_days(1);
      f.end_date = compute_end_date(*stages, current.stage + 1, current.anchor_date);
      if (kind_needs_site(f.kind)) f.site_id = current.site_id;
      f.policy_code = current.policy_code;
      f.policy_version = current.policy_version;
      f.stage = current.stage + 1;
      f.parent_order_id = current.id;
      f.arrival_id = current.arrival_id;
      f.note = "follows order " + std::to_string(current.id);
      CORDON_ASSIGN_OR_RETURN(out.follow_on, store_new_order(conn, ctx_, actor, f));
      // A centralized next stage at the same site keeps the room it was released from.
      if (out.ended_stay && f.site_id == out.ended_stay->site_id) {
        CORDON_ASSIGN_OR_RETURN(Site site, stay_site(conn, out.ended_stay->site_id));
        CORDON_ASSIGN_OR_RETURN(out.stay, take_bed_at(conn, ctx_, actor, *out.follow_on, site,
                                                      out.ended_stay->room_id));
      }
    }
    return Status();
  }));
  return out;
}

Result<ReleaseList> OrderService::release_list(const Actor& actor, const ReleaseListQuery& q) {
  std::optional<LocalDate> date;
  Validation v;
  parse_date_field(v, q.date, "date", date);
  CORDON_RETURN_IF_ERROR(v.status());
  ReleaseList out;
  out.date = date.value_or(ctx_.today());
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(GridScope scope, resolve_scope(conn, actor, q.grid_id, "grid_id"));
    store::OrderFilter filter;
    filter.grid_id = scope.grid_id;
    filter.node_path = scope.node_path;
    filter.site_id = q.site_id;
    filter.status = OrderStatus::kActive;
    filter.end_to = out.date.plus_days(1);
    int64_t after = 0;
    for (;;) {
      CORDON_ASSIGN_OR_RETURN(auto page, store::list_orders(conn, filter, after, kMaxPageSize));
      for (auto& order : page.items) {
        CORDON_ASSIGN_OR_RETURN(const PolicyStage* stage, own_stage(conn, catalog_, order));
        CORDON_ASSIGN_OR_RETURN(auto samples, samples_within(conn, order));
        bool next_day = order.end_date > out.date;
        ReleaseDue due{order, check_release(order, stage, order.end_date, samples)};
        (next_day ? out.due_next : out.due).push_back(std::move(due));
      }
      if (!page.next_after_id) break;
      after = *page.next_after_id;
    }
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "quarantine_order.release_list", "quarantine_order", 0,
                                out.date.to_string() + ", " + std::to_string(out.due.size()) +
                                    " due, " + std::to_string(out.due_next.size()) + " next day"));
  return out;
}

Result<OrderTestSchedule> OrderService::test_schedule(const Actor& actor, int64_t id) {
  OrderTestSchedule out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.order, load_visible_order(conn, actor, id));
    const std::vector<PolicyStage>* stages = nullptr;
    CORDON_ASSIGN_OR_RETURN(const PolicyStage* stage, own_stage(conn, catalog_, out.order, &stages));
    if (!stage) return Status();
    LocalDate stage_start = compute_stages(*stages, out.order.anchor_date)[out.order.stage].start_date;
    store::SampleFilter f;
    f.person_id = out.order.person_id;
    f.sampled_from = stage_start;
    f.sampled_to = out.order.end_date;
    CORDON_ASSIGN_OR_RETURN(auto samples, store::list_samples(conn, f, 0, kMaxPageSize));
    out.tests = cordon::test_schedule(*stage, stage_start, samples.items);
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "quarantine_order.test_schedule", "quarantine_order", id));
  return out;
}

}  // namespace cordon::service
