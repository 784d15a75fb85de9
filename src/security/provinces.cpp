#include "security/provinces.hpp"

#include <array>

#include "security/detail/text.hpp"

namespace ordo::security {
namespace {

// GB/T 2260 provincial-level divisions: 23 provinces (incl. 台湾), 5 autonomous regions,
// 4 municipalities, 2 special administrative regions.
constexpr std::array<Province, 34> kProvinces = {{
    {"110000", "北京市", "北京"},
    {"120000", "天津市", "天津"},
    {"130000", "河北省", "河北"},
    {"140000", "山西省", "山西"},
    {"150000", "内蒙古自治区", "内蒙古"},
    {"210000", "辽宁省", "辽宁"},
    {"220000", "吉林省", "吉林"},
    {"230000", "黑龙江省", "黑龙江"},
    {"310000", "上海市", "上海"},
    {"320000", "江苏省", "江苏"},
    {"330000", "浙江省", "浙江"},
    {"340000", "安徽省", "安徽"},
    {"350000", "福建省", "福建"},
    {"360000", "江西省", "江西"},
    {"370000", "山东省", "山东"},
    {"410000", "河南省", "河南"},
    {"420000", "湖北省", "湖北"},
    {"430000", "湖南省", "湖南"},
    {"440000", "广东省", "广东"},
    {"450000", "广西壮族自治区", "广西"},
    {"460000", "海南省", "海南"},
    {"500000", "重庆市", "重庆"},
    {"510000", "四川省", "四川"},
    {"520000", "贵州省", "贵州"},
    {"530000", "云南省", "云南"},
    {"540000", "西藏自治区", "西藏"},
    {"610000", "陕西省", "陕西"},
    {"620000", "甘肃省", "甘肃"},
    {"630000", "青海省", "青海"},
    {"640000", "宁夏回族自治区", "宁夏"},
    {"650000", "新疆维吾尔自治区", "新疆"},
    {"710000", "台湾省", "台湾"},
    {"810000", "香港特别行政区", "香港"},
    {"820000", "澳门特别行政区", "澳门"},
}};

bool IsSixDigits(std::string_view text) {
  if (text.size() != 6) return false;
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return true;
}

}  // namespace

std::span<const Province> AllProvinces() { return kProvinces; }

const Province* FindProvince(std::string_view code_or_name) {
  const std::string_view wanted = detail::TrimAsciiSpace(code_or_name);
  if (wanted.empty()) return nullptr;
  if (IsSixDigits(wanted)) {
    // The first two digits are the province in every GB/T 2260 code (330106 is in 浙江省).
    for (const Province& province : kProvinces) {
      if (province.code.substr(0, 2) == wanted.substr(0, 2)) return &province;
    }
    return nullptr;
  }
  for (const Province& province : kProvinces) {
    if (province.full_name == wanted || province.short_name == wanted) return &province;
  }
  return nullptr;
}

core::Result<std::string> CanonicalProvinceName(std::string_view code_or_name) {
  if (const Province* province = FindProvince(code_or_name)) {
    return std::string(province->full_name);
  }
  return core::Error{core::ErrorCode::kInvalidArgument, "unknown province",
                     {{"province", "unknown_province", "not a GB/T 2260 province code or name"}}};
}

}  // namespace ordo::security
