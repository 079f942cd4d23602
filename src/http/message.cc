#include "http/message.h"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>

namespace cordon::http {

namespace json = boost::json;

std::optional<std::string> Request::query_param(std::string_view name) const {
  auto it = query.find(std::string(name));
  if (it == query.end()) return std::nullopt;
  return it->second;
}

std::optional<std::string> Request::header(std::string_view lowercase_name) const {
  auto it = headers.find(std::string(lowercase_name));
  if (it == headers.end()) return std::nullopt;
  return it->second;
}

std::string_view Request::path_param(std::string_view name) const {
  auto it = path_params.find(std::string(name));
  if (it == path_params.end()) return {};
  return it->second;
}

std::string_view reason_phrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 201:
      return "Created";
    case 202:
      return "Accepted";
    case 204:
      return "No Content";
    case 301:
      return "Moved Permanently";
    case 302:
      return "Found";
    case 304:
      return "Not Modified";
    case 400:
      return "Bad Request";
    case 401:
      return "Unauthorized";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 408:
      return "Request Timeout";
    case 409:
      return "Conflict";
    case 410:
      return "Gone";
    case 412:
      return "Precondition Failed";
    case 413:
      return "Content Too Large";
    case 415:
      return "Unsupported Media Type";
    case 422:
      return "Unprocessable Content";
    case 428:
      return "Precondition Required";
    case 429:
      return "Too Many Requests";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    default:
      return "Unknown";
  }
}

namespace {

template <typename Json>
Response serialized(int status, const Json& body) {
  Response response;
  response.status = status;
  response.body = json::serialize(body);
  return response;
}

}  // namespace

Response json_response(int status, const json::value& body) { return serialized(status, body); }
Response json_response(int status, const json::object& body) { return serialized(status, body); }
Response json_response(int status, const json::array& body) { return serialized(status, body); }

int http_status_for(Status::Kind kind) {
  switch (kind) {
    case Status::Kind::kOk:
      return 200;
    case Status::Kind::kMalformed:
      return 400;
    case Status::Kind::kInvalid:
      return 422;
    case Status::Kind::kUnauthenticated:
      return 401;
    case Status::Kind::kForbidden:
      return 403;
    case Status::Kind::kNotFound:
      return 404;
    case Status::Kind::kConflict:
      return 409;
    case Status::Kind::kTooManyRequests:
      return 429;
    case Status::Kind::kUnavailable:
      return 503;
    case Status::Kind::kInternal:
      return 500;
  }
  return 500;
}

Response problem_response(int http_status, std::string_view code, std::string_view detail,
                          const std::vector<FieldError>& errors) {
  json::array error_array;
  error_array.reserve(errors.size());
  for (const auto& e : errors) {
    error_array.push_back(json::object{
        {"field", e.field},
        {"code", e.code},
        {"message", e.message},
    });
  }
  json::object body{
      {"type", "about:blank"}, {"status", http_status},
      {"code", code},          {"title", reason_phrase(http_status)},
      {"detail", detail},      {"errors", std::move(error_array)},
  };
  Response response = json_response(http_status, body);
  response.content_type = "application/problem+json";
  if (http_status == 429 || http_status == 503) response.set_header("Retry-After", "1");
  return response;
}

Response problem_response(const Status& status) {
  if (status.ok()) {
    // A caller bug: there is no problem to describe. Answer 500 rather than a 200 that
    // claims to be a problem document.
    return problem_response(500, "internal", "internal error", {});
  }
  return problem_response(http_status_for(status.kind()), status.code(), status.message(),
                          status.errors());
}

Result<json::object> parse_json_object(const Request& request) {
  boost::system::error_code ec;
  json::value value = json::parse(request.body, ec);
  if (ec) return Status::malformed("malformed_json", "the body is not valid JSON");
  if (!value.is_object()) {
    return Status::malformed("malformed_json", "the body must be a JSON object");
  }
  return std::move(value.as_object());
}

}  // namespace cordon::http
