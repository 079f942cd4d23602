// Reads the fields of a JSON request body into optionals, collecting every type error and
// every unknown field so a client learns all its mistakes from one 422.
//
// Not thread-safe; one per request.
#pragma once

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <boost/json/object.hpp>

#include "core/status.h"
#include "http/message.h"

namespace cordon::http {

class JsonFields {
 public:
  explicit JsonFields(const boost::json::object& obj) : obj_(obj) {}

  // Each getter: nullopt when absent or null; a field error when of the wrong type.
  std::optional<std::string> text(const char* name);
  std::optional<int64_t> integer(const char* name);
  std::optional<std::vector<std::string>> text_list(const char* name);
  // Any JSON number (integer or not).
  std::optional<double> number(const char* name);
  std::optional<bool> boolean(const char* name);
  std::optional<std::vector<int64_t>> integer_list(const char* name);

  // Ok, or 422 listing type errors and fields this endpoint does not know.
  Status finish();

 private:
  const boost::json::value* get(const char* name);

  const boost::json::object& obj_;
  std::set<std::string> known_;
  Validation errors_;
};

// The fields of a request's JSON object body. A body that is not a JSON object makes
// every getter return nullopt and finish() return the malformed (400) status, so a
// handler reads its fields and checks once.
class RequestFields {
 public:
  explicit RequestFields(const Request& r)
      : body_(parse_json_object(r)), fields_(body_.ok() ? *body_ : empty_) {}
  RequestFields(const RequestFields&) = delete;  // fields_ refers into this object
  RequestFields& operator=(const RequestFields&) = delete;
  std::optional<std::string> text(const char* name) { return fields_.text(name); }
  std::optional<int64_t> integer(const char* name) { return fields_.integer(name); }
  std::optional<std::vector<std::string>> text_list(const char* name) {
    return fields_.text_list(name);
  }
  std::optional<double> number(const char* name) { return fields_.number(name); }
  std::optional<bool> boolean(const char* name) { return fields_.boolean(name); }
  std::optional<std::vector<int64_t>> integer_list(const char* name) {
    return fields_.integer_list(name);
  }
  JsonFields& fields() { return fields_; }
  Status finish() { return body_.ok() ? fields_.finish() : body_.status(); }

 private:
  Result<boost::json::object> body_;
  boost::json::object empty_;
  JsonFields fields_;
};

// Parses a path parameter or query value as a positive id; not found ("not_found") when
// it is not one, since a malformed id names no record.
Result<int64_t> parse_id(std::string_view text);

// Parses an optional integer query parameter; invalid for `field` when not an integer.
Result<std::optional<int64_t>> parse_optional_int(const std::optional<std::string>& text,
                                                  const char* field);

}  // namespace cordon::http
