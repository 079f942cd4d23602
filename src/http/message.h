// Request and Response: the plain values a cordon handler maps one to the other.
//
// Handlers never see a socket or Boost.Beast: the session (server.cc) parses the wire
// request into a Request, calls the router, and serializes the Response. That keeps
// Beast out of every translation unit but one and lets handlers be tested directly.
#pragma once

#include <functional>
#include <map>
#include <memory>
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
  // Percent-decoded path without query: "/api/v1/persons/12". Routing matches this decoded
  // form, so "%2F" splits a segment like '/'; identifiers never contain '/'.
  std::string path;
  // Decoded query parameters, in order; '+' decodes to a space; "?flag" gives {"flag", ""}.
  std::multimap<std::string, std::string> query;
  // Lowercase names; a repeated header is joined into one comma-separated value.
  std::map<std::string, std::string> headers;
  std::string body;
  std::string remote_address;  // "127.0.0.1"
  // Filled by the router from the matched pattern: {"id": "12"} for /persons/{id}.
  std::map<std::string, std::string> path_params;

  // The first value of a query parameter, or nullopt.
  std::optional<std::string> query_param(std::string_view name) const;
  std::optional<std::string> header(std::string_view lowercase_name) const;
  std::string_view path_param(std::string_view name) const;
};

// A response body produced over time, such as Server-Sent Events. The server writes the
// status and headers at once, then whatever take() returns each time the stream calls
// `wake`, until finished() or the client goes away; then it drops its reference (which
// should end any subscription the stream holds) and closes the connection. Every
// `heartbeat` without data the server sends take_heartbeat() so that proxies keep the
// connection and a departed client is noticed.
//
// Thread-safety: start(), take(), take_heartbeat() and finished() are called on the
// connection's I/O thread; `wake` may be called from any thread, any number of times, until
// the stream is destroyed.
class ResponseStream {
 public:
  virtual ~ResponseStream() = default;
  virtual void start(std::function<void()> wake) = 0;
  // What is ready to send; "" when nothing is. Never blocks.
  virtual std::string take() = 0;
  virtual std::string take_heartbeat() = 0;
  virtual bool finished() = 0;
};

struct Response {
  int status = 200;
  std::string content_type = "application/json";
  std::string body;
  std::vector<std::pair<std::string, std::string>> headers;  // extra headers
  // Set: `body` is ignored and the stream supplies the body (see ResponseStream).
  std::shared_ptr<ResponseStream> stream;

  Response& set_header(std::string name, std::string value) {
    headers.emplace_back(std::move(name), std::move(value));
    return *this;
  }
};

// 200/201/... with a JSON body.
Response json_response(int status, const boost::json::value& body);
// The same for an object or an array, serialized in place: passing them where a value is
// expected would deep-copy the whole body first.
Response json_response(int status, const boost::json::object& body);
Response json_response(int status, const boost::json::array& body);

// The HTTP status for a Status kind: malformed 400, invalid 422, unauthenticated 401,
// forbidden 403, not_found 404, conflict 409, too_many_requests 429, unavailable 503,
// internal 500. The one place that mapping lives.
int http_status_for(Status::Kind kind);

// An application/problem+json response (RFC 9457) for a failed status:
// {"type": "about:blank", "status", "code", "title", "detail", "errors": [{field, code,
// message}]}. 429 and 503 carry Retry-After: 1. `title` is the reason phrase of the
// status; `detail` the status message. An ok status is a caller bug and answers 500.
Response problem_response(const Status& status);

// The same document for an HTTP status that no Status::Kind maps to (405 from the router,
// 413 and 431 from the session). `errors` may be empty; the "errors" array is always
// present in the body.
Response problem_response(int http_status, std::string_view code, std::string_view detail,
                          const std::vector<FieldError>& errors = {});

// The RFC 9110 reason phrase ("Not Found"); "Unknown" for codes cordon does not use.
std::string_view reason_phrase(int status);

// Parses a JSON object body; a malformed (400, code "malformed_json") status when the
// body is not JSON or not an object. Never throws (except std::bad_alloc).
Result<boost::json::object> parse_json_object(const Request& request);

}  // namespace cordon::http
