#include "cli/demo_outbreak.h"

#include <gtest/gtest.h>

#include <string>
#include <vector>

#include "cli/demo_city.h"
#include "store/test_util.h"

namespace cordon::cli {
namespace {

using store::testing::TempDir;

std::unique_ptr<Runtime> open_runtime(const std::string& path) {
  RuntimeOptions o;
  o.db = path;
  o.read_connections = 2;
  auto rt = Runtime::open(o);
  EXPECT_TRUE(rt.ok()) << rt.status().to_string();
  return std::move(*rt);
}

std::unique_ptr<Runtime> city(const std::string& path, int64_t residents = 4000) {
  auto rt = open_runtime(path);
  DemoOptions o;
  o.residents = residents;
  o.seed = 11;
  auto built = build_demo_city(*rt, o);
  EXPECT_TRUE(built.ok()) << built.status().to_string();
  return rt;
}

OutbreakOptions options(Runtime& rt) {
  OutbreakOptions o;
  o.seed = 5;
  o.today = rt.context().today();
  o.rows_per_unit = 3000;  // several write units
  return o;
}

int64_t count(Runtime& rt, const std::string& sql) {
  int64_t n = -1;
  Status s = rt.store().read([&](store::SqlConnection& conn) {
    return conn.query(sql, {}, [&](const store::SqlRow& r) { n = r.int64(0); });
  });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return n;
}

std::string fingerprint(Runtime& rt) {
  std::string out;
  Status s = rt.store().read([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(conn.query(
        "SELECT person_id, kind, status, anchor_date, end_date FROM quarantine_orders ORDER BY id",
        {}, [&](const store::SqlRow& r) {
          out += std::to_string(r.int64(0)) + r.text(1) + r.text(2) + r.text(3) + r.text(4) + ";";
        }));
    return conn.query("SELECT person_id, classification, report_date FROM cases ORDER BY id", {},
                      [&](const store::SqlRow& r) {
                        out += std::to_string(r.int64(0)) + r.text(1) + r.text(2) + ";";
                      });
  });
  EXPECT_TRUE(s.ok()) << s.to_string();
  return out;
}

TEST(DemoOutbreakTest, SameSeedGivesTheSameOutbreak) {
  TempDir dir;
  auto a = city(dir.file("a.db"));
  auto b = city(dir.file("b.db"));
  auto sa = build_demo_outbreak(*a, options(*a));
  auto sb = build_demo_outbreak(*b, options(*b));
  ASSERT_TRUE(sa.ok()) << sa.status().to_string();
  ASSERT_TRUE(sb.ok()) << sb.status().to_string();
  EXPECT_EQ(sa->cases, sb->cases);
  EXPECT_EQ(sa->exposures, sb->exposures);
  EXPECT_EQ(sa->orders, sb->orders);
  EXPECT_EQ(sa->health_checks, sb->health_checks);
  EXPECT_EQ(fingerprint(*a), fingerprint(*b));

  auto c = city(dir.file("c.db"));
  OutbreakOptions other = options(*c);
  other.seed = 6;
  ASSERT_TRUE(build_demo_outbreak(*c, other).ok());
  EXPECT_NE(fingerprint(*a), fingerprint(*c));
}

TEST(DemoOutbreakTest, ScaledToTheResidents) {
  TempDir dir;
  auto rt = city(dir.file("c.db"));
  auto s = build_demo_outbreak(*rt, options(*rt));
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  EXPECT_EQ(s->cases, 200);  // 5% of 4,000
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM cases"), s->cases);
  EXPECT_GT(s->exposures, 4000 * 7 / 10);
  EXPECT_LT(s->exposures, 4000 * 13 / 10);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM exposures"), s->exposures);
  EXPECT_GT(s->active_orders, 4000 * 5 / 100);
  EXPECT_LT(s->orders, 4000 * 20 / 100);
  EXPECT_GT(s->released_orders, 0);
  EXPECT_GT(s->escalated_orders, 0);
  EXPECT_GT(s->centralized_orders, 0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders WHERE status = 'active'"),
            s->active_orders);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM health_checks"), s->health_checks);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM alerts WHERE kind = 'fever'"), s->fever_alerts);
  EXPECT_GE(count(*rt, "SELECT COUNT(*) FROM audit_log WHERE action = 'demo.outbreak'"), 5);
}

