#pragma once
// What the inventory parser targets (location_json, carrier_rates_json, stock_changes_json,
// stock_csv) check of every refusal, and the ORDO_FUZZ_EXPECT_ACCEPT switch fuzz-smoke.sh sets
// for the valid-* seeds.
#include <cstdio>
#include <cstdlib>
#include <string_view>

#include "core/result.hpp"
#include "service/inventory_json.hpp"

namespace ordo::fuzz {

[[noreturn]] inline void InvariantBroken(const char* target, const char* what, std::string_view input) {
  std::fprintf(stderr, "%s: invariant broken: %s\ninput: %.*s\n", target, what, static_cast<int>(input.size()),
               input.data());
  std::abort();
}

#define INVENTORY_FUZZ_CHECK(condition, input)                              \
  do {                                                                      \
    if (!(condition)) ::ordo::fuzz::InvariantBroken(kTarget, #condition, input); \
  } while (false)

inline bool ExpectAccept() {
  static const bool expect = [] {
    const char* value = std::getenv("ORDO_FUZZ_EXPECT_ACCEPT");
    return value != nullptr && std::string_view(value) == "1";
  }();
  return expect;
}

// A refusal says why: kMalformed (unreadable), or kInvalidArgument listing 1..kMaxListedProblems+1
// problems, each at a JSON pointer ("" or "/…") with a rule code. A valid-* seed is never refused.
inline void CheckRefusal(const char* target, const core::Error& error, std::string_view input) {
  if (ExpectAccept()) {
    std::fprintf(stderr, "%s: a valid-* seed was refused: %s\n", target, error.detail.c_str());
    for (const core::FieldError& field : error.fields) {
      std::fprintf(stderr, "  %s %s: %s\n", field.field.c_str(), field.code.c_str(), field.message.c_str());
    }
    std::abort();
  }
  if (error.code == core::ErrorCode::kMalformed) return;
  if (error.code != core::ErrorCode::kInvalidArgument) InvariantBroken(target, "refused with an unexpected code", input);
  if (error.fields.empty() || error.fields.size() > service::kMaxListedProblems + 1) {
    InvariantBroken(target, "problem count outside 1..kMaxListedProblems+1", input);
  }
  for (const core::FieldError& field : error.fields) {
    if (!(field.field.empty() || field.field.front() == '/')) InvariantBroken(target, "a problem without a pointer", input);
    if (field.code.empty()) InvariantBroken(target, "a problem without a rule code", input);
  }
}

}  // namespace ordo::fuzz
