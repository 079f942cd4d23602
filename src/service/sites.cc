#include "service/sites.h"

#include "core/quarantine.h"
#include "service/audit.h"
#include "service/idempotent.h"
#include "service/site_exports.h"
#include "store/audit.h"
#include "store/nodes.h"
#include "store/quarantine_orders.h"

namespace cordon::service {

namespace {

Status site_not_found() { return Status::not_found("site_not_found", "no such site"); }
Status stay_not_found() { return Status::not_found("stay_not_found", "no such stay"); }

// A site hangs below a street, community or grid the actor sees.
Status check_site_node(store::SqlConnection& conn, const Actor& actor, int64_t node_id) {
  CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, node_id));
  if (!node || !actor.can_see_path(node->path))
    return Status::invalid_field("node_id", "node_not_found", "no such street or grid");
  if (node->kind != NodeKind::kStreet && node->kind != NodeKind::kCommunity &&
      node->kind != NodeKind::kGrid)
    return Status::invalid_field("node_id", "not_a_street_or_grid",
                                 "a site belongs to a street, a community or a grid");
  return Status();
}

// The room `room_id` of `site_id`, or invalid for field room_id.
Result<Room> load_room_of(store::SqlConnection& conn, int64_t site_id,
                          std::optional<int64_t> room_id) {
  if (!room_id) return Status::invalid_field("room_id", "required", "room_id is required");
  CORDON_ASSIGN_OR_RETURN(auto room, store::find_room(conn, *room_id));
  if (!room || room->site_id != site_id)
    return Status::invalid_field("room_id", "room_not_found", "no such room at this site");
  return std::move(*room);
}

Result<Stay> load_visible_stay(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto stay, store::find_stay(conn, id));
  if (!stay) return stay_not_found();
  auto site = load_visible_site(conn, actor, stay->site_id);
  if (!site.ok()) return site.status().kind() == Status::Kind::kNotFound ? stay_not_found()
                                                                        : site.status();
  return std::move(*stay);
}

std::string place_detail(const Site& site, const Room& room) {
  return "site " + std::to_string(site.id) + " room " + room.number;
}

// Takes a bed in `room` for `order` and opens its stay; the order now lives at the site.
Result<Stay> open_stay(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                       QuarantineOrder order, const Site& site, const Room& room,
                       const std::string& action) {
  CORDON_ASSIGN_OR_RETURN(Stay stay, take_bed(conn, ctx, actor, order, site, room));
  Instant now = stay.checked_in_at;

  // The order records where it is carried out; an order checked in has begun.
  OrderStatus before = order.status;
  bool activate = order.status == OrderStatus::kOrdered;
  if (activate || order.site_id != site.id) {
    std::optional<int64_t> from_site = order.site_id;
    if (activate) order.status = OrderStatus::kActive;
    order.site_id = site.id;
    order.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(order, store::update_order(conn, order, order.version));
    OrderEvent event;
    event.order_id = order.id;
    event.at = now;
    event.action = activate ? "activate" : "transfer";
    event.from_status = before;
    event.to_status = order.status;
    event.from_site_id = from_site;
    event.to_site_id = site.id;
    event.actor_user_id = actor.user_id;
    event.note = action + " to " + site.name + " room " + room.number;
    CORDON_RETURN_IF_ERROR(store::insert_order_event(conn, event).status());
  }
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "site." + action, "quarantine_order", order.id,
                        place_detail(site, room))));
  return stay;
}

}  // namespace

Result<Site> load_visible_site(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto site, store::find_site(conn, id));
  if (!site) return site_not_found();
  if (actor.jurisdiction_path) {
    CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, site->node_id));
    if (!node || !actor.can_see_path(node->path)) return site_not_found();
  }
  return std::move(*site);
}

Result<Stay> take_bed(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                      const QuarantineOrder& order, const Site& site, const Room& room) {
  Instant now = ctx.clock.now();
  CORDON_RETURN_IF_ERROR(store::occupy_bed(conn, site.id, room.id));
  Stay stay;
  stay.order_id = order.id;
  stay.person_id = order.person_id;
  stay.site_id = site.id;
  stay.room_id = room.id;
  stay.checked_in_at = now;
  stay.checked_in_on = ctx.zone.local_date(now);
  stay.checked_in_by = actor.user_id;
  return store::insert_stay(conn, stay);
}