TEST(DemoOutbreakTest, Invariants) {
  TempDir dir;
  auto rt = city(dir.file("c.db"));
  OutbreakOptions o = options(*rt);
  ASSERT_TRUE(build_demo_outbreak(*rt, o).ok());
  std::string today = o.today.to_string();
  // No room or site over capacity, and the counters match the open stays.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM rooms WHERE occupied > beds"), 0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM sites WHERE occupied > capacity"), 0);
  EXPECT_EQ(count(*rt, "SELECT SUM(occupied) FROM sites"),
            count(*rt, "SELECT COUNT(*) FROM site_stays WHERE checked_out_at IS NULL"));
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM site_stays s JOIN quarantine_orders q ON "
                       "q.id = s.order_id WHERE q.kind <> 'centralized' OR q.site_id <> s.site_id"),
            0);
  // Every order's person exists, in the grid the order names; one order per person.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders q LEFT JOIN persons p ON "
                       "p.id = q.person_id WHERE p.id IS NULL OR p.grid_id <> q.grid_id"),
            0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) - COUNT(DISTINCT person_id) FROM quarantine_orders"), 0);
  // Dates: anchor < start <= end; active orders still running today; released ones over.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders WHERE NOT (anchor_date < "
                       "start_date AND start_date <= end_date)"),
            0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders WHERE status = 'active' AND "
                       "(end_date < '" + today + "' OR start_date > '" + today + "')"),
            0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders WHERE status = 'released' AND "
                       "(released_on IS NULL OR end_date >= '" + today + "')"),
            0);
  // Cases: onsets in the last 60 days, reported after onset and not after today.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM cases WHERE report_date > '" + today +
                           "' OR onset_date > report_date OR onset_date < '" +
                           o.today.plus_days(-61).to_string() + "'"),
            0);
  // An exposure to a case is dated before the exposed person's own onset.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM exposures e JOIN cases c ON c.person_id = "
                       "e.person_id WHERE c.onset_date IS NOT NULL AND e.last_date >= c.onset_date"),
            0);
  // Escalated orders belong to persons who became cases.
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM quarantine_orders q LEFT JOIN cases c ON "
                       "c.person_id = q.person_id WHERE q.status = 'escalated' AND c.id IS NULL"),
            0);
  EXPECT_EQ(count(*rt, "SELECT COUNT(*) FROM health_checks WHERE taken_on > '" + today + "'"), 0);
}

// The dashboard over the outbreak agrees with plain counts of the tables.
TEST(DemoOutbreakTest, DashboardAgreesWithTheTables) {
  TempDir dir;
  auto rt = city(dir.file("c.db"));
  OutbreakOptions o = options(*rt);
  auto s = build_demo_outbreak(*rt, o);
  ASSERT_TRUE(s.ok()) << s.status().to_string();
  auto d = rt->dashboard().get(service::Actor::system(), std::nullopt);
  ASSERT_TRUE(d.ok()) << d.status().to_string();
  std::string today = o.today.to_string();
  EXPECT_EQ(d->under_quarantine_total, s->active_orders);
  EXPECT_EQ(d->site_occupied, s->checked_in);
  EXPECT_EQ(d->site_capacity, s->beds);
  EXPECT_EQ(d->open_alerts_total, s->fever_alerts);
  EXPECT_EQ(d->fevers_today,
            count(*rt, "SELECT COUNT(DISTINCT order_id) FROM health_checks WHERE taken_on = '" +
                           today + "' AND temperature >= 37.3"));
  EXPECT_EQ(d->releases_due_tomorrow,
            count(*rt, "SELECT COUNT(*) FROM quarantine_orders WHERE status = 'active' AND "
                       "end_date = '" + o.today.plus_days(1).to_string() + "'"));
  int64_t classified = 0;
  for (const auto& c : d->cases_by_classification) classified += c.count;
  EXPECT_EQ(classified, s->cases);
  int64_t curve = 0;
  for (const auto& day : d->epi_curve) curve += day.total();
  EXPECT_EQ(curve, count(*rt, "SELECT COUNT(*) FROM cases WHERE onset_date >= '" +
                                  o.today.plus_days(-59).to_string() + "'"));
  ASSERT_EQ(d->census.size(), 30u);
  EXPECT_EQ(d->census.back().active, s->active_orders);
  EXPECT_EQ(d->open_reports, count(*rt, "SELECT COUNT(*) FROM reports WHERE due_at IS NOT NULL"));
}

TEST(DemoOutbreakTest, RefusesADatabaseWithAnOutbreakOrNoResident) {
  TempDir dir;
  auto rt = city(dir.file("c.db"), 500);
  ASSERT_TRUE(build_demo_outbreak(*rt, options(*rt)).ok());
  auto again = build_demo_outbreak(*rt, options(*rt));
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), "outbreak_exists");

  auto empty = open_runtime(dir.file("empty.db"));
  auto none = build_demo_outbreak(*empty, options(*empty));
  ASSERT_FALSE(none.ok());
  EXPECT_EQ(none.status().code(), "demo_options");
}

}  // namespace
}  // namespace cordon::cli
