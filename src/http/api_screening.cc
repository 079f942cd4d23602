// Routes of screening campaigns (走访排查).
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& campaign_schema() {
  static const json::value kSchema =
      object_schema({{"id", "integer"}, {"name", "string"}, {"due_date", "string"},
                     {"created_by_user_id", "integer"}, {"created_at", "string"},
                     {"households", "integer"}});
  return kSchema;
}

const json::value& household_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"address_id", "integer"}, {"grid_id", "integer"}, {"status", "string"},
       {"visits", "integer"}, {"last_result", "string"}, {"last_visit_at", "string"}});
  return kSchema;
}

}  // namespace

void register_screening(Routes& routes) {
  service::ScreeningService& screening = routes.services().screening;

  routes.add({"POST", "/api/v1/screening-campaigns",
              [&screening](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::CampaignInput in{f.text("name"), f.integer("grid_id"),
                                          f.integer_list("building_ids"), f.text("due_date")};
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto made = screening.create(actor, in, idempotency_key(r));
                return created(made, "/api/v1/screening-campaigns",
                               made.ok() ? made->campaign.id : 0);
              },
              {"Start a campaign: every household of a grid, or of chosen buildings, by a date",
               "screening.manage", "screening-campaigns",
               object_schema({{"name", "string"}, {"grid_id", "integer"},
                              {"building_ids", "integer[]"}, {"due_date", "string"}},
                             {"name", "due_date"}),
               campaign_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/screening-campaigns",
              [&screening](const Request& r, const Actor& actor) {
                auto page = screening.list(actor, r.query_param("cursor"), r.query_param("limit"));
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, page->next_cursor));
              },
              {"Campaigns in the jurisdiction", "screening.manage", "screening-campaigns",
               nullptr, page_schema(campaign_schema()), {"cursor", "limit"}}});

  routes.add({"GET", "/api/v1/screening-campaigns/{id}",
              with_id([&screening](const Request&, const Actor& actor, int64_t id) {
                return respond(screening.get(actor, id));
              }),
              {"A campaign", "screening.manage", "screening-campaigns", nullptr,
               campaign_schema()}});

  routes.add({"GET", "/api/v1/screening-campaigns/{id}/households",
              with_id([&screening](const Request& r, const Actor& actor, int64_t id) {
                auto page = screening.households(actor, id, r.query_param("status"),
                                                 r.query_param("cursor"), r.query_param("limit"));
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, page->next_cursor));
              }),
              {"Households of a campaign (pending, visited, revisit)", "screening.manage",
               "screening-campaigns", nullptr, page_schema(household_schema()),
               {"status", "cursor", "limit"}}});

  routes.add({"POST", "/api/v1/screening-campaigns/{id}/visits",
              with_id([&screening](const Request& r, const Actor& actor, int64_t id) {
                RequestFields f(r);
                service::VisitInput in{f.integer("address_id"), f.text("result"), f.text("note")};
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return respond(screening.record_visit(actor, id, in), 201);
              }),
              {"Record a visit: all_home, arrived_from_elsewhere (a task to register the "
               "arrival follows) or nobody_home (to revisit)",
               "screening.manage", "screening-campaigns",
               object_schema({{"address_id", "integer"}, {"result", "string"}, {"note", "string"}},
                             {"address_id", "result"}),
               object_schema({{"id", "integer"}, {"result", "string"}, {"household", "object"},
                              {"task", "object"}}),
               {}, {{201, "Recorded"}}}});

  routes.add({"GET", "/api/v1/screening-campaigns/{id}/progress",
              with_id([&screening](const Request&, const Actor& actor, int64_t id) {
                return respond(screening.progress(actor, id));
              }),
              {"Households visited, to revisit and pending, in total and per grid",
               "screening.manage", "screening-campaigns", nullptr,
               object_schema({{"campaign_id", "integer"}, {"households", "integer"},
                              {"visited", "integer"}, {"revisit", "integer"},
                              {"pending", "integer"}, {"grids", "array"}})}});
}

}  // namespace cordon::http::api
