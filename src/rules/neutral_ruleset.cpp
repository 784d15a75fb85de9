#include "rules/neutral_ruleset.hpp"

#include <array>
#include <utility>

#include "core/json.hpp"

namespace ordo::rules {
namespace {

constexpr std::array<std::pair<std::string_view, std::string_view>, 11> kFacts = {{
    {"channel", "order.channel"},
    {"province", "order.address.province"},
    {"city", "order.address.city"},
    {"total_amount", "order.grand_total"},
    {"item_count", "order.item_count"},
    {"skus", "order.lines[*].sku"},
    {"customer_order_count_30d", "customer.orders_30d"},
    {"address_confidence", "quality.address_confidence"},
    {"payment_method", "order.payment_method"},
    {"carrier_sla_miss_days", "carrier.sla_miss_days"},
    {"order_id", "order.id"},
}};

constexpr std::array<std::pair<std::string_view, std::string_view>, 10> kOps = {{
    {"eq", "=="}, {"ne", "!="}, {"gt", ">"}, {"gte", ">="}, {"lt", "<"}, {"lte", "<="},
    {"in", "in"}, {"nin", "not_in"}, {"contains", "contains"}, {"contains_any", "in"}}};

constexpr std::string_view kStockPrefix = "warehouse_stock.";

using Value = rapidjson::Value;
using Allocator = rapidjson::Document::AllocatorType;

core::Error Untranslatable(const std::string& at, std::string message) {
  core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "the neutral rule set cannot be translated");
  error.fields.push_back(core::FieldError{at, "untranslatable", std::move(message)});
  return error;
}

Value Text(std::string_view text, Allocator& allocator) {
  return Value(text.data(), static_cast<rapidjson::SizeType>(text.size()), allocator);
}

core::Result<Value> Condition(const Value& node, const std::string& at, FactCatalogue& catalogue, Allocator& allocator) {
  if (!node.IsObject()) return Untranslatable(at, "a condition is an object");
  for (const char* group : {"all", "any"}) {
    const auto member = node.FindMember(group);
    if (member == node.MemberEnd()) continue;
    if (!member->value.IsArray()) return Untranslatable(at + "/" + group, "must be an array");
    Value children(rapidjson::kArrayType);
    for (rapidjson::SizeType child_idx = 0; child_idx < member->value.Size(); ++child_idx) {
      auto child = Condition(member->value[child_idx], at + "/" + group + "/" + std::to_string(child_idx), catalogue, allocator);
      if (!child) return std::move(child).error();
      children.PushBack(std::move(*child), allocator);
    }
    Value out(rapidjson::kObjectType);
    out.AddMember(rapidjson::StringRef(group), children, allocator);
    return out;
  }
  const auto fact = node.FindMember("fact");
  const auto op = node.FindMember("op");
  const auto value = node.FindMember("value");
  if (fact == node.MemberEnd() || !fact->value.IsString()) return Untranslatable(at + "/fact", "missing fact");
  if (op == node.MemberEnd() || !op->value.IsString()) return Untranslatable(at + "/op", "missing op");
  if (value == node.MemberEnd()) return Untranslatable(at + "/value", "missing value");
  const std::optional<std::string> path = OrdoFactPath(core::AsView(fact->value));
  if (!path) return Untranslatable(at + "/fact", "no catalogue fact for this neutral fact");
  if (path->starts_with("stock.available.")) {
    const core::Status added = catalogue.Add(*path, FactType::kInt, "available units at one warehouse");
    if (!added) return Untranslatable(at + "/fact", "cannot register the warehouse stock fact");
  }
  std::optional<std::string_view> ordo_op;
  for (const auto& [neutral, ordo] : kOps) {
    if (neutral == core::AsView(op->value)) ordo_op = ordo;
  }
  if (!ordo_op) return Untranslatable(at + "/op", "no Ordo operator for this neutral operator");
  Value out(rapidjson::kObjectType);
  out.AddMember("fact", Text(*path, allocator), allocator);
  out.AddMember("op", Text(*ordo_op, allocator), allocator);
  out.AddMember("value", Value(value->value, allocator), allocator);
  return out;
}

Value Action(const Value& then, Allocator& allocator) {
  std::string_view name = "tag";
  if (then.IsObject() && then.HasMember("action") && then["action"].IsString()) name = core::AsView(then["action"]);
  const Value* params = then.IsObject() && then.HasMember("params") && then["params"].IsObject() ? &then["params"] : nullptr;
  const auto param = [params](const char* key) -> std::string_view {
    if (params == nullptr || !params->HasMember(key) || !(*params)[key].IsString()) return {};
    return core::AsView((*params)[key]);
  };
  Value out(rapidjson::kObjectType);
  if (name == "hold_for_review" || name == "block_order") {
    const std::string_view reason = param("reason");
    out.AddMember("action", "hold", allocator);
    out.AddMember("reason", Text(reason.empty() ? name : reason, allocator), allocator);
  } else if (name == "set_priority" && !param("level").empty()) {
    out.AddMember("action", "set_priority", allocator);
    out.AddMember("level", Text(param("level"), allocator), allocator);
  } else if (name == "route_warehouse" && !param("warehouse").empty()) {
    out.AddMember("action", "route.prefer", allocator);
    out.AddMember("location", Text(param("warehouse"), allocator), allocator);
  } else {
    out.AddMember("action", "tag", allocator);
    out.AddMember("tag", Text(name, allocator), allocator);
  }
  return out;
}

}  // namespace

