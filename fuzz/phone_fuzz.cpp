// Fuzzes the phone normaliser (quality/phone.hpp): the text of every phone field a channel or a
// client sends us, before libphonenumber or the China mobile fast path sees it.
//
// A clean refusal (valid = false with a problem) is correct behaviour. A finding is a crash, a
// sanitizer report, or a broken invariant:
//   1. valid exactly when problem is none; an invalid number has no type, national form or region;
//   2. a valid number's E.164 is '+' and 3–20 digits (libphonenumber accepts Austrian 5-digit
//      ones, +43 1 5081, and German ones past E.164's 15), its national form is set, its region
//      is two letters ("001" for non-geographic numbers such as +800), its type is known;
//   3. the extension holds 1–8 ASCII digits or nothing; a privacy relay is a valid virtual
//      number with an extension;
//   4. idempotence (the oracle): normalising the E.164 of a valid number gives the same E.164,
//      national form and region — whichever path (fast table or libphonenumber) read the input.
//
// Run: scripts/fuzz-smoke.sh, or by hand:
//   build-fuzz/fuzz/phone_fuzz -dict=fuzz/phone.dict build-fuzz/corpus/phone fuzz/corpus/phone
// ORDO_FUZZ_EXPECT_ACCEPT=1: every input must be a valid number (fuzz-smoke.sh runs the valid-*
// seeds that way).
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include "quality/phone.hpp"

namespace {

using ordo::quality::NormalizedPhone;
using ordo::quality::NormalizePhone;
using ordo::quality::PhoneProblem;
using ordo::quality::PhoneType;

[[noreturn]] void InvariantBroken(const char* what, const NormalizedPhone& phone) {
  std::fprintf(stderr, "phone_fuzz: invariant broken: %s\nvalid=%d problem=%s type=%s e164=%s national=%s extension=%s region=%s\n",
               what, phone.valid, std::string(ordo::quality::PhoneProblemName(phone.problem)).c_str(),
               std::string(ordo::quality::PhoneTypeName(phone.type)).c_str(), phone.e164.c_str(), phone.national.c_str(),
               phone.extension.c_str(), phone.region.c_str());
  std::abort();
}

#define FUZZ_CHECK(condition, phone)                      \
  do {                                                    \
    if (!(condition)) InvariantBroken(#condition, phone); \
  } while (false)

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

bool ExpectAccept() {
  const char* expect = std::getenv("ORDO_FUZZ_EXPECT_ACCEPT");
  return expect != nullptr && *expect == '1';
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view raw(reinterpret_cast<const char*>(data), size);
  const NormalizedPhone phone = NormalizePhone(raw);
  FUZZ_CHECK(phone.valid == (phone.problem == PhoneProblem::kNone), phone);
  FUZZ_CHECK(phone.extension.size() <= 8 && AllDigits(phone.extension), phone);
  FUZZ_CHECK(!phone.privacy_relay || (phone.valid && phone.type == PhoneType::kVirtual && !phone.extension.empty()), phone);
  if (!phone.valid) {
    FUZZ_CHECK(phone.type == PhoneType::kUnknown && phone.national.empty() && phone.region.empty(), phone);
    if (ExpectAccept()) InvariantBroken("a valid-* seed was refused", phone);
    return 0;
  }
  FUZZ_CHECK(phone.e164.size() >= 4 && phone.e164.size() <= 21 && phone.e164[0] == '+', phone);
  FUZZ_CHECK(AllDigits(std::string_view(phone.e164).substr(1)), phone);
  FUZZ_CHECK(!phone.national.empty() && (phone.region.size() == 2 || phone.region == "001") && phone.type != PhoneType::kUnknown, phone);
  const NormalizedPhone again = NormalizePhone(phone.e164);
  FUZZ_CHECK(again.valid && again.e164 == phone.e164 && again.national == phone.national && again.region == phone.region, again);
  return 0;
}
