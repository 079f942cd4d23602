#include "cli/demo_outbreak.h"

#include <algorithm>
#include <random>
#include <string>
#include <tuple>
#include <unordered_set>
#include <utility>
#include <vector>

#include "core/case.h"
#include "core/health_check.h"
#include "core/quarantine.h"
#include "core/site.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/cases.h"
#include "store/followups.h"
#include "store/persons.h"
#include "store/quarantine_orders.h"
#include "store/quarantine_records.h"
#include "store/sites.h"

namespace cordon::cli {

namespace {

constexpr int kOnsetDays = 60;      // cases fall ill over the last 60 days
constexpr int kOrderedDays = 21;    // exposures this recent carry quarantine orders
constexpr int kRecentCasePercent = 12;  // share of cases with onset in the last 14 days

// Integer draws from mt19937_64 (never std::*_distribution, whose output differs between
// standard libraries).
class Rng {
 public:
  explicit Rng(uint64_t seed) : gen_(seed ^ 0x6f7574627265616bULL) {}
  int64_t below(int64_t n) { return n <= 1 ? 0 : static_cast<int64_t>(gen_() % uint64_t(n)); }
  int64_t between(int64_t lo, int64_t hi) { return lo + below(hi - lo + 1); }
  bool percent(int p) { return below(100) < p; }
  bool per_mille(int p) { return below(1000) < p; }

 private:
  std::mt19937_64 gen_;
};

struct Resident {
  int64_t id = 0;
  int64_t grid_id = 0;
  int64_t unit_id = 0;
};

struct PlannedCase {
  size_t person = 0;  // index into residents
  CaseClassification classification = CaseClassification::kConfirmed;
  LocalDate anchor;  // onset, or sampling for the asymptomatic
};

struct PlannedExposure {
  size_t person = 0;
  size_t source = 0;
  ExposureSetting setting = ExposureSetting::kOther;
  LocalDate date;
};

struct PlannedOrder {
  size_t person = 0;
  OrderKind kind = OrderKind::kHome;
  OrderReason reason = OrderReason::kCloseContact;
  LocalDate anchor;
  bool escalated = false;
};

Result<std::vector<Resident>> load_residents(Runtime& rt) {
  std::vector<Resident> residents;
  CORDON_RETURN_IF_ERROR(rt.store().read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(int64_t busy, store::count_cases_and_orders(conn));
    if (busy > 0)
      return Status::conflict("outbreak_exists", "the database already holds cases or orders");
    return store::scan_resident_homes(conn, [&](int64_t id, int64_t grid, int64_t address) {
      residents.push_back({id, grid, address});
    });
  }));
  if (residents.empty()) return Status::invalid("demo_options", "the database has no resident");
  return residents;
}

// Runs `rows` through `insert` in write units of `per_unit`, each audited once.
template <typename Insert>
Status insert_in_units(Runtime& rt, size_t rows, int per_unit, const std::string& record_type,
                       Insert insert) {
  for (size_t start = 0; start < rows; start += static_cast<size_t>(per_unit)) {
    size_t end = std::min(rows, start + static_cast<size_t>(per_unit));
    CORDON_RETURN_IF_ERROR(rt.store().write([&](store::SqlConnection& conn) -> Status {
      for (size_t i = start; i < end; ++i) CORDON_RETURN_IF_ERROR(insert(conn, i));
      return store::append_audit(
          conn, service::audit_entry(rt.context(), service::Actor::system(), "demo.outbreak",
                                     record_type, 0,
                                     std::to_string(end - start) + " " + record_type + " rows"));
    }));
  }
  return Status();
}

class Planner {
 public:
  Planner(std::vector<Resident> residents, const OutbreakOptions& o)
      : r_(std::move(residents)), o_(o), rng_(o.seed), is_case_(r_.size(), false),
        ordered_(r_.size(), false) {}

  void plan() {
    plan_households();
    plan_cases();
    plan_contacts();
  }

