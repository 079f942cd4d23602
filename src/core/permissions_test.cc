#include "core/permissions.h"

#include <gtest/gtest.h>

#include <fstream>
#include <sstream>
#include <string>

namespace cordon {
namespace {

TEST(Roles, NamesRoundTrip) {
  for (Role r : all_roles()) EXPECT_EQ(parse_role(role_name(r)), r);
  EXPECT_FALSE(parse_role("root"));
  EXPECT_EQ(all_roles().size(), 9u);
}

TEST(Permissions, AdministratorHoldsEverything) {
  for (auto p : all_permissions()) EXPECT_TRUE(role_has(Role::kAdministrator, p)) << p;
}

TEST(Permissions, HotelFrontDeskMayOnlyReportArrivals) {
  for (auto p : all_permissions())
    EXPECT_EQ(role_has(Role::kHotelFrontDesk, p), p == "arrivals.report") << p;
}

TEST(Permissions, GrantTableNamesOnlyKnownPermissions) { EXPECT_TRUE(grant_names_are_known()); }

TEST(Permissions, MarkersAndUnknowns) {
  EXPECT_TRUE(role_has(Role::kHotelFrontDesk, "public"));
  EXPECT_TRUE(role_has(Role::kHotelFrontDesk, "authenticated"));
  EXPECT_FALSE(role_has(Role::kAdministrator, "persons.delete"));
  EXPECT_TRUE(is_known_permission("authenticated"));
  EXPECT_FALSE(is_known_permission(""));
  EXPECT_FALSE(is_known_permission("persons.delete"));
}

TEST(Permissions, OnlyPoliceHealthCommandersAndAdminsSeeFullIdentifiers) {
  std::vector<std::string> holders;
  for (Role r : all_roles())
    if (role_has(r, "persons.reveal")) holders.push_back(role_name(r));
  EXPECT_EQ(holders, (std::vector<std::string>{"administrator", "commander", "health_staff",
                                               "community_police"}));
}

// docs/permissions.md shows the table to people; it must say what the code does. Each row
// of its table is "| role | x | | x ... |" in the order of all_permissions().
TEST(Permissions, DocumentMatchesTable) {
  std::ifstream in(std::string(CORDON_SOURCE_DIR) + "/docs/permissions.md");
  ASSERT_TRUE(in) << "docs/permissions.md is missing";
  std::string line;
  int rows = 0;
  while (std::getline(in, line)) {
    if (line.rfind("| `", 0) != 0) continue;
    std::vector<std::string> cells;
    std::stringstream ss(line);
    std::string cell;
    std::getline(ss, cell, '|');
    while (std::getline(ss, cell, '|')) {
      auto b = cell.find_first_not_of(' '), e = cell.find_last_not_of(' ');
      cells.push_back(b == std::string::npos ? "" : cell.substr(b, e - b + 1));
    }
    std::string name = cells[0].substr(1, cells[0].size() - 2);
    auto role = parse_role(name);
    ASSERT_TRUE(role) << "unknown role in docs: " << name;
    ASSERT_GE(cells.size(), all_permissions().size() + 1) << line;
    for (size_t i = 0; i < all_permissions().size(); ++i)
      EXPECT_EQ(cells[i + 1] == "x", role_has(*role, all_permissions()[i]))
          << name << " / " << all_permissions()[i];
    ++rows;
  }
  EXPECT_EQ(rows, static_cast<int>(all_roles().size()));
}

}  // namespace
}  // namespace cordon
