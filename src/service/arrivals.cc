#include "service/arrivals.h"

#include <algorithm>

#include "core/node.h"
#include "core/text.h"
#include "service/audit.h"
#include "service/cursor.h"
#include "service/orders.h"
#include "service/scope.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"
#include "store/persons.h"
#include "store/quarantine_orders.h"
#include "store/quarantine_records.h"

namespace cordon::service {

namespace {

Status area_not_found() { return Status::not_found("risk_area_not_found", "no such risk area"); }
Status arrival_not_found() { return Status::not_found("arrival_not_found", "no such arrival"); }

constexpr size_t kMaxAreaName = 100;

// Parses a level and its effective date, both required together.
void parse_level(Validation& v, const std::optional<std::string>& level,
                 const std::optional<std::string>& from, std::optional<RiskLevelEntry>& out) {
  if (!level && !from) return;
  std::optional<RiskLevel> parsed;
  if (!level) v.add("level", "required", "level is required with effective_from");
  else if (!(parsed = parse_risk_level(*level)))
    v.add("level", "invalid_level", "level must be high, medium or low");
  std::optional<LocalDate> date;
  if (!from) v.add("effective_from", "required", "effective_from is required with level");
  parse_date_field(v, from, "effective_from", date);
  if (parsed && date) {
    out = RiskLevelEntry{};
    out->level = *parsed;
    out->effective_from = *date;
  }
}

Result<RiskArea> load_area(store::SqlConnection& conn, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto area, store::find_risk_area(conn, id));
  if (!area) return area_not_found();
  return std::move(*area);
}

}  // namespace

// --- risk areas ---

Result<RiskArea> RiskAreaService::create(const Actor& actor, const RiskAreaInput& in,
                                         const std::optional<std::string>& idempotency_key) {
  Validation v;
  RiskArea area;
  area.name = trim(in.name.value_or(""));
  if (area.name.empty()) v.add("name", "required", "name is required");
  else if (area.name.size() > kMaxAreaName) v.add("name", "too_long", "name is too long");
  if (in.code) {
    area.code = trim(*in.code);
    if (area.code->empty()) area.code.reset();
  }
  std::optional<RiskLevelEntry> level;
  parse_level(v, in.level, in.effective_from, level);
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  area.created_at = now;
  RiskArea out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "risk_area"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out, load_area(conn, *seen));
        return Status();
      }
    }
    CORDON_ASSIGN_OR_RETURN(out, store::insert_risk_area(conn, area));
    if (level) {
      level->area_id = out.id;
      level->created_at = now;
      level->created_by = actor.user_id;
      CORDON_ASSIGN_OR_RETURN(auto stored, store::insert_risk_level(conn, *level));
      out.levels.push_back(stored);
    }
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "risk_area.create", "risk_area", out.id, out.name)));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "risk_area", out.id, now));
    return Status();
  }));
  return out;
}

Result<RiskArea> RiskAreaService::get(const Actor& actor, int64_t id) {
  RiskArea out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_area(conn, id));
    return Status();
  }));
  return out;
}

Result<RiskAreaList> RiskAreaService::list(const Actor& actor,
                                           const std::optional<std::string>& cursor,
                                           const std::optional<std::string>& limit_text) {
  CORDON_ASSIGN_OR_RETURN(int limit, parse_limit(limit_text));
  CORDON_ASSIGN_OR_RETURN(int64_t after, cursor_after_id(cursor));
  RiskAreaList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto page, store::list_risk_areas(conn, after, limit));
    out.items = std::move(page.items);
    out.next_cursor = id_cursor(page.next_after_id);
    return Status();
  }));
  return out;
}

Result<RiskArea> RiskAreaService::add_level(const Actor& actor, int64_t id,
                                            const RiskLevelInput& in) {
  Validation v;
  std::optional<RiskLevelEntry> level;
  if (!in.level && !in.effective_from) v.add("level", "required", "level is required");
  parse_level(v, in.level, in.effective_from, level);
  CORDON_RETURN_IF_ERROR(v.status());
  Instant now = ctx_.clock.now();
  RiskArea out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_area(conn, id).status());
    level->area_id = id;
    level->created_at = now;
    level->created_by = actor.user_id;
    CORDON_RETURN_IF_ERROR(store::insert_risk_level(conn, *level).status());
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "risk_area.level", "risk_area", id,
                          std::string(risk_level_name(level->level)) + " from " +
                              level->effective_from.to_string())));
    CORDON_ASSIGN_OR_RETURN(out, load_area(conn, id));
    return Status();
  }));
  return out;
}

// --- arrivals ---