Result<Stay> take_bed_at(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                         const QuarantineOrder& order, const Site& site,
                         std::optional<int64_t> room_id) {
  std::optional<Room> room;
  if (room_id) {
    CORDON_ASSIGN_OR_RETURN(room, load_room_of(conn, site.id, room_id));
  } else {
    CORDON_ASSIGN_OR_RETURN(room, store::find_free_room(conn, site.id));
    if (!room && site.occupied < site.capacity)
      return Status::conflict("no_free_room", "every room of the site is taken");
    // A full site answers site_full from the counter below, whatever the rooms say.
    if (!room) return Status::conflict("site_full", "the site is at capacity");
  }
  CORDON_ASSIGN_OR_RETURN(Stay stay, take_bed(conn, ctx, actor, order, site, *room));
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "site.check_in", "quarantine_order", order.id,
                        place_detail(site, *room))));
  return stay;
}

Result<Stay> end_stay(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                      Stay stay, const std::string& reason) {
  Instant now = ctx.clock.now();
  LocalDate today = ctx.zone.local_date(now);
  CORDON_RETURN_IF_ERROR(store::close_stay(conn, stay.id, now, today, actor.user_id, reason));
  CORDON_RETURN_IF_ERROR(store::release_bed(conn, stay.site_id, stay.room_id));
  CORDON_RETURN_IF_ERROR(store::append_audit(
      conn, audit_entry(ctx, actor, "site.check_out", "quarantine_order", stay.order_id,
                        "site " + std::to_string(stay.site_id) + ", " + reason)));
  stay.checked_out_at = now;
  stay.checked_out_on = today;
  stay.end_reason = reason;
  return stay;
}

Result<std::optional<Stay>> end_open_stay(store::SqlConnection& conn, const Context& ctx,
                                          const Actor& actor, int64_t order_id,
                                          const std::string& reason) {
  CORDON_ASSIGN_OR_RETURN(auto stay, store::find_open_stay_of_order(conn, order_id));
  if (!stay) return stay;
  CORDON_ASSIGN_OR_RETURN(Stay closed, end_stay(conn, ctx, actor, std::move(*stay), reason));
  return std::optional<Stay>(std::move(closed));
}

Result<Site> SiteService::create(const Actor& actor, const SiteInput& input,
                                 const std::optional<std::string>& idempotency_key) {
  CORDON_ASSIGN_OR_RETURN(Site site, validate_site(input));
  Instant now = ctx_.clock.now();
  site.created_at = site.updated_at = now;
  Site created;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    return idempotent_create(
        conn, idempotency_key, "site", now,
        [&](int64_t id) -> Status {
          CORDON_ASSIGN_OR_RETURN(created, load_visible_site(conn, actor, id));
          return Status();
        },
        [&]() -> Result<int64_t> {
          CORDON_RETURN_IF_ERROR(check_site_node(conn, actor, site.node_id));
          CORDON_ASSIGN_OR_RETURN(created, store::insert_site(conn, site));
          CORDON_RETURN_IF_ERROR(store::append_audit(
              conn, audit_entry(ctx_, actor, "site.create", "site", created.id)));
          return created.id;
        });
  }));
  return created;
}

Result<Site> SiteService::get(const Actor& actor, int64_t id) {
  Site out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_site(conn, actor, id));
    return Status();
  }));
  return out;
}

Result<Site> SiteService::update(const Actor& actor, int64_t id, const SiteInput& patch) {
  Site out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Site current, load_visible_site(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(Site next, validate_site(merge_site_input(current, patch)));
    if (next.node_id != current.node_id)
      CORDON_RETURN_IF_ERROR(check_site_node(conn, actor, next.node_id));
    next.id = id;
    next.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(out, store::update_site(conn, next));
    return store::append_audit(conn, audit_entry(ctx_, actor, "site.update", "site", id));
  }));
  return out;
}

