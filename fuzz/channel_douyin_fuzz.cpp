// Fuzzes the douyin adapter (channels/douyin.hpp): MapDouyinOrder and MapDouyinOrders over the same
// bytes. Invariants: fuzz/channel_fuzz_checks.hpp.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_douyin_fuzz -dict=fuzz/channel_douyin.dict build-fuzz/corpus/channel_douyin fuzz/corpus/channel_douyin
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/douyin.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ordo::fuzz::FuzzJsonAdapter("channel_douyin_fuzz", ordo::channels::MapDouyinOrder, ordo::channels::MapDouyinOrders, data, size);
  return 0;
}
