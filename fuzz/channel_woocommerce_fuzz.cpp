// Fuzzes the woocommerce adapter (channels/woocommerce.hpp): MapWooOrder and MapWooOrders over the same
// bytes. Invariants: fuzz/channel_fuzz_checks.hpp.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_woocommerce_fuzz -dict=fuzz/channel_woocommerce.dict build-fuzz/corpus/channel_woocommerce fuzz/corpus/channel_woocommerce
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/woocommerce.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ordo::fuzz::FuzzJsonAdapter("channel_woocommerce_fuzz", ordo::channels::MapWooOrder, ordo::channels::MapWooOrders, data, size);
  return 0;
}
