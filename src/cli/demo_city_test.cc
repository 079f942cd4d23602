#include "cli/demo_city.h"
#include "core/permissions.h"
#include <set>

#include <gtest/gtest.h>

#include <algorithm>
#include <map>
#include <set>

#include "core/phone.h"
#include "store/nodes.h"
#include "store/persons.h"
#include "store/test_util.h"

namespace cordon::cli {
namespace {

using service::Actor;
using store::testing::TempDir;

std::unique_ptr<Runtime> open_runtime(const std::string& path) {
  RuntimeOptions o;
  o.db = path;
  o.read_connections = 2;
  auto rt = Runtime::open(o);
  EXPECT_TRUE(rt.ok()) << rt.status().to_string();
  return std::move(*rt);
}

DemoOptions small_city(uint64_t seed = 7) {
  DemoOptions o;
  o.residents = 2000;
  o.grids = 5;
  o.seed = seed;
  o.chunk_size = 700;  // several chunks, one not full
  return o;
}

std::vector<Person> all_persons(Runtime& rt) {
  std::vector<Person> out;
  service::PersonListQuery q;
  q.limit = "500";
  for (;;) {
    auto page = rt.persons().list(Actor::system(), q);
    EXPECT_TRUE(page.ok()) << page.status().to_string();
    if (!page.ok()) break;
    out.insert(out.end(), page->items.begin(), page->items.end());
    if (!page->next_cursor) break;
    q.cursor = page->next_cursor;
  }
  return out;
}

// Every node of the tree, breadth first.
std::vector<Node> all_nodes(Runtime& rt) {
  std::vector<Node> out;
  std::vector<std::optional<int64_t>> parents = {std::nullopt};
  while (!parents.empty()) {
    std::optional<int64_t> parent = parents.back();
    parents.pop_back();
    int64_t after = 0;
    for (;;) {
      auto page = rt.places().children(Actor::system(), parent, after, 500);
      EXPECT_TRUE(page.ok()) << page.status().to_string();
      if (!page.ok() || page->items.empty()) break;
      for (const Node& n : page->items) {
        out.push_back(n);
        parents.push_back(n.id);
      }
      if (!page->next_after_id) break;
      after = *page->next_after_id;
    }
  }
  std::sort(out.begin(), out.end(), [](const Node& a, const Node& b) { return a.id < b.id; });
  return out;
}

std::map<NodeKind, int64_t> count_kinds(const std::vector<Node>& nodes) {
  std::map<NodeKind, int64_t> counts;
  for (const Node& n : nodes) ++counts[n.kind];
  return counts;
}

bool has_tag(const Person& p, std::string_view tag) {
  return std::find(p.tags.begin(), p.tags.end(), tag) != p.tags.end();
}

TEST(DemoCity, BuildsTheTreeAndResidentsAsked) {
  TempDir dir;
  auto rt = open_runtime(dir.file("demo.db"));
  std::vector<int64_t> progress;
  auto summary = build_demo_city(*rt, small_city(), [&](int64_t done, int64_t total) {
    EXPECT_EQ(total, 2000);
    progress.push_back(done);
  });
  ASSERT_TRUE(summary.ok()) << summary.status().to_string();
  EXPECT_FALSE(summary->reused);
  EXPECT_EQ(summary->city_name, "示范市");
  EXPECT_EQ(summary->residents, 2000);
  EXPECT_EQ(summary->grids, 5);
  EXPECT_EQ(progress, (std::vector<int64_t>{700, 1400, 2000}));

  int64_t persons = 0;
  ASSERT_TRUE(rt->store()
                  .read([&](store::SqlConnection& conn) -> Status {
                    CORDON_ASSIGN_OR_RETURN(persons, store::count_persons(conn));
                    return Status();
                  })
                  .ok());
  EXPECT_EQ(persons, 2000);

  auto nodes = all_nodes(*rt);
  auto kinds = count_kinds(nodes);
  EXPECT_EQ(kinds[NodeKind::kCity], 1);
  EXPECT_EQ(kinds[NodeKind::kGrid], 5);
  EXPECT_EQ(kinds[NodeKind::kDistrict], summary->districts);
  EXPECT_EQ(kinds[NodeKind::kStreet], summary->streets);
  EXPECT_EQ(kinds[NodeKind::kCommunity], summary->communities);
  EXPECT_EQ(kinds[NodeKind::kCompound], summary->compounds);
  EXPECT_EQ(kinds[NodeKind::kBuilding], summary->buildings);
  EXPECT_EQ(kinds[NodeKind::kUnit], summary->units);
  EXPECT_EQ(kinds[NodeKind::kRoom], 0);
  EXPECT_GE(summary->compounds, 5);
  EXPECT_GT(summary->households, 2000 / 4);
  EXPECT_LT(summary->households, 2000 / 2);

  // Grids are found by their codes, and every node's kind may sit below its parent's.
  std::map<int64_t, const Node*> by_id;
  for (const Node& n : nodes) by_id[n.id] = &n;
  for (const Node& n : nodes) {
    std::optional<NodeKind> parent;
    if (n.parent_id) parent = by_id.at(*n.parent_id)->kind;
    EXPECT_TRUE(may_contain(parent, n.kind)) << n.name;
    EXPECT_TRUE(n.code.has_value()) << n.name;
  }
  ASSERT_TRUE(rt->store()
                  .read([&](store::SqlConnection& conn) -> Status {
                    for (const char* code : {"G0001", "G0005"}) {
                      CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node_by_code(conn, code));
                      EXPECT_TRUE(grid && grid->kind == NodeKind::kGrid) << code;
                    }
                    CORDON_ASSIGN_OR_RETURN(auto none, store::find_node_by_code(conn, "G0006"));
                    EXPECT_FALSE(none);
                    return Status();
                  })
                  .ok());
}

TEST(DemoCity, EveryPersonIsValidAndPlaced) {
  TempDir dir;
  auto rt = open_runtime(dir.file("demo.db"));
  DemoOptions options = small_city();
  ASSERT_TRUE(build_demo_city(*rt, options).ok());
  auto persons = all_persons(*rt);
  ASSERT_EQ(persons.size(), 2000u);
  std::map<int64_t, Node> nodes;
  for (Node& n : all_nodes(*rt)) nodes[n.id] = n;

  std::set<std::string> ids, phones;
  int with_phone = 0, adults = 0, adults_with_phone = 0;
  for (const Person& p : persons) {
    SCOPED_TRACE(p.name + " " + p.id_number.value_or("?"));
    ASSERT_TRUE(p.id_number);
    auto rid = parse_resident_id(*p.id_number, options.as_of);
    ASSERT_TRUE(rid.ok()) << rid.status().to_string();
    EXPECT_EQ(rid->number, *p.id_number);
    EXPECT_EQ(p.sex, rid->sex);
    ASSERT_TRUE(p.birth_date);
    EXPECT_EQ(*p.birth_date, rid->birth_date);
    EXPECT_TRUE(ids.insert(*p.id_number).second) << "duplicate ID";
    int age = p.birth_date->years_until(options.as_of);
    EXPECT_GE(age, 0);
    EXPECT_LE(age, 95);
    if (age >= 18) ++adults;
    if (p.phone) {
      ++with_phone;
      if (age >= 18) ++adults_with_phone;
      auto phone = normalize_mobile(*p.phone);
      EXPECT_TRUE(phone.ok() && *phone == *p.phone) << *p.phone;
      EXPECT_TRUE(phones.insert(*p.phone).second) << "duplicate phone";
      EXPECT_GE(age, 12);
    }
    // Tags agree with the age on the day the city describes.
    EXPECT_EQ(has_tag(p, "elderly"), age >= 65);
    EXPECT_EQ(has_tag(p, "child"), age < 14);
    if (has_tag(p, "pregnant")) {
      EXPECT_EQ(p.sex, Sex::kFemale);
      EXPECT_TRUE(age >= 20 && age <= 40) << age;
    }
    // The address is a unit of the person's grid, and its text names the room.
    ASSERT_TRUE(p.address_id);
    const Node& unit = nodes.at(*p.address_id);
    EXPECT_EQ(unit.kind, NodeKind::kUnit);
    EXPECT_TRUE(unit.path.starts_with(nodes.at(p.grid_id).path));
    EXPECT_EQ(nodes.at(p.grid_id).kind, NodeKind::kGrid);
    EXPECT_TRUE(p.address.ends_with("室")) << p.address;
    EXPECT_NE(p.address.find(unit.name), std::string::npos) << p.address << " / " << unit.name;
    const Node& building = nodes.at(*unit.parent_id);
    const Node& compound = nodes.at(*building.parent_id);
    EXPECT_TRUE(p.address.starts_with(compound.name + building.name + unit.name)) << p.address;
  }
  // Most adults have a mobile; children under 12 none.
  EXPECT_GT(adults_with_phone * 100, adults * 85);
  EXPECT_LT(with_phone, 2000);
}

TEST(DemoCity, SameSeedSameCityOtherSeedOtherCity) {
  TempDir dir;
  auto fingerprint = [&](const std::string& file, DemoOptions options) {
    auto rt = open_runtime(dir.file(file));
    EXPECT_TRUE(build_demo_city(*rt, options).ok());
    std::vector<std::string> out;
    auto persons = all_persons(*rt);
    for (size_t i = 0; i < 100 && i < persons.size(); ++i) {
      const Person& p = persons[i];
      std::string tags;
      for (const auto& t : p.tags) tags += t + ",";
      out.push_back(std::to_string(p.id) + "|" + p.name + "|" + *p.id_number + "|" +
                    p.phone.value_or("") + "|" + std::to_string(*p.address_id) + "|" + p.address +
                    "|" + tags);
    }
    for (const Node& n : all_nodes(*rt))
      out.push_back(std::to_string(n.id) + "|" + n.name + "|" + n.code.value_or("") + "|" + n.path);
    return out;
  };
  auto a = fingerprint("a.db", small_city(7));
  auto b = fingerprint("b.db", small_city(7));
  DemoOptions one_chunk = small_city(7);
  one_chunk.chunk_size = 5000;
  auto b1 = fingerprint("b1.db", one_chunk);
  auto c = fingerprint("c.db", small_city(8));
  ASSERT_GT(a.size(), 100u);
  EXPECT_EQ(a, b);
  EXPECT_EQ(a, b1);  // how the rows are chunked does not change the city
  EXPECT_NE(a, c);
  // Not merely shifted: most of the first 100 persons differ.
  int same = 0;
  for (size_t i = 0; i < 100; ++i) same += a[i] == c[i];
  EXPECT_LT(same, 10);
}

TEST(DemoCity, ReusesTheSameCityAndRefusesAnythingElse) {
  TempDir dir;
  std::string path = dir.file("demo.db");
  {
    auto rt = open_runtime(path);
    ASSERT_TRUE(build_demo_city(*rt, small_city()).ok());
  }
  auto rt = open_runtime(path);
  // The same options: nothing is generated.
  bool called = false;
  auto again = build_demo_city(*rt, small_city(), [&](int64_t, int64_t) { called = true; });
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_TRUE(again->reused);
  EXPECT_FALSE(called);
  EXPECT_EQ(again->residents, 2000);
  EXPECT_EQ(again->city_name, "示范市");
  EXPECT_EQ(all_persons(*rt).size(), 2000u);

  // Other options: refused, and nothing is added.
  for (DemoOptions other : {small_city(8),
                            [] {
                              auto o = small_city();
                              o.residents = 2001;
                              return o;
                            }(),
                            [] {
                              auto o = small_city();
                              o.grids = 6;
                              return o;
                            }()}) {
    auto refused = build_demo_city(*rt, other);
    ASSERT_FALSE(refused.ok());
    EXPECT_EQ(refused.status().kind(), Status::Kind::kConflict);
    EXPECT_EQ(refused.status().code(), "database_not_empty");
  }
  EXPECT_EQ(all_persons(*rt).size(), 2000u);
  rt->store().close();
  rt.reset();

  // Deleting the file (what --force does) lets another city in.
  ASSERT_TRUE(remove_database_files(path).ok());
  rt = open_runtime(path);
  auto rebuilt = build_demo_city(*rt, small_city(8));
  ASSERT_TRUE(rebuilt.ok()) << rebuilt.status().to_string();
  EXPECT_FALSE(rebuilt->reused);
}

TEST(DemoCity, CreatesOneAccountOfEachRole) {
  TempDir dir;
  auto rt = open_runtime(dir.file("demo.db"));
  ASSERT_TRUE(build_demo_city(*rt, small_city()).ok());
  auto accounts = create_demo_accounts(*rt);
  ASSERT_TRUE(accounts.ok()) << accounts.status().to_string();
  ASSERT_EQ(accounts->size(), cordon::all_roles().size());
  std::set<std::string> roles;
  for (const auto& a : *accounts) {
    roles.insert(a.role);
    auto login = rt->auth().login(a.username, a.password, "127.0.0.1");
    ASSERT_TRUE(login.ok()) << a.username << ": " << login.status().to_string();
    EXPECT_FALSE(login->user.must_change_password);
    EXPECT_EQ(login->user.role, a.role);
    // Everyone but the administrator is confined to a place of the demo tree.
    EXPECT_EQ(login->user.jurisdiction_id.has_value(), a.role != "administrator") << a.username;
  }
  EXPECT_EQ(roles.size(), cordon::all_roles().size());
  // A second run (a reused city) creates nothing.
  auto again = create_demo_accounts(*rt);
  ASSERT_TRUE(again.ok()) << again.status().to_string();
  EXPECT_TRUE(again->empty());
}

TEST(DemoCity, RefusesADatabaseWithOtherRecords) {
  TempDir dir;
  auto rt = open_runtime(dir.file("cordon.db"));
  service::NodeInput city;
  city.kind = "city";
  city.name = "牙克石市";
  auto node = rt->places().create(Actor::system(), city);
  ASSERT_TRUE(node.ok()) << node.status().to_string();
  auto refused = build_demo_city(*rt, small_city());
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "database_not_empty");
  EXPECT_EQ(all_nodes(*rt).size(), 1u);
}

