#include "quality/phone.hpp"

#include <phonenumbers/phonenumberutil.h>

#include "quality/detail/cn_mobile_prefixes.hpp"
#include "quality/detail/phone_text.hpp"

namespace ordo::quality {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

// China's virtual-operator (MVNO) mobile blocks: 162 (China Telecom), 165 (China Mobile),
// 167 (China Unicom), 170 and 171 (all three). libphonenumber types them as plain mobiles.
bool IsCnVirtualOperatorRange(std::string_view national) {
  if (national.size() != 11) return false;
  const std::string_view head = national.substr(0, 3);
  return head == "162" || head == "165" || head == "167" || head == "170" || head == "171";
}

// A Chinese number written with its country code: "+86…", "0086…", or "86" + an 11-digit
// mobile. Returns the national digits, or an empty view when `text` is not one.
std::string_view CnNationalDigits(std::string_view digits, bool plus, bool default_cn) {
  if (plus) return digits.starts_with("86") ? digits.substr(2) : std::string_view{};
  if (digits.starts_with("0086")) return digits.substr(4);
  if (!default_cn) return {};
  if (digits.size() == 13 && digits.starts_with("861")) return digits.substr(2);
  return digits;
}

// What a valid number becomes in the result; shared by the fast and the slow path so that
// both type and flag a number the same way.
void SetValid(NormalizedPhone& phone, PhoneType type, std::string_view region, std::string_view national_digits) {
  if (region == "CN" && type == PhoneType::kMobile && IsCnVirtualOperatorRange(national_digits)) type = PhoneType::kVirtual;
  if (!phone.extension.empty() && (type == PhoneType::kMobile || type == PhoneType::kVirtual)) {
    // Mobiles have no extensions: a mobile plus an extension is a privacy relay (AXN).
    type = PhoneType::kVirtual;
    phone.privacy_relay = true;
  }
  phone.valid = true;
  phone.problem = PhoneProblem::kNone;
  phone.type = type;
  phone.region = region;
}

bool FastCnMobile(std::string_view national, NormalizedPhone& phone) {
  if (national.size() != 11 || national[0] != '1') return false;
  const detail::CnMobileClass cls = detail::CnMobilePrefixes::Get().Classify(national);
  if (cls == detail::CnMobileClass::kAskLibrary) return false;
  phone.e164.reserve(14);
  phone.e164.assign("+86").append(national);
  if (cls == detail::CnMobileClass::kUnassigned) {
    phone.problem = PhoneProblem::kUnassignedMobileRange;
    return true;
  }
  // libphonenumber's national format for Chinese mobiles: "138 1234 5678".
  phone.national.reserve(13);
  phone.national.assign(national.substr(0, 3)).append(" ").append(national.substr(3, 4)).append(" ").append(national.substr(7));
  SetValid(phone, PhoneType::kMobile, "CN", national);
  return true;
}

PhoneType TypeOf(PhoneNumberUtil::PhoneNumberType type) {
  switch (type) {
    case PhoneNumberUtil::MOBILE: return PhoneType::kMobile;
    case PhoneNumberUtil::FIXED_LINE: return PhoneType::kFixedLine;
    case PhoneNumberUtil::FIXED_LINE_OR_MOBILE: return PhoneType::kFixedOrMobile;
    case PhoneNumberUtil::TOLL_FREE: return PhoneType::kTollFree;
    case PhoneNumberUtil::UNKNOWN: return PhoneType::kUnknown;
    default: return PhoneType::kOther;
  }
}

PhoneProblem ProblemOf(PhoneNumberUtil::ErrorType error) {
  switch (error) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE_ERROR: return PhoneProblem::kInvalidCountryCode;
    case PhoneNumberUtil::TOO_SHORT_AFTER_IDD:
    case PhoneNumberUtil::TOO_SHORT_NSN: return PhoneProblem::kTooShort;
    case PhoneNumberUtil::TOO_LONG_NSN: return PhoneProblem::kTooLong;
    default: return PhoneProblem::kNotANumber;
  }
}