  std::vector<Resident> r_;
  OutbreakOptions o_;
  Rng rng_;
  std::vector<std::pair<size_t, size_t>> households_;  // [begin, end) of residents
  std::vector<size_t> household_of_;
  std::vector<bool> is_case_;
  std::vector<bool> ordered_;
  std::vector<PlannedCase> cases_;
  std::vector<PlannedExposure> exposures_;
  std::vector<PlannedOrder> orders_;

 private:
  // Households were stored one after the other, each in its unit.
  void plan_households() {
    household_of_.resize(r_.size());
    for (size_t i = 0; i < r_.size();) {
      size_t j = i + 1;
      while (j < r_.size() && j - i < 6 && r_[j].unit_id == r_[i].unit_id) ++j;
      for (size_t k = i; k < j; ++k) household_of_[k] = households_.size();
      households_.push_back({i, j});
      i = j;
    }
  }

  int draw_days_ago() {
    if (rng_.percent(kRecentCasePercent)) return static_cast<int>(rng_.between(1, 14));
    // A hump over 15..59 days ago: the peak of the wave, weeks before today.
    return static_cast<int>(15 + rng_.between(0, 22) + rng_.between(0, 22));
  }

  void plan_cases() {
    size_t n = std::max<size_t>(1, r_.size() / 20);
    while (cases_.size() < n) {
      size_t p = static_cast<size_t>(rng_.below(static_cast<int64_t>(r_.size())));
      if (is_case_[p]) continue;
      is_case_[p] = true;
      PlannedCase c;
      c.person = p;
      int kind = static_cast<int>(rng_.below(10));
      c.classification = kind < 7   ? CaseClassification::kConfirmed
                         : kind < 9 ? CaseClassification::kAsymptomatic
                                    : CaseClassification::kSuspected;
      c.anchor = o_.today.plus_days(-draw_days_ago());
      cases_.push_back(c);
    }
    std::stable_sort(cases_.begin(), cases_.end(),
                     [](const PlannedCase& a, const PlannedCase& b) { return a.anchor < b.anchor; });
  }

  void add_order(size_t person, LocalDate exposed, bool escalated) {
    if (ordered_[person] || exposed < o_.today.plus_days(-kOrderedDays)) return;
    if (is_case_[person] && !escalated) return;
    ordered_[person] = true;
    orders_.push_back({person, OrderKind::kHome, OrderReason::kCloseContact, exposed, escalated});
  }

  void add_exposure(size_t person, size_t source, ExposureSetting setting, LocalDate date) {
    exposures_.push_back({person, source, setting, date});
    add_order(person, date, false);
  }

  void plan_contacts() {
    // Chains: most cases caught it from an earlier case of the last few hundred.
    for (size_t k = 1; k < cases_.size(); ++k) {
      if (!rng_.percent(60)) continue;
      size_t j = k - 1 - static_cast<size_t>(rng_.below(static_cast<int64_t>(std::min<size_t>(k, 300))));
      if (!(cases_[j].anchor < cases_[k].anchor)) continue;
      ExposureSetting s = rng_.percent(50) ? ExposureSetting::kSharedMeal : ExposureSetting::kWorkplace;
      exposures_.push_back({cases_[k].person, cases_[j].person, s, cases_[j].anchor});
      add_order(cases_[k].person, cases_[j].anchor, true);
    }
    // Contacts of each case: the household, then meals and the workplace among neighbours.
    const int64_t n = static_cast<int64_t>(r_.size());
    const int64_t extra_mean = std::max<int64_t>(0, n / static_cast<int64_t>(cases_.size()) - 3);
    std::unordered_set<size_t> seen;
    for (const PlannedCase& c : cases_) {
      LocalDate day = c.anchor.plus_days(-1);
      seen.clear();
      auto [begin, end] = households_[household_of_[c.person]];
      for (size_t m = begin; m < end; ++m) {
        if (m == c.person || is_case_[m]) continue;
        seen.insert(m);
        add_exposure(m, c.person, ExposureSetting::kHousehold, day);
      }
      int64_t extra = rng_.between(0, 2 * extra_mean);
      for (int64_t e = 0; e < extra; ++e) {
        int64_t at = static_cast<int64_t>(c.person) + rng_.between(-3000, 3000);
        if (at < 0 || at >= n) continue;
        size_t m = static_cast<size_t>(at);
        if (m == c.person || is_case_[m] || !seen.insert(m).second) continue;
        add_exposure(m, c.person,
                     rng_.percent(30) ? ExposureSetting::kSharedMeal : ExposureSetting::kWorkplace,
                     day.plus_days(-static_cast<int32_t>(rng_.below(2))));
      }
    }
  }
};

