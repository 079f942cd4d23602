// The demo city: a deterministic synthetic jurisdiction full of residents, for `cordon demo`,
// the tests that need a realistic database, and the benchmarks.
//
// 示范市 is fictional. It sits in 呼伦贝尔 (Hulunbuir, Inner Mongolia), next to the 牙克石 of
// the seed report, so most residents carry the region codes of Hulunbuir's counties (most of
// all 150782, 牙克石市); others were registered in other provinces (齐齐哈尔, 武汉, 南宁...).
//
// The tree: 示范市 > districts (区) > streets (街道) > communities (社区) > grids (网格), and
// below each grid compounds (小区) > buildings (楼栋) > units (单元). Rooms get no node (a
// million residents would need half a million): a person's `address_id` is their unit and
// `address` the full text, "林海小区3栋2单元501室". Jurisdictions and addresses carry codes
// so imports can refer to them: districts "D01", streets "S001", communities "C0001", grids
// "G0001", compounds "G0001-1", buildings "G0001-1-3", units "G0001-1-3-2".
//
// Residents live in households (a couple, their children, a grandparent; one surname down
// the male line) with ages that follow China's 2020 census pyramid. Names are drawn by real
// surname frequency and era-typical given names; about 5% are written in traditional
// characters, about 3% of households are Mongolian (single names) and a few Uyghur (names
// with a middle dot). Every resident ID is valid and unique; most adults have a mobile.
//
// Deterministic: the same DemoOptions give the same nodes and persons (same ids, names,
// documents, phones, addresses, tags) on every machine and standard library; only the
// timestamps (created_at, updated_at, the audit entries) come from the runtime's clock. Every
// random draw comes from std::mt19937_64 (fully specified by the standard) through integer
// arithmetic of our own, never through std::*_distribution (whose output differs between
// libraries). Each grid draws from its own stream, so how grids are batched does not change the
// city.
#pragma once

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "cli/runtime.h"
#include "core/date.h"
#include "core/status.h"

namespace cordon::cli {

inline constexpr std::string_view kDemoCityName = "示范市";

struct DemoOptions {
  int64_t residents = 200000;
  int64_t grids = 0;  // 0: residents / 400, at least 1
  uint64_t seed = 2020;
  // The day the city's ages and tags describe (who is 65, who is a child). Fixed rather
  // than today so that the city does not change from one day to the next; 2020-01-23 is
  // the day Wuhan closed, when the seed stories begin.
  LocalDate as_of = *LocalDate::from_ymd(2020, 1, 23);
  // Persons handed to PersonService::import_rows at a time (one transaction each); 0:
  // residents / 10 between 5,000 and 50,000. Does not change the city. Large chunks
  // matter: the persons table has five indexes on random keys (names, pinyin, initials,
  // ID, phone), and every commit writes each index page it touched to the WAL again; on
  // the 2-core development machine 1M residents took 125-155 s in chunks of 5,000 and
  // about 50 s in chunks of 50,000.
  int chunk_size = 0;

  // `grids` and `chunk_size` with their defaults applied.
  int64_t grid_count() const;
  int64_t rows_per_chunk() const;
};

struct DemoSummary {
  std::string city_name;
  int64_t city_id = 0;
  int64_t residents = 0;
  int64_t households = 0;
  int64_t districts = 0;
  int64_t streets = 0;
  int64_t communities = 0;
  int64_t grids = 0;
  int64_t compounds = 0;
  int64_t buildings = 0;
  int64_t units = 0;
  // True when the database already held this very city and nothing was generated; then
  // only city_name, city_id, residents and grids are filled in.
  bool reused = false;
};

// Called after each chunk of persons is stored, with the persons stored so far and the
// total. Runs on the caller's thread.
using DemoProgress = std::function<void(int64_t done, int64_t total)>;

// Builds the demo city into the runtime's store, or finds it already there.
//
// An empty database (no node, no person) gets the city. A database that holds a complete
// demo city built with the same options (the generator version, seed, residents, grids and
// as_of are recorded in the city's code) is left alone and reported with reused = true.
// Anything else fails conflict "database_not_empty" (or "demo_city_incomplete" for a build
// that was interrupted): the caller decides whether to delete the file
// (remove_database_files) and start over. Invalid "demo_options" when residents < 1,
// grids < 1, grids > residents, or as_of is before 1996 (someone 95 would be born before
// 1900) or after today. A failure midway leaves what was written so far. One build per
// database at a time.
Result<DemoSummary> build_demo_city(Runtime& runtime, const DemoOptions& options,
                                    const DemoProgress& progress = {});

// One account of each role for a demo city, so a newcomer can sign in as each and see
// the difference: the administrator over the whole city, the commander at the city, the
// others at a district, street, community or grid of the demo tree. Passwords are fixed
// and printed ("cordon-" + username): a demo is for trying, on loopback.
struct DemoAccount {
  std::string username;
  std::string password;
  std::string role;
  std::string jurisdiction;  // name of the place the account is confined to
};
// Creates the accounts; an empty list when the database has accounts already (a reused
// city), whose passwords are stored only as hashes.
Result<std::vector<DemoAccount>> create_demo_accounts(Runtime& runtime);

// Deletes a SQLite database file and its -wal, -shm and -journal companions; files that
// do not exist are not an error. Fails unavailable "remove_failed" naming the file.
Status remove_database_files(const std::string& path);

}  // namespace cordon::cli
