// Request and Response: the plain values a cordon handler maps one to the other.
//
// Handlers never see a socket or Boost.Beast: the session (server.cc) parses the wire
// request into a Request, calls the router, and serializes the Response. That keeps
// Beast out of every translation unit but one and lets handlers be tested directly.
#pragma once

#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <boost/json/value.hpp>

#include "core/status.h"

namespace cordon::http {

struct Request {
  std::string method;  // "GET", "POST", ...
  std::string path;    // decoded path without query: "/api/v1/persons/12"
  std::multimap<std::string, std::string> query;  // decoded query parameters
  std::map<std::string, std::string> headers;     // lowercase names
  std::string body;
  std::string remote_address;  // "127.0.0.1"
  // Filled by the router from the matched pattern: {"id": "12"} for /persons/{id}.
  std::map<std::string, std::string> path_params;

  // The first value of a query parameter, or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> header(std::string_view lowercase_name) const;
  std::string_view path_param(std::string_view name) const;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers

  Response& set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// 200/201/... with a JSON body.
Response json_response(int status, const boost::json::value& body);

// The HTTP status for a Status kind: malformed 400, invalid 422, unauthenticated 401,
// forbidden 403, not_found 404, conflict 409, too_many_requests 429, unavailable 503,
// internal 500. The one place that mapping lives.
int http_status_for(Status::Kind kind);

// An application/problem+json response (RFC 9457) for a failed status:
// {"type": "about:blank", "status", "code", "title", "detail", "errors": [{field, code,
// message}]}. 429 and 503 carry Retry-After: 1. `title` is the reason phrase of the
// status; `detail` the status message.
Response problem_response(const Status& status);

// Parses a JSON object body; a malformed (400, code "malformed_json") status when the
// body is not JSON or not an object.
Result<boost::json::object> parse_json_object(const Request& request);

}  // namespace cordon::http
