// Routes of risk areas and arrivals.
#include "http/api_internal.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& area_schema() {
  static const json::value kSchema =
      object_schema({{"id", "integer"}, {"name", "string"}, {"code", "string"},
                     {"levels", "array"}, {"level_on", "string"}, {"created_at", "string"}});
  return kSchema;
}

const json::value& arrival_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"person_id", "integer"}, {"grid_id", "integer"},
       {"origin_area_id", "integer"}, {"origin", "string"}, {"arrival_date", "string"},
       {"transport", "string"}, {"transport_detail", "string"}, {"temperature", "number"},
       {"risk_level", "string"}, {"policy_code", "string"}, {"policy_version", "integer"},
       {"order_id", "integer"}, {"reported_by", "integer"}, {"created_at", "string"}});
  return kSchema;
}

// The area, with "level_on" for the `on` query date when one is given.
Result<json::object> area_json(const RiskArea& area, const Request& r) {
  json::object o = to_json(area);
  if (auto on = r.query_param("on")) {
    CORDON_ASSIGN_OR_RETURN(LocalDate date, LocalDate::parse(*on, "on"));
    o["on"] = date.to_string();
    o["level_on"] = risk_level_name(level_on(area.levels, date));
  }
  return o;
}

Response area_response(const Result<RiskArea>& area, const Request& r, int status = 200) {
  if (!area.ok()) return respond(area.status());
  auto o = area_json(*area, r);
  if (!o.ok()) return respond(o.status());
  return json_response(status, *o);
}

}  // namespace

void register_arrivals(Routes& routes) {
  service::RiskAreaService& areas = routes.services().risk_areas;
  service::ArrivalService& arrivals = routes.services().arrivals;

  routes.add({"POST", "/api/v1/risk-areas",
              [&areas](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::RiskAreaInput in;
                in.name = f.text("name");
                in.code = f.text("code");
                in.level = f.text("level");
                in.effective_from = f.text("effective_from");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto area = areas.create(actor, in, idempotency_key(r));
                Response resp = area_response(area, r, 201);
                if (area.ok())
                  resp.set_header("Location", "/api/v1/risk-areas/" + std::to_string(area->id));
                return resp;
              },
              {"Add a region to the risk-area list, optionally with its first level",
               "policies.manage", "risk-areas",
               object_schema({{"name", "string"}, {"code", "string"}, {"level", "string"},
                              {"effective_from", "string"}},
                             {"name"}),
               area_schema(), {}, {{201, "Created"}, {409, "the name or code is taken"}}}});

  routes.add({"GET", "/api/v1/risk-areas",
              [&areas](const Request& r, const Actor& actor) {
                auto page = areas.list(actor, r.query_param("cursor"), r.query_param("limit"));
                if (!page.ok()) return respond(page.status());
                json::array items;
                for (const auto& a : page->items) {
                  auto o = area_json(a, r);
                  if (!o.ok()) return respond(o.status());
                  items.push_back(std::move(*o));
                }
                return json_response(
                    200, json::object{{"items", std::move(items)},
                                      {"next_cursor", page->next_cursor
                                                          ? json::value(*page->next_cursor)
                                                          : json::value(nullptr)}});
              },
              {"The risk-area list with every level change; `on` adds each region's level on "
               "that date",
               "quarantine.read", "risk-areas", nullptr, page_schema(area_schema()),
               {"on", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/risk-areas/{id}",
              [&areas](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return area_response(areas.get(actor, *id), r);
              },
              {"A region with its level changes; `on` adds its level on that date",
               "quarantine.read", "risk-areas", nullptr, area_schema(), {"on"}}});

  routes.add({"POST", "/api/v1/risk-areas/{id}/levels",
              [&areas](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                RequestFields f(r);
                service::RiskLevelInput in;
                in.level = f.text("level");
                in.effective_from = f.text("effective_from");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                return area_response(areas.add_level(actor, *id, in), r, 201);
              },
              {"Record a region's level from a date on (entries are never edited: a "
               "correction is a new entry)",
               "policies.manage", "risk-areas",
               object_schema({{"level", "string"}, {"effective_from", "string"}},
                             {"level", "effective_from"}),
               area_schema(), {}, {{201, "Created"}}}});

  routes.add({"POST", "/api/v1/arrivals",
              [&arrivals](const Request& r, const Actor& actor) {
                RequestFields f(r);
                service::ArrivalInput in;
                in.person_id = f.integer("person_id");
                in.grid_id = f.integer("grid_id");
                in.origin_area_id = f.integer("origin_area_id");
                in.origin = f.text("origin");
                in.arrival_date = f.text("arrival_date");
                in.transport = f.text("transport");
                in.transport_detail = f.text("transport_detail");
                in.temperature = f.number("temperature");
                in.site_id = f.integer("site_id");
                in.note = f.text("note");
                Status person_status;
                if (const json::object* person = f.fields().object("person")) {
                  JsonFields pf(*person);
                  in.person = read_person_input(pf);
                  person_status = prefixed(pf.finish(), "person.");
                }
                Status s = f.finish();
                if (!s.ok() || !person_status.ok()) {
                  Validation v;
                  v.add(s);
                  v.add(person_status);
                  return respond(s.kind() == Status::Kind::kMalformed ? s : v.status());
                }
                auto out = arrivals.report(actor, in, idempotency_key(r));
                if (!out.ok()) return respond(out.status());
                json::object o = to_json(out->arrival);
                o["order"] = out->order ? json::value(to_json(*out->order)) : json::value(nullptr);
                o["person_created"] = out->person_created;
                o["fever"] = out->fever;
                Response resp = json_response(201, o);
                resp.set_header("Location",
                                "/api/v1/arrivals/" + std::to_string(out->arrival.id));
                return resp;
              },
              {"Report an arrival (a worker or a hotel front desk): an existing person_id, or "
               "the person inline (matched by document number, else registered); evaluated "
               "by the policy in force and the origin's risk level on the arrival date (the "
               "origin is origin_area_id, or an origin text equal to a risk area's name or "
               "code), it returns the order the policy requires, or null",
               "arrivals.report", "arrivals",
               object_schema({{"person_id", "integer"}, {"person", "object"},
                              {"grid_id", "integer"}, {"origin_area_id", "integer"},
                              {"origin", "string"}, {"arrival_date", "string"},
                              {"transport", "string"}, {"transport_detail", "string"},
                              {"temperature", "number"}, {"site_id", "integer"},
                              {"note", "string"}},
                             {"arrival_date"}),
               arrival_schema(), {}, {{201, "Created"}}}});

  routes.add({"GET", "/api/v1/arrivals",
              [&arrivals](const Request& r, const Actor& actor) {
                auto grid = parse_optional_int(r.query_param("grid_id"), "grid_id");
                if (!grid.ok()) return respond(grid.status());
                auto list = arrivals.list(actor, *grid, r.query_param("cursor"),
                                          r.query_param("limit"));
                if (!list.ok()) return respond(list.status());
                return json_response(200, page_json(list->items, list->next_cursor));
              },
              {"Arrivals registered in the jurisdiction", "quarantine.read", "arrivals", nullptr,
               page_schema(arrival_schema()), {"grid_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/arrivals/{id}",
              [&arrivals](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(arrivals.get(actor, *id));
              },
              {"Read an arrival", "quarantine.read", "arrivals", nullptr, arrival_schema()}});
}

}  // namespace cordon::http::api
