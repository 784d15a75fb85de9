// The evaluator (leaf batches, rules compiled into terms over leaf bits, rules kept as trees when
// their terms would be too many or too wide) against a plain recursive walk of the source
// conditions, on random rule sets large enough for several words of leaf and rule bits.
#include <gtest/gtest.h>

#include <map>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include "rules/compiled_rule_set.hpp"

namespace ordo::rules {
namespace {

const char* const kInts[] = {"customer.orders_30d", "stock.available", "carrier.sla_miss_days"};
const char* const kChannels[] = {"tmall", "jd", "douyin", "pos"};
const char* const kSkus[] = {"A", "B", "C", "D", "E"};

// One order's facts as the reference reads them.
struct Order {
  std::map<Slot, std::int64_t> ints;
  std::optional<std::string> channel;
  std::vector<std::string> skus;
};

class RandomRules {
 public:
  explicit RandomRules(std::uint32_t seed) : random_(seed) {}

  std::string Condition(int depth) {
    const int pick = depth == 0 ? 3 + Pick(3) : Pick(6);  // the root a group; below, half leaves
    if (pick >= 3 && depth < 4) {
      if (pick == 5) return R"({"not":)" + Condition(depth + 1) + "}";
      std::string children;
      const int count = 1 + Pick(4);
      for (int child = 0; child < count; ++child) children += (child == 0 ? "" : ",") + Condition(depth + 1);
      return std::string(pick == 3 ? R"({"all":[)" : R"({"any":[)") + children + "]}";
    }
    return Leaf();
  }

  std::string Leaf() {
    const std::string number = std::to_string(Pick(6));
    switch (Pick(9)) {
      case 0: return Make(kInts[Pick(3)], "==", number);
      case 1: return Make(kInts[Pick(3)], "!=", number);
      case 2: return Make(kInts[Pick(3)], "<", number);
      case 3: return Make(kInts[Pick(3)], ">=", number);
      case 4: return Make(kInts[Pick(3)], "between", "[" + number + "," + std::to_string(std::stoi(number) + Pick(3)) + "]");
      case 5: return Make("order.channel", "==", Quoted(kChannels[Pick(4)]));
      case 6: return Make("order.channel", Pick(2) == 0 ? "in" : "not_in", "[" + Quoted(kChannels[Pick(4)]) + "," + Quoted(kChannels[Pick(4)]) + "]");
      case 7: return Make("order.lines[*].sku", "contains", Quoted(kSkus[Pick(5)]));
      default: return Make("order.lines[*].sku", "in", "[" + Quoted(kSkus[Pick(5)]) + "," + Quoted(kSkus[Pick(5)]) + "]");
    }
  }

  Order MakeOrder(const FactCatalogue& catalogue) {
    Order order;
    for (const char* path : kInts) {
      if (Pick(5) != 0) order.ints[*catalogue.Find(path)] = Pick(7);  // sometimes absent
    }
    if (Pick(5) != 0) order.channel = Pick(6) == 0 ? "a channel no rule names" : kChannels[Pick(4)];
    const int skus = Pick(4);
    for (int sku = 0; sku < skus; ++sku) order.skus.push_back(Pick(6) == 0 ? "Z" : kSkus[Pick(5)]);
    return order;
  }

  int Pick(int below) { return std::uniform_int_distribution<int>(0, below - 1)(random_); }

