#include "service/orders.h"

#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"
#include "store/persons.h"
#include "store/quarantine_orders.h"

namespace cordon::service {

namespace {

Status order_not_found() { return Status::not_found("order_not_found", "no such quarantine order"); }

// Whether the grid `grid_id` lies inside the actor's jurisdiction.
Result<bool> grid_visible(store::SqlConnection& conn, const Actor& actor, int64_t grid_id) {
  if (!actor.jurisdiction_path) return true;
  CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, grid_id));
  return grid && actor.can_see_path(grid->path);
}

// Parses an optional date field into `out`, recording a field error when it is bad.
void parse_date_field(Validation& v, const std::optional<std::string>& text, const char* field,
                      std::optional<LocalDate>& out) {
  if (!text) return;
  auto d = LocalDate::parse(*text, field);
  if (d.ok()) out = *d;
  else v.add(d.status());
}

}  // namespace

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
                            ".." + order.end_date.to_string())));
  return order;
}

Result<QuarantineOrder> OrderService::create(const Actor& actor, const OrderInput& in,
                                             const std::optional<std::string>& idempotency_key) {
  Validation v;
  QuarantineOrder order;
  if (!in.person_id) v.add("person_id", "required", "person_id is required");
  else order.person_id = *in.person_id;
  if (!in.kind) v.add("kind", "required", "kind is required");
  else if (auto k = parse_order_kind(*in.kind)) order.kind = *k;
  else v.add("kind", "invalid_kind", "kind must be centralized, home or home_monitoring");
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
  if (!in.end_date) v.add("end_date", "required", "end_date is required");
  CORDON_RETURN_IF_ERROR(v.status());
  order.anchor_date = *anchor;
  order.start_date = start.value_or(std::max(*anchor, ctx_.today()));
  order.end_date = *end;
  order.site_id = in.site_id;
  order.note = in.note.value_or("");
  order.policy_code = "manual";
  CORDON_RETURN_IF_ERROR(validate_order(order));

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
    CORDON_ASSIGN_OR_RETURN(auto person, store::find_person(conn, order.person_id));
    bool visible = false;
    if (person) {
      CORDON_ASSIGN_OR_RETURN(visible, grid_visible(conn, actor, person->grid_id));
    }
    if (!visible) return Status::invalid_field("person_id", "person_not_found", "no such person");
    order.grid_id = person->grid_id;
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

}  // namespace cordon::service