std::optional<std::string> OrdoFactPath(std::string_view neutral_fact) {
  for (const auto& [neutral, ordo] : kFacts) {
    if (neutral == neutral_fact) return std::string(ordo);
  }
  if (neutral_fact.starts_with(kStockPrefix) && neutral_fact.size() > kStockPrefix.size()) {
    return "stock.available." + std::string(neutral_fact.substr(kStockPrefix.size()));
  }
  return std::nullopt;
}

core::Result<std::string> ConvertNeutralRuleSet(std::string_view neutral_json, FactCatalogue& catalogue) {
  rapidjson::Document neutral;
  ORDO_TRY(core::ParseJson(neutral_json, neutral));
  if (!neutral.IsObject() || !neutral.HasMember("rules") || !neutral["rules"].IsArray()) {
    return Untranslatable("/rules", "a neutral rule set has a rules array");
  }
  if (!catalogue.Find("order.id")) {
    if (!catalogue.Add("order.id", FactType::kString, "the order's id")) return Untranslatable("", "cannot register order.id");
  }
  rapidjson::Document out(rapidjson::kObjectType);
  Allocator& allocator = out.GetAllocator();
  Value rules(rapidjson::kArrayType);
  const Value& neutral_rules = neutral["rules"];
  for (rapidjson::SizeType rule_idx = 0; rule_idx < neutral_rules.Size(); ++rule_idx) {
    const Value& rule = neutral_rules[rule_idx];
    const std::string at = "/rules/" + std::to_string(rule_idx);
    if (!rule.IsObject() || !rule.HasMember("id") || !rule["id"].IsString() || !rule.HasMember("when")) {
      return Untranslatable(at, "a neutral rule has an id and a when");
    }
    auto when = Condition(rule["when"], at + "/when", catalogue, allocator);
    if (!when) return std::move(when).error();
    Value converted(rapidjson::kObjectType);
    converted.AddMember("id", Value(rule["id"], allocator), allocator);
    converted.AddMember("trigger", "order.created", allocator);
    if (rule.HasMember("name") && rule["name"].IsString()) {
      converted.AddMember("description", Value(rule["name"], allocator), allocator);
    }
    converted.AddMember("when", std::move(*when), allocator);
    Value then(rapidjson::kArrayType);
    if (rule.HasMember("then")) then.PushBack(Action(rule["then"], allocator), allocator);
    converted.AddMember("then", then, allocator);
    if (rule.HasMember("priority") && rule["priority"].IsInt()) {
      converted.AddMember("priority", rule["priority"].GetInt(), allocator);
    }
    rules.PushBack(converted, allocator);
  }
  out.AddMember("rules", rules, allocator);
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  out.Accept(writer);
  return std::string(buffer.GetString(), buffer.GetSize());
}

}  // namespace ordo::rules
