// Quarantine sites (隔离点, 定点酒店) and their rooms.
//
// A site belongs to a jurisdiction node (a street or a grid), which decides who sees it.
// Its capacity counts people; a room holds one quarantine order, or up to its beds when it
// is a family room. The store keeps both limits under concurrent check-ins (store/sites.h).
//
// Plain values; pure functions; thread-safe.
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/date.h"
#include "core/status.h"

namespace cordon {

enum class SiteKind { kHotel, kIsolationPoint };

const char* site_kind_name(SiteKind kind);  // "hotel", "isolation_point"
std::optional<SiteKind> parse_site_kind(std::string_view text);

struct Site {
  int64_t id = 0;
  std::string name;
  std::string address;
  SiteKind kind = SiteKind::kHotel;
  int64_t node_id = 0;  // the street or grid the site belongs to
  int capacity = 0;     // people
  int occupied = 0;     // people checked in now
  Instant created_at;
  Instant updated_at;
};

struct Room {
  int64_t id = 0;
  int64_t site_id = 0;
  std::string number;  // "301"
  int floor = 0;
  int beds = 1;
  bool family = false;  // may hold several orders (a household), up to `beds`
  int occupied = 0;     // orders checked in now
  Instant created_at;
  Instant updated_at;
};

// How many orders a room may hold at once: its beds for a family room, else one.
inline int room_limit(const Room& room) { return room.family ? room.beds : 1; }

// Fields as submitted; absent optionals mean "not given" (create: required ones missing
// are errors; edit: kept).
struct SiteInput {
  std::optional<std::string> name;
  std::optional<std::string> address;
  std::optional<std::string> kind;
  std::optional<int64_t> node_id;
  std::optional<int64_t> capacity;
};

struct RoomInput {
  std::optional<std::string> number;
  std::optional<int64_t> floor;
  std::optional<int64_t> beds;
  std::optional<bool> family;
};

// Largest capacity a site or room may declare: a bound that catches typos, far above the
// largest centralized sites (a few thousand beds).
inline constexpr int kMaxSiteCapacity = 100000;
inline constexpr int kMaxRoomBeds = 20;

// Validates a complete site input (a create, or an edit merged over the current values):
// name 1-100 characters, address 1-200, kind hotel|isolation_point, node_id present,
// capacity 1..kMaxSiteCapacity. Every invalid field is reported. Leaves id, occupied and
// timestamps for the caller.
Result<Site> validate_site(const SiteInput& input);
SiteInput merge_site_input(const Site& current, const SiteInput& patch);

// Validates a room: number 1-20 characters, floor -5..200, beds 1..kMaxRoomBeds.
Result<Room> validate_room(const RoomInput& input);
RoomInput merge_room_input(const Room& current, const RoomInput& patch);

}  // namespace cordon
