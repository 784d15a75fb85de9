#pragma once
// What every channel fuzz target checks (channels/channel_order.hpp "Invariant"). A clean
// refusal is correct behaviour; a finding is a crash, a sanitizer report, or:
//   1. an accepted order that breaks the canonical equations or bounds (qty ≥ 1, line_total =
//      qty × unit_price − discount, items = Σ line_total, grand_total = items + shipping + tax −
//      discount, amounts in [0, 10^12], at most 500 lines, not on_hold);
//   2. an accepted order whose storage document does not read back with the same fingerprint;
//   3. a masked or encrypted receiver stored as a phone;
//   4. a kInvalidArgument refusal without exactly one field, or whose field is not a JSON pointer
//      into the payload (its parent must resolve in the parsed input: the pointer names a place);
//   5. with ORDO_FUZZ_EXPECT_ACCEPT=1 (fuzz-smoke.sh's valid-* seeds), any refusal.
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <rapidjson/document.h>
#include <rapidjson/pointer.h>

#include "channels/channel_order.hpp"
#include "core/json.hpp"
#include "order/order_json.hpp"

namespace ordo::fuzz {

inline bool& ExpectAccept() {
  static bool expect = [] {
    const char* value = std::getenv("ORDO_FUZZ_EXPECT_ACCEPT");
    return value != nullptr && std::string_view(value) == "1";
  }();
  return expect;
}

[[noreturn]] inline void Broken(const char* target, const char* what, const std::string& context) {
  std::fprintf(stderr, "%s: invariant broken: %s\n%s\n", target, what, context.c_str());
  std::abort();
}

#define CHANNEL_FUZZ_CHECK(condition, context) \
  do {                                         \
    if (!(condition)) ::ordo::fuzz::Broken(kTarget, #condition, context); \
  } while (false)

inline void CheckAccepted(const char* kTarget, const channels::ChannelOrder& channel_order) {
  constexpr std::int64_t kMax = 1'000'000'000'000;
  const order::Order& order = channel_order.order;
  const std::string stored = order::OrderToStorageJson(order);
  CHANNEL_FUZZ_CHECK(!order.lines.empty() && order.lines.size() <= order::kMaxLinesPerOrder, stored);
  CHANNEL_FUZZ_CHECK(order.status != order::OrderStatus::kOnHold, stored);
  __int128 items = 0;  // bounded inputs cannot overflow 128 bits, whatever the adapter did
  for (const order::OrderLine& line : order.lines) {
    CHANNEL_FUZZ_CHECK(line.qty >= 1 && line.qty <= order::kMaxLineQty, stored);
    CHANNEL_FUZZ_CHECK(line.unit_price >= 0 && line.unit_price <= kMax, stored);
    CHANNEL_FUZZ_CHECK(line.discount >= 0 && line.line_total >= 0 && line.line_total <= kMax, stored);
    CHANNEL_FUZZ_CHECK(static_cast<__int128>(line.qty) * line.unit_price - line.discount == line.line_total, stored);
    CHANNEL_FUZZ_CHECK(!line.sku.empty(), stored);
    items += line.line_total;
  }
  const order::Totals& totals = order.totals;
  CHANNEL_FUZZ_CHECK(items == totals.items, stored);
  CHANNEL_FUZZ_CHECK(totals.shipping >= 0 && totals.tax >= 0 && totals.discount >= 0 && totals.grand_total >= 0, stored);
  CHANNEL_FUZZ_CHECK(static_cast<__int128>(totals.items) + totals.shipping + totals.tax - totals.discount ==
                         totals.grand_total,
                     stored);
  std::uint64_t fingerprint = 0;
  (void)order::OrderToStorageJson(order, &fingerprint);
  const auto reread = order::OrderFromStorageJson(stored);
  CHANNEL_FUZZ_CHECK(reread.has_value(), stored);
  CHANNEL_FUZZ_CHECK(order::ContentFingerprint(*reread) == fingerprint, stored);
  const bool phone_allowed = channel_order.contact_form == channels::ContactForm::kClear ||
                             channel_order.contact_form == channels::ContactForm::kPrivacyRelay;
  CHANNEL_FUZZ_CHECK(phone_allowed || order.shipping_address.phone.empty(), stored);
}

// `input` is the payload the refusal is about (after a BOM, as the adapters read it).
inline void CheckRefused(const char* kTarget, const core::Error& error, std::string_view input) {
  if (ExpectAccept()) {
    std::string context = error.detail;
    for (const auto& field : error.fields) context += "\n  " + field.field + ": " + field.code + " (" + field.message + ")";
    Broken(kTarget, "a valid-* seed was refused", context);
  }
  if (error.code == core::ErrorCode::kMalformed) return;
  CHANNEL_FUZZ_CHECK(error.code == core::ErrorCode::kInvalidArgument, error.detail);
  CHANNEL_FUZZ_CHECK(error.fields.size() == 1, error.detail);
  const std::string& pointer = error.fields[0].field;
  CHANNEL_FUZZ_CHECK(!error.fields[0].code.empty(), error.detail);
  CHANNEL_FUZZ_CHECK(pointer.empty() || pointer[0] == '/', error.detail);
  if (input.starts_with("\xEF\xBB\xBF")) input.remove_prefix(3);
  rapidjson::Document doc;
  if (!core::ParseJson(input, doc).has_value()) return;
  const std::string parent = pointer.substr(0, pointer.rfind('/') == std::string::npos ? 0 : pointer.rfind('/'));
  const rapidjson::Pointer parsed(parent.c_str(), parent.size());
  CHANNEL_FUZZ_CHECK(parsed.IsValid(), error.detail);
  CHANNEL_FUZZ_CHECK(parsed.Get(doc) != nullptr, error.detail);
}

// Runs a single-order and a list adapter over the same bytes.
template <class Single, class List>
void FuzzJsonAdapter(const char* kTarget, Single single, List list, const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  constexpr core::UnixMillis kNow = 1'717'300'000'000;
  const auto mapped = single(input, kNow);
  if (mapped.has_value()) {
    CheckAccepted(kTarget, *mapped);
  } else {
    CheckRefused(kTarget, mapped.error(), input);
  }
  if (ExpectAccept()) return;  // valid-* seeds are single orders
  const auto batch = list(input, kNow);
  if (!batch.has_value()) {
    CheckRefused(kTarget, batch.error(), input);
    return;
  }
  for (const auto& item : *batch) {
    if (item.has_value()) {
      CheckAccepted(kTarget, *item);
    } else {
      CheckRefused(kTarget, item.error(), input);
    }
  }
}

}  // namespace ordo::fuzz
