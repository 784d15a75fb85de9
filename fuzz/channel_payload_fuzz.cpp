// Fuzzes the channel endpoint's dispatch (channels/channel_payload.hpp): the first byte picks
// the channel, the rest is the body, as POST /api/v1/channels/{channel}/orders hands it over.
// Invariants: a single payload is one order or an error; every accepted order passes
// fuzz/channel_fuzz_checks.hpp; every refused order names a field.
//
// Run: build-fuzz/fuzz/channel_payload_fuzz build-fuzz/corpus/channel_payload fuzz/corpus/channel_payload
#include <cstddef>
#include <cstdint>
#include <string_view>

#include "channel_fuzz_checks.hpp"
#include "channels/channel_payload.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  constexpr const char* kTarget = "channel_payload_fuzz";
  if (size == 0) return 0;
  constexpr ordo::channels::Channel kChannels[] = {
      ordo::channels::Channel::kShopify, ordo::channels::Channel::kWooCommerce, ordo::channels::Channel::kTaobao,
      ordo::channels::Channel::kJd,      ordo::channels::Channel::kDouyin,      ordo::channels::Channel::kPosCsv};
  const ordo::channels::Channel channel = kChannels[data[0] % 6];
  const std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);
  const auto mapped =
      ordo::channels::MapChannelPayload(channel, body, ordo::channels::DefaultCsvProfile(), 1'700'000'000'000);
  if (!mapped) return 0;
  CHANNEL_FUZZ_CHECK(mapped->batch || mapped->orders.size() == 1, std::string(body.substr(0, 200)));
  for (const auto& one : mapped->orders) {
    if (one) {
      ordo::fuzz::CheckAccepted(kTarget, *one);
    } else {
      CHANNEL_FUZZ_CHECK(!one.error().fields.empty(), one.error().detail);
    }
  }
  return 0;
}
