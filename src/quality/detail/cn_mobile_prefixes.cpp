#include "quality/detail/cn_mobile_prefixes.hpp"

#include <algorithm>

#include <phonenumbers/phonenumberutil.h>

#include "core/assert.hpp"

namespace ordo::quality::detail {
namespace {

using i18n::phonenumbers::PhoneNumber;
using i18n::phonenumbers::PhoneNumberUtil;

CnMobileClass AskLibrary(std::uint64_t national_number) {
  PhoneNumber number;
  number.set_country_code(86);
  number.set_national_number(national_number);
  const PhoneNumberUtil& util = *PhoneNumberUtil::GetInstance();
  if (!util.IsValidNumber(number)) return CnMobileClass::kUnassigned;
  return util.GetNumberType(number) == PhoneNumberUtil::MOBILE ? CnMobileClass::kMobile : CnMobileClass::kAskLibrary;
}

}  // namespace

CnMobilePrefixes::CnMobilePrefixes() {
  for (std::uint64_t prefix = 0; prefix < by_prefix_.size(); ++prefix) {
    const std::uint64_t first = (10000 + prefix) * 1'000'000;  // 1abcd000000
    const CnMobileClass low = AskLibrary(first);
    const CnMobileClass high = AskLibrary(first + 999'999);   // 1abcd999999
    by_prefix_[prefix] = low == high ? low : CnMobileClass::kAskLibrary;
  }
}

const CnMobilePrefixes& CnMobilePrefixes::Get() {
  static const CnMobilePrefixes table;
  return table;
}

CnMobileClass CnMobilePrefixes::Classify(std::string_view national) const {
  ORDO_ASSERT(national.size() == 11 && national[0] == '1');
  std::size_t index = 0;
  for (std::size_t position = 1; position <= 4; ++position) index = index * 10 + static_cast<std::size_t>(national[position] - '0');
  return by_prefix_[index];
}

int CnMobilePrefixes::Count(CnMobileClass wanted) const {
  return static_cast<int>(std::count(by_prefix_.begin(), by_prefix_.end(), wanted));
}

}  // namespace ordo::quality::detail
