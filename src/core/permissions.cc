#include "core/permissions.h"

#include <algorithm>
#include <array>

namespace cordon {

namespace {

constexpr std::array<Role, 9> kRoles = {
    Role::kAdministrator,   Role::kCommander,  Role::kHealthStaff,
    Role::kCommunityPolice, Role::kAuxiliaryPolice, Role::kGridWorker,
    Role::kCommunityWorker, Role::kSiteStaff,  Role::kHotelFrontDesk};

constexpr std::array<const char*, 9> kRoleNames = {
    "administrator",    "commander",   "health_staff",
    "community_police", "auxiliary_police", "grid_worker",
    "community_worker", "site_staff",  "hotel_front_desk"};

constexpr std::array<std::string_view, 8> kPermissions = {
    "places.read",      // see the place tree of the jurisdiction
    "places.write",     // add, rename, move places
    "persons.read",     // list, search and read persons (identifiers masked)
    "persons.write",    // register and correct persons
    "persons.reveal",   // see full ID and phone numbers (each reveal audited)
    "users.manage",     // accounts of the jurisdiction
    "audit.read",       // browse the audit log
    "arrivals.report",  // report an arrival (a hotel front desk's only right)
};

// Which permissions each role holds, by role index. Field roles read and write persons
// of their own jurisdiction; identifiers in full only for those who act on them.
struct Grant {
  Role role;
  std::array<std::string_view, 8> permissions;
};

constexpr std::array<Grant, 9> kGrants = {{
    {Role::kAdministrator,
     {"places.read", "places.write", "persons.read", "persons.write", "persons.reveal",
      "users.manage", "audit.read", "arrivals.report"}},
    {Role::kCommander, {"places.read", "persons.read", "persons.reveal", "arrivals.report"}},
    {Role::kHealthStaff,
     {"places.read", "persons.read", "persons.write", "persons.reveal", "arrivals.report"}},
    {Role::kCommunityPolice,
     {"places.read", "persons.read", "persons.write", "persons.reveal", "arrivals.report"}},
    {Role::kAuxiliaryPolice, {"places.read", "persons.read", "arrivals.report"}},
    {Role::kGridWorker,
     {"places.read", "places.write", "persons.read", "persons.write", "arrivals.report"}},
    {Role::kCommunityWorker,
     {"places.read", "persons.read", "persons.write", "arrivals.report"}},
    {Role::kSiteStaff, {"places.read", "persons.read", "arrivals.report"}},
    {Role::kHotelFrontDesk, {"arrivals.report"}},
}};

}  // namespace

std::span<const Role> all_roles() { return kRoles; }

const char* role_name(Role role) { return kRoleNames[static_cast<int>(role)]; }

std::optional<Role> parse_role(std::string_view text) {
  for (size_t i = 0; i < kRoleNames.size(); ++i)
    if (text == kRoleNames[i]) return kRoles[i];
  return std::nullopt;
}

std::span<const std::string_view> all_permissions() { return kPermissions; }

bool is_known_permission(std::string_view p) {
  return p == kPublic || p == kAuthenticated ||
         std::find(kPermissions.begin(), kPermissions.end(), p) != kPermissions.end();
}

bool role_has(Role role, std::string_view permission) {
  if (permission == kPublic || permission == kAuthenticated) return true;
  const auto& grant = kGrants[static_cast<int>(role)];
  return std::find(grant.permissions.begin(), grant.permissions.end(), permission) !=
         grant.permissions.end();
}

}  // namespace cordon