Result<SitePage> SiteService::list(const Actor& actor, std::optional<int64_t> jurisdiction_id,
                                   int64_t after_id, int limit) {
  SitePage page;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    store::SiteScope scope;
    scope.node_path = actor.jurisdiction_path;
    if (jurisdiction_id) {
      CORDON_ASSIGN_OR_RETURN(auto node, store::find_node(conn, *jurisdiction_id));
      if (!node || !actor.can_see_path(node->path))
        return Status::invalid_field("jurisdiction_id", "not_found", "no such jurisdiction");
      scope.node_path = node->path;
    }
    CORDON_ASSIGN_OR_RETURN(page.items, store::list_sites(conn, scope, after_id, limit + 1));
    return Status();
  }));
  if (static_cast<int>(page.items.size()) > limit) {
    page.items.resize(limit);
    page.next_after_id = page.items.back().id;
  }
  return page;
}

Result<Room> SiteService::add_room(const Actor& actor, int64_t site_id, const RoomInput& input,
                                   const std::optional<std::string>& idempotency_key) {
  CORDON_ASSIGN_OR_RETURN(Room room, validate_room(input));
  Instant now = ctx_.clock.now();
  room.site_id = site_id;
  room.created_at = room.updated_at = now;
  Room created;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_site(conn, actor, site_id).status());
    return idempotent_create(
        conn, idempotency_key, "room", now,
        [&](int64_t id) -> Status {
          CORDON_ASSIGN_OR_RETURN(created, load_room_of(conn, site_id, id));
          return Status();
        },
        [&]() -> Result<int64_t> {
          CORDON_ASSIGN_OR_RETURN(created, store::insert_room(conn, room));
          CORDON_RETURN_IF_ERROR(store::append_audit(
              conn, audit_entry(ctx_, actor, "site.room_create", "site", site_id,
                                "room " + created.number)));
          return created.id;
        });
  }));
  return created;
}

Result<Room> SiteService::update_room(const Actor& actor, int64_t site_id, int64_t room_id,
                                      const RoomInput& patch) {
  Room out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_site(conn, actor, site_id).status());
    auto current = load_room_of(conn, site_id, room_id);
    if (!current.ok()) return Status::not_found("room_not_found", "no such room at this site");
    CORDON_ASSIGN_OR_RETURN(Room next, validate_room(merge_room_input(*current, patch)));
    next.id = room_id;
    next.site_id = site_id;
    next.updated_at = now;
    CORDON_ASSIGN_OR_RETURN(out, store::update_room(conn, next));
    return store::append_audit(conn, audit_entry(ctx_, actor, "site.room_update", "site",
                                                 site_id, "room " + out.number));
  }));
  return out;
}

Result<RoomBoard> SiteService::board(const Actor& actor, int64_t site_id) {
  RoomBoard board;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(board.site, load_visible_site(conn, actor, site_id));
    CORDON_ASSIGN_OR_RETURN(auto rooms, store::list_rooms(conn, site_id));
    CORDON_ASSIGN_OR_RETURN(auto occupants, store::list_occupants(conn, site_id));
    for (auto& room : rooms) {
      RoomBoard::Entry e{std::move(room), {}};
      for (const auto& o : occupants)
        if (o.room_id == e.room.id) e.occupants.push_back(o);
      board.rooms.push_back(std::move(e));
    }
    return Status();
  }));
  // The board names the people in each room: a read of personal data.
  record_read(ctx_, audit_entry(ctx_, actor, "site.board", "site", site_id));
  return board;
}

Result<std::vector<DayOccupancy>> SiteService::occupancy(const Actor& actor, int64_t site_id,
                                                         const std::optional<std::string>& from,
                                                         const std::optional<std::string>& to) {
  LocalDate today = ctx_.today();
  Validation v;
  LocalDate first = today.plus_days(-6), last = today;
  if (from) {
    auto d = LocalDate::parse(*from, "from");
    if (d.ok()) first = *d;
    else v.add(d.status());
  }
  if (to) {
    auto d = LocalDate::parse(*to, "to");
    if (d.ok()) last = *d;
    else v.add(d.status());
  }
  if (v.ok() && (last < first || last.days_since(first) >= 92))
    v.add("to", "invalid_range", "to must be on or after from, at most 92 days later");
  CORDON_RETURN_IF_ERROR(v.status());
  std::vector<DayOccupancy> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible_site(conn, actor, site_id).status());
    CORDON_ASSIGN_OR_RETURN(out, store::site_occupancy(conn, site_id, first, last));
    return Status();
  }));
  return out;
}

