// Shared by the api_*.cc files that register cordon's routes: guarded routes (every
// handler receives the authenticated Actor, or never runs), response helpers and schema
// builders. Not a public header of the http library.
#pragma once

#include <functional>
#include <initializer_list>
#include <optional>
#include <string>
#include <utility>

#include <boost/json/value.hpp>

#include "http/api.h"
#include "http/api_codec.h"
#include "http/json_fields.h"
#include "http/router.h"
#include "service/context.h"
#include "service/table_export.h"

namespace cordon::http::api {

using service::Actor;
using ActorHandler = std::function<Response(const Request&, const Actor&)>;

// A route whose handler runs only for a request that passes authentication (session
// cookie with X-CSRF-Token on unsafe methods, or a bearer API token) and whose actor's
// role holds doc.permission. "public" routes receive an anonymous actor.
struct GuardedRoute {
  std::string method;
  std::string pattern;
  ActorHandler handler;
  RouteDoc doc;
};

class Routes {
 public:
  // ApiServices is a bundle of references, so it is held by value: handlers bind to the
  // services themselves, which outlive the router.
  Routes(Router& router, ApiServices services) : router_(router), services_(services) {}
  void add(GuardedRoute route);
  const ApiServices& services() const { return services_; }

 private:
  Router& router_;
  ApiServices services_;
};

void register_places(Routes& routes);
void register_persons(Routes& routes);
void register_accounts(Routes& routes);
void register_audit(Routes& routes);
void register_quarantine_orders(Routes& routes);
void register_policies(Routes& routes);
void register_arrivals(Routes& routes);
void register_lab_tests(Routes& routes);

// The person fields of a request body (api_persons.cc); arrivals accept them inline.
PersonInput read_person_input(JsonFields& f);
void register_sites(Routes& routes);
void register_followups(Routes& routes);

// A CSV or XLSX attachment named `name` (without extension).
Response download(const service::ExportTable& table, service::ExportFormat format,
                  const std::string& name);
void register_cases(Routes& routes);  // cases, exposures, chains, epi curve
void register_reports(Routes& routes);
void register_tasks(Routes& routes);
void register_screening(Routes& routes);
void register_events(Routes& routes);

// Answers a failed status, with Retry-After set to `retry_after` seconds (429).
Response throttled(int64_t retry_after);
void register_dashboard(Routes& routes);
void register_transfers(Routes& routes);  // person downloads and imports

// The value of cookie `name` in the request's Cookie header.
std::optional<std::string> cookie(const Request& r, std::string_view name);
std::optional<std::string> idempotency_key(const Request& r);

inline Response respond(const Status& s) {
  return s.ok() ? Response{204, "application/json", "", {}} : problem_response(s);
}

template <typename T>
Response respond(const Result<T>& r, int status = 200) {
  if (!r.ok()) return problem_response(r.status());
  return json_response(status, to_json(*r));
}

// The handler of a route on one record ("/tasks/{id}/..."): parses {id} (a malformed id
// answers 404 like a missing record) and passes it on.
using IdHandler = std::function<Response(const Request&, const Actor&, int64_t)>;
inline ActorHandler with_id(IdHandler handler) {
  return [handler = std::move(handler)](const Request& r, const Actor& actor) {
    auto id = parse_id(r.path_param("id"));
    if (!id.ok()) return respond(id.status());
    return handler(r, actor, *id);
  };
}

// 201 with a Location header naming the new record at `base` + "/" + id.
template <typename T>
Response created(const Result<T>& r, const std::string& base, int64_t id) {
  Response resp = respond(r, 201);
  if (r.ok()) resp.set_header("Location", base + "/" + std::to_string(id));
  return resp;
}

// {"type": "object", "properties": {...}, "required": [...]}; "string[]" is an array of
// strings, "integer[]" of integers.
boost::json::value object_schema(
    std::initializer_list<std::pair<const char*, const char*>> fields,
    std::initializer_list<const char*> required = {});
boost::json::value page_schema(const boost::json::value& item);

}  // namespace cordon::http::api
