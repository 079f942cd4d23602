// Use cases of quarantine sites: sites and rooms (sites.manage), check-in, check-out and
// room transfer of centralized orders (sites.operate), the room board and occupancy per
// day (quarantine.read).
//
// A site belongs to a street or grid (Site::node_id); an actor sees it, its rooms and its
// stays only when that node lies in its jurisdiction, and anything outside answers not
// found like a missing record. Orders checked in may come from any grid: the escort brings
// people from elsewhere, and the site staff act on the site, not on the person's grid.
//
// Limits hold under concurrent requests: see store/sites.h.
//
// Thread-safe: holds only references to the Context.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/site.h"
#include "service/context.h"
#include "service/orders.h"
#include "service/table_export.h"
#include "store/sites.h"

namespace cordon::service {

using Stay = store::Stay;
using Occupant = store::Occupant;
using DayOccupancy = store::DayOccupancy;

struct SitePage {
  std::vector<Site> items;
  std::optional<int64_t> next_after_id;
};

// The rooms of a site with who is in them now.
struct RoomBoard {
  Site site;
  struct Entry {
    Room room;
    std::vector<Occupant> occupants;
  };
  std::vector<Entry> rooms;
};

class SiteService {
 public:
  explicit SiteService(Context& ctx) : ctx_(ctx) {}

  // Invalid: every bad field; node_id must name a street, community or grid in the
  // actor's jurisdiction ("node_not_found", "not_a_street_or_grid"). Idempotent with a key.
  Result<Site> create(const Actor& actor, const SiteInput& input,
                      const std::optional<std::string>& idempotency_key = std::nullopt);
  Result<Site> get(const Actor& actor, int64_t id);
  // Conflict "capacity_below_occupancy" when lowering capacity below who is checked in.
  Result<Site> update(const Actor& actor, int64_t id, const SiteInput& patch);
  // Sites below `jurisdiction_id` (nullopt: the actor's whole jurisdiction), by id.
  Result<SitePage> list(const Actor& actor, std::optional<int64_t> jurisdiction_id,
                        int64_t after_id, int limit);

  // Conflict "duplicate_room_number". Idempotent with a key.
  Result<Room> add_room(const Actor& actor, int64_t site_id, const RoomInput& input,
                        const std::optional<std::string>& idempotency_key = std::nullopt);
  Result<Room> update_room(const Actor& actor, int64_t site_id, int64_t room_id,
                           const RoomInput& patch);
  Result<RoomBoard> board(const Actor& actor, int64_t site_id);
  // Days from..to inclusive, at most 92. Invalid "invalid_range" otherwise.
  Result<std::vector<DayOccupancy>> occupancy(const Actor& actor, int64_t site_id,
                                              const std::optional<std::string>& from,
                                              const std::optional<std::string>& to);

  // Checks a centralized order in to a room of the site. Invalid: order_id or room_id
  // missing or unknown, an order that is not centralized ("not_centralized"). Conflict:
  // the order is released or escalated ("order_closed"), already checked in
  // ("already_checked_in"), the site is full ("site_full"), the room is taken
  // ("room_full"). An `ordered` order becomes active. Idempotent with a key.
  Result<Stay> check_in(const Actor& actor, int64_t site_id, std::optional<int64_t> order_id,
                        std::optional<int64_t> room_id,
                        const std::optional<std::string>& idempotency_key = std::nullopt);
  // Ends a stay; conflict "stay_closed" when it already ended.
  Result<Stay> check_out(const Actor& actor, int64_t stay_id);
  // Moves the order of an open stay to another room (of this site or another one the
  // actor sees); returns the new stay. Same conflicts as check_in for the new room.
  Result<Stay> transfer(const Actor& actor, int64_t stay_id, std::optional<int64_t> room_id);
  Result<Stay> get_stay(const Actor& actor, int64_t stay_id);
  // The roster as a table for download (service/site_exports.h).
  Result<ExportTable> roster(const Actor& actor, int64_t site_id);
  // The release list of `orders` as a table for download.
  Result<ExportTable> release_list(const Actor& actor, OrderService& orders,
                                   const ReleaseListQuery& query);

 private:
  Context& ctx_;
};

// Inside the caller's write unit, for use cases that move people in and out of sites.

// The site if the actor sees its node; not found "site_not_found" otherwise, like a
// missing one.
Result<Site> load_visible_site(store::SqlConnection& conn, const Actor& actor, int64_t id);

// Takes a bed in `room` of `site` for `order` and opens its stay, checked in now. Conflict
// "site_full" or "room_full" (the caller's unit then rolls back); "already_checked_in"
// when the order has an open stay. Changes nothing on the order itself.
Result<Stay> take_bed(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                      const QuarantineOrder& order, const Site& site, const Room& room);

// A bed for `order` at `site`: in `room_id` when given (invalid "room_not_found", field
// room_id, when it is no room of the site), else in the first room with space (conflict
// "site_full" when the site is at capacity, "no_free_room" when every room is taken).
Result<Stay> take_bed_at(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                         const QuarantineOrder& order, const Site& site,
                         std::optional<int64_t> room_id);

// Ends an open stay now with `reason` (store::Stay::end_reason): the check-out is recorded,
// the site's and the room's counters go down, and it is audited ("site.check_out").
// Returns the stay as ended. Conflict "stay_closed" when it already ended.
Result<Stay> end_stay(store::SqlConnection& conn, const Context& ctx, const Actor& actor,
                      Stay stay, const std::string& reason);

// Ends the open stay of order `order_id` if it has one, and returns it (nullopt: none).
Result<std::optional<Stay>> end_open_stay(store::SqlConnection& conn, const Context& ctx,
                                          const Actor& actor, int64_t order_id,
                                          const std::string& reason);

}  // namespace cordon::service