PhoneProblem ProblemOf(PhoneNumberUtil::ValidationResult result, const PhoneNumber& number,
                       std::string_view national_digits) {
  switch (result) {
    case PhoneNumberUtil::INVALID_COUNTRY_CODE: return PhoneProblem::kInvalidCountryCode;
    case PhoneNumberUtil::TOO_SHORT:
    case PhoneNumberUtil::IS_POSSIBLE_LOCAL_ONLY: return PhoneProblem::kTooShort;
    case PhoneNumberUtil::TOO_LONG: return PhoneProblem::kTooLong;
    default: break;
  }
  // In China only mobiles start with 1 but 10 (010 is Beijing's area code written without its
  // trunk 0), and every mobile has 11 digits: say which way a 1x number is off.
  if (number.country_code() == 86 && national_digits.size() >= 2 && national_digits[0] == '1' && national_digits[1] != '0') {
    if (national_digits.size() < 11) return PhoneProblem::kTooShort;
    if (national_digits.size() > 11) return PhoneProblem::kTooLong;
  }
  if (number.country_code() == 86 && national_digits.size() == 11 && national_digits[0] == '1') {
    return PhoneProblem::kUnassignedMobileRange;
  }
  return PhoneProblem::kInvalidForRegion;
}

// libphonenumber on `digits` (with '+' when written so); the extension is already in `phone`.
NormalizedPhone Slow(std::string_view digits, bool plus, std::string_view extension, const std::string& region) {
  NormalizedPhone phone;
  phone.extension = extension;
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  std::string text;
  text.reserve(digits.size() + 1);
  if (plus) text.push_back('+');
  text.append(digits);
  PhoneNumber number;
  const PhoneNumberUtil::ErrorType error = util.Parse(text, region, &number);
  if (error != PhoneNumberUtil::NO_PARSING_ERROR) {
    phone.problem = ProblemOf(error);
    return phone;
  }
  util.Format(number, PhoneNumberUtil::E164, &phone.e164);
  std::string national_digits;
  util.GetNationalSignificantNumber(number, &national_digits);
  if (!util.IsValidNumber(number)) {
    phone.problem = ProblemOf(util.IsPossibleNumberWithReason(number), number, national_digits);
    return phone;
  }
  util.Format(number, PhoneNumberUtil::NATIONAL, &phone.national);
  std::string number_region;
  util.GetRegionCodeForNumber(number, &number_region);
  SetValid(phone, TypeOf(util.GetNumberType(number)), number_region, national_digits);
  return phone;
}

}  // namespace

NormalizedPhone NormalizePhone(std::string_view raw, std::string_view default_region) {
  const detail::PhoneText text = detail::ReadPhoneText(raw);
  NormalizedPhone phone;
  if (text.problem != PhoneProblem::kNone) {
    phone.problem = text.problem;
    return phone;
  }
  phone.extension = text.Extension();
  const bool default_cn = default_region == "CN";
  if (FastCnMobile(CnNationalDigits(text.Digits(), text.plus, default_cn), phone)) return phone;

  // "17012345678-1234", "010-12345678-123": the digits before the last dash or space group may
  // be the number and the group its extension — when the digits as a whole are not a number.
  const std::string_view number_digits = text.Digits().substr(0, text.last_group_start);
  const std::string_view group = text.Digits().substr(text.last_group_start);
  const bool may_split = text.last_group_start != 0 && text.Extension().empty() && group.size() <= detail::kMaxExtensionDigits;
  // The privacy-relay shape (an 11-digit mobile and a short group) can be answered by the fast
  // path alone: no Chinese number is 15 digits long, so the whole would be refused anyway.
  if (may_split) {
    NormalizedPhone split;
    split.extension = group;
    if (FastCnMobile(CnNationalDigits(number_digits, text.plus, default_cn), split) && split.valid) return split;
  }
  const std::string region(default_region);
  NormalizedPhone whole = Slow(text.Digits(), text.plus, text.Extension(), region);
  if (whole.valid || !may_split) return whole;
  NormalizedPhone split = Slow(number_digits, text.plus, group, region);
  return split.valid ? split : whole;
}

}  // namespace ordo::quality
