#include "http/api.h"

#include <boost/json/serialize.hpp>

#include "core/permissions.h"
#include "http/api_internal.h"

namespace cordon::http {

namespace api {

namespace json = boost::json;

namespace {

bool is_unsafe(const std::string& method) {
  return method != "GET" && method != "HEAD" && method != "OPTIONS";
}

// Finds who is calling: a bearer token first (integrations), else the session cookie
// (the web UI), which must echo its CSRF token on every state-changing request.
Result<Actor> authenticate(service::AuthService& auth, const Request& r) {
  if (auto header = r.header("authorization")) {
    constexpr std::string_view kBearer = "Bearer ";
    if (!header->starts_with(kBearer))
      return Status::unauthenticated("unsupported_authorization",
                                     "use 'Authorization: Bearer <token>' or sign in");
    return auth.authenticate_token(header->substr(kBearer.size()));
  }
  auto session = cookie(r, "cordon_session");
  if (!session)
    return Status::unauthenticated("authentication_required", "sign in or send an API token");
  CORDON_ASSIGN_OR_RETURN(auto resolved, auth.authenticate_session(*session));
  if (is_unsafe(r.method) && r.header("x-csrf-token") != resolved.csrf_token)
    return Status::forbidden("csrf_token_invalid",
                             "send the X-CSRF-Token the sign-in returned with this request");
  return std::move(resolved.actor);
}

}  // namespace

void Routes::add(GuardedRoute route) {
  if (!is_known_permission(route.doc.permission)) {
    std::fprintf(stderr, "cordon: route %s %s declares unknown permission '%s'\n",
                 route.method.c_str(), route.pattern.c_str(), route.doc.permission.c_str());
    std::abort();  // a programming error: every route must declare a known permission
  }
  service::AuthService& auth = services_.auth;
  std::string permission = route.doc.permission;
  ActorHandler handler = std::move(route.handler);
  Handler guarded = [&auth, permission, handler](const Request& r) -> Response {
    if (permission == kPublic) {
      Actor anonymous;
      anonymous.name = "anonymous";
      anonymous.role = "";
      anonymous.remote_address = r.remote_address;
      return handler(r, anonymous);
    }
    auto actor = authenticate(auth, r);
    if (!actor.ok()) return problem_response(actor.status());
    if (actor->must_change_password && permission != kAuthenticated)
      return problem_response(Status::forbidden(
          "password_change_required", "change the one-time password before anything else"));
    auto role = parse_role(actor->role);
    if (!role || !role_has(*role, permission))
      return problem_response(Status::forbidden(
          "permission_denied", "the role " + actor->role + " lacks " + permission));
    actor->remote_address = r.remote_address;
    return handler(r, *actor);
  };
  router_.add({std::move(route.method), std::move(route.pattern), std::move(guarded),
               std::move(route.doc)});
}

std::optional<std::string> cookie(const Request& r, std::string_view name) {
  auto header = r.header("cookie");
  if (!header) return std::nullopt;
  std::string_view rest = *header;
  while (!rest.empty()) {
    auto end = rest.find(';');
    std::string_view pair = rest.substr(0, end);
    rest = end == std::string_view::npos ? std::string_view() : rest.substr(end + 1);
    while (!pair.empty() && pair.front() == ' ') pair.remove_prefix(1);
    auto eq = pair.find('=');
    if (eq != std::string_view::npos && pair.substr(0, eq) == name)
      return std::string(pair.substr(eq + 1));
  }
  return std::nullopt;
}

std::optional<std::string> idempotency_key(const Request& r) {
  auto key = r.header("idempotency-key");
  if (key && key->empty()) return std::nullopt;
  return key;
}

json::value object_schema(std::initializer_list<std::pair<const char*, const char*>> fields,
                          std::initializer_list<const char*> required) {
  json::object props;
  for (const auto& [name, type] : fields) {
    json::object p;
    std::string_view t(type);
    if (t.ends_with("[]")) {
      p["type"] = "array";
      p["items"] = json::object{{"type", std::string(t.substr(0, t.size() - 2))}};
    } else {
      p["type"] = type;
    }
    props[name] = std::move(p);
  }
  json::object schema{{"type", "object"}, {"properties", std::move(props)}};
  if (required.size()) {
    json::array req;
    for (const char* r : required) req.push_back(json::value(r));
    schema["required"] = std::move(req);
  }
  return schema;
}

json::value page_schema(const json::value& item) {
  return json::object{
      {"type", "object"},
      {"properties", json::object{{"items", json::object{{"type", "array"}, {"items", item}}},
                                  {"next_cursor", json::object{{"type", "string"}}}}}};
}

}  // namespace api

void register_api(Router& router, ApiServices services) {
  router.add({"GET", "/healthz",
              [](const Request&) {
                return json_response(200, boost::json::object{{"status", "ok"}});
              },
              {"Liveness probe", std::string(kPublic), "system"}, /*inline_handler=*/true});
  api::Routes routes(router, services);
  api::register_accounts(routes);
  api::register_places(routes);
  api::register_persons(routes);
  api::register_audit(routes);
  api::register_quarantine_orders(routes);
  api::register_policies(routes);
  api::register_arrivals(routes);
  api::register_lab_tests(routes);
  api::register_sites(routes);
  api::register_followups(routes);
  api::register_cases(routes);
  api::register_reports(routes);
  api::register_tasks(routes);
  api::register_screening(routes);
  api::register_events(routes);
  api::register_dashboard(routes);
  api::register_transfers(routes);
  // Built once after every route is known: the router is immutable from here on.
  auto document = std::make_shared<std::string>();
  router.add({"GET", "/api/openapi.json",
              [document](const Request&) {
                Response resp;
                resp.body = *document;
                return resp;
              },
              {"This OpenAPI document", std::string(kPublic), "system"}, /*inline_handler=*/true});
  *document = boost::json::serialize(router.openapi("cordon", "0.1.0"));
}

}  // namespace cordon::http
