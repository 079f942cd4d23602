#include "service/screening.h"

#include "core/report.h"
#include "service/access.h"
#include "service/audit.h"
#include "store/audit.h"
#include "store/idempotency.h"
#include "store/nodes.h"

namespace cordon::service {

namespace {

Status campaign_not_found() {
  return Status::not_found("campaign_not_found", "no such screening campaign");
}

Result<Campaign> load_visible(store::SqlConnection& conn, const Actor& actor, int64_t id) {
  CORDON_ASSIGN_OR_RETURN(auto c, store::find_campaign(conn, id));
  if (!c || !actor.can_see_path(c->scope_path)) return campaign_not_found();
  return std::move(*c);
}

// The deepest path that is a prefix of both, cut at a '/' ("/1/5/9/" and "/1/5/12/" give
// "/1/5/").
std::string common_path(const std::string& a, const std::string& b) {
  std::size_t n = 0, last_slash = 0;
  while (n < a.size() && n < b.size() && a[n] == b[n]) {
    if (a[n] == '/') last_slash = n;
    ++n;
  }
  return a.substr(0, last_slash + 1);
}

constexpr int64_t kArrivalTaskSeconds = 24 * 3600;

}  // namespace

Result<CampaignSummary> ScreeningService::create(const Actor& actor, const CampaignInput& in,
                                                 const std::optional<std::string>& idempotency_key) {
  Validation v;
  Campaign c;
  c.name = checked_text(v, "name", in.name, 200, true);
  if (!in.due_date) {
    v.add("due_date", "required", "due_date is required");
  } else if (auto d = LocalDate::parse(*in.due_date, "due_date"); d.ok()) {
    c.due_date = *d;
  } else {
    v.add(d.status());
  }
  if (in.grid_id.has_value() == in.building_ids.has_value())
    v.add("grid_id", "one_scope", "name a grid_id or building_ids, not both");
  if (in.building_ids && in.building_ids->empty())
    v.add("building_ids", "required", "name at least one building");
  CORDON_RETURN_IF_ERROR(v.status());

  CampaignSummary out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    if (idempotency_key) {
      CORDON_ASSIGN_OR_RETURN(auto seen,
                              store::recall_idempotent(conn, *idempotency_key, "campaign"));
      if (seen) {
        CORDON_ASSIGN_OR_RETURN(out.campaign, load_visible(conn, actor, *seen));
        CORDON_ASSIGN_OR_RETURN(out.households, store::add_households(conn, *seen, {}));
        return Status();
      }
    }
    std::vector<std::string> paths;
    Validation places;
    if (in.grid_id) {
      CORDON_ASSIGN_OR_RETURN(Node grid, visible_node(conn, actor, *in.grid_id, "grid_id"));
      if (grid.kind != NodeKind::kGrid)
        return Status::invalid_field("grid_id", "not_a_grid", "grid_id must name a grid");
      paths.push_back(grid.path);
      c.scope_path = grid.path;
    } else {
      for (int64_t id : *in.building_ids) {
        auto b = visible_node(conn, actor, id, "building_ids");
        if (!b.ok()) return b.status();
        if (b->kind != NodeKind::kBuilding)
          return Status::invalid_field("building_ids", "not_a_building",
                                       "building_ids must name buildings");
        c.scope_path = paths.empty() ? b->path : common_path(c.scope_path, b->path);
        paths.push_back(b->path);
      }
    }
    c.created_by_user_id = actor.user_id;
    c.created_at = ctx_.clock.now();
    CORDON_ASSIGN_OR_RETURN(out.campaign, store::insert_campaign(conn, c));
    CORDON_ASSIGN_OR_RETURN(out.households, store::add_households(conn, out.campaign.id, paths));
    CORDON_RETURN_IF_ERROR(store::append_audit(
        conn, audit_entry(ctx_, actor, "screening.create", "screening_campaign", out.campaign.id,
                          std::to_string(out.households) + " households")));
    if (idempotency_key)
      CORDON_RETURN_IF_ERROR(store::remember_idempotent(conn, *idempotency_key, "campaign",
                                                        out.campaign.id, c.created_at));
    return Status();
  }));
  return out;
}

Result<Campaign> ScreeningService::get(const Actor& actor, int64_t id) {
  Campaign out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out, load_visible(conn, actor, id));
    return Status();
  }));
  return out;
}

Result<CampaignPage> ScreeningService::list(const Actor& actor,
                                            const std::optional<std::string>& cursor,
                                            const std::optional<std::string>& limit) {
  CORDON_ASSIGN_OR_RETURN(IdPage page, parse_id_page(cursor, limit));
  CampaignPage out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.items, store::list_campaigns(conn, actor.jurisdiction_path,
                                                             page.after_id, page.limit));
    return Status();
  }));
  out.next_cursor = next_id_cursor(out.items, page.limit);
  return out;
}

