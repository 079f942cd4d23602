#include "service/followups.h"

#include <algorithm>
#include <climits>
#include <map>
#include <set>

#include "core/quarantine.h"
#include "service/audit.h"
#include "service/idempotent.h"
#include "service/policies.h"
#include "service/sites.h"
#include "store/audit.h"
#include "store/nodes.h"
#include "store/quarantine_orders.h"
#include "store/sites.h"

namespace cordon::service {

namespace {

Status order_not_found() {
  return Status::invalid_field("order_id", "order_not_found", "no such order");
}

bool node_visible(store::SqlConnection& conn, const Actor& actor, int64_t node_id) {
  if (!actor.jurisdiction_path) return true;
  auto node = store::find_node(conn, node_id);
  return node.ok() && *node && actor.can_see_path((*node)->path);
}

// An order and the site of its open stay, when the actor sees the order's grid or that
// site; not found otherwise.
struct FollowedOrder {
  QuarantineOrder order;
  std::optional<int64_t> site_id;
};

Result<FollowedOrder> load_followed_order(store::SqlConnection& conn, const Actor& actor,
                                          int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto order, store::find_order(conn, id));
  if (!order) return order_not_found();
  FollowedOrder out{std::move(*order), std::nullopt};
  CORDON_ASSIGN_OR_RETURN(auto stay, store::find_open_stay_of_order(conn, id));
  if (stay) out.site_id = stay->site_id;
  if (node_visible(conn, actor, out.order.grid_id)) return out;
  if (out.site_id && load_visible_site(conn, actor, *out.site_id).ok()) return out;
  return order_not_found();
}

std::string check_detail(const HealthCheck& c) {
  char t[16];
  std::snprintf(t, sizeof t, "%.1f", c.temperature);
  std::string out = std::string(t) + " °C";
  for (const auto& s : c.symptoms) out += ", " + s;
  if (!c.symptom_note.empty()) out += ", " + c.symptom_note;
  return out;
}

int local_seconds_of_day(const TimeZone& zone, Instant t) {
  int64_t local = t.seconds() + zone.offset_seconds(t);
  return static_cast<int>(((local % 86400) + 86400) % 86400);
}

}  // namespace

RulesLookup rules_from(const PolicyCatalog& catalog) {
  return [&catalog](const std::string& code, int version) {
    FollowUpRules rules;
    if (const Policy* p = catalog.find(code, version)) {
      rules.fever_threshold = p->fever_threshold_celsius;
      rules.checks_per_day = std::clamp(p->followups_per_day, 1, 4);
    }
    return rules;
  };
}

Result<RecordedCheck> FollowUpService::record(const Actor& actor, const HealthCheckInput& input,
                                              const std::optional<std::string>& idempotency_key) {
  Instant now = ctx_.clock.now();
  CORDON_ASSIGN_OR_RETURN(HealthCheck check, validate_health_check(input, now));
  check.recorded_by = actor.user_id;
  check.recorded_by_name = actor.name;
  check.created_at = now;
  check.taken_on = ctx_.zone.local_date(check.taken_at);
  RecordedCheck out;
  std::optional<Task> referral;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    return idempotent_create(
        conn, idempotency_key, "health_check", now,
        [&](int64_t id) -> Status {
          CORDON_ASSIGN_OR_RETURN(auto followed, load_followed_order(conn, actor, check.order_id));
          CORDON_ASSIGN_OR_RETURN(auto all, store::list_health_checks(conn, check.order_id,
                                                                      id + 1, 1));
          if (all.empty() || all.front().id != id)
            return Status::conflict("idempotency_key_reused",
                                    "this Idempotency-Key was already used for another request");
          out.check = std::move(all.front());
          return Status();
        },
        [&]() -> Result<int64_t> {
          CORDON_ASSIGN_OR_RETURN(auto followed, load_followed_order(conn, actor, check.order_id));
          const QuarantineOrder& order = followed.order;
          if (is_final(order.status))
            return Status::conflict("order_closed", std::string("the order is ") +
                                                        order_status_name(order.status));
          FollowUpRules rules = rules_for(order.policy_code, order.policy_version);
          check.person_id = order.person_id;
          check.slot = slot_of(local_seconds_of_day(ctx_.zone, check.taken_at),
                               rules.checks_per_day);
          CORDON_ASSIGN_OR_RETURN(out.check, store::insert_health_check(conn, check));
          CORDON_RETURN_IF_ERROR(store::append_audit(
              conn, audit_entry(ctx_, actor, "health_check.create", "quarantine_order", order.id,
                                "check " + std::to_string(out.check.id))));
          bool fever = is_fever(out.check.temperature, rules);
          bool symptom = !out.check.symptoms.empty() || !out.check.symptom_note.empty();
          if (fever || symptom) {
            Alert a;
            a.kind = fever ? "fever" : "symptom";
            a.order_id = order.id;
            a.person_id = order.person_id;
            a.grid_id = order.grid_id;
            a.site_id = followed.site_id;
            a.health_check_id = out.check.id;
            a.detail = check_detail(out.check);
            a.raised_at = now;
            CORDON_ASSIGN_OR_RETURN(out.alert, store::insert_alert(conn, a, std::nullopt));
            if (fever && referrals_ != nullptr) {
              // The referral is the system's, not the recorder's: site staff may record a
              // fever of a person whose grid they cannot dispatch work to.
              TaskSpec spec;
              spec.kind = TaskKind::kReferral;
              spec.source = TaskSource::kAlert;
              spec.source_id = out.alert->id;
              spec.subject_person_id = order.person_id;
              spec.unit_id = order.grid_id;
              spec.due_at = Instant::from_micros(now.micros() + int64_t{3600} * 1000000);
              spec.detail = a.detail;
              CORDON_ASSIGN_OR_RETURN(Task task,
                                      referrals_->insert_in(conn, Actor::system(), spec));
              CORDON_RETURN_IF_ERROR(store::link_alert_task(conn, out.alert->id, task.id));
              out.alert->task_id = task.id;
              referral = std::move(task);
            }
          }
          return out.check.id;
        });
  }));
  if (referral) referrals_->announce(*referral);
  return out;
}