namespace {

// The person an arrival is about: an existing one by id, one matched by document number,
// or a new one registered in `grid_id`.
struct ResolvedPerson {
  Person person;
  bool created = false;
};

Result<ResolvedPerson> resolve_person(store::SqlConnection& conn, const Context& ctx,
                                      const Actor& actor, const ArrivalInput& in,
                                      std::optional<int64_t> grid_id) {
  if (in.person_id) {
    CORDON_ASSIGN_OR_RETURN(Person p, load_person_input(conn, actor, *in.person_id));
    return ResolvedPerson{std::move(p), false};
  }
  PersonInput details = *in.person;
  if (!details.grid_id) details.grid_id = grid_id;
  if (!details.grid_id)
    return Status::invalid_field("grid_id", "required",
                                 "grid_id is required: where does the person stay?");
  auto validated = validate_person(details, ctx.today());
  if (!validated.ok()) {
    // Named as the client sent them: inside "person".
    Validation v;
    for (const auto& e : validated.status().errors()) v.add("person." + e.field, e.code, e.message);
    return v.status();
  }
  Person p = std::move(*validated);
  if (p.id_number) {
    store::PersonPage found;
    CORDON_ASSIGN_OR_RETURN(found, store::search_persons(conn, store::PersonSearchKind::kIdNumber,
                                                         *p.id_number, {}, std::nullopt, 10));
    for (auto& existing : found.items)
      if (existing.id_type == p.id_type) return ResolvedPerson{std::move(existing), false};
  }
  CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, p.grid_id));
  if (!grid || !actor.can_see_path(grid->path) || grid->kind != NodeKind::kGrid)
    return Status::invalid_field("person.grid_id", "grid_not_found", "no such grid");
  p.created_at = p.updated_at = ctx.clock.now();
  CORDON_ASSIGN_OR_RETURN(p, store::insert_person(conn, p));
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "person.create", "person", p.id, "registered with an arrival")));
  return ResolvedPerson{std::move(p), true};
}

// The order as the registration made it (what its first answer showed), whatever
// happened to it since: its "create" history entry holds the fields later actions change.
Result<std::optional<QuarantineOrder>> order_as_made(store::SqlConnection& conn, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto order, store::find_order(conn, id));
  if (!order) return order;
  CORDON_ASSIGN_OR_RETURN(auto history, store::list_order_events(conn, id));
  if (history.empty() || history.front().action != "create") return order;
  const OrderEvent& made = history.front();
  order->status = made.to_status;
  if (made.end_date) order->end_date = *made.end_date;
  order->site_id = made.to_site_id;
  if (made.to_kind) order->kind = *made.to_kind;
  if (order->arrival_id) {
    CORDON_ASSIGN_OR_RETURN(auto arrival, store::find_arrival(conn, *order->arrival_id));
    if (arrival) order->anchor_date = arrival->arrival_date;
  }
  order->released_on.reset();
  order->version = 1;
  order->updated_at = order->created_at;
  return order;
}

Result<Arrival> load_visible_arrival(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto arrival, store::find_arrival(conn, id));
  if (!arrival) return arrival_not_found();
  CORDON_ASSIGN_OR_RETURN(bool visible, grid_visible(conn, actor, arrival->grid_id));
  if (!visible) return arrival_not_found();
  return std::move(*arrival);
}

}  // namespace

