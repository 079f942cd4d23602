#include "core/status.h"

namespace cordon {

const char* kind_name(Status::Kind kind) {
  switch (kind) {
    case Status::Kind::kOk: return "ok";
    case Status::Kind::kMalformed: return "malformed";
    case Status::Kind::kInvalid: return "invalid";
    case Status::Kind::kUnauthenticated: return "unauthenticated";
    case Status::Kind::kForbidden: return "forbidden";
    case Status::Kind::kNotFound: return "not_found";
    case Status::Kind::kConflict: return "conflict";
    case Status::Kind::kTooManyRequests: return "too_many_requests";
    case Status::Kind::kUnavailable: return "unavailable";
    case Status::Kind::kInternal: return "internal";
  }
  return "unknown";
}

std::string Status::to_string() const {
  if (ok()) return "ok";
  std::string out = std::string(kind_name(kind_)) + "(" + code_ + "): " + message_;
  for (const auto& e : errors_) out += " [" + e.field + ": " + e.code + "]";
  return out;
}

Status Validation::status() const {
  if (errors_.empty()) return Status();
  if (errors_.size() == 1) return Status::invalid(errors_[0].code, errors_[0].message, errors_);
  return Status::invalid("validation_failed",
                         std::to_string(errors_.size()) + " fields are invalid", errors_);
}

}  // namespace cordon
