// Fuzzes the canonical order JSON parser (order/order_json.hpp), the first code that touches
// every order a client or channel sends us.
//
// A clean rejection is correct behaviour. A finding is a crash, a sanitizer report, or a broken
// invariant of an *accepted* order:
//   1. every line: qty ≥ 1 and line_total = qty × unit_price − discount;
//   2. totals.items = Σ lines[].line_total;
//   3. totals.grand_total = items + shipping + tax − discount;
//   4. the storage document round-trips: OrderFromStorageJson(OrderToStorageJson(o)) succeeds
//      and has the same ContentFingerprint, id and version (what the store relies on to tell a
//      repeat from an update); the fingerprint OrderToStorageJson hands out on the way equals
//      ContentFingerprint(o);
//   5. oracle: the lenient parse (strict = false) of the same bytes also accepts, with the same
//      fingerprint — strict mode may only add refusals, never change what is read;
//   6. the masked API rendering is valid JSON and never shows an all-digit phone in clear.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/order_json_fuzz -dict=fuzz/order_json.dict build-fuzz/corpus/order_json fuzz/corpus/order_json
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>

#include <rapidjson/document.h>

#include "core/json.hpp"
#include "order/order_json.hpp"

namespace {

using ordo::order::Order;

[[noreturn]] void InvariantBroken(const char* what, const Order& order) {
  std::fprintf(stderr, "order_json_fuzz: invariant broken: %s\nstorage document: %s\n", what,
               ordo::order::OrderToStorageJson(order).c_str());
  std::abort();
}

#define FUZZ_CHECK(condition, order)                      \
  do {                                                    \
    if (!(condition)) InvariantBroken(#condition, order); \
  } while (false)

void CheckAccepted(const Order& order, std::string_view body) {
  FUZZ_CHECK(!order.lines.empty(), order);
  // The parser bounds every amount (≤ 1e12) and qty (≤ 1e6), so __int128 cannot overflow here
  // and the sums are exact whatever the parser did.
  __int128 line_sum = 0;
  for (const auto& line : order.lines) {
    FUZZ_CHECK(line.qty >= 1, order);
    FUZZ_CHECK(static_cast<__int128>(line.qty) * line.unit_price - line.discount == line.line_total, order);
    line_sum += line.line_total;
  }
  const auto& totals = order.totals;
  FUZZ_CHECK(line_sum == totals.items, order);
  FUZZ_CHECK(static_cast<__int128>(totals.items) + totals.shipping + totals.tax - totals.discount ==
                 totals.grand_total,
             order);

  const std::uint64_t fingerprint = ordo::order::ContentFingerprint(order);
  std::uint64_t stored_fingerprint = 0;
  const std::string stored = ordo::order::OrderToStorageJson(order, &stored_fingerprint);
  FUZZ_CHECK(stored_fingerprint == fingerprint, order);
  const auto reread = ordo::order::OrderFromStorageJson(stored);
  FUZZ_CHECK(reread.has_value(), order);
  FUZZ_CHECK(ordo::order::ContentFingerprint(*reread) == fingerprint, order);
  FUZZ_CHECK(reread->id == order.id && reread->version == order.version, order);

  const auto lenient = ordo::order::ParseOrder(body, ordo::order::ParseOptions{.strict = false}, 0);
  FUZZ_CHECK(lenient.has_value(), order);
  FUZZ_CHECK(ordo::order::ContentFingerprint(*lenient) == fingerprint, order);

  // The API view must be JSON we can read back, and a real-looking phone number is masked.
  const std::string shown = ordo::order::OrderToJson(order, ordo::order::PiiView::kMasked);
  rapidjson::Document doc;
  FUZZ_CHECK(ordo::core::ParseJson(shown, doc).has_value(), order);
  const std::string& phone = order.shipping_address.phone;
  if (phone.size() >= 7 && phone.find_first_not_of("0123456789") == std::string::npos) {
    const auto& address = doc["shipping_address"];
    FUZZ_CHECK(address.IsObject() && address.HasMember("phone"), order);
    FUZZ_CHECK(ordo::core::AsView(address["phone"]) != phone, order);
  }
}

// ORDO_FUZZ_EXPECT_ACCEPT=1: every input must be accepted (fuzz-smoke.sh runs the valid-*
// seeds, among them the README's example order, this way so that they cannot rot).
bool g_expect_accept = false;

}  // namespace

extern "C" int LLVMFuzzerInitialize(int* /*argc*/, char*** /*argv*/) {
  const char* expect = std::getenv("ORDO_FUZZ_EXPECT_ACCEPT");
  g_expect_accept = expect != nullptr && std::string_view(expect) == "1";
  return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view body(reinterpret_cast<const char*>(data), size);
  const auto order = ordo::order::ParseOrder(body, {}, 0);
  if (order.has_value()) {
    CheckAccepted(*order, body);
  } else {
    // A refusal must say why: a malformed body names the place, an invalid one lists fields.
    const auto& error = order.error();
    if (g_expect_accept) {
      std::fprintf(stderr, "order_json_fuzz: expected a valid order, got: %s\n", error.detail.c_str());
      for (const auto& field : error.fields) {
        std::fprintf(stderr, "  %s: %s (%s)\n", field.field.c_str(), field.code.c_str(), field.message.c_str());
      }
      std::abort();
    }
    if (error.code == ordo::core::ErrorCode::kInvalidArgument && error.fields.empty()) {
      std::fprintf(stderr, "order_json_fuzz: kInvalidArgument without field errors: %s\n", error.detail.c_str());
      std::abort();
    }
  }
  return 0;
}
