#include "http/api_internal.h"
#include "service/cursor.h"

namespace cordon::http::api {

namespace json = boost::json;

namespace {

const json::value& check_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"order_id", "integer"}, {"person_id", "integer"},
       {"temperature", "number"}, {"symptoms", "string[]"}, {"symptom_note", "string"},
       {"method", "string"}, {"taken_at", "string"}, {"taken_on", "string"},
       {"slot", "integer"}, {"recorded_by", "integer"}, {"recorded_by_name", "string"}});
  return kSchema;
}

const json::value& alert_schema() {
  static const json::value kSchema = object_schema(
      {{"id", "integer"}, {"kind", "string"}, {"order_id", "integer"}, {"person_id", "integer"},
       {"grid_id", "integer"}, {"site_id", "integer"}, {"health_check_id", "integer"},
       {"due_on", "string"}, {"slot", "integer"}, {"detail", "string"}, {"status", "string"},
       {"raised_at", "string"}, {"acknowledged_at", "string"}, {"acknowledged_by", "integer"},
       {"task_id", "integer"}});
  return kSchema;
}

// Reads `cursor` (an id) and `limit` from the query string.
struct Paging {
  int64_t cursor = 0;
  int limit = service::kDefaultPageSize;
};
Result<Paging> read_paging(const Request& r) {
  Paging p;
  CORDON_ASSIGN_OR_RETURN(p.limit, service::parse_limit(r.query_param("limit")));
  auto after = parse_optional_int(r.query_param("cursor"), "cursor");
  if (!after.ok() || after->value_or(0) < 0)
    return Status::malformed("invalid_cursor", "bad cursor");
  p.cursor = after->value_or(0);
  return p;
}

std::optional<std::string> id_cursor(const std::optional<int64_t>& id) {
  if (!id) return std::nullopt;
  return std::to_string(*id);
}

}  // namespace

