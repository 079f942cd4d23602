// Router: maps (method, path) to a handler and describes every route for OpenAPI.
//
// Exact paths are found by hash lookup; paths with parameters ("/persons/{id}") are
// tried next, in registration order, segment by segment (a parameter matches one
// non-empty segment). An exact route of the request's method wins over a pattern. A path
// that exists with another method answers 405 with an Allow header listing them
// ("DELETE, GET"); an unknown path 404; both as problem+json ("method_not_allowed",
// "not_found").
//
// Routes are registered before the server starts; after that the Router is read-only and
// safe to use from many threads at once.
#pragma once

#include <functional>
#include <map>
#include <memory>
#include <string>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "http/message.h"

namespace cordon::http {

using Handler = std::function<Response(const Request&)>;

// What OpenAPI says about a route, and what it needs.
struct RouteDoc {
  std::string summary;
  std::string permission;  // the permission the route needs ("persons.read"), or "public"
  std::string tag;         // groups routes in the document ("persons")
  // Optional JSON Schema fragments; null when not described.
  boost::json::value request_schema;
  boost::json::value response_schema;
  std::vector<std::string> query_params;  // names of accepted query parameters
  // Extra responses beyond the default ones, e.g. {409, "duplicate id_number"}. A 2xx
  // entry replaces the default success response "200 OK" (e.g. {201, "Created"}).
  // Defaults: 400 and 422 for POST/PATCH/PUT, 401 and 403 unless permission is "public",
  // 404 for patterns with a parameter, 503 for routes that run on the handler pool.
  std::vector<std::pair<int, std::string>> responses;
};

struct Route {
  std::string method;
  std::string pattern;  // "/api/v1/persons/{id}"
  Handler handler;
  RouteDoc doc;
  // Cheap handlers that never block (no store access) run on the I/O thread instead of
  // the handler pool.
  bool inline_handler = false;
};

class Router {
 public:
  Router();
  ~Router();
  Router(const Router&) = delete;
  Router& operator=(const Router&) = delete;

  // Registers a route. A duplicate (method, pattern) or a malformed pattern is a
  // programming error and aborts.
  void add(Route route);

  struct Match {
    const Route* route = nullptr;  // null: see `failure`
    std::map<std::string, std::string> path_params;
    Response failure;  // 404 or 405 problem when route is null
  };
  Match match(const std::string& method, const std::string& path) const;

  // Matches and calls the handler; catches exceptions thrown by a handler and answers 500
  // (logging the fault) so one bad request never takes the server down.
  Response dispatch(Request request) const;

  // Calls `route`'s handler (request.path_params already filled from match()) with the
  // same exception-to-500 guard as dispatch(). Lets the server match once on the I/O
  // thread and run the handler wherever the route says.
  Response call(const Route& route, const Request& request) const;

  const std::vector<Route>& routes() const;

  // The route that answers a GET whose path no route matches and that lies outside
  // "/api/" (the web UI's files and its client-side routes). It is not in routes() nor in
  // the OpenAPI document. Without one, such requests answer 404 like any unknown path.
  void set_fallback(Route route);

  // The OpenAPI 3.1 document for every registered route; each operation carries
  // "x-permission" with the route's permission.
  boost::json::value openapi(const std::string& title, const std::string& version) const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace cordon::http