TEST(DemoCity, RefusesAnInterruptedBuild) {
  TempDir dir;
  auto rt = open_runtime(dir.file("demo.db"));
  // What an interrupted build leaves: the city, marked with its options, short of persons.
  service::NodeInput city;
  city.kind = "city";
  city.name = "示范市";
  city.code = "demo1:7:2000:5:2020-01-23";
  ASSERT_TRUE(rt->places().create(Actor::system(), city).ok());
  auto refused = build_demo_city(*rt, small_city(7));
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "demo_city_incomplete");
}

TEST(DemoCity, RefusesImpossibleSizes) {
  TempDir dir;
  auto rt = open_runtime(dir.file("demo.db"));
  DemoOptions o = small_city();
  o.residents = 4;  // five grids cannot each hold a resident
  auto refused = build_demo_city(*rt, o);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.status().code(), "demo_options");
  o.residents = 0;
  o.grids = 0;
  EXPECT_FALSE(build_demo_city(*rt, o).ok());
  // Someone 95 on as_of must be born in 1900 or later; nobody is born after today.
  o = small_city();
  o.as_of = *LocalDate::from_ymd(1990, 1, 1);
  EXPECT_EQ(build_demo_city(*rt, o).status().code(), "demo_options");
  o.as_of = rt->context().today().plus_days(1);
  EXPECT_EQ(build_demo_city(*rt, o).status().code(), "demo_options");
  EXPECT_TRUE(all_nodes(*rt).empty());
}