Result<std::vector<HealthCheck>> FollowUpService::checks(const Actor& actor, int64_t order_id,
                                                         int64_t before_id, int limit) {
  std::vector<HealthCheck> out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    auto followed = load_followed_order(conn, actor, order_id);
    if (!followed.ok())
      return Status::not_found("order_not_found", "no such order");
    CORDON_ASSIGN_OR_RETURN(out, store::list_health_checks(conn, order_id, before_id, limit));
    return Status();
  }));
  record_read(ctx_, audit_entry(ctx_, actor, "health_check.list", "quarantine_order", order_id));
  return out;
}

Result<DueList> FollowUpService::due(const Actor& actor, std::optional<int64_t> grid_id,
                                     std::optional<int64_t> site_id, int64_t after_id,
                                     int limit) {
  if (!grid_id == !site_id)
    return Status::invalid_field("grid_id", "scope_required",
                                 "give either grid_id or site_id");
  Instant now = ctx_.clock.now();
  DueList out;
  out.day = ctx_.zone.local_date(now);
  Instant midnight = ctx_.zone.start_of_day(out.day);
  int now_seconds = local_seconds_of_day(ctx_.zone, now);
  std::vector<store::SlotCheck> done;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    store::FollowUpScope scope;
    if (grid_id) {
      CORDON_ASSIGN_OR_RETURN(auto grid, store::find_node(conn, *grid_id));
      if (!grid || !actor.can_see_path(grid->path))
        return Status::not_found("grid_not_found", "no such grid");
      scope.grid_id = grid_id;
    } else {
      CORDON_RETURN_IF_ERROR(load_visible_site(conn, actor, *site_id).status());
      scope.site_id = site_id;
    }
    CORDON_ASSIGN_OR_RETURN(auto orders, store::list_follow_up_orders(conn, scope, out.day,
                                                                      after_id, limit + 1));
    if (static_cast<int>(orders.size()) > limit) {
      orders.resize(limit);
      out.next_after_id = orders.back().order_id;
    }
    std::vector<int64_t> ids;
    for (const auto& o : orders) ids.push_back(o.order_id);
    CORDON_ASSIGN_OR_RETURN(done, store::list_slot_checks(conn, ids, out.day, out.day));
    for (auto& o : orders) out.items.push_back(DueItem{std::move(o), {}, false});
    return Status();
  }));
  std::map<std::pair<int64_t, int>, const store::SlotCheck*> by_slot;
  for (const auto& c : done) by_slot.emplace(std::make_pair(c.order_id, c.slot), &c);
  for (auto& item : out.items) {
    FollowUpRules rules = rules_for(item.order.policy_code, item.order.policy_version);
    for (int s = 0; s < rules.checks_per_day; ++s) {
      DueSlot slot;
      slot.slot = s;
      slot.name = slot_name(s, rules.checks_per_day);
      int end = slot_end_seconds(s, rules.checks_per_day);
      slot.due_by = midnight.plus_seconds(end);
      auto it = by_slot.find({item.order.order_id, s});
      if (it != by_slot.end()) {
        slot.check_id = it->second->check_id;
        slot.temperature = it->second->temperature;
      } else if (end <= now_seconds) {
        item.overdue = true;
      }
      item.slots.push_back(std::move(slot));
    }
  }
  record_read(ctx_, audit_entry(ctx_, actor, "follow_up.due",
                                grid_id ? "node" : "site", grid_id ? *grid_id : *site_id,
                                std::to_string(out.items.size()) + " orders"));
  return out;
}

Result<AlertPage> FollowUpService::alerts(const Actor& actor, const AlertQuery& q) {
  AlertPage page;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    store::AlertFilter f;
    f.status = q.status;
    f.kind = q.kind;
    f.order_id = q.order_id;
    if (q.grid_id) {
      if (!node_visible(conn, actor, *q.grid_id))
        return Status::invalid_field("grid_id", "not_found", "no such grid");
      f.grid_id = q.grid_id;
    }
    if (q.site_id) {
      if (!load_visible_site(conn, actor, *q.site_id).ok())
        return Status::invalid_field("site_id", "not_found", "no such site");
      f.site_id = q.site_id;
    } else {
      // Without a site, alerts of orders whose grid the actor sees.
      f.node_path = actor.jurisdiction_path;
    }
    CORDON_ASSIGN_OR_RETURN(page.items, store::list_alerts(conn, f, q.before_id, q.limit + 1));
    return Status();
  }));
  if (static_cast<int>(page.items.size()) > q.limit) {
    page.items.resize(q.limit);
    page.next_before_id = page.items.back().id;
  }
  return page;
}

