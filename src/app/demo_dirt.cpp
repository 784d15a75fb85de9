// Typical dirt for demo orders (DemoSpec::dirty_rate): what data-quality profiling should find
// in a real shop's orders. Applied after the clean orders are made, from a random stream of its
// own, so that a dirty run has the same orders, customers and timelines as a clean one with the
// same seed, only some of them soiled.
#include "app/demo_dirt.hpp"

#include <array>
#include <cmath>
#include <string_view>

namespace ordo::app {
namespace {

constexpr core::UnixMillis kMinute = 60'000;
constexpr core::UnixMillis kHour = 60 * kMinute;

enum class Dirt {
  kPhoneFormat,
  kPhoneTooShort,
  kProvinceShortName,
  kDistrictMissing,
  kCityNotInProvince,
  kTotalsMismatch,
  kDuplicateAcrossChannels,
  kLateReceipt,
};
constexpr std::array<int, 8> kDirtWeights = {22, 8, 15, 12, 10, 11, 10, 12};

// Full-width digits ０..９ are U+FF10..U+FF19: EF BC 90..99 in UTF-8.
std::string FullWidth(std::string_view digits) {
  std::string out;
  for (char digit : digits) {
    out += "\xEF\xBC";
    out += static_cast<char>(0x90 + (digit - '0'));
  }
  return out;
}

// The ways people type a mobile number into a form. `phone` is 11 ASCII digits.
std::string MessyPhone(DemoRng& rng, const std::string& phone) {
  const std::string a = phone.substr(0, 3);
  const std::string b = phone.substr(3, 4);
  const std::string c = phone.substr(7);
  switch (rng.Below(7)) {
    case 0: return a + " " + b + " " + c;
    case 1: return "(+86)" + a + "-" + b + "-" + c;
    case 2: return "+86 " + phone;
    case 3: return "0086-" + phone;
    case 4: return FullWidth(phone);
    case 5: return "86" + phone;
    default: return a + "-" + b + "-" + c;
  }
}

// 浙江省 → 浙江, 北京市 → 北京, 广西壮族自治区 → 广西: the names buyers write.
std::string ShortProvince(const std::string& province) {
  for (std::string_view suffix : {"壮族自治区", "维吾尔自治区", "回族自治区", "自治区", "省", "市"}) {
    if (province.size() > suffix.size() && province.ends_with(suffix)) {
      return province.substr(0, province.size() - suffix.size());
    }
  }
  return province;
}

// A city of another province than `province`.
std::string ForeignCity(DemoRng& rng, const std::string& province) {
  static constexpr std::array<std::pair<std::string_view, std::string_view>, 4> kCities = {
      {{"江苏省", "南京市"}, {"浙江省", "杭州市"}, {"四川省", "成都市"}, {"湖北省", "武汉市"}}};
  for (std::size_t attempt = 0; attempt < kCities.size(); ++attempt) {
    const auto& [city_province, city] = kCities[(rng.Below(kCities.size()) + attempt) % kCities.size()];
    if (city_province != province) return std::string(city);
  }
  return "南京市";
}

void BreakTotals(DemoRng& rng, order::Order& order) {
  order::Totals& totals = order.totals;
  switch (rng.Below(4)) {
    case 0: totals.grand_total += totals.shipping > 0 ? totals.shipping : 800; break;  // shipping counted twice
    case 1: totals.grand_total += totals.discount > 0 ? totals.discount : 1000; break;  // coupon not taken off
    case 2: totals.grand_total -= 1; break;                                              // a rounding slip
    default: totals.items += 100; break;                                                 // items ≠ Σ lines
  }
}

// Moves an order's whole life by `delta` (created, paid, received, every step).
void ShiftLife(DemoOrder& demo, core::UnixMillis delta) {
  order::Order& order = demo.order;
  order.created_at += delta;
  if (order.paid_at) *order.paid_at += delta;
  for (order::Payment& payment : order.payments) {
    if (payment.paid_at) *payment.paid_at += delta;
  }
  demo.received_at += delta;
  for (DemoStep& step : demo.steps) step.at += delta;
}

// Order `idx` becomes a copy of the nearest earlier order of another channel — same buyer,
// lines and total — placed on its own channel a few minutes after that one: the double import
// that happens when a marketplace order is also pushed through the API. False when no earlier
// order of another channel is near.
bool DuplicateEarlierOrder(DemoRng& rng, std::vector<DemoOrder>& demos, std::size_t idx) {
  constexpr std::size_t kLookBack = 30;
  DemoOrder& dirty = demos[idx];
  for (std::size_t back = 1; back <= std::min(idx, kLookBack); ++back) {
    const DemoOrder& original = demos[idx - back];
    if (original.order.channel == dirty.order.channel || !original.dirt.empty()) continue;
    order::Order& order = dirty.order;
    order.lines = original.order.lines;
    order.totals = original.order.totals;
    order.currency = original.order.currency;
    order.shipping_address = original.order.shipping_address;
    // The same buyer under this channel's own customer number scheme ("tb_00001234" → "jd_00001234").
    const std::size_t ours = order.customer_ref.find('_');
    const std::size_t theirs = original.order.customer_ref.find('_');
    if (ours != std::string::npos && theirs != std::string::npos) {
      order.customer_ref = order.customer_ref.substr(0, ours) + original.order.customer_ref.substr(theirs);
    }
    for (order::Payment& payment : order.payments) payment.amount = order.totals.grand_total;
    const core::UnixMillis target = original.order.created_at + rng.Between(1, 20) * kMinute;
    if (target < order.created_at) ShiftLife(dirty, target - order.created_at);
    return true;
  }
  return false;
}

}  // namespace

const std::vector<std::string>& DemoDirtKinds() {
  static const std::vector<std::string> kKinds = {"phone_format",         "phone_too_short",  "province_short_name",
                                                  "district_missing",     "city_not_in_province",
                                                  "totals_mismatch",      "duplicate_across_channels",
                                                  "late_receipt"};
  return kKinds;
}

void AddDemoDirt(std::vector<DemoOrder>& demos, const DemoSpec& spec) {
  if (!(spec.dirty_rate > 0)) return;
  const auto per_million = static_cast<std::uint64_t>(std::llround(std::min(1.0, spec.dirty_rate) * 1'000'000));
  DemoRng rng(spec.seed * 0x2545F4914F6CDD1DULL + 4);
  for (std::size_t order_idx = 0; order_idx < demos.size(); ++order_idx) {
    if (rng.Below(1'000'000) >= per_million) continue;
    DemoOrder& demo = demos[order_idx];
    order::Order& order = demo.order;
    order::Address& address = order.shipping_address;
    auto kind = static_cast<Dirt>(rng.Weighted(kDirtWeights.data(), kDirtWeights.size()));
    if (kind == Dirt::kDuplicateAcrossChannels && !DuplicateEarlierOrder(rng, demos, order_idx)) {
      kind = Dirt::kPhoneFormat;  // nothing to duplicate nearby: soil it another way
    }
    switch (kind) {
      case Dirt::kPhoneFormat: address.phone = MessyPhone(rng, address.phone); break;
      case Dirt::kPhoneTooShort: address.phone.pop_back(); break;
      case Dirt::kProvinceShortName: address.province = ShortProvince(address.province); break;
      case Dirt::kDistrictMissing: address.district.clear(); break;
      case Dirt::kCityNotInProvince: address.city = ForeignCity(rng, address.province); break;
      case Dirt::kTotalsMismatch: BreakTotals(rng, order); break;
      case Dirt::kDuplicateAcrossChannels: break;  // done above
      case Dirt::kLateReceipt: {
        // The channel handed it over hours late (a stuck pull job, a batch upload).
        const core::UnixMillis late = rng.Between(2 * kHour, 48 * kHour);
        order.created_at -= late;
        if (order.paid_at) *order.paid_at -= late;
        for (order::Payment& payment : order.payments) {
          if (payment.paid_at) *payment.paid_at -= late;
        }
        break;
      }
    }
    demo.dirt = DemoDirtKinds()[static_cast<std::size_t>(kind)];
  }
}

}  // namespace ordo::app