Result<Stay> SiteService::check_in(const Actor& actor, int64_t site_id,
                                   std::optional<int64_t> order_id, std::optional<int64_t> room_id,
                                   const std::optional<std::string>& idempotency_key) {
  Validation v;
  if (!order_id) v.add("order_id", "required", "order_id is required");
  if (!room_id) v.add("room_id", "required", "room_id is required");
  CORDON_RETURN_IF_ERROR(v.status());
  Stay out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Site site, load_visible_site(conn, actor, site_id));
    return idempotent_create(
        conn, idempotency_key, "stay", now,
        [&](int64_t id) -> Status {
          CORDON_ASSIGN_OR_RETURN(out, load_visible_stay(conn, actor, id));
          return Status();
        },
        [&]() -> Result<int64_t> {
          CORDON_ASSIGN_OR_RETURN(Room room, load_room_of(conn, site_id, room_id));
          CORDON_ASSIGN_OR_RETURN(auto order, store::find_order(conn, *order_id));
          if (!order)
            return Status::invalid_field("order_id", "order_not_found", "no such order");
          if (order->kind != OrderKind::kCentralized)
            return Status::invalid_field("order_id", "not_centralized",
                                         "only a centralized order is checked in to a site");
          if (is_final(order->status))
            return Status::conflict("order_closed", std::string("the order is ") +
                                                        order_status_name(order->status));
          CORDON_ASSIGN_OR_RETURN(out, open_stay(conn, ctx_, actor, *order, site, room, "check_in"));
          return out.id;
        });
  }));
  return out;
}

Result<Stay> SiteService::check_out(const Actor& actor, int64_t stay_id) {
  Stay out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Stay stay, load_visible_stay(conn, actor, stay_id));
    CORDON_ASSIGN_OR_RETURN(out, end_stay(conn, ctx_, actor, std::move(stay), "check_out"));
    return Status();
  }));
  return out;
}

Result<Stay> SiteService::transfer(const Actor& actor, int64_t stay_id,
                                   std::optional<int64_t> room_id) {
  if (!room_id) return Status::invalid_field("room_id", "required", "room_id is required");
  Stay out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(Stay stay, load_visible_stay(conn, actor, stay_id));
    if (stay.checked_out_at) return Status::conflict("stay_closed", "this stay has already ended");
    CORDON_ASSIGN_OR_RETURN(auto target, store::find_room(conn, *room_id));
    if (!target) return Status::invalid_field("room_id", "room_not_found", "no such room");
    auto site = load_visible_site(conn, actor, target->site_id);
    if (!site.ok()) return Status::invalid_field("room_id", "room_not_found", "no such room");
    if (target->id == stay.room_id)
      return Status::conflict("same_room", "the order is already in this room");
    // Free the old bed first, so a move inside a full site succeeds.
    CORDON_RETURN_IF_ERROR(end_stay(conn, ctx_, actor, stay, "transfer").status());
    CORDON_ASSIGN_OR_RETURN(auto order, store::find_order(conn, stay.order_id));
    if (!order) return Status::internal("order_missing", "the stay's order is gone");
    CORDON_ASSIGN_OR_RETURN(out, open_stay(conn, ctx_, actor, *order, *site, *target, "transfer"));
    return Status();
  }));
  return out;
}

Result<Stay> SiteService::get_stay(const Actor& actor, int64_t stay_id) {
  Stay out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible_stay(conn, actor, stay_id));
    return Status();
  }));
  return out;
}

Result<ExportTable> SiteService::roster(const Actor& actor, int64_t site_id) {
  return site_roster_table(ctx_, actor, site_id);
}

Result<ExportTable> SiteService::release_list(const Actor& actor, OrderService& orders,
                                              const ReleaseListQuery& query) {
  return release_list_table(ctx_, orders, actor, query);
}

}  // namespace cordon::service