TEST(DemoCity, DefaultGridCount) {
  DemoOptions o;
  EXPECT_EQ(o.grid_count(), 500);
  o.residents = 1000000;
  EXPECT_EQ(o.grid_count(), 2500);
  o.residents = 150;
  EXPECT_EQ(o.grid_count(), 1);
  o.grids = 3;
  EXPECT_EQ(o.grid_count(), 3);
  EXPECT_EQ(o.rows_per_chunk(), 5000);
  o.residents = 200000;
  EXPECT_EQ(o.rows_per_chunk(), 20000);
  o.residents = 1000000;
  EXPECT_EQ(o.rows_per_chunk(), 50000);
  o.chunk_size = 100;
  EXPECT_EQ(o.rows_per_chunk(), 100);
}

// The shape of a larger city: names, scripts, ages.
class DemoCityPopulation : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    dir_ = new TempDir;
    rt_ = open_runtime(dir_->file("demo.db")).release();
    DemoOptions o;
    o.residents = 20000;
    o.seed = 2020;
    auto s = build_demo_city(*rt_, o);
    ASSERT_TRUE(s.ok()) << s.status().to_string();
    persons_ = new std::vector<Person>(all_persons(*rt_));
  }
  static void TearDownTestSuite() {
    delete persons_;
    delete rt_;
    delete dir_;
  }
  static inline TempDir* dir_ = nullptr;
  static inline Runtime* rt_ = nullptr;
  static inline std::vector<Person>* persons_ = nullptr;
};

