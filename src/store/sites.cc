#include "store/sites.h"

#include "store/rows.h"

namespace cordon::store {

namespace {

constexpr const char* kSiteColumns =
    "id, name, address, kind, node_id, capacity, occupied, created_at, updated_at";

Site read_site(const SqlRow& r) {
  Site s;
  s.id = r.int64(0);
  s.name = r.text(1);
  s.address = r.text(2);
  s.kind = parse_site_kind(r.text(3)).value_or(SiteKind::kHotel);
  s.node_id = r.int64(4);
  s.capacity = static_cast<int>(r.int64(5));
  s.occupied = static_cast<int>(r.int64(6));
  s.created_at = Instant::parse(r.text(7)).value();
  s.updated_at = Instant::parse(r.text(8)).value();
  return s;
}

constexpr const char* kRoomColumns =
    "id, site_id, number, floor, beds, family, occupied, created_at, updated_at";

Room read_room(const SqlRow& r) {
  Room m;
  m.id = r.int64(0);
  m.site_id = r.int64(1);
  m.number = r.text(2);
  m.floor = static_cast<int>(r.int64(3));
  m.beds = static_cast<int>(r.int64(4));
  m.family = r.int64(5) != 0;
  m.occupied = static_cast<int>(r.int64(6));
  m.created_at = Instant::parse(r.text(7)).value();
  m.updated_at = Instant::parse(r.text(8)).value();
  return m;
}

constexpr const char* kStayColumns =
    "id, order_id, person_id, site_id, room_id, checked_in_at, checked_in_on, checked_in_by, "
    "checked_out_at, checked_out_on, end_reason";

Stay read_stay(const SqlRow& r) {
  Stay s;
  s.id = r.int64(0);
  s.order_id = r.int64(1);
  s.person_id = r.int64(2);
  s.site_id = r.int64(3);
  s.room_id = r.int64(4);
  s.checked_in_at = Instant::parse(r.text(5)).value();
  s.checked_in_on = LocalDate::parse(r.text(6)).value();
  s.checked_in_by = r.int64(7);
  if (auto t = r.optional_text(8)) s.checked_out_at = Instant::parse(*t).value();
  if (auto d = r.optional_text(9)) s.checked_out_on = LocalDate::parse(*d).value();
  s.end_reason = r.optional_text(10);
  return s;
}

Status duplicate_room_number() {
  return Status::conflict("duplicate_room_number", "the site already has a room with this number",
                          {{"number", "duplicate", "the site already has a room with this number"}});
}

}  // namespace

Result<Site> insert_site(SqlConnection& conn, Site site) {
  std::optional<int64_t> id;
  CORDON_RETURN_IF_ERROR(conn.query(
      "INSERT INTO sites (name, address, kind, node_id, capacity, occupied, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
      {site.name, site.address, std::string(site_kind_name(site.kind)), site.node_id,
       int64_t{site.capacity}, site.created_at.to_string(), site.updated_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); }));
  site.id = *id;
  site.occupied = 0;
  return site;
}

Result<std::optional<Site>> find_site(SqlConnection& conn, int64_t id) {
  return select_one<Site>(conn, std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id = ?",
                          {id}, read_site);
}

Result<Site> update_site(SqlConnection& conn, const Site& site) {
  CORDON_ASSIGN_OR_RETURN(
      int64_t n, conn.execute("UPDATE sites SET name = ?, address = ?, kind = ?, node_id = ?, "
                              "capacity = ?, updated_at = ? WHERE id = ? AND occupied <= ?",
                              {site.name, site.address, std::string(site_kind_name(site.kind)),
                               site.node_id, int64_t{site.capacity}, site.updated_at.to_string(),
                               site.id, int64_t{site.capacity}}));
  if (n == 0)
    return Status::conflict("capacity_below_occupancy",
                            "more people are checked in than the new capacity",
                            {{"capacity", "below_occupancy",
                              "more people are checked in than the new capacity"}});
  CORDON_ASSIGN_OR_RETURN(auto stored, find_site(conn, site.id));
  return std::move(*stored);
}

