// Throughput of src/quality per core (one thread), with baselines in the same binary:
//   BM_DigitStripBaseline     keep the digits of each raw phone: the least any normaliser does
//   BM_NormalizePhone/mix     realistic mix (see kPhoneMix): mostly mobiles, +86 and full-width
//                             forms, privacy relays, one landline in 40
//   BM_NormalizePhone/mobile  plain 11-digit mobiles only: the fast path
//   BM_NormalizePhone/landline landlines only: libphonenumber's path
//   BM_Utf8ScanBaseline       decode every code point of each address: the least a parser does
//   BM_ParseAddress/mix       free-text addresses (full, short, partial, ambiguous)
// items_per_second is records/s per core; the target of issue 4 is ≥ 200,000 for each kind.
//
//   build/bench/quality_benchmark                       (RelWithDebInfo or Release build)
//   build/bench/quality_benchmark --benchmark_filter=Phone
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "quality/address.hpp"
#include "quality/detail/utf8_decode.hpp"
#include "quality/phone.hpp"

namespace {

using namespace ordo::quality;

// Order-export phone fields, in rough proportion (40 values): 11-digit mobiles dominate, a few
// carry +86 or full-width digits, two are privacy relays, one is a landline (libphonenumber).
const std::vector<std::string> kPhoneMix = {
    "13812345678", "13987654321", "15012345678", "18612345678", "17712345678", "13512345678", "19912345678",
    "15812345678", "18012345678", "13012345678", "13612345678", "13712345678", "15112345678", "15212345678",
    "15712345678", "15912345678", "18212345678", "18312345678", "18712345678", "18812345678", "13112345678",
    "13212345678", "15512345678", "15612345678", "18512345678", "18912345678", "17312345678", "19812345678",
    "138 1234 5678", "+86 13812345678", "+86-186-1234-5678", "8613812345678", "１３８１２３４５６７８",
    "138-1234-5678", "0086 13912345678", "12012345678", "17012345678-1234", "13812345678转1234",
    "13912345678 ", "010-12345678"};
const std::vector<std::string> kMobiles = {"13812345678", "13987654321", "15012345678", "18612345678", "17712345678",
                                           "13512345678", "19912345678", "15812345678", "18012345678", "13012345678"};
const std::vector<std::string> kLandlines = {"010-12345678", "0571-88888888", "(020)83456789", "0755 8601 3388",
                                             "021-62345678转8001"};

const std::vector<std::string> kAddressMix = {
    "浙江省杭州市西湖区文三路100号", "浙江杭州西湖区文三路100号", "北京市朝阳区建国路1号", "广东省深圳市南山区科技园科苑路15号",
    "上海市浦东新区世纪大道100号", "江苏省南京市鼓楼区中山路1号", "四川省成都市武侯区人民南路四段1号", "湖北省武汉市洪山区珞喻路1037号",
    "收货地址：浙江省杭州市余杭区文一西路969号", "广西南宁市青秀区民族大道1号", "内蒙古自治区呼和浩特市新城区新华大街1号",
    "余杭区文一西路969号", "朝阳区建国路1号", "浙江省南京市鼓楼区中山路1号", "重庆市渝中区解放碑步行街1号", "杭州市某某小区3幢"};

void BM_DigitStripBaseline(benchmark::State& state) {
  std::size_t index = 0;
  std::string digits;
  for (auto _ : state) {
    const std::string& raw = kPhoneMix[index++ % kPhoneMix.size()];
    digits.clear();
    for (const char c : raw) {
      if (c >= '0' && c <= '9') digits.push_back(c);
    }
    benchmark::DoNotOptimize(digits.data());
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_DigitStripBaseline);

void NormalizeAll(benchmark::State& state, const std::vector<std::string>& inputs) {
  NormalizePhone(inputs.front());  // build the prefix table outside the measurement
  std::size_t index = 0;
  for (auto _ : state) {
    NormalizedPhone phone = NormalizePhone(inputs[index++ % inputs.size()]);
    benchmark::DoNotOptimize(phone);
  }
  state.SetItemsProcessed(state.iterations());
}
void BM_NormalizePhone_Mix(benchmark::State& state) { NormalizeAll(state, kPhoneMix); }
void BM_NormalizePhone_Mobile(benchmark::State& state) { NormalizeAll(state, kMobiles); }
void BM_NormalizePhone_Landline(benchmark::State& state) { NormalizeAll(state, kLandlines); }
BENCHMARK(BM_NormalizePhone_Mix)->Name("BM_NormalizePhone/mix");
BENCHMARK(BM_NormalizePhone_Mobile)->Name("BM_NormalizePhone/mobile");
BENCHMARK(BM_NormalizePhone_Landline)->Name("BM_NormalizePhone/landline");

void BM_Utf8ScanBaseline(benchmark::State& state) {
  std::size_t index = 0;
  for (auto _ : state) {
    const std::string& text = kAddressMix[index++ % kAddressMix.size()];
    char32_t sum = 0;
    for (std::size_t offset = 0; offset < text.size();) {
      const auto code_point = ordo::quality::detail::DecodeAt(text, offset);
      sum += code_point.value;
      offset += code_point.length;
    }
    benchmark::DoNotOptimize(sum);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_Utf8ScanBaseline);

void BM_ParseAddress_Mix(benchmark::State& state) {
  ParseAddress(kAddressMix.front());  // build the name index outside the measurement
  std::size_t index = 0;
  for (auto _ : state) {
    ParsedAddress address = ParseAddress(kAddressMix[index++ % kAddressMix.size()]);
    benchmark::DoNotOptimize(address);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseAddress_Mix)->Name("BM_ParseAddress/mix");

}  // namespace

BENCHMARK_MAIN();