const char* place_of(ExposureSetting s) {
  switch (s) {
    case ExposureSetting::kHousehold: return "家中";
    case ExposureSetting::kSharedMeal: return "示范饭店";
    case ExposureSetting::kWorkplace: return "工作单位";
    default: return "";
  }
}

}  // namespace

Result<OutbreakSummary> build_demo_outbreak(Runtime& rt, const OutbreakOptions& o) {
  CORDON_ASSIGN_OR_RETURN(std::vector<Resident> residents, load_residents(rt));
  Planner plan(std::move(residents), o);
  plan.plan();
  auto phase_done = [&](std::string_view phase, size_t rows) {
    if (o.on_phase) o.on_phase(phase, static_cast<int64_t>(rows));
  };
  phase_done("plan", 0);
  const auto& r = plan.r_;
  Rng& rng = plan.rng_;
  const Instant now = rt.context().clock.now();
  const TimeZone& zone = rt.context().zone;
  const LocalDate today = o.today;
  OutbreakSummary summary;

  // The policy the orders follow is the one in force.
  CORDON_RETURN_IF_ERROR(rt.store().write([&](store::SqlConnection& conn) -> Status {
    return store::set_policy_in_force(
        conn, store::PolicyInForce{kOutbreakPolicyCode, kOutbreakPolicyVersion, now, 0});
  }));

  // Designated hotels: a few per 100,000 residents, about 80% taken by arrivals from
  // high-risk areas.
  const int64_t site_count = std::clamp<int64_t>(static_cast<int64_t>(r.size()) / 50000, 1, 30);
  const int rooms_per_site = static_cast<int>(std::clamp<int64_t>(static_cast<int64_t>(r.size()) / 300, 10, 150));
  struct PlannedRoom { int64_t site = 0; int64_t room = 0; };
  std::vector<PlannedRoom> free_rooms;
  std::vector<int64_t> site_grid;
  CORDON_RETURN_IF_ERROR(rt.store().write([&](store::SqlConnection& conn) -> Status {
    for (int64_t s = 0; s < site_count; ++s) {
      Site site;
      site.name = "示范隔离酒店" + std::to_string(s + 1) + "号";
      site.address = "示范市隔离点" + std::to_string(s + 1);
      site.kind = SiteKind::kHotel;
      site.node_id = r[static_cast<size_t>(rng.below(static_cast<int64_t>(r.size())))].grid_id;
      site.capacity = rooms_per_site;
      site.created_at = site.updated_at = now;
      CORDON_ASSIGN_OR_RETURN(Site stored, store::insert_site(conn, site));
      for (int k = 0; k < rooms_per_site; ++k) {
        Room room;
        room.site_id = stored.id;
        room.floor = 2 + k / 20;
        room.number = std::to_string(room.floor) + (k % 20 + 1 < 10 ? "0" : "") + std::to_string(k % 20 + 1);
        room.beds = 1;
        room.created_at = room.updated_at = now;
        CORDON_ASSIGN_OR_RETURN(Room stored_room, store::insert_room(conn, room));
        if (k * 10 < rooms_per_site * 8) free_rooms.push_back({stored.id, stored_room.id});
      }
    }
    summary.sites = site_count;
    summary.rooms = summary.beds = site_count * rooms_per_site;
    return store::append_audit(conn, service::audit_entry(rt.context(), service::Actor::system(),
                                                          "demo.outbreak", "site", 0,
                                                          std::to_string(site_count) + " hotels"));
  }));
  phase_done("hotels", static_cast<size_t>(summary.rooms));
  // Arrivals for the hotels: residents with no order and not ill, arrived in the last 13
  // days (so still in quarantine).
  for (size_t filled = 0, guard = 0; filled < free_rooms.size() && guard < r.size() * 2; ++guard) {
    size_t p = static_cast<size_t>(rng.below(static_cast<int64_t>(r.size())));
    if (plan.ordered_[p] || plan.is_case_[p]) continue;
    plan.ordered_[p] = true;
    plan.orders_.push_back({p, OrderKind::kCentralized, OrderReason::kArrival,
                            today.plus_days(-static_cast<int32_t>(rng.between(0, 12))), false});
    ++filled;
  }

  // Cases.
  std::vector<int64_t> case_ids(plan.cases_.size());
  CORDON_RETURN_IF_ERROR(insert_in_units(
      rt, plan.cases_.size(), o.rows_per_unit, "case", [&](store::SqlConnection& conn, size_t i) -> Status {
        const PlannedCase& p = plan.cases_[i];
        Case c;
        c.person_id = r[p.person].id;
        c.classification = p.classification;
        if (p.classification != CaseClassification::kAsymptomatic) c.onset_date = p.anchor;
        c.sampling_date = std::min(today, p.anchor.plus_days(1));
        c.report_date = std::min(today, p.anchor.plus_days(2));
        if (p.classification != CaseClassification::kSuspected && p.anchor.plus_days(28) < today) {
          c.outcome = CaseOutcome::kRecovered;
          c.outcome_date = p.anchor.plus_days(28);
        }
        c.created_at = c.updated_at = now;
        CORDON_ASSIGN_OR_RETURN(Case stored, store::insert_case(conn, c));
        case_ids[i] = stored.id;
        return Status();
      }));
  summary.cases = static_cast<int64_t>(plan.cases_.size());
  phase_done("cases", plan.cases_.size());

  // In the order of the (person, source, setting) index, so that its pages fill one after
  // the other instead of splitting all over a million-row index.
  std::sort(plan.exposures_.begin(), plan.exposures_.end(),
            [](const PlannedExposure& a, const PlannedExposure& b) {
              return std::tie(a.person, a.source, a.setting) < std::tie(b.person, b.source, b.setting);
            });

  CORDON_RETURN_IF_ERROR(insert_in_units(
      rt, plan.exposures_.size(), o.rows_per_unit, "exposure",
      [&](store::SqlConnection& conn, size_t i) -> Status {
        const PlannedExposure& p = plan.exposures_[i];
        Exposure e;
        e.person_id = r[p.person].id;
        e.source_person_id = r[p.source].id;
        e.setting = p.setting;
        e.first_date = e.last_date = p.date;
        e.place = place_of(p.setting);
        e.category = ContactCategory::kClose;
        e.created_at = now;
        return store::append_exposure(conn, e);
      }));
  summary.exposures = static_cast<int64_t>(plan.exposures_.size());
  phase_done("exposures", plan.exposures_.size());

  // Orders, the hotel stays of the centralized ones.
  std::vector<QuarantineOrder> active;
  size_t next_room = 0;
  CORDON_RETURN_IF_ERROR(insert_in_units(
      rt, plan.orders_.size(), o.rows_per_unit, "quarantine_order",
      [&](store::SqlConnection& conn, size_t i) -> Status {
        const PlannedOrder& p = plan.orders_[i];
        QuarantineOrder q;
        q.person_id = r[p.person].id;
        q.grid_id = r[p.person].grid_id;
        q.kind = p.kind;
        q.reason = p.reason;
        q.anchor_date = p.anchor;
        q.start_date = p.anchor.plus_days(1);
        q.end_date = p.anchor.plus_days(kOutbreakQuarantineDays);
        q.policy_code = kOutbreakPolicyCode;
        q.policy_version = kOutbreakPolicyVersion;
        q.status = p.escalated             ? OrderStatus::kEscalated
                   : q.end_date < today    ? OrderStatus::kReleased
                   : q.start_date > today  ? OrderStatus::kOrdered
                                           : OrderStatus::kActive;
        if (q.status == OrderStatus::kReleased) q.released_on = q.end_date.plus_days(1);
        PlannedRoom room;
        if (p.kind == OrderKind::kCentralized) {
          room = free_rooms[next_room++];
          q.site_id = room.site;
        }
        q.created_at = q.updated_at = now;
        CORDON_ASSIGN_OR_RETURN(QuarantineOrder stored, store::insert_order(conn, q));
        if (p.kind == OrderKind::kCentralized) {
          CORDON_RETURN_IF_ERROR(store::occupy_bed(conn, room.site, room.room));
          store::Stay stay;
          stay.order_id = stored.id;
          stay.person_id = stored.person_id;
          stay.site_id = room.site;
          stay.room_id = room.room;
          stay.checked_in_on = std::min(today, stored.start_date);
          stay.checked_in_at = zone.start_of_day(stay.checked_in_on).plus_seconds(10 * 3600);
          if (now < stay.checked_in_at) stay.checked_in_at = now;
          CORDON_RETURN_IF_ERROR(store::insert_stay(conn, stay).status());
          ++summary.checked_in;
          ++summary.centralized_orders;
        }
        switch (stored.status) {
          case OrderStatus::kActive: ++summary.active_orders; active.push_back(stored); break;
          case OrderStatus::kReleased: ++summary.released_orders; break;
          case OrderStatus::kEscalated: ++summary.escalated_orders; break;
          default: break;
        }
        return Status();
      }));
  summary.orders = static_cast<int64_t>(plan.orders_.size());
  phase_done("quarantine orders", plan.orders_.size());

  // Health checks of the active orders: yesterday morning and evening, this morning.
  struct PlannedCheck { size_t order = 0; LocalDate day; int slot = 0; };
  std::vector<PlannedCheck> checks;
  for (size_t i = 0; i < active.size(); ++i) {
    for (int back = 1; back >= 0; --back) {
      LocalDate day = today.plus_days(-back);
      if (day < active[i].start_date) continue;
      for (int slot = 0; slot < (back ? 2 : 1); ++slot) checks.push_back({i, day, slot});
    }
  }
  CORDON_RETURN_IF_ERROR(insert_in_units(
      rt, checks.size(), o.rows_per_unit, "health_check",
      [&](store::SqlConnection& conn, size_t i) -> Status {
        const PlannedCheck& p = checks[i];
        const QuarantineOrder& q = active[p.order];
        HealthCheck h;
        h.order_id = q.id;
        h.person_id = q.person_id;
        bool fever = rng.per_mille(4);
        h.temperature = fever ? 37.3 + static_cast<double>(rng.between(1, 12)) / 10
                              : 36.0 + static_cast<double>(rng.between(0, 11)) / 10;
        if (fever && rng.percent(50)) h.symptoms = {"cough"};
        h.method = q.kind == OrderKind::kCentralized ? CheckMethod::kVisit : CheckMethod::kSelfReport;
        h.taken_on = p.day;
        h.slot = p.slot;
        h.taken_at = zone.start_of_day(p.day).plus_seconds((p.slot == 0 ? 8 : 18) * 3600);
        if (now < h.taken_at) return Status();  // not yet this morning
        h.recorded_by_name = "system";
        h.created_at = h.taken_at;
        CORDON_ASSIGN_OR_RETURN(HealthCheck stored, store::insert_health_check(conn, h));
        ++summary.health_checks;
        if (!fever) return Status();
        store::Alert a;
        a.kind = "fever";
        a.order_id = q.id;
        a.person_id = q.person_id;
        a.grid_id = q.grid_id;
        a.site_id = q.site_id;
        a.health_check_id = stored.id;
        a.detail = "体温" + std::to_string(h.temperature).substr(0, 4) + "°C";
        a.status = "open";
        a.raised_at = h.taken_at;
        CORDON_RETURN_IF_ERROR(store::insert_alert(conn, a, std::nullopt).status());
        ++summary.fever_alerts;
        return Status();
      }));
  phase_done("health checks", checks.size());
  return summary;
}

}  // namespace cordon::cli
