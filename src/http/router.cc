#include "http/router.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <boost/json/array.hpp>
#include <boost/json/object.hpp>
#include <cctype>
#include <cstdio>
#include <cstdlib>
#include <optional>
#include <set>
#include <string_view>
#include <unordered_map>
#include <utility>

namespace cordon::http {

namespace json = boost::json;

namespace {

// One segment of a registered pattern: a literal to compare, or a `{name}` to capture.
struct Segment {
  std::string text;  // the literal, or the parameter name
  bool is_param = false;
};

// "/a/b/" -> {"a", "b", ""}. The leading '/' is dropped; empty segments are kept so that
// "/persons/" never matches "/persons/{id}" with an empty id.
std::vector<std::string_view> split_path(std::string_view path) {
  std::vector<std::string_view> out;
  if (path.empty() || path.front() != '/') return out;
  path.remove_prefix(1);
  for (;;) {
    auto slash = path.find('/');
    out.push_back(path.substr(0, slash));
    if (slash == std::string_view::npos) break;
    path.remove_prefix(slash + 1);
  }
  return out;
}

// A bad route table is a programming error found at start-up: say so on stderr (the
// logger may point at a file nobody watches yet) and abort.
[[noreturn]] void die(const std::string& what, const Route& route) {
  std::fprintf(stderr, "router: %s for %s %s\n", what.c_str(), route.method.c_str(),
               route.pattern.c_str());
  std::abort();
}

// Parses a pattern; aborts on a malformed one (a programming error caught by any test
// that builds the routes).
std::vector<Segment> parse_pattern(const Route& route) {
  if (route.pattern.empty() || route.pattern.front() != '/')
    die("pattern must start with '/'", route);
  std::vector<Segment> segments;
  std::set<std::string, std::less<>> names;
  for (std::string_view part : split_path(route.pattern)) {
    bool opens = part.find('{') != std::string_view::npos;
    bool closes = part.find('}') != std::string_view::npos;
    if (!opens && !closes) {
      segments.push_back({std::string(part), false});
      continue;
    }
    // A parameter is a whole segment: "{id}", never "x{id}" or "{a}{b}".
    if (part.size() < 3 || part.front() != '{' || part.back() != '}' ||
        part.substr(1, part.size() - 2).find_first_of("{}") != std::string_view::npos) {
      die("malformed parameter segment '" + std::string(part) + "'", route);
    }
    std::string name(part.substr(1, part.size() - 2));
    if (!names.insert(name).second) die("duplicate parameter '" + name + "'", route);
    segments.push_back({std::move(name), true});
  }
  return segments;
}

bool has_params(const std::vector<Segment>& segments) {
  return std::any_of(segments.begin(), segments.end(), [](const Segment& s) { return s.is_param; });
}

// The pattern with parameter names erased: "/persons/{id}" and "/persons/{pid}" are the
// same route.
std::string shape_of(const std::vector<Segment>& segments) {
  std::string shape;
  for (const auto& s : segments) {
    shape += '/';
    shape += s.is_param ? std::string("{}") : s.text;
  }
  return shape;
}

bool matches(const std::vector<Segment>& pattern, const std::vector<std::string_view>& path,
             std::map<std::string, std::string>* params) {
  if (pattern.size() != path.size()) return false;
  for (std::size_t i = 0; i < pattern.size(); ++i) {
    if (pattern[i].is_param) {
      if (path[i].empty()) return false;
    } else if (pattern[i].text != path[i]) {
      return false;
    }
  }
  if (params) {
    for (std::size_t i = 0; i < pattern.size(); ++i) {
      if (pattern[i].is_param) (*params)[pattern[i].text] = std::string(path[i]);
    }
  }
  return true;
}

std::string lowercase(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

struct Router::Impl {
  struct Pattern {
    std::vector<Segment> segments;
    std::size_t route;
  };

  std::vector<Route> routes;
  std::vector<std::vector<Segment>> segments;                       // parallel to routes
  std::unordered_map<std::string, std::vector<std::size_t>> exact;  // path -> routes
  std::vector<Pattern> patterns;                                    // in registration order
  std::set<std::pair<std::string, std::string>> shapes;             // (method, shape): duplicates
  std::optional<Route> fallback;
};

Router::Router() : impl_(std::make_unique<Impl>()) {}
Router::~Router() = default;

void Router::add(Route route) {
  if (route.method.empty()) die("empty method", route);
  if (!route.handler) die("no handler", route);
  auto segments = parse_pattern(route);
  if (!impl_->shapes.emplace(route.method, shape_of(segments)).second) {
    die("duplicate route", route);
  }
  std::size_t index = impl_->routes.size();
  if (has_params(segments)) {
    impl_->patterns.push_back({segments, index});
  } else {
    impl_->exact[route.pattern].push_back(index);
  }
  impl_->segments.push_back(std::move(segments));
  impl_->routes.push_back(std::move(route));
}

Router::Match Router::match(const std::string& method, const std::string& path) const {
  Match result;
  std::set<std::string> allowed;  // methods of routes at this path, for 405

  if (auto it = impl_->exact.find(path); it != impl_->exact.end()) {
    for (std::size_t i : it->second) {
      const Route& route = impl_->routes[i];
      if (route.method == method) {
        result.route = &route;
        return result;
      }
      allowed.insert(route.method);
    }
  }

  auto parts = split_path(path);
  for (const auto& pattern : impl_->patterns) {
    const Route& route = impl_->routes[pattern.route];
    if (route.method == method) {
      if (matches(pattern.segments, parts, &result.path_params)) {
        result.route = &route;
        return result;
      }
    } else if (matches(pattern.segments, parts, nullptr)) {
      allowed.insert(route.method);
    }
  }

  if (allowed.empty() && impl_->fallback && method == "GET" && !path.starts_with("/api/") &&
      path != "/api") {
    result.route = &*impl_->fallback;
    return result;
  }
  if (allowed.empty()) {
    result.failure = problem_response(404, "not_found", "no resource at this path");
    return result;
  }
  std::string allow;
  for (const auto& m : allowed) {
    if (!allow.empty()) allow += ", ";
    allow += m;
  }
  result.failure = problem_response(
      405, "method_not_allowed", "this resource does not accept " + method + "; allowed: " + allow);
  result.failure.set_header("Allow", allow);
  return result;
}

Response Router::call(const Route& route, const Request& request) const {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    spdlog::error("handler {} {} threw: {}", route.method, route.pattern, e.what());
  } catch (...) {
    spdlog::error("handler {} {} threw a non-std exception", route.method, route.pattern);
  }
  // The exception text may hold internals (SQL, paths, personal data): log it, never send it.
  return problem_response(Status::internal("internal", "internal error"));
}

Response Router::dispatch(Request request) const {
  Match m = match(request.method, request.path);
  if (!m.route) return std::move(m.failure);
  request.path_params = std::move(m.path_params);
  return call(*m.route, request);
}

const std::vector<Route>& Router::routes() const { return impl_->routes; }

void Router::set_fallback(Route route) {
  if (!route.handler) die("no handler", route);
  impl_->fallback = std::move(route);
}

namespace {

json::object problem_schema() {
  json::object field_error{
      {"type", "object"},
      {"required", json::array{"field", "code", "message"}},
      {"properties",
       json::object{
           {"field", {{"type", "string"}}},
           {"code", {{"type", "string"}}},
           {"message", {{"type", "string"}}},
       }},
  };
  return json::object{
      {"type", "object"},
      {"description", "RFC 9457 problem details; `code` is stable and machine-readable"},
      {"required", json::array{"type", "status", "code", "title", "detail", "errors"}},
      {"properties",
       json::object{
           {"type", {{"type", "string"}}},
           {"status", {{"type", "integer"}}},
           {"code", {{"type", "string"}}},
           {"title", {{"type", "string"}}},
           {"detail", {{"type", "string"}}},
           {"errors", {{"type", "array"}, {"items", field_error}}},
       }},
  };
}

json::object problem_content() {
  return json::object{
      {"application/problem+json", {{"schema", {{"$ref", "#/components/schemas/Problem"}}}}},
  };
}

// The standard error responses, by status, with the component name each is filed under.
struct StandardError {
  int status;
  const char* component;
  const char* description;
};
constexpr StandardError kStandardErrors[] = {
    {400, "BadRequest", "The request cannot be parsed"},
    {401, "Unauthorized", "Not signed in"},
    {403, "Forbidden", "The caller lacks the permission"},
    {404, "NotFound", "No such resource"},
    {409, "Conflict", "Duplicate, capacity or illegal state transition"},
    {422, "UnprocessableContent", "A value breaks a rule; see errors"},
    {429, "TooManyRequests", "Rate limited; retry after Retry-After seconds"},
    {503, "ServiceUnavailable", "Overloaded; retry after Retry-After seconds"},
};

const StandardError* standard_error(int status) {
  for (const auto& e : kStandardErrors) {
    if (e.status == status) return &e;
  }
  return nullptr;
}

json::object operation_for(const Route& route, const std::vector<Segment>& segments) {
  const RouteDoc& doc = route.doc;
  json::object op;
  if (!doc.tag.empty()) op["tags"] = json::array{json::value(doc.tag)};
  if (!doc.summary.empty()) op["summary"] = doc.summary;
  op["operationId"] = lowercase(route.method) + shape_of(segments);
  // Copied as is: an empty permission shows up as "" rather than being passed off as
  // public, so a route that forgot to declare one is visible in the document.
  op["x-permission"] = doc.permission;

  json::array parameters;
  bool has_path_param = false;
  for (const auto& s : segments) {
    if (!s.is_param) continue;
    has_path_param = true;
    parameters.push_back(json::object{
        {"name", s.text}, {"in", "path"}, {"required", true}, {"schema", {{"type", "string"}}}});
  }
  for (const auto& q : doc.query_params) {
    parameters.push_back(json::object{
        {"name", q}, {"in", "query"}, {"required", false}, {"schema", {{"type", "string"}}}});
  }
  if (!parameters.empty()) op["parameters"] = std::move(parameters);

  if (!doc.request_schema.is_null()) {
    op["requestBody"] = json::object{
        {"required", true},
        {"content", {{"application/json", {{"schema", doc.request_schema}}}}},
    };
  }

  // The success response: 200 unless the route lists its own 2xx (e.g. 201 Created).
  json::object responses;
  int success = 200;
  std::string success_description = "OK";
  for (const auto& [status, description] : doc.responses) {
    if (status >= 200 && status < 300) {
      success = status;
      success_description = description;
    }
  }
  json::object ok{{"description", success_description}};
  if (!doc.response_schema.is_null()) {
    ok["content"] = json::object{{"application/json", {{"schema", doc.response_schema}}}};
  }
  responses[std::to_string(success)] = std::move(ok);

  auto add_standard = [&](int status) {
    responses[std::to_string(status)] = json::object{
        {"$ref", std::string("#/components/responses/") + standard_error(status)->component}};
  };
  bool has_body = route.method == "POST" || route.method == "PATCH" || route.method == "PUT";
  if (has_body) add_standard(400);
  if (doc.permission != "public") {
    add_standard(401);
    add_standard(403);
  }
  if (has_path_param) add_standard(404);
  if (has_body) add_standard(422);
  if (!route.inline_handler) add_standard(503);  // the handler pool may be saturated

  for (const auto& [status, description] : doc.responses) {
    if (status >= 200 && status < 300) continue;
    responses[std::to_string(status)] =
        json::object{{"description", description}, {"content", problem_content()}};
  }
  op["responses"] = std::move(responses);
  return op;
}

}  // namespace

json::value Router::openapi(const std::string& title, const std::string& version) const {
  json::object paths;
  for (std::size_t i = 0; i < impl_->routes.size(); ++i) {
    const Route& route = impl_->routes[i];
    json::value& item = paths[route.pattern];
    if (item.is_null()) item = json::object{};
    item.as_object()[lowercase(route.method)] = operation_for(route, impl_->segments[i]);
  }

  json::object responses;
  for (const auto& e : kStandardErrors) {
    responses[e.component] =
        json::object{{"description", e.description}, {"content", problem_content()}};
  }

  return json::object{
      {"openapi", "3.1.0"},
      {"info", {{"title", title}, {"version", version}}},
      {"paths", std::move(paths)},
      {"components",
       {
           {"schemas", {{"Problem", problem_schema()}}},
           {"responses", std::move(responses)},
       }},
  };
}

}  // namespace cordon::http