TEST_F(DemoCityPopulation, TraditionalNamesAreFoundByTheirSimplifiedForm) {
  std::vector<const Person*> traditional;
  for (const Person& p : *persons_)
    if (p.name != p.name_keys.simplified) traditional.push_back(&p);
  // About 5%.
  EXPECT_GT(traditional.size(), persons_->size() * 3 / 100);
  EXPECT_LT(traditional.size(), persons_->size() * 8 / 100);
  bool liu = false;
  for (const Person* p : traditional) liu = liu || p->name.starts_with("劉");
  EXPECT_TRUE(liu);
  for (size_t i = 0; i < traditional.size(); i += traditional.size() / 10) {
    const Person& p = *traditional[i];
    service::PersonListQuery q;
    q.q = p.name_keys.simplified;
    q.limit = "500";
    auto found = rt_->persons().list(Actor::system(), q);
    ASSERT_TRUE(found.ok());
    EXPECT_TRUE(std::any_of(found->items.begin(), found->items.end(),
                            [&](const Person& f) { return f.id == p.id; }))
        << p.name << " not found as " << p.name_keys.simplified;
  }
}

TEST_F(DemoCityPopulation, NamesLookChinese) {
  std::map<std::string, int> first_char;
  int dotted = 0, compound_surname = 0;
  for (const Person& p : *persons_) {
    const std::string& s = p.name_keys.simplified;
    first_char[s.substr(0, 3)]++;
    if (s.find("·") != std::string::npos) ++dotted;
    for (const char* c : {"欧阳", "司马", "诸葛", "上官", "司徒", "皇甫", "慕容"})
      if (s.starts_with(c)) ++compound_surname;
    EXPECT_GE(s.size(), 6u) << p.name;  // at least two characters
  }
  // 王, 李 and 张 lead, each around 7%.
  for (const char* surname : {"王", "李", "张"}) {
    EXPECT_GT(first_char[surname], 20000 * 5 / 100) << surname;
    EXPECT_LT(first_char[surname], 20000 * 11 / 100) << surname;
  }
  EXPECT_GT(first_char["刘"], first_char["周"]);
  EXPECT_GT(dotted, 10);
  EXPECT_GE(compound_surname, 1);
}

TEST_F(DemoCityPopulation, AgesFollowAPyramid) {
  DemoOptions o;
  int children = 0, elderly = 0, over_80 = 0, pregnant = 0, local = 0;
  for (const Person& p : *persons_) {
    int age = p.birth_date->years_until(o.as_of);
    children += age < 14;
    elderly += age >= 65;
    over_80 += age >= 80;
    pregnant += has_tag(p, "pregnant");
    local += p.id_number->starts_with("150782");
  }
  int n = static_cast<int>(persons_->size());
  EXPECT_GT(children * 100, n * 10);
  EXPECT_LT(children * 100, n * 25);
  EXPECT_GT(elderly * 100, n * 9);
  EXPECT_LT(elderly * 100, n * 22);
  EXPECT_GT(over_80, 0);
  EXPECT_LT(over_80 * 100, elderly * 40);
  EXPECT_GT(pregnant, 0);
  EXPECT_LT(pregnant * 100, n * 2);
  // Most were registered in 牙克石, many elsewhere.
  EXPECT_GT(local * 100, n * 45);
  EXPECT_LT(local * 100, n * 85);
}

}  // namespace
}  // namespace cordon::cli