void register_followups(Routes& routes) {
  service::FollowUpService& followups = routes.services().followups;

  routes.add({"POST", "/api/v1/health-checks",
              [&followups](const Request& r, const Actor& actor) {
                RequestFields f(r);
                HealthCheckInput in;
                in.order_id = f.integer("order_id");
                in.temperature = f.number("temperature");
                in.symptoms = f.text_list("symptoms");
                in.symptom_note = f.text("symptom_note");
                in.method = f.text("method");
                in.taken_at = f.text("taken_at");
                if (Status s = f.finish(); !s.ok()) return respond(s);
                auto rec = followups.record(actor, in, idempotency_key(r));
                if (!rec.ok()) return respond(rec.status());
                json::object o = to_json(rec->check);
                o["alert"] = rec->alert ? json::value(to_json(*rec->alert)) : json::value(nullptr);
                return json_response(201, o);
              },
              {"Record a health check (temperature 34.0-43.0 °C, symptoms, method); a fever or "
               "symptom raises an alert, returned with the check",
               "followups.write", "health-checks",
               object_schema({{"order_id", "integer"}, {"temperature", "number"},
                              {"symptoms", "string[]"}, {"symptom_note", "string"},
                              {"method", "string"}, {"taken_at", "string"}},
                             {"order_id", "temperature", "method"}),
               check_schema(), {}, {{201, "Created"}, {409, "the order is released or escalated"}}}});

  routes.add({"GET", "/api/v1/health-checks",
              [&followups](const Request& r, const Actor& actor) {
                auto order = parse_optional_int(r.query_param("order_id"), "order_id");
                if (!order.ok()) return respond(order.status());
                if (!*order)
                  return respond(Status::invalid_field("order_id", "required",
                                                       "order_id is required"));
                auto paging = read_paging(r);
                if (!paging.ok()) return respond(paging.status());
                auto checks = followups.checks(actor, **order, paging->cursor, paging->limit + 1);
                if (!checks.ok()) return respond(checks.status());
                std::optional<int64_t> next;
                if (static_cast<int>(checks->size()) > paging->limit) {
                  checks->resize(paging->limit);
                  next = checks->back().id;
                }
                return json_response(200, page_json(*checks, id_cursor(next)));
              },
              {"The health checks of an order, newest first", "quarantine.read",
               "health-checks", nullptr, page_schema(check_schema()),
               {"order_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/follow-ups/due",
              [&followups](const Request& r, const Actor& actor) {
                auto grid = parse_optional_int(r.query_param("grid_id"), "grid_id");
                if (!grid.ok()) return respond(grid.status());
                auto site = parse_optional_int(r.query_param("site_id"), "site_id");
                if (!site.ok()) return respond(site.status());
                auto paging = read_paging(r);
                if (!paging.ok()) return respond(paging.status());
                auto due = followups.due(actor, *grid, *site, paging->cursor, paging->limit);
                if (!due.ok()) return respond(due.status());
                json::object o = page_json(due->items, id_cursor(due->next_after_id));
                o["day"] = due->day.to_string();
                return json_response(200, o);
              },
              {"Follow-ups due today for a grid or a site: every active order with today's "
               "check windows (twice daily: morning, evening), done or not",
               "quarantine.read", "follow-ups", nullptr,
               page_schema(object_schema({{"order_id", "integer"}, {"person_name", "string"},
                                          {"overdue", "boolean"}, {"slots", "array"}})),
               {"grid_id", "site_id", "cursor", "limit"}}});

  routes.add({"GET", "/api/v1/alerts",
              [&followups](const Request& r, const Actor& actor) {
                service::AlertQuery q;
                for (auto [name, target] :
                     {std::pair{"grid_id", &q.grid_id}, std::pair{"site_id", &q.site_id},
                      std::pair{"order_id", &q.order_id}}) {
                  auto v = parse_optional_int(r.query_param(name), name);
                  if (!v.ok()) return respond(v.status());
                  *target = *v;
                }
                q.status = r.query_param("status");
                q.kind = r.query_param("kind");
                auto paging = read_paging(r);
                if (!paging.ok()) return respond(paging.status());
                q.before_id = paging->cursor;
                q.limit = paging->limit;
                auto page = followups.alerts(actor, q);
                if (!page.ok()) return respond(page.status());
                return json_response(200, page_json(page->items, id_cursor(page->next_before_id)));
              },
              {"Alerts (fever, symptom, missed_check), newest first", "quarantine.read",
               "alerts", nullptr, page_schema(alert_schema()),
               {"grid_id", "site_id", "order_id", "status", "kind", "cursor", "limit"}}});

  routes.add({"POST", "/api/v1/alerts/{id}/acknowledge",
              [&followups](const Request& r, const Actor& actor) {
                auto id = parse_id(r.path_param("id"));
                if (!id.ok()) return respond(id.status());
                return respond(followups.acknowledge(actor, *id));
              },
              {"Acknowledge an alert", "followups.write", "alerts", nullptr, alert_schema(), {},
               {{409, "already acknowledged"}}}});

  routes.add({"POST", "/api/v1/alerts/sweep",
              [&followups](const Request& r, const Actor& actor) {
                RequestFields f(r);
                auto at_text = f.text("at");
                Status s = f.finish();
                if (!s.ok() && !r.body.empty()) return respond(s);
                std::optional<Instant> at;
                if (at_text) {
                  auto parsed = Instant::parse(*at_text, "at");
                  if (!parsed.ok()) return respond(parsed.status());
                  at = *parsed;
                }
                auto raised = followups.sweep(actor, at);
                if (!raised.ok()) return respond(raised.status());
                return json_response(200, json::object{{"raised", *raised}});
              },
              {"Raise missed-check alerts for the check windows that ended (as of `at`, "
               "default now) without a check, in the caller's jurisdiction; the server also "
               "runs this periodically",
               "followups.write", "alerts", object_schema({{"at", "string"}}),
               object_schema({{"raised", "integer"}})}});
}

}  // namespace cordon::http::api