Result<ArrivalOutcome> ArrivalService::report(const Actor& actor, const ArrivalInput& in,
                                              const std::optional<std::string>& idempotency_key) {
  Validation v;
  if (!in.person_id && !in.person)
    v.add("person_id", "required", "give person_id or the person's details");
  if (in.person_id && in.person)
    v.add("person", "ambiguous", "give person_id or the person's details, not both");
  if (!in.origin_area_id && (!in.origin || trim(*in.origin).empty()))
    v.add("origin", "required", "origin or origin_area_id is required");
  std::optional<LocalDate> date;
  if (!in.arrival_date) v.add("arrival_date", "required", "arrival_date is required");
  parse_date_field(v, in.arrival_date, "arrival_date", date);
  if (date && *date > ctx_.today())
    v.add("arrival_date", "in_future", "arrival_date is after today");
  std::optional<Transport> transport = Transport::kOther;
  if (in.transport && !(transport = parse_transport(*in.transport)))
    v.add("transport", "invalid_transport", "transport must be train, flight, car, bus, ship or other");
  if (in.temperature && !(*in.temperature >= kMinTemperature && *in.temperature <= kMaxTemperature))
    v.add("temperature", "out_of_range", "temperature must be between 34.0 and 43.0 °C");
  CORDON_RETURN_IF_ERROR(v.status());

  Instant now = ctx_.clock.now();
  LocalDate today = ctx_.zone.local_date(now);
  ArrivalOutcome out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen, store::recall_idempotent(conn, *idempotency_key, "arrival"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out.arrival, load_visible_arrival(conn, actor, *seen));
        if (out.arrival.order_id) {
          CORDON_ASSIGN_OR_RETURN(out.order, order_as_made(conn, *out.arrival.order_id));
        }
        out.person_created = out.arrival.person_created;
        out.fever = out.arrival.fever;
        return Status();
      }
    }
    // Where the person stays: given, else the reporter's jurisdiction when it is a grid.
    std::optional<int64_t> grid_id = in.grid_id;
    if (!grid_id && actor.jurisdiction_id) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *actor.jurisdiction_id));
      if (node && node->kind == NodeKind::kGrid) grid_id = node->id;
    }
    CORDON_ASSIGN_OR_RETURN(ResolvedPerson resolved,
                            resolve_person(conn, ctx_, actor, in, grid_id));
    Arrival a;
    out.person_created = a.person_created = resolved.created;
    a.person_id = resolved.person.id;
    a.grid_id = grid_id.value_or(resolved.person.grid_id);
    if (in.grid_id || !in.person_id) {
      CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, a.grid_id));
      if (!grid || !actor.can_see_path(grid->path) || grid->kind != NodeKind::kGrid)
        return Status::invalid_field("grid_id", "grid_not_found", "no such grid");
    }
    a.arrival_date = *date;
    a.transport = *transport;
    a.transport_detail = trim(in.transport_detail.value_or(""));
    a.temperature = in.temperature;
    a.origin = trim(in.origin.value_or(""));
    std::optional<RiskArea> area;
    if (in.origin_area_id) {
      CORDON_ASSIGN_OR_RETURN(area, store::find_risk_area(conn, *in.origin_area_id));
      if (!area)
        return Status::invalid_field("origin_area_id", "risk_area_not_found", "no such risk area");
    } else {
      // A desk that cannot read the risk-area list types the origin: an exact name or
      // code of a risk area counts as choosing it.
      CORDON_ASSIGN_OR_RETURN(area, store::find_risk_area_named(conn, a.origin));
    }
    if (area) {
      a.origin_area_id = area->id;
      if (a.origin.empty()) a.origin = area->name;
      a.risk_level = level_on(area->levels, a.arrival_date);
    }
    CORDON_ASSIGN_OR_RETURN(PolicyInForceView view, policy_in_force(conn, catalog_));
    a.policy_code = view.policy ? view.policy->code : "none";
    a.policy_version = view.policy ? view.policy->version : 0;
    a.reported_by = actor.user_id;
    a.created_at = now;
    if (view.policy && a.temperature)
      out.fever = a.fever = *a.temperature >= view.policy->fever_threshold_celsius;
    const std::vector<PolicyStage>* stages =
        view.policy ? view.policy->stages(arrival_category(a.risk_level)) : nullptr;
    CORDON_ASSIGN_OR_RETURN(out.arrival, store::insert_arrival(conn, a));
    if (stages && !stages->empty()) {
      QuarantineOrder o;
      o.person_id = a.person_id;
      o.grid_id = a.grid_id;
      o.kind = (*stages)[0].kind;
      o.reason = OrderReason::kArrival;
      o.anchor_date = a.arrival_date;
      o.end_date = compute_end_date(*stages, 0, a.arrival_date);
      o.start_date = std::max(a.arrival_date, std::min(today, o.end_date));
      if (kind_needs_site(o.kind)) {
        CORDON_RETURN_IF_ERROR(check_site_visible(conn, actor, in.site_id));
        o.site_id = in.site_id;
      }
      o.policy_code = view.policy->code;
      o.policy_version = view.policy->version;
      o.arrival_id = out.arrival.id;
      o.note = in.note.value_or("");
      // A period already over when reported needs no order.
      if (o.end_date >= today) {
        CORDON_ASSIGN_OR_RETURN(out.order, store_new_order(conn, ctx_, actor, o));
        out.arrival.order_id = out.order->id;
        CORDON_RETURN_IF_ERROR(store::set_arrival_order(conn, out.arrival.id, out.order->id));
      }
    }
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "arrival.report", "arrival", out.arrival.id,
                          "person " + std::to_string(a.person_id) + " from " + a.origin + " (" +
                              risk_level_name(a.risk_level) + ")" +
                              (out.order ? ", order " + std::to_string(out.order->id) : ""))));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(
          store::remember_idempotent(conn, *idempotency_key, "arrival", out.arrival.id, now));
    return Status();
  }));
  return out;
}

Result<Arrival> ArrivalService::get(const Actor& actor, int64_t id) {
  Arrival out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_arrival(conn, actor, id));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "arrival.read", "arrival", id));
  return out;
}

Result<ArrivalList> ArrivalService::list(const Actor& actor, std::optional<int64_t> grid_id,
                                         const std::optional<std::string>& cursor,
                                         const std::optional<std::string>& limit_text) {
  CORDON_ASSIGN_OR_RETURN(int limit, parse_limit(limit_text));
  CORDON_ASSIGN_OR_RETURN(int64_t after, cursor_after_id(cursor));
  ArrivalList out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(GridScope scope, resolve_scope(conn, actor, grid_id, "grid_id"));
    CORDON_ASSIGN_OR_RETURN(auto page, store::list_arrivals(conn, scope.grid_id, scope.node_path,
                                                            after, limit));
    out.items = std::move(page.items);
    out.next_cursor = id_cursor(page.next_after_id);
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "arrival.list", "arrival", 0,
                                std::to_string(out.items.size()) + " results"));
  return out;
}

}  // namespace cordon::service