 private:
  static std::string Quoted(const char* text) { return std::string("\"") + text + "\""; }
  static std::string Make(const std::string& fact, const std::string& op, const std::string& value) {
    return R"({"fact":")" + fact + R"(","op":")" + op + R"(","value":)" + value + "}";
  }
  std::mt19937 random_;
};

// The reference: a recursive walk of the source condition.
bool Holds(const Condition& condition, const Order& order) {
  switch (condition.kind) {
    case Condition::Kind::kAll:
      for (const Condition& child : condition.children) {
        if (!Holds(child, order)) return false;
      }
      return true;
    case Condition::Kind::kAny:
      for (const Condition& child : condition.children) {
        if (Holds(child, order)) return true;
      }
      return false;
    case Condition::Kind::kNot: return !Holds(condition.children[0], order);
    case Condition::Kind::kLeaf: break;
  }
  if (condition.type == FactType::kString) {
    if (!order.channel) return false;
    const bool listed = std::find(condition.strings.begin(), condition.strings.end(), *order.channel) != condition.strings.end();
    return condition.op == Op::kNotIn ? !listed : listed;  // == and in: the one value or one of them
  }
  if (condition.type == FactType::kStringList) {
    if (order.skus.empty()) return false;
    for (const std::string& sku : order.skus) {
      if (std::find(condition.strings.begin(), condition.strings.end(), sku) != condition.strings.end()) return true;
    }
    return false;
  }
  const auto found = order.ints.find(condition.slot);
  if (found == order.ints.end()) return false;
  const std::int64_t value = found->second;
  const std::vector<std::int64_t>& numbers = condition.numbers;
  switch (condition.op) {
    case Op::kEq: return value == numbers[0];
    case Op::kNe: return value != numbers[0];
    case Op::kLt: return value < numbers[0];
    case Op::kGe: return value >= numbers[0];
    case Op::kBetween: return value >= numbers[0] && value <= numbers[1];
    default: ADD_FAILURE() << "operator not generated"; return false;
  }
}

TEST(EvaluateRandomTest, MatchesAPlainWalkOfTheConditions) {
  const FactCatalogue catalogue = FactCatalogue::Standard();
  for (std::uint32_t seed = 1; seed <= 16; ++seed) {
    RandomRules random(seed);
    // Odd seeds: a few rules (at most 64 terms: the leaf-mask path); even seeds: up to 150 rules
    // of up to 4 levels (several words of leaf and rule bits, terms over more than two words and
    // wide any-of-alls kept as trees).
    const int rule_count = seed % 2 == 1 ? 3 + random.Pick(8) : 20 + random.Pick(131);
    std::string rules;
    for (int rule_idx = 0; rule_idx < rule_count; ++rule_idx) {
      rules += std::string(rule_idx == 0 ? "" : ",") + R"({"id":"r)" + std::to_string(rule_idx) +
               R"(","trigger":"order.created","when":)" + random.Condition(0) + R"(,"then":[{"action":"release"}]})";
    }
    const auto parsed = ParseRuleSet(R"({"rules":[)" + rules + "]}", catalogue);
    ASSERT_TRUE(parsed.has_value()) << "seed " << seed << ": " << (parsed ? "" : parsed.error().fields.front().field + " " + parsed.error().fields.front().message);
    const auto compiled = CompiledRuleSet::Compile(*parsed, catalogue);
    Facts facts(*compiled);
    FiredRules fired(*compiled);
    for (int order_idx = 0; order_idx < 200; ++order_idx) {
      const Order order = random.MakeOrder(catalogue);
      facts.Clear();
      for (const auto& [slot, value] : order.ints) facts.SetInt(slot, value);
      if (order.channel) facts.SetString(*catalogue.Find("order.channel"), *order.channel);
      for (const std::string& sku : order.skus) facts.AddToList(*catalogue.Find("order.lines[*].sku"), sku);
      compiled->Evaluate(facts, Trigger::kOrderCreated, 0, fired);
      std::vector<std::uint32_t> expected;
      for (std::uint32_t rule_idx = 0; rule_idx < compiled->rule_count(); ++rule_idx) {
        if (Holds(compiled->rule(rule_idx).when, order)) expected.push_back(rule_idx);
      }
      std::vector<std::uint32_t> actual;
      for (std::size_t idx = 0; idx < fired.size(); ++idx) actual.push_back(fired[idx]);
      ASSERT_EQ(actual, expected) << "seed " << seed << ", order " << order_idx;
    }
  }
}

}  // namespace
}  // namespace ordo::rules