Result<std::vector<Site>> list_sites(SqlConnection& conn, const SiteScope& scope,
                                     int64_t after_id, int limit) {
  std::string sql = std::string("SELECT ") + kSiteColumns + " FROM sites WHERE id > ?";
  std::vector<SqlValue> params{after_id};
  if (scope.node_path) {
    sql += " AND node_id IN (SELECT id FROM nodes WHERE path >= ? AND path < ?)";
    params.push_back(*scope.node_path);
    params.push_back(prefix_upper_bound(*scope.node_path));
  }
  sql += " ORDER BY id LIMIT ?";
  params.push_back(int64_t{limit});
  return select_all<Site>(conn, sql, params, read_site);
}

Result<Room> insert_room(SqlConnection& conn, Room room) {
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO rooms (site_id, number, floor, beds, family, occupied, created_at, "
      "updated_at) VALUES (?, ?, ?, ?, ?, 0, ?, ?) RETURNING id",
      {room.site_id, room.number, int64_t{room.floor}, int64_t{room.beds},
       int64_t{room.family ? 1 : 0}, room.created_at.to_string(), room.updated_at.to_string()},
      [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation") return duplicate_room_number();
  CORDON_RETURN_IF_ERROR(s);
  room.id = *id;
  room.occupied = 0;
  return room;
}

Result<std::optional<Room>> find_room(SqlConnection& conn, int64_t id) {
  return select_one<Room>(conn, std::string("SELECT ") + kRoomColumns + " FROM rooms WHERE id = ?",
                          {id}, read_room);
}

Result<Room> update_room(SqlConnection& conn, const Room& room) {
  auto n = conn.execute(
      "UPDATE rooms SET number = ?, floor = ?, beds = ?, family = ?, updated_at = ? "
      "WHERE id = ? AND occupied <= (CASE WHEN ? = 1 THEN ? ELSE 1 END)",
      {room.number, int64_t{room.floor}, int64_t{room.beds}, int64_t{room.family ? 1 : 0},
       room.updated_at.to_string(), room.id, int64_t{room.family ? 1 : 0}, int64_t{room.beds}});
  if (n.status().code() == "unique_violation") return duplicate_room_number();
  CORDON_RETURN_IF_ERROR(n.status());
  if (*n == 0)
    return Status::conflict("room_limit_below_occupancy",
                            "more orders are in the room than it could then hold");
  CORDON_ASSIGN_OR_RETURN(auto stored, find_room(conn, room.id));
  return std::move(*stored);
}

Result<std::vector<Room>> list_rooms(SqlConnection& conn, int64_t site_id) {
  return select_all<Room>(
      conn, std::string("SELECT ") + kRoomColumns + " FROM rooms WHERE site_id = ? ORDER BY floor, number, id",
      {site_id}, read_room);
}

Result<std::optional<Room>> find_free_room(SqlConnection& conn, int64_t site_id) {
  return select_one<Room>(
      conn, std::string("SELECT ") + kRoomColumns +
                " FROM rooms WHERE site_id = ? AND "
                "occupied < (CASE WHEN family = 1 THEN beds ELSE 1 END) "
                "ORDER BY family, floor, number, id LIMIT 1",
      {site_id}, read_room);
}

Status occupy_bed(SqlConnection& conn, int64_t site_id, int64_t room_id) {
  CORDON_ASSIGN_OR_RETURN(int64_t site_rows,
                          conn.execute("UPDATE sites SET occupied = occupied + 1 "
                                       "WHERE id = ? AND occupied < capacity",
                                       {site_id}));
  if (site_rows == 0)
    return Status::conflict("site_full", "the site is at capacity");
  CORDON_ASSIGN_OR_RETURN(
      int64_t room_rows,
      conn.execute("UPDATE rooms SET occupied = occupied + 1 WHERE id = ? AND site_id = ? AND "
                   "occupied < (CASE WHEN family = 1 THEN beds ELSE 1 END)",
                   {room_id, site_id}));
  if (room_rows == 0)
    return Status::conflict("room_full",
                            "the room is taken (only a family room holds several orders)",
                            {{"room_id", "room_full", "the room is taken"}});
  return Status();
}

Status release_bed(SqlConnection& conn, int64_t site_id, int64_t room_id) {
  CORDON_RETURN_IF_ERROR(conn.execute(
      "UPDATE sites SET occupied = occupied - 1 WHERE id = ? AND occupied > 0", {site_id}).status());
  return conn.execute("UPDATE rooms SET occupied = occupied - 1 WHERE id = ? AND occupied > 0",
                      {room_id}).status();
}

Result<Stay> insert_stay(SqlConnection& conn, Stay stay) {
  std::optional<int64_t> id;
  Status s = conn.query(
      "INSERT INTO site_stays (order_id, person_id, site_id, room_id, checked_in_at, "
      "checked_in_on, checked_in_by, open_order) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id",
      {stay.order_id, stay.person_id, stay.site_id, stay.room_id, stay.checked_in_at.to_string(),
       stay.checked_in_on.to_string(), stay.checked_in_by, stay.order_id},
      [&](const SqlRow& r) { id = r.int64(0); });
  if (s.code() == "unique_violation")
    return Status::conflict("already_checked_in", "the order is already checked in to a room",
                            {{"order_id", "already_checked_in",
                              "the order is already checked in to a room"}});
  CORDON_RETURN_IF_ERROR(s);
  stay.id = *id;
  return stay;
}

Result<std::optional<Stay>> find_stay(SqlConnection& conn, int64_t id) {
  return select_one<Stay>(
      conn, std::string("SELECT ") + kStayColumns + " FROM site_stays WHERE id = ?", {id},
      read_stay);
}

Result<std::optional<Stay>> find_open_stay_of_order(SqlConnection& conn, int64_t order_id) {
  return select_one<Stay>(
      conn, std::string("SELECT ") + kStayColumns + " FROM site_stays WHERE open_order = ?",
      {order_id}, read_stay);
}

Status close_stay(SqlConnection& conn, int64_t stay_id, Instant at, LocalDate on, int64_t by,
                  const std::string& reason) {
  CORDON_ASSIGN_OR_RETURN(
      int64_t n,
      conn.execute("UPDATE site_stays SET checked_out_at = ?, checked_out_on = ?, "
                   "checked_out_by = ?, end_reason = ?, open_order = NULL "
                   "WHERE id = ? AND open_order IS NOT NULL",
                   {at.to_string(), on.to_string(), by, reason, stay_id}));
  if (n == 0) return Status::conflict("stay_closed", "this stay has already ended");
  return Status();
}

Result<std::vector<Occupant>> list_occupants(SqlConnection& conn, int64_t site_id) {
  return select_all<Occupant>(
      conn,
      "SELECT s.id, s.order_id, s.person_id, p.name, p.sex, p.phone, s.checked_in_at, "
      "o.status, o.end_date, s.room_id FROM site_stays s "
      "JOIN persons p ON p.id = s.person_id JOIN quarantine_orders o ON o.id = s.order_id "
      "WHERE s.site_id = ? AND s.open_order IS NOT NULL ORDER BY s.room_id, s.id",
      {site_id}, [](const SqlRow& r) {
        Occupant o;
        o.stay_id = r.int64(0);
        o.order_id = r.int64(1);
        o.person_id = r.int64(2);
        o.name = r.text(3);
        o.sex = r.text(4);
        o.phone = r.optional_text(5);
        o.checked_in_at = Instant::parse(r.text(6)).value();
        o.order_status = r.text(7);
        o.order_end_date = r.text(8);
        o.room_id = r.int64(9);
        return o;
      });
}

Result<std::vector<DayOccupancy>> site_occupancy(SqlConnection& conn, int64_t site_id,
                                                 LocalDate from, LocalDate to) {
  std::vector<DayOccupancy> days;
  for (LocalDate d = from; d <= to; d = d.plus_days(1)) days.push_back({d, 0, 0, 0});
  CORDON_RETURN_IF_ERROR(conn.query(
      "SELECT checked_in_on, checked_out_on FROM site_stays WHERE site_id = ? AND "
      "checked_in_on <= ? AND (checked_out_on IS NULL OR checked_out_on >= ?)",
      {site_id, to.to_string(), from.to_string()}, [&](const SqlRow& r) {
        LocalDate in = LocalDate::parse(r.text(0)).value();
        std::optional<LocalDate> out;
        if (auto t = r.optional_text(1)) out = LocalDate::parse(*t).value();
        for (auto& day : days) {
          if (in == day.day) ++day.checked_in;
          if (out && *out == day.day) ++day.checked_out;
          if (in <= day.day && (!out || *out > day.day)) ++day.occupied;
        }
      }));
  return days;
}

}  // namespace cordon::store
