#pragma once
// Phone numbers as people type them into order forms → E.164, with type, extension, region, and
// either valid or the one reason it is not. Default region CN. Pure; thread-safe (libphonenumber's
// PhoneNumberUtil is a thread-safe singleton whose parse and format calls are const).
//
//   NormalizePhone("＋86 138-1234-5678")    → +8613812345678, mobile, CN
//   NormalizePhone("(0571) 8888 8888 转 123") → +8657188888888, fixed_line, extension "123"
//   NormalizePhone("17012345678-1234")      → +8617012345678, virtual, extension "1234",
//                                             privacy_relay (a marketplace privacy number)
//   NormalizePhone("12012345678")           → invalid, unassigned_mobile_range
//
// Accepted: ASCII and full-width digits (０-９, ＋); spaces, dashes, dots, slashes, brackets;
// "+86", "0086", "86" before a mobile; area codes with or without the trunk 0; extensions after
// 转 / 轉 / 分机 / ext / x / # / "-" (a trailing dash group when the digits before it are a whole
// number); a "电话:"-style label before a colon. Anything else (letters, two numbers) is
// not_a_number.
#include <cstdint>
#include <string>
#include <string_view>

namespace ordo::quality {

enum class PhoneType : std::uint8_t {
  kUnknown,        // not valid, so not typed
  kMobile,
  kFixedLine,
  kFixedOrMobile,  // regions whose numbering does not tell (US, CA …)
  // China's virtual-operator ranges (162, 165, 167, 170, 171: MVNO blocks assigned by MIIT,
  // where marketplace privacy-number pools mostly live), and any mobile that carries an
  // extension (the "AXN" privacy pattern: a relay number plus the buyer's extension).
  kVirtual,
  kTollFree,       // 800 numbers (China's 400 numbers are shared cost: kOther)
  kOther,          // shared cost, premium, VoIP, UAN, pager, personal, voicemail
};

enum class PhoneProblem : std::uint8_t {
  kNone,
  kEmpty,                   // nothing but spaces
  kInvalidUtf8,
  kNotANumber,              // letters or other text, or no digits
  kTooShort,
  kTooLong,
  kInvalidCountryCode,      // +999 …
  kInvalidForRegion,        // the right length for nothing in that region's plan
  kUnassignedMobileRange,   // 11 digits starting with 1 in China, but not in an assigned range
  kBadExtension,            // an extension marker without 1–8 digits after it
};

struct NormalizedPhone {
  bool valid = false;
  PhoneProblem problem = PhoneProblem::kNone;  // kNone exactly when valid
  PhoneType type = PhoneType::kUnknown;
  bool privacy_relay = false;  // a mobile/virtual number with an extension (转 / -1234)
  std::string e164;            // "+8613812345678"; set whenever the digits parsed, even if invalid
  std::string national;        // "138 1234 5678", "0571 8888 8888"; empty when invalid
  std::string extension;       // digits only
  std::string region;          // ISO 3166 alpha-2 of the number ("CN", "HK", "US"), "001" for
                               // non-geographic ones (+800, +808 …); empty when invalid
};

// `default_region` (ISO 3166 alpha-2) applies to numbers written without a country code.
NormalizedPhone NormalizePhone(std::string_view raw, std::string_view default_region = "CN");

std::string_view PhoneTypeName(PhoneType type);           // "mobile", "fixed_line", "virtual", …
std::string_view PhoneProblemName(PhoneProblem problem);  // "unassigned_mobile_range", …

}  // namespace ordo::quality
