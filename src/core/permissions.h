// Roles and permissions: the one table that says what each kind of account may do.
// docs/permissions.md is the same table for people; permissions_test.cc keeps them equal.
//
// Every route declares one permission. Besides the permissions below, two route markers
// exist: "public" (no account needed) and "authenticated" (any signed-in account).
// Pure; thread-safe.
#pragma once

#include <optional>
#include <span>
#include <string_view>

namespace cordon {

enum class Role {
  kAdministrator,
  kCommander,
  kHealthStaff,
  kCommunityPolice,
  kAuxiliaryPolice,
  kGridWorker,
  kCommunityWorker,
  kSiteStaff,
  kHotelFrontDesk,
};

std::span<const Role> all_roles();
const char* role_name(Role role);  // "administrator", "grid_worker", ...
std::optional<Role> parse_role(std::string_view text);

inline constexpr std::string_view kPublic = "public";
inline constexpr std::string_view kAuthenticated = "authenticated";

// Every permission a route may declare (besides the two markers).
std::span<const std::string_view> all_permissions();
bool is_known_permission(std::string_view permission);  // includes the two markers

// Whether `role` holds `permission`. "public" and "authenticated" are held by every role.
bool role_has(Role role, std::string_view permission);

// Whether every permission named in the grant table exists (checked by a unit test).
bool grant_names_are_known();

}  // namespace cordon
