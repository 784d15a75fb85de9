#pragma once
// `ordo quality normalize --kind phone|address [--region CN]`: one raw value per line on
// stdin → one JSON object per line on stdout, in the same order (docs/quality.md shows the
// fields). Every input line gets exactly one output line: an empty line or one that is not
// UTF-8 gets an object with "error" and valid:false, never silence and never a crash.
#include <iosfwd>
#include <string>
#include <string_view>

namespace ordo::app {

enum class NormalizeKind { kPhone, kAddress };

struct QualityNormalizeOptions {
  NormalizeKind kind = NormalizeKind::kPhone;
  std::string region = "CN";  // default region for phone numbers without a country code
};

// Returns the exit code: 0 (even when values are invalid: that is data, not failure), or 2 when
// the input cannot be read.
int RunQualityNormalize(const QualityNormalizeOptions& options, std::istream& in, std::ostream& out);

// One line's JSON object (without the newline); `line_number` counts from 1.
std::string NormalizePhoneLineJson(std::string_view line, long line_number, std::string_view region);
std::string NormalizeAddressLineJson(std::string_view line, long line_number);

}  // namespace ordo::app