Result<HouseholdPage> ScreeningService::households(const Actor& actor, int64_t id,
                                                   const std::optional<std::string>& status,
                                                   const std::optional<std::string>& cursor,
                                                   const std::optional<std::string>& limit) {
  CORDON_ASSIGN_OR_RETURN(IdPage page, parse_id_page(cursor, limit));
  std::optional<HouseholdStatus> wanted;
  if (status) {
    wanted = parse_household_status(*status);
    if (!wanted)
      return Status::invalid_field("status", "unknown_status", "no such household status");
  }
  HouseholdPage out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible(conn, actor, id).status());
    CORDON_ASSIGN_OR_RETURN(out.items,
                            store::list_households(conn, id, wanted, page.after_id, page.limit));
    return Status();
  }));
  out.next_cursor = next_id_cursor(out.items, page.limit);
  return out;
}

Result<VisitRecord> ScreeningService::record_visit(const Actor& actor, int64_t id,
                                                   const VisitInput& in) {
  Validation v;
  std::optional<VisitResult> result;
  if (!in.address_id) v.add("address_id", "required", "address_id is required");
  if (!in.result) {
    v.add("result", "required", "result is required");
  } else if (!(result = parse_visit_result(*in.result))) {
    v.add("result", "unknown_result", "result must be one of " + visit_result_list());
  }
  bool arrival = result == VisitResult::kArrivedFromElsewhere;
  std::string note = checked_text(v, "note", in.note, kMaxNote, arrival);
  CORDON_RETURN_IF_ERROR(v.status());

  VisitRecord out;
  CORDON_RETURN_IF_ERROR(ctx_.store.write([&](store::SqlConnection& conn) -> Status {
    CORDON_RETURN_IF_ERROR(load_visible(conn, actor, id).status());
    CORDON_ASSIGN_OR_RETURN(auto household, store::find_household(conn, id, *in.address_id));
    if (!household)
      return Status::invalid_field("address_id", "not_a_household",
                                   "no household of this campaign at that address");
    Instant now = ctx_.clock.now();
    Household& h = *household;
    h.visits += 1;
    h.last_result = result;
    h.last_visit_at = now;
    h.status = *result == VisitResult::kNobodyHome ? HouseholdStatus::kRevisit
                                                   : HouseholdStatus::kVisited;
    CORDON_RETURN_IF_ERROR(store::update_household(conn, h));
    if (arrival) {
      // Until arrivals have their own register, the grid gets a task to register this one.
      TaskSpec spec;
      spec.kind = TaskKind::kVisit;
      spec.source = TaskSource::kScreening;
      spec.source_id = id;
      spec.unit_id = h.grid_id;
      spec.due_at = now.plus_seconds(kArrivalTaskSeconds);
      CORDON_ASSIGN_OR_RETURN(auto address, store::find_node(conn, h.address_id));
      spec.title = "register arrival at " + (address ? address->name : std::to_string(h.address_id));
      spec.detail = note;
      CORDON_ASSIGN_OR_RETURN(out.task, tasks_.insert_in(conn, actor, spec));
    }
    Visit visit;
    visit.campaign_id = id;
    visit.household_id = h.id;
    visit.at = now;
    visit.by_user_id = actor.user_id;
    visit.result = *result;
    visit.note = note;
    if (out.task) visit.task_id = out.task->id;
    CORDON_ASSIGN_OR_RETURN(out.visit, store::insert_visit(conn, visit));
    out.household = h;
    return store::append_audit(
        conn, audit_entry(ctx_, actor, "screening.visit", "screening_campaign", id,
                          "address " + std::to_string(h.address_id) + ": " +
                              std::string(visit_result_name(*result))));
  }));
  if (out.task) tasks_.announce(*out.task);
  return out;
}

Result<CampaignProgress> ScreeningService::progress(const Actor& actor, int64_t id) {
  CampaignProgress out;
  CORDON_RETURN_IF_ERROR(ctx_.store.read([&](store::SqlConnection& conn) -> Status {
    CORDON_ASSIGN_OR_RETURN(out.campaign, load_visible(conn, actor, id));
    CORDON_ASSIGN_OR_RETURN(out.grids, store::campaign_progress(conn, id));
    return Status();
  }));
  for (const auto& g : out.grids) {
    out.total.households += g.households;
    out.total.visited += g.visited;
    out.total.revisit += g.revisit;
    out.total.pending += g.pending;
  }
  return out;
}

}  // namespace cordon::service
