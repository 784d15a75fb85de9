// Fuzzes the jd adapter (channels/jd.hpp): MapJdOrder and MapJdOrders over the same
// bytes. Invariants: fuzz/channel_fuzz_checks.hpp.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_jd_fuzz -dict=fuzz/channel_jd.dict build-fuzz/corpus/channel_jd fuzz/corpus/channel_jd
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/jd.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ordo::fuzz::FuzzJsonAdapter("channel_jd_fuzz", ordo::channels::MapJdOrder, ordo::channels::MapJdOrders, data, size);
  return 0;
}
