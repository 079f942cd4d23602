// Repository of quarantine sites, rooms and stays. SQL lives here; callers pass the
// connection the Store hands them (a write connection for changes).
//
// Capacity is kept by guarded counters (sites.occupied, rooms.occupied): occupy_bed()
// raises both with UPDATEs whose WHERE re-checks the limit inside the caller's
// transaction, so concurrent check-ins never overfill a site or a room, on SQLite (one
// writer) as on PostgreSQL (the row lock makes the second UPDATE re-read the counter).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/date.h"
#include "core/site.h"
#include "core/status.h"
#include "store/sql.h"

namespace cordon::store {

Result<Site> insert_site(SqlConnection& conn, Site site);
Result<std::optional<Site>> find_site(SqlConnection& conn, int64_t id);
// Rewrites name, address, kind, node and capacity. Conflict "capacity_below_occupancy"
// when the new capacity is below the people checked in now.
Result<Site> update_site(SqlConnection& conn, const Site& site);

struct SiteScope {
  std::optional<std::string> node_path;  // sites whose node lies below this path
};
// Sites in scope ordered by id, after `after_id`.
Result<std::vector<Site>> list_sites(SqlConnection& conn, const SiteScope& scope,
                                     int64_t after_id, int limit);

// Inserts; conflict "duplicate_room_number" (field number) when the site has that number.
Result<Room> insert_room(SqlConnection& conn, Room room);
Result<std::optional<Room>> find_room(SqlConnection& conn, int64_t id);
// Rewrites number, floor, beds, family. Conflict "room_limit_below_occupancy" when the
// new limit is below the orders in the room now.
Result<Room> update_room(SqlConnection& conn, const Room& room);
Result<std::vector<Room>> list_rooms(SqlConnection& conn, int64_t site_id);
// A room of the site with space for one more order, or nullopt: single rooms before family
// rooms (a family room is kept for a household), then by floor and number.
Result<std::optional<Room>> find_free_room(SqlConnection& conn, int64_t site_id);

// One order's stay in one room.
struct Stay {
  int64_t id = 0;
  int64_t order_id = 0;
  int64_t person_id = 0;
  int64_t site_id = 0;
  int64_t room_id = 0;
  Instant checked_in_at;
  LocalDate checked_in_on;
  int64_t checked_in_by = 0;
  std::optional<Instant> checked_out_at;
  std::optional<LocalDate> checked_out_on;
  // "check_out", "transfer" (room to room), or the order action that ended the stay:
  // "release", "escalate", "break", "transfer_order"
  std::optional<std::string> end_reason;
};

// Takes a bed: raises the site's and the room's counters if both are below their limits.
// Conflict "site_full" or "room_full" (field room_id) otherwise; nothing changes then
// (the caller's unit rolls back).
Status occupy_bed(SqlConnection& conn, int64_t site_id, int64_t room_id);
// Gives a bed back.
Status release_bed(SqlConnection& conn, int64_t site_id, int64_t room_id);

// Inserts an open stay; conflict "already_checked_in" (field order_id) when the order has
// an open stay.
Result<Stay> insert_stay(SqlConnection& conn, Stay stay);
Result<std::optional<Stay>> find_stay(SqlConnection& conn, int64_t id);
Result<std::optional<Stay>> find_open_stay_of_order(SqlConnection& conn, int64_t order_id);
// Closes an open stay; conflict "stay_closed" when it is already closed.
Status close_stay(SqlConnection& conn, int64_t stay_id, Instant at, LocalDate on,
                  int64_t by, const std::string& reason);

// A room with the people in it now, for the room board and the roster.
struct Occupant {
  int64_t stay_id = 0;
  int64_t order_id = 0;
  int64_t person_id = 0;
  std::string name;
  std::string sex;
  std::optional<std::string> phone;
  Instant checked_in_at;
  std::string order_status;
  std::string order_end_date;
  int64_t room_id = 0;
};
Result<std::vector<Occupant>> list_occupants(SqlConnection& conn, int64_t site_id);

// People at a site at the end of each day of [from, to]: stays checked in on or before the
// day and not checked out by its end; with the check-ins and check-outs of that day.
struct DayOccupancy {
  LocalDate day;
  int occupied = 0;
  int checked_in = 0;
  int checked_out = 0;
};
Result<std::vector<DayOccupancy>> site_occupancy(SqlConnection& conn, int64_t site_id,
                                                 LocalDate from, LocalDate to);

}  // namespace cordon::store
