// Fuzzes the POS/ERP CSV path end to end (channels/csv_orders.hpp): decoding (UTF-8, GB18030,
// UTF-16), the RFC 4180 + Excel reader, header mapping, rows → orders. When the input starts with
// '{', everything up to the first blank line is a profile (channels/csv_profile.hpp) — so the
// fuzzer also explores delimiters, encodings, minor units and bad profiles.
//
// Invariants, beyond fuzz/channel_fuzz_checks.hpp's for every accepted order:
//   - every data row ends up exactly once: as a line of an emitted order or as a rejection
//     (Σ lines + rejections = rows) — nothing half-imported, nothing lost;
//   - a rejection names a data row (≥ 2) and a rule;
//   - a file-level refusal is kMalformed, or kInvalidArgument with a field;
//   - with ORDO_FUZZ_EXPECT_ACCEPT=1 (valid-* seeds): no rejection and at least one order.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_csv_fuzz -dict=fuzz/channel_csv.dict build-fuzz/corpus/channel_csv fuzz/corpus/channel_csv
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/csv_orders.hpp"

namespace {
constexpr const char* kTarget = "channel_csv_fuzz";
}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  std::string_view input(reinterpret_cast<const char*>(data), size);
  ordo::channels::CsvProfile profile = ordo::channels::DefaultCsvProfile();
  if (input.starts_with("{")) {
    const std::size_t split = input.find("\n\n");
    if (split == std::string_view::npos) return 0;
    auto parsed = ordo::channels::ParseCsvProfile(input.substr(0, split));
    if (!parsed.has_value()) {
      CHANNEL_FUZZ_CHECK(parsed.error().code == ordo::core::ErrorCode::kMalformed || parsed.error().fields.size() == 1,
                         parsed.error().detail);
      if (ordo::fuzz::ExpectAccept()) ordo::fuzz::Broken(kTarget, "a valid-* seed's profile was refused", parsed.error().detail);
      return 0;
    }
    profile = std::move(parsed).value();
    input.remove_prefix(split + 2);
  }
  const auto result = ordo::channels::MapCsvOrders(input, profile, 1'717'300'000'000);
  if (!result.has_value()) {
    const auto& error = result.error();
    if (ordo::fuzz::ExpectAccept()) ordo::fuzz::Broken(kTarget, "a valid-* seed was refused", error.detail);
    CHANNEL_FUZZ_CHECK(error.code == ordo::core::ErrorCode::kMalformed ||
                           (error.code == ordo::core::ErrorCode::kInvalidArgument && !error.fields.empty()),
                       error.detail);
    return 0;
  }
  std::size_t lines = 0;
  for (const auto& order : result->orders) {
    ordo::fuzz::CheckAccepted(kTarget, order);
    lines += order.order.lines.size();
  }
  for (const auto& rejection : result->rejections) {
    CHANNEL_FUZZ_CHECK(rejection.row >= 2 && !rejection.code.empty() && !rejection.message.empty(), rejection.code);
  }
  CHANNEL_FUZZ_CHECK(lines + result->rejections.size() == result->rows,
                     std::to_string(lines) + " lines + " + std::to_string(result->rejections.size()) +
                         " rejections != " + std::to_string(result->rows) + " rows");
  if (ordo::fuzz::ExpectAccept()) {
    CHANNEL_FUZZ_CHECK(result->rejections.empty() && !result->orders.empty(), "valid-* seed with rejections");
  }
  return 0;
}
