// Fuzzes the taobao adapter (channels/taobao.hpp): MapTaobaoTrade and MapTaobaoTrades over the same
// bytes. Invariants: fuzz/channel_fuzz_checks.hpp.
//
// Run: scripts/fuzz-smoke.sh 60, or by hand:
//   build-fuzz/fuzz/channel_taobao_fuzz -dict=fuzz/channel_taobao.dict build-fuzz/corpus/channel_taobao fuzz/corpus/channel_taobao
#include <cstddef>
#include <cstdint>

#include "channel_fuzz_checks.hpp"
#include "channels/taobao.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  ordo::fuzz::FuzzJsonAdapter("channel_taobao_fuzz", ordo::channels::MapTaobaoTrade, ordo::channels::MapTaobaoTrades, data, size);
  return 0;
}
