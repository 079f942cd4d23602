#include "http/json_fields.h"

#include <charconv>

namespace cordon::http {

const boost::json::value* JsonFields::get(const char* name) {
  known_.insert(name);
  auto it = obj_.find(name);
  if (it == obj_.end() || it->value().is_null()) return nullptr;
  return &it->value();
}

std::optional<std::string> JsonFields::text(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (!v->is_string()) {
    errors_.add(name, "expected_string", std::string(name) + " must be a string");
    return std::nullopt;
  }
  return std::string(v->get_string());
}

std::optional<int64_t> JsonFields::integer(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_int64()) return v->get_int64();
  if (v->is_uint64() && v->get_uint64() <= static_cast<uint64_t>(INT64_MAX))
    return static_cast<int64_t>(v->get_uint64());
  errors_.add(name, "expected_integer", std::string(name) + " must be an integer");
  return std::nullopt;
}

std::optional<std::vector<std::string>> JsonFields::text_list(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (!v->is_array()) {
    errors_.add(name, "expected_array", std::string(name) + " must be an array of strings");
    return std::nullopt;
  }
  std::vector<std::string> out;
  for (const auto& item : v->get_array()) {
    if (!item.is_string()) {
      errors_.add(name, "expected_array", std::string(name) + " must be an array of strings");
      return std::nullopt;
    }
    out.emplace_back(item.get_string());
  }
  return out;
}

std::optional<double> JsonFields::number(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_double()) return v->get_double();
  if (v->is_int64()) return static_cast<double>(v->get_int64());
  if (v->is_uint64()) return static_cast<double>(v->get_uint64());
  errors_.add(name, "expected_number", std::string(name) + " must be a number");
  return std::nullopt;
}

std::optional<bool> JsonFields::boolean(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  if (v->is_bool()) return v->get_bool();
  errors_.add(name, "expected_boolean", std::string(name) + " must be true or false");
  return std::nullopt;
}

std::optional<std::vector<int64_t>> JsonFields::integer_list(const char* name) {
  const auto* v = get(name);
  if (!v) return std::nullopt;
  std::vector<int64_t> out;
  if (v->is_array()) {
    for (const auto& item : v->get_array()) {
      if (item.is_int64()) out.push_back(item.get_int64());
      else break;
    }
    if (out.size() == v->get_array().size()) return out;
  }
  errors_.add(name, "expected_array", std::string(name) + " must be an array of integers");
  return std::nullopt;
}

Status JsonFields::finish() {
  for (const auto& [key, value] : obj_)
    if (!known_.count(std::string(key)))
      errors_.add(std::string(key), "unknown_field", "this field is not accepted here");
  return errors_.status();
}

Result<int64_t> parse_id(std::string_view text) {
  int64_t id = 0;
  auto r = std::from_chars(text.data(), text.data() + text.size(), id);
  if (r.ec != std::errc() || r.ptr != text.data() + text.size() || id <= 0)
    return Status::not_found("not_found", "no such record");
  return id;
}

Result<std::optional<int64_t>> parse_optional_int(const std::optional<std::string>& text,
                                                  const char* field) {
  if (!text || text->empty()) return std::optional<int64_t>();
  int64_t v = 0;
  auto r = std::from_chars(text->data(), text->data() + text->size(), v);
  if (r.ec != std::errc() || r.ptr != text->data() + text->size())
    return Status::invalid_field(field, "expected_integer",
                                 std::string(field) + " must be an integer");
  return std::optional<int64_t>(v);
}

}  // namespace cordon::http
