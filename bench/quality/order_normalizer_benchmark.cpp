// Cost per order of entry normalisation (quality::NormalizeOrder), the step the intake adds to
// every ingest, with baselines in the same binary so that the ratio means something on a noisy
// machine:
//   BM_ParseOrderBaseline       order::ParseOrder of the same orders' JSON: what every ingest
//                               already paid before entry rules existed
//   BM_CopyOrderBaseline        copying an order (each normaliser run below starts from a copy)
//   BM_NormalizeOrder/clean     demo orders as channels that send clean data do (canonical
//                               phone and address): parse the address, fast-path the phone,
//                               judge the 7 default rules
//   BM_NormalizeOrder/dirty     the same orders with typical dirt: "+86 138 …", full-width
//                               digits, short province names, division names in the street
//   BM_NormalizeOrderRules/N    clean orders against N rules (the default set plus channel and
//                               per-line rules): how the rule count scales
// items_per_second is orders/s per core; 1e9 / items_per_second is the cost per order in ns.
//
//   build/bench/order_normalizer_benchmark          (RelWithDebInfo or Release build)
#include <benchmark/benchmark.h>

#include <string>
#include <vector>

#include "app/demo_data.hpp"
#include "order/order_json.hpp"
#include "quality/order_normalizer.hpp"

namespace {

using namespace ordo;

std::vector<order::Order> CleanOrders() {
  app::DemoSpec spec;
  spec.orders = 1000;
  spec.seed = 42;
  spec.now = 1'795'000'000'000;
  spec.with_timeline = false;
  std::vector<order::Order> orders;
  for (app::DemoOrder& demo : app::GenerateDemoOrders(spec)) orders.push_back(std::move(demo.order));
  return orders;
}

// Dirt as channels send it, one kind per order in turn (one order in five stays clean).
std::vector<order::Order> DirtyOrders() {
  std::vector<order::Order> orders = CleanOrders();
  for (std::size_t order_idx = 0; order_idx < orders.size(); ++order_idx) {
    order::Address& address = orders[order_idx].shipping_address;
    switch (order_idx % 5) {
      case 0: address.phone = "+86 " + address.phone.substr(0, 3) + " " + address.phone.substr(3, 4) + " " +
                              address.phone.substr(7); break;
      case 1: {
        std::string wide;  // full-width digits
        for (const char c : address.phone) wide += std::string("\xEF\xBC") + static_cast<char>(0x90 + (c - '0'));
        address.phone = wide;
        break;
      }
      case 2:  // short names: 浙江省 → 浙江, 北京市 → 北京, 广西壮族自治区 → 广西
        if (address.province.ends_with("省") || address.province.ends_with("市")) {
          address.province.resize(address.province.size() - 3);
        } else {
          address.province.resize(6);
        }
        break;
      case 3: address.street = address.province + address.city + address.district + address.street; break;
      default: break;
    }
  }
  return orders;
}

quality::EntryRuleSet RulesOfSize(std::size_t count) {
  quality::EntryRuleSet rules = quality::DefaultEntryRules();
  static const char* kChannels[] = {"tmall", "taobao", "jd", "douyin", "shopify", "woocommerce", "pos", "api"};
  for (std::size_t rule_idx = 0; rules.rules.size() < count; ++rule_idx) {
    quality::EntryRule rule;
    rule.id = "extra-" + std::to_string(rule_idx);
    rule.channel = kChannels[rule_idx % 8];
    rule.action = quality::RuleAction::kQuarantine;
    switch (rule_idx % 4) {
      case 0: rule.field = quality::RuleField::kLineSku; rule.check = quality::RuleCheck::kMaxLength; rule.max = 64; break;
      case 1: rule.field = quality::RuleField::kLineQty; rule.check = quality::RuleCheck::kMaxValue; rule.max = 1000; break;
      case 2: rule.field = quality::RuleField::kPostcode; rule.check = quality::RuleCheck::kCharset; break;
      default: rule.field = quality::RuleField::kAddress; rule.check = quality::RuleCheck::kAddressConfidenceMin;
               rule.min_confidence = 0.5; break;
    }
    rules.rules.push_back(std::move(rule));
  }
  return rules;
}

void BM_ParseOrderBaseline(benchmark::State& state) {
  std::vector<std::string> bodies;
  for (const order::Order& order : CleanOrders()) bodies.push_back(app::DemoOrderJson(order));
  std::size_t index = 0;
  for (auto _ : state) {
    auto parsed = order::ParseOrder(bodies[index++ % bodies.size()], {}, 1'795'000'000'000);
    benchmark::DoNotOptimize(parsed);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_ParseOrderBaseline);

void BM_CopyOrderBaseline(benchmark::State& state) {
  const std::vector<order::Order> orders = CleanOrders();
  std::size_t index = 0;
  for (auto _ : state) {
    order::Order copy = orders[index++ % orders.size()];
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
}
BENCHMARK(BM_CopyOrderBaseline);

void RunNormalize(benchmark::State& state, const std::vector<order::Order>& orders,
                  const quality::EntryRuleSet& rules) {
  std::size_t index = 0;
  std::size_t held = 0;
  for (auto _ : state) {
    order::Order copy = orders[index++ % orders.size()];
    const quality::EntryVerdict verdict = quality::NormalizeOrder(copy, rules);
    held += verdict.decision == quality::EntryDecision::kAccept ? 0 : 1;
    benchmark::DoNotOptimize(copy);
  }
  state.SetItemsProcessed(state.iterations());
  state.counters["not_accepted"] = benchmark::Counter(static_cast<double>(held) / static_cast<double>(state.iterations()));
}

void BM_NormalizeOrder_clean(benchmark::State& state) {
  RunNormalize(state, CleanOrders(), quality::DefaultEntryRules());
}
BENCHMARK(BM_NormalizeOrder_clean)->Name("BM_NormalizeOrder/clean");

void BM_NormalizeOrder_dirty(benchmark::State& state) {
  RunNormalize(state, DirtyOrders(), quality::DefaultEntryRules());
}
BENCHMARK(BM_NormalizeOrder_dirty)->Name("BM_NormalizeOrder/dirty");

void BM_NormalizeOrderRules(benchmark::State& state) {
  RunNormalize(state, CleanOrders(), RulesOfSize(static_cast<std::size_t>(state.range(0))));
}
BENCHMARK(BM_NormalizeOrderRules)->Arg(7)->Arg(50)->Arg(200);

}  // namespace

BENCHMARK_MAIN();
