#pragma once
// Result<T>: a value or an Error. Shaped like std::expected so it can become an alias later.
// Expected failures (bad field, illegal transition, conflict, …) travel in Result; bugs crash.
#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

#include "core/assert.hpp"

namespace ordo::core {

// One closed set; api/problem.cpp maps each code to an HTTP status and problem type.
enum class ErrorCode {
  kInvalidArgument,    // 422: the input breaks a rule (fields name which)
  kMalformed,          // 400: the input cannot be read at all (bad JSON, bad header)
  kNotFound,           // 404
  kConflict,           // 409: version mismatch, duplicate, idempotency-key reuse
  kIllegalTransition,  // 409: state machine refuses (detail names both states)
  kRejected,           // 422: a business decision refused it (risk, rules)
  kUnauthorized,       // 401
  kForbidden,          // 403
  kTooLarge,           // 413
  kUnavailable,        // 503: store shutting down, database unreachable
  kInternal,           // 500
};

std::string_view ErrorCodeName(ErrorCode code);

// A violated rule on one input field. `field` is a JSON pointer-ish path ("lines/0/qty").
// `message` never contains personal data: it names the rule, not the value.
struct FieldError {
  std::string field;
  std::string code;
  std::string message;
  // For an entry-rule violation (quality/entry_rules.hpp): the rule's id and what it does to the
  // order ("reject" or "quarantine"). Empty for schema errors.
  std::string rule;
  std::string action;
};

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string detail;               // safe for clients and logs: no personal data
  std::vector<FieldError> fields;   // for kInvalidArgument
};

inline Error MakeError(ErrorCode code, std::string detail) { return Error{code, std::move(detail), {}}; }

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : state_(std::in_place_index<0>, std::move(value)) {}  // NOLINT: implicit by design
  Result(Error error) : state_(std::in_place_index<1>, std::move(error)) {}  // NOLINT

  bool has_value() const { return state_.index() == 0; }
  explicit operator bool() const { return has_value(); }

  T& value() & { ORDO_CHECK(has_value()); return std::get<0>(state_); }
  const T& value() const& { ORDO_CHECK(has_value()); return std::get<0>(state_); }
  T&& value() && { ORDO_CHECK(has_value()); return std::get<0>(std::move(state_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }

  const Error& error() const& { ORDO_CHECK(!has_value()); return std::get<1>(state_); }
  Error&& error() && { ORDO_CHECK(!has_value()); return std::get<1>(std::move(state_)); }

 private:
  std::variant<T, Error> state_;
};

template <>
class [[nodiscard]] Result<void> {
 public:
  Result() = default;
  Result(Error error) : error_(std::move(error)), ok_(false) {}  // NOLINT

  bool has_value() const { return ok_; }
  explicit operator bool() const { return ok_; }
  void value() const { ORDO_CHECK(ok_); }
  const Error& error() const& { ORDO_CHECK(!ok_); return error_; }
  Error&& error() && { ORDO_CHECK(!ok_); return std::move(error_); }

 private:
  Error error_;
  bool ok_ = true;
};

using Status = Result<void>;
inline Status Ok() { return {}; }

}  // namespace ordo::core

// Propagate an error from an expression returning Result<…>.
#define ORDO_TRY(expr)                                   \
  do {                                                   \
    auto&& ordo_try_result_ = (expr);                    \
    if (!ordo_try_result_.has_value())                   \
      return std::move(ordo_try_result_).error();        \
  } while (false)
