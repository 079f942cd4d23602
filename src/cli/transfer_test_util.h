// Test helpers for the import and export tests: a real SQLite database in a temporary
// directory with a small place tree, and valid resident ID numbers.
#pragma once

#include <gtest/gtest.h>

#include <fstream>
#include <memory>
#include <sstream>
#include <string>

#include "cli/runtime.h"
#include "core/resident_id.h"
#include "store/test_util.h"

namespace cordon::cli::testing {

// A valid 18-character resident ID: region 150782 (牙克石市), the birth date
// "YYYYMMDD", a 3-digit sequence (odd: male), and its check character.
inline std::string resident_id(const std::string& birth = "19900307", int sequence = 123) {
  char seq[4];
  std::snprintf(seq, sizeof seq, "%03d", sequence % 1000);
  std::string first17 = "150782" + birth + seq;
  return first17 + resident_id_check_char(first17);
}

inline void write_file(const std::string& path, const std::string& bytes) {
  std::ofstream(path, std::ios::binary) << bytes;
}

inline std::string read_file(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// 牙克石市 > 胜利街道 > 胜利社区 > 网格1 (no code) and 网格2 (code "G2").
struct TestCity {
  int64_t city = 0, street = 0, community = 0, grid1 = 0, grid2 = 0;
};

inline std::unique_ptr<Runtime> open_runtime(const std::string& db) {
  RuntimeOptions o;
  o.db = db;
  o.read_connections = 2;
  auto rt = Runtime::open(o);
  EXPECT_TRUE(rt.ok()) << rt.status().to_string();
  return rt.ok() ? std::move(*rt) : nullptr;
}

inline TestCity build_city(Runtime& rt) {
  auto actor = service::Actor::system();
  auto add = [&](std::optional<int64_t> parent, const char* kind, const char* name,
                 std::optional<std::string> code = std::nullopt) {
    service::NodeInput in;
    in.parent_id = parent;
    in.kind = kind;
    in.name = name;
    in.code = code;
    auto node = rt.places().create(actor, in);
    EXPECT_TRUE(node.ok()) << node.status().to_string();
    return node.ok() ? node->id : int64_t{0};
  };
  TestCity c;
  c.city = add(std::nullopt, "city", "牙克石市");
  c.street = add(c.city, "street", "胜利街道");
  c.community = add(c.street, "community", "胜利社区");
  c.grid1 = add(c.community, "grid", "网格1");
  c.grid2 = add(c.community, "grid", "网格2", "G2");
  return c;
}

// Makes every insert of a person named `name` fail (a trigger), as a full disk or a broken
// constraint would: the store reports conflict "constraint_violation".
inline void fail_person_inserts_named(store::Store& store, const std::string& name) {
  ASSERT_TRUE(store.write([&](store::SqlConnection& c) {
    return c.execute_script("CREATE TRIGGER fail_import BEFORE INSERT ON persons WHEN NEW.name = '" +
                            name + "' BEGIN SELECT RAISE(ABORT, 'injected failure'); END");
  }).ok());
}

}  // namespace cordon::cli::testing
