#include "quality/phone.hpp"

namespace ordo::quality {

std::string_view PhoneTypeName(PhoneType type) {
  switch (type) {
    case PhoneType::kUnknown: return "unknown";
    case PhoneType::kMobile: return "mobile";
    case PhoneType::kFixedLine: return "fixed_line";
    case PhoneType::kFixedOrMobile: return "fixed_or_mobile";
    case PhoneType::kVirtual: return "virtual";
    case PhoneType::kTollFree: return "toll_free";
    case PhoneType::kOther: return "other";
  }
  return "unknown";
}

std::string_view PhoneProblemName(PhoneProblem problem) {
  switch (problem) {
    case PhoneProblem::kNone: return "none";
    case PhoneProblem::kEmpty: return "empty";
    case PhoneProblem::kInvalidUtf8: return "invalid_utf8";
    case PhoneProblem::kNotANumber: return "not_a_number";
    case PhoneProblem::kTooShort: return "too_short";
    case PhoneProblem::kTooLong: return "too_long";
    case PhoneProblem::kInvalidCountryCode: return "invalid_country_code";
    case PhoneProblem::kInvalidForRegion: return "invalid_for_region";
    case PhoneProblem::kUnassignedMobileRange: return "unassigned_mobile_range";
    case PhoneProblem::kBadExtension: return "bad_extension";
  }
  return "unknown";
}

}  // namespace ordo::quality
