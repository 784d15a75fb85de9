// Fuzzes the shopify adapter (channels/shopify.hpp): MapShopifyOrder and MapShopifyOrders over the same
// bytes. Invariants: fuzz/channel_fuzz_checks.hpp.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_shopify_fuzz -dict=fuzz/channel_shopify.dict build-fuzz/corpus/channel_shopify fuzz/corpus/channel_shopify
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/shopify.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ordo::fuzz::FuzzJsonAdapter("channel_shopify_fuzz", ordo::channels::MapShopifyOrder, ordo::channels::MapShopifyOrders, data, size);
  return 0;
}
