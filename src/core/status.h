// Status and Result<T>: how every layer of cordon reports an expected failure.
//
// A Status is either ok or carries a Kind (which decides the HTTP status in one place,
// http/problem.cc), a stable machine-readable `code` ("person.duplicate_id_number"),
// a human message, and per-field errors. Expected failures (bad input, not found,
// conflict, forbidden) travel as values; exceptions are reserved for faults that abort a
// whole request and are caught at the connection boundary.
//
// Status and Result are plain values: copyable, movable, not synchronized.
#pragma once

#include <cassert>
#include <optional>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace cordon {

// One problem with one input field. `field` names the field as the client sent it
// (snake_case, dotted for nested fields: "address.grid_id"); `code` is stable.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;

  bool operator==(const FieldError&) const = default;
};

class Status {
 public:
  // What kind of failure this is; decides the HTTP status code.
  enum class Kind {
    kOk,
    kMalformed,         // 400: the request cannot be parsed at all
    kInvalid,           // 422: parsed, but a value breaks a rule
    kUnauthenticated,   // 401
    kForbidden,         // 403
    kNotFound,          // 404 (also used where existence must not leak)
    kConflict,          // 409: duplicate, capacity, illegal state transition
    kTooManyRequests,   // 429
    kUnavailable,       // 503: overloaded or shutting down; retry later
    kInternal,          // 500: a fault in cordon or its store
  };

  Status() = default;  // ok

  static Status malformed(std::string code, std::string message) {
    return Status(Kind::kMalformed, std::move(code), std::move(message));
  }
  static Status invalid(std::string code, std::string message,
                        std::vector<FieldError> errors = {}) {
    return Status(Kind::kInvalid, std::move(code), std::move(message), std::move(errors));
  }
  // A single invalid field: the common case for validation.
  static Status invalid_field(std::string field, std::string code, std::string message) {
    std::vector<FieldError> errors{{std::move(field), code, message}};
    return Status(Kind::kInvalid, std::move(code), std::move(message), std::move(errors));
  }
  static Status unauthenticated(std::string code, std::string message) {
    return Status(Kind::kUnauthenticated, std::move(code), std::move(message));
  }
  static Status forbidden(std::string code, std::string message) {
    return Status(Kind::kForbidden, std::move(code), std::move(message));
  }
  static Status not_found(std::string code, std::string message) {
    return Status(Kind::kNotFound, std::move(code), std::move(message));
  }
  static Status conflict(std::string code, std::string message,
                         std::vector<FieldError> errors = {}) {
    return Status(Kind::kConflict, std::move(code), std::move(message), std::move(errors));
  }
  static Status too_many_requests(std::string code, std::string message) {
    return Status(Kind::kTooManyRequests, std::move(code), std::move(message));
  }
  static Status unavailable(std::string code, std::string message) {
    return Status(Kind::kUnavailable, std::move(code), std::move(message));
  }
  static Status internal(std::string code, std::string message) {
    return Status(Kind::kInternal, std::move(code), std::move(message));
  }

  bool ok() const { return kind_ == Kind::kOk; }
  explicit operator bool() const { return ok(); }
  Kind kind() const { return kind_; }
  const std::string& code() const { return code_; }
  const std::string& message() const { return message_; }
  const std::vector<FieldError>& errors() const { return errors_; }

  // Adds a field error; used to collect every problem of one input before answering.
  Status& add(FieldError e) {
    errors_.push_back(std::move(e));
    return *this;
  }

  // "invalid(person.bad_id_number): ..." for logs and test failure messages.
  std::string to_string() const;

 private:
  Status(Kind kind, std::string code, std::string message, std::vector<FieldError> errors = {})
      : kind_(kind), code_(std::move(code)), message_(std::move(message)),
        errors_(std::move(errors)) {}

  Kind kind_ = Kind::kOk;
  std::string code_;
  std::string message_;
  std::vector<FieldError> errors_;
};

const char* kind_name(Status::Kind kind);

// Collects field errors across a whole input so a client learns every problem at once.
class Validation {
 public:
  void add(std::string field, std::string code, std::string message) {
    errors_.push_back({std::move(field), std::move(code), std::move(message)});
  }
  // Merges the field errors of a failed status (its own code is dropped).
  void add(const Status& s) {
    for (const auto& e : s.errors()) errors_.push_back(e);
    if (s.errors().empty() && !s.ok()) errors_.push_back({"", s.code(), s.message()});
  }
  bool ok() const { return errors_.empty(); }
  // An ok status if nothing was added, else one invalid status with every error; its code
  // is the first error's code when there is only one, else "validation_failed".
  Status status() const;

 private:
  std::vector<FieldError> errors_;
};

// Either a value or a failed Status. Accessing value() of a failed Result is a bug.
template <typename T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT: implicit by design
  Result(Status status) : v_(std::move(status)) {  // NOLINT
    assert(!std::get<Status>(v_).ok() && "a Result needs a value or a failed Status");
  }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }

  const Status& status() const {
    static const Status kOk;
    return ok() ? kOk : std::get<Status>(v_);
  }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

 private:
  std::variant<T, Status> v_;
};

inline const Status& status_of(const Status& s) { return s; }
template <typename T>
const Status& status_of(const Result<T>& r) {
  return r.status();
}

}  // namespace cordon

// Returns early from a function returning Status or Result<T> when `expr` failed.
#define CORDON_RETURN_IF_ERROR(expr)                   \
  do {                                                 \
    auto cordon_status_ = (expr);                      \
    if (!cordon_status_.ok())                          \
      return ::cordon::status_of(cordon_status_);      \
  } while (0)

#define CORDON_CONCAT_INNER_(a, b) a##b
#define CORDON_CONCAT_(a, b) CORDON_CONCAT_INNER_(a, b)
// CORDON_ASSIGN_OR_RETURN(auto x, compute()); — x is the value, or the function returns
// the failed status.
#define CORDON_ASSIGN_OR_RETURN(lhs, expr)                                      \
  auto CORDON_CONCAT_(cordon_result_, __LINE__) = (expr);                       \
  if (!CORDON_CONCAT_(cordon_result_, __LINE__).ok())                           \
    return CORDON_CONCAT_(cordon_result_, __LINE__).status();                   \
  lhs = std::move(CORDON_CONCAT_(cordon_result_, __LINE__)).value()