Result<Alert> FollowUpService::acknowledge(const Actor& actor, int64_t alert_id) {
  Alert out;
  Instant now = ctx_.clock.now();
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(auto alert, store::find_alert(conn, alert_id));
    if (!alert || !load_followed_order(conn, actor, alert->order_id).ok())
      return Status::not_found("alert_not_found", "no such alert");
    CORDON_RETURN_IF_ERROR(store::acknowledge_alert(conn, alert_id, now, actor.user_id));
    CORDON_ASSIGN_OR_RETURN(auto stored, store::find_alert(conn, alert_id));
    out = std::move(*stored);
    return store::append_audit(conn, audit_entry(ctx_, actor, "alert.acknowledge",
                                                 "quarantine_order", out.order_id,
                                                 "alert " + std::to_string(alert_id)));
  }));
  return out;
}

Result<int64_t> FollowUpService::sweep(const Actor& actor, std::optional<Instant> at) {
  Instant now = ctx_.clock.now();
  Instant when = at.value_or(now);
  if (when > now) return Status::invalid_field("at", "in_future", "at may not be in the future");
  LocalDate today = ctx_.zone.local_date(when);
  LocalDate yesterday = today.plus_days(-1);
  int64_t raised = 0;
  int64_t after_id = 0;
  constexpr int kPage = 1000;
  for (;;) {
    // Each page is one write unit: the orders read and the alerts raised agree.
    int64_t page_size = 0;
    Status s = ctx_.store.write([&](store::SqlConnection& conn) -> Status {
      store::FollowUpScope scope;
      scope.node_path = actor.jurisdiction_path;
      // Orders active yesterday or today: read both days' lists, merged by id.
      std::map<int64_t, std::pair<FollowUpOrder, std::set<LocalDate>>> orders;
      // A full page of one day ends at some id; orders above the smallest such end are
      // left for the next page, so none is skipped.
      int64_t cutoff = INT64_MAX;
      for (LocalDate day : {yesterday, today}) {
        CORDON_ASSIGN_OR_RETURN(auto list,
                                store::list_follow_up_orders(conn, scope, day, after_id, kPage));
        if (static_cast<int>(list.size()) == kPage) cutoff = std::min(cutoff, list.back().order_id);
        for (auto& o : list) {
          auto& entry = orders[o.order_id];
          entry.first = o;
          entry.second.insert(day);
        }
      }
      orders.erase(orders.upper_bound(cutoff), orders.end());
      if (orders.empty()) return Status();
      int64_t last = orders.rbegin()->first;
      page_size = static_cast<int64_t>(orders.size());
      std::vector<int64_t> ids;
      for (const auto& entry : orders) ids.push_back(entry.first);
      CORDON_ASSIGN_OR_RETURN(auto done, store::list_slot_checks(conn, ids, yesterday, today));
      std::set<std::tuple<int64_t, int32_t, int>> checked;
      for (const auto& c : done) checked.insert({c.order_id, c.day.days(), c.slot});
      for (const auto& [id, entry] : orders) {
        const FollowUpOrder& o = entry.first;
        FollowUpRules rules = rules_for(o.policy_code, o.policy_version);
        for (LocalDate day : entry.second) {
          Instant midnight = ctx_.zone.start_of_day(day);
          for (int slot = 0; slot < rules.checks_per_day; ++slot) {
            Instant ends = midnight.plus_seconds(slot_end_seconds(slot, rules.checks_per_day));
            if (ends > when || ends <= o.created_at) continue;
            if (checked.count({id, day.days(), slot})) continue;
            Alert a;
            a.kind = "missed_check";
            a.order_id = id;
            a.person_id = o.person_id;
            a.grid_id = o.grid_id;
            a.site_id = o.site_id;
            a.due_on = day;
            a.slot = slot;
            a.detail = "no " + slot_name(slot, rules.checks_per_day) + " check on " +
                       day.to_string();
            a.raised_at = now;
            std::string key = "missed:" + std::to_string(id) + ":" + day.to_string() + ":" +
                              std::to_string(slot);
            CORDON_ASSIGN_OR_RETURN(auto inserted, store::insert_alert(conn, a, key));
            if (inserted) ++raised;
          }
        }
      }
      after_id = last;
      return Status();
    });
    CORDON_RETURN_IF_ERROR(s);
    if (page_size == 0) break;
  }
  if (raised > 0) {
    CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) {
      return store::append_audit(conn, audit_entry(ctx_, actor, "alert.sweep", "alert", 0,
                                                   std::to_string(raised) + " missed checks"));
    }));
  }
  return raised;
}

}  // namespace cordon::service
