#include "core/permissions.h"

#include <algorithm>
#include <array>
#include <bitset>

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

// The order here is the column order of docs/permissions.md.
constexpr std::array<std::string_view, 22> kPermissions = {
    "places.read",       // see the place tree of the jurisdiction
    "places.write",      // add, rename, move places
    "persons.read",      // list, search and read persons (identifiers masked)
    "persons.write",     // register and correct persons
    "persons.reveal",    // see full ID and phone numbers (each reveal audited)
    "users.manage",      // accounts of the jurisdiction
    "audit.read",        // browse the audit log
    "arrivals.report",   // report an arrival (a hotel front desk's only right)
    "quarantine.read",   // arrivals, orders, follow-ups due, release lists, tests, sites
    "quarantine.write",  // order, extend, transfer, release quarantine
    "policies.manage",   // switch the policy in force, edit the risk-area list
    "sites.manage",      // create sites and rooms, set capacity
    "sites.operate",     // check people in and out of rooms
    "followups.write",   // record health checks
    "tests.write",       // record samples, pooled tubes and results
    "cases.read",        // cases, exposures, chains and clusters
    "cases.write",       // classify cases, record exposures
    "reports.handle",    // triage, dispatch, verify and resolve reports
    "tasks.work",        // own and unit inbox, outcomes, assist requests
    "tasks.dispatch",    // create and assign tasks for others
    "screening.manage",  // screening campaigns
    "dashboard.read",    // dashboards and census figures
};

// Which permissions each role holds, space-separated. Field roles act inside their own
// jurisdiction; identifiers in full only for those who act on them.
struct Grant {
  Role role;
  std::string_view permissions;
};

constexpr std::array<Grant, 9> kGrants = {{
    {Role::kAdministrator,
     "places.read places.write persons.read persons.write persons.reveal users.manage "
     "audit.read arrivals.report quarantine.read quarantine.write policies.manage "
     "sites.manage sites.operate followups.write tests.write cases.read cases.write "
     "reports.handle tasks.work tasks.dispatch screening.manage dashboard.read"},
    {Role::kCommander,
     "places.read persons.read persons.reveal arrivals.report quarantine.read "
     "quarantine.write policies.manage sites.manage cases.read reports.handle tasks.work "
     "tasks.dispatch screening.manage dashboard.read"},
    {Role::kHealthStaff,
     "places.read persons.read persons.write persons.reveal arrivals.report "
     "quarantine.read quarantine.write sites.operate followups.write tests.write "
     "cases.read cases.write reports.handle tasks.work tasks.dispatch dashboard.read"},
    {Role::kCommunityPolice,
     "places.read persons.read persons.write persons.reveal arrivals.report "
     "quarantine.read quarantine.write sites.operate followups.write cases.read "
     "reports.handle tasks.work tasks.dispatch dashboard.read"},
    {Role::kAuxiliaryPolice,
     "places.read persons.read arrivals.report quarantine.read sites.operate "
     "followups.write tasks.work"},
    {Role::kGridWorker,
     "places.read places.write persons.read persons.write arrivals.report quarantine.read "
     "quarantine.write followups.write reports.handle tasks.work tasks.dispatch "
     "screening.manage dashboard.read"},
    {Role::kCommunityWorker,
     "places.read persons.read persons.write arrivals.report quarantine.read "
     "quarantine.write followups.write reports.handle tasks.work tasks.dispatch "
     "screening.manage dashboard.read"},
    {Role::kSiteStaff,
     "places.read persons.read arrivals.report quarantine.read sites.operate "
     "followups.write tests.write tasks.work"},
    {Role::kHotelFrontDesk, "arrivals.report"},
}};

using PermissionSet = std::bitset<kPermissions.size()>;

int permission_index(std::string_view p) {
  auto it = std::find(kPermissions.begin(), kPermissions.end(), p);
  return it == kPermissions.end() ? -1 : static_cast<int>(it - kPermissions.begin());
}

// The grants as bit sets, built once. A name in kGrants that is not in kPermissions is a
// programming error caught by permissions_test (grant_names_are_known).
const std::array<PermissionSet, 9>& grant_sets() {
  static const std::array<PermissionSet, 9> sets = [] {
    std::array<PermissionSet, 9> out{};
    for (const Grant& g : kGrants) {
      std::string_view rest = g.permissions;
      while (!rest.empty()) {
        auto space = rest.find(' ');
        std::string_view word = rest.substr(0, space);
        rest = space == std::string_view::npos ? "" : rest.substr(space + 1);
        int i = permission_index(word);
        if (i >= 0) out[static_cast<int>(g.role)].set(static_cast<size_t>(i));
      }
    }
    return out;
  }();
  return sets;
}

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
  return p == kPublic || p == kAuthenticated || permission_index(p) >= 0;
}

bool role_has(Role role, std::string_view permission) {
  if (permission == kPublic || permission == kAuthenticated) return true;
  int i = permission_index(permission);
  return i >= 0 && grant_sets()[static_cast<int>(role)].test(static_cast<size_t>(i));
}

bool grant_names_are_known() {
  for (const Grant& g : kGrants) {
    std::string_view rest = g.permissions;
    while (!rest.empty()) {
      auto space = rest.find(' ');
      if (permission_index(rest.substr(0, space)) < 0) return false;
      rest = space == std::string_view::npos ? "" : rest.substr(space + 1);
    }
  }
  return true;
}

}  // namespace cordon
