// Fuzzes the rule set routes' bodies and documents (service/rule_set_json.hpp,
// service/rule_set_diff.hpp): ParseRuleVersionInput, ParsePublicationInput, CanonicalJson and
// DiffRuleSets, on the same input.
//
// A clean refusal is correct: kMalformed, or kInvalidArgument with at least one field error whose
// pointer starts with '/'. A finding is a crash, a sanitizer report or a broken invariant:
//   1. an accepted version body has based_on >= 0, a comment of at most 500 bytes and a ruleset
//      that is a JSON object; its canonical form is canonical again unchanged (idempotent);
//   2. an accepted publication body has version >= 1 and expected_published >= 0;
//   3. a document diffed with itself (or with its canonical form) shows nothing added, removed
//      or changed.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/rule_set_json_fuzz build-fuzz/corpus/rule_set_json fuzz/corpus/rule_set_json
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "service/rule_set_diff.hpp"
#include "service/rule_set_json.hpp"

namespace {

using namespace ordo;

void Check(bool holds, const char* what, std::string_view input) {
  if (holds) return;
  std::fprintf(stderr, "rule_set_json_fuzz: %s\ninput: %.*s\n", what, static_cast<int>(input.size()), input.data());
  std::abort();
}

void CheckRefusal(const core::Error& error, std::string_view input) {
  if (error.code == core::ErrorCode::kMalformed) return;
  Check(error.code == core::ErrorCode::kInvalidArgument, "a refusal is kMalformed or kInvalidArgument", input);
  Check(!error.fields.empty(), "kInvalidArgument names a field", input);
  for (const auto& field : error.fields) {
    Check(field.field.empty() || field.field[0] == '/', "field errors are JSON pointers", input);
  }
}

void CheckSelfDiff(std::string_view left, std::string_view right, std::string_view input) {
  auto diff = service::DiffRuleSets(left, right);
  if (!diff) return;  // not a rule set document
  Check(diff->added.empty() && diff->removed.empty() && diff->changed.empty(), "a document equals itself", input);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);

  auto version = service::ParseRuleVersionInput(input);
  if (!version) {
    CheckRefusal(version.error(), input);
  } else {
    Check(version->based_on >= 0, "based_on >= 0", input);
    Check(version->comment.size() <= 500, "comment <= 500 bytes", input);
    Check(!version->ruleset_json.empty() && version->ruleset_json.front() == '{', "ruleset is an object", input);
    auto canonical = service::CanonicalJson(version->ruleset_json);
    Check(canonical.has_value(), "the ruleset member is JSON", input);
    auto again = service::CanonicalJson(*canonical);
    Check(again.has_value() && *again == *canonical, "canonical form is idempotent", input);
    CheckSelfDiff(version->ruleset_json, *canonical, input);
  }

  auto publication = service::ParsePublicationInput(input);
  if (!publication) {
    CheckRefusal(publication.error(), input);
  } else {
    Check(publication->version >= 1 && publication->expected_published >= 0, "publication numbers in range", input);
  }

  CheckSelfDiff(input, input, input);
  return 0;
}
