#include "core/site.h"

#include "core/text.h"

namespace cordon {

const char* site_kind_name(SiteKind kind) {
  return kind == SiteKind::kHotel ? "hotel" : "isolation_point";
}

std::optional<SiteKind> parse_site_kind(std::string_view text) {
  if (text == "hotel") return SiteKind::kHotel;
  if (text == "isolation_point") return SiteKind::kIsolationPoint;
  return std::nullopt;
}

namespace {

// A required line of text: trimmed, 1..max_chars, no control characters.
std::optional<std::string> check_text(Validation& v, const char* field,
                                      const std::optional<std::string>& value,
                                      std::size_t max_chars) {
  if (!value || trim(*value).empty()) {
    v.add(field, "required", std::string(field) + " is required");
    return std::nullopt;
  }
  std::string t = trim(*value);
  if (!is_valid_utf8(t) || utf8_length(t) > max_chars) {
    v.add(field, "too_long",
          std::string(field) + " has at most " + std::to_string(max_chars) + " characters");
    return std::nullopt;
  }
  for (unsigned char c : t)
    if (c < 0x20 || c == 0x7f) {
      v.add(field, "invalid_character", std::string(field) + " may not hold control characters");
      return std::nullopt;
    }
  return t;
}

std::optional<int> check_range(Validation& v, const char* field,
                               const std::optional<int64_t>& value, int64_t lo, int64_t hi) {
  if (!value) {
    v.add(field, "required", std::string(field) + " is required");
    return std::nullopt;
  }
  if (*value < lo || *value > hi) {
    v.add(field, "out_of_range", std::string(field) + " must be between " + std::to_string(lo) +
                                     " and " + std::to_string(hi));
    return std::nullopt;
  }
  return static_cast<int>(*value);
}

}  // namespace

Result<Site> validate_site(const SiteInput& in) {
  Validation v;
  Site s;
  if (auto t = check_text(v, "name", in.name, 100)) s.name = *t;
  if (auto t = check_text(v, "address", in.address, 200)) s.address = *t;
  if (!in.kind) {
    v.add("kind", "required", "kind is required");
  } else if (auto k = parse_site_kind(*in.kind)) {
    s.kind = *k;
  } else {
    v.add("kind", "invalid_kind", "kind must be hotel or isolation_point");
  }
  if (!in.node_id) v.add("node_id", "required", "node_id (the street or grid) is required");
  else s.node_id = *in.node_id;
  if (auto c = check_range(v, "capacity", in.capacity, 1, kMaxSiteCapacity)) s.capacity = *c;
  if (!v.ok()) return v.status();
  return s;
}

SiteInput merge_site_input(const Site& current, const SiteInput& patch) {
  SiteInput in;
  in.name = patch.name ? patch.name : current.name;
  in.address = patch.address ? patch.address : current.address;
  in.kind = patch.kind ? *patch.kind : std::string(site_kind_name(current.kind));
  in.node_id = patch.node_id ? patch.node_id : current.node_id;
  in.capacity = patch.capacity ? patch.capacity : int64_t{current.capacity};
  return in;
}

Result<Room> validate_room(const RoomInput& in) {
  Validation v;
  Room r;
  if (auto t = check_text(v, "number", in.number, 20)) r.number = *t;
  if (auto f = check_range(v, "floor", in.floor.value_or(0), -5, 200)) r.floor = *f;
  if (auto b = check_range(v, "beds", in.beds.value_or(1), 1, kMaxRoomBeds)) r.beds = *b;
  r.family = in.family.value_or(false);
  if (!v.ok()) return v.status();
  return r;
}

RoomInput merge_room_input(const Room& current, const RoomInput& patch) {
  RoomInput in;
  in.number = patch.number ? patch.number : current.number;
  in.floor = patch.floor ? patch.floor : int64_t{current.floor};
  in.beds = patch.beds ? patch.beds : int64_t{current.beds};
  in.family = patch.family ? patch.family : current.family;
  return in;
}

}  // namespace cordon
