#include "rules/decision_table.hpp"

#include <algorithm>
#include <array>

#include "core/json.hpp"
#include "rules/leaf_reader.hpp"

namespace ordo::rules {
namespace {

using Value = rapidjson::Value;

bool IsTableId(std::string_view id) {
  if (id.empty() || id.size() > 64) return false;
  for (std::size_t char_idx = 0; char_idx < id.size(); ++char_idx) {
    const char c = id[char_idx];
    const bool alnum = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
    if (!alnum && (char_idx == 0 || (c != '_' && c != '-' && c != '.'))) return false;
  }
  return true;
}

// Member names echoed in pointers: only plain ones, anything else is shown as "?" (values never are).
std::string NameToken(std::string_view name) {
  std::string token;
  for (const char c : name.substr(0, std::min<std::size_t>(name.size(), 64))) {
    const bool plain = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                       c == '-' || c == '.';
    token.push_back(plain ? c : '?');
  }
  return token;
}

std::string Compact(const Value& value) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  value.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

class TableReader {
 public:
  TableReader(const FactCatalogue& catalogue, std::vector<core::FieldError>& errors)
      : catalogue_(catalogue), errors_(errors) {}

  void Add(std::string pointer, std::string code, std::string message) {
    if (errors_.size() < kMaxProblems) errors_.push_back(core::FieldError{std::move(pointer), std::move(code), std::move(message)});
  }

  // The columns; nullopt slot for an input that is not a fact (its cells are then not read).
  void ReadInputs(const Value& root, DecisionTable& table, std::vector<bool>& input_ok) {
    const auto inputs = root.FindMember("inputs");
    if (inputs == root.MemberEnd()) return Add("/inputs", "required", "member is required");
    if (!inputs->value.IsArray() || inputs->value.Empty() || inputs->value.Size() > kMaxTableColumns) {
      return Add("/inputs", "type", "must be an array of 1 to " + std::to_string(kMaxTableColumns) + " fact paths");
    }
    for (rapidjson::SizeType idx = 0; idx < inputs->value.Size(); ++idx) {
      const Value& input = inputs->value[idx];
      std::optional<Slot> slot;
      if (!input.IsString()) {
        Add("/inputs/" + std::to_string(idx), "type", "must be a fact path string");
      } else if (slot = catalogue_.Find(core::AsView(input)); !slot) {
        Add("/inputs/" + std::to_string(idx), "unknown_fact", "not a fact of the catalogue");
      }
      table.inputs.push_back(slot ? std::string(core::AsView(input)) : std::string());
      table.input_slots.push_back(slot.value_or(0));
      input_ok.push_back(slot.has_value());
    }
    columns_known_ = true;
  }

  void ReadOutputs(const Value& root, DecisionTable& table) {
    const auto outputs = root.FindMember("outputs");
    if (outputs == root.MemberEnd()) return Add("/outputs", "required", "member is required");
    if (!outputs->value.IsArray() || outputs->value.Empty() || outputs->value.Size() > kMaxTableColumns) {
      return Add("/outputs", "type", "must be an array of 1 to " + std::to_string(kMaxTableColumns) + " names");
    }
    for (rapidjson::SizeType idx = 0; idx < outputs->value.Size(); ++idx) {
      const Value& output = outputs->value[idx];
      if (!output.IsString() || !IsTableId(core::AsView(output))) {
        Add("/outputs/" + std::to_string(idx), "type", "must be a name: 1-64 of A-Z a-z 0-9 _ - .");
        continue;
      }
      if (std::find(table.outputs.begin(), table.outputs.end(), core::AsView(output)) != table.outputs.end()) {
        Add("/outputs/" + std::to_string(idx), "duplicate", "another output has this name");
        continue;
      }
      table.outputs.push_back(std::string(core::AsView(output)));
    }
    outputs_known_ = table.outputs.size() == outputs->value.Size();
  }

  void ReadRows(const Value& root, DecisionTable& table, const std::vector<bool>& input_ok, std::size_t output_count) {
    const auto rows = root.FindMember("rows");
    if (rows == root.MemberEnd()) return Add("/rows", "required", "member is required");
    if (!rows->value.IsArray()) return Add("/rows", "type", "must be an array of rows");
    if (rows->value.Empty()) return Add("/rows", "empty", "a decision table has at least one row");
    if (rows->value.Size() > kMaxTableRows) return Add("/rows", "too_many", "at most " + std::to_string(kMaxTableRows) + " rows");
    for (rapidjson::SizeType row_idx = 0; row_idx < rows->value.Size(); ++row_idx) {
      ReadRow(rows->value[row_idx], "/rows/" + std::to_string(row_idx), table, input_ok, output_count);
    }
  }

  bool columns_known() const { return columns_known_; }
  bool outputs_known() const { return outputs_known_; }

 private:
  static constexpr std::size_t kMaxProblems = 100;

  void ReadRow(const Value& node, const std::string& at, DecisionTable& table, const std::vector<bool>& input_ok,
               std::size_t output_count) {
    if (!node.IsObject()) return Add(at, "type", "a row is an object {\"when\": [...], \"then\": [...]}");
    for (auto member = node.MemberBegin(); member != node.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      if (name != "when" && name != "then") Add(at + "/" + NameToken(name), "unknown_field", "a row has when and then");
    }
    DecisionRow row;
    const std::size_t before = errors_.size();
    const auto when = node.FindMember("when");
    if (when == node.MemberEnd()) {
      Add(at + "/when", "required", "member is required");
    } else if (!when->value.IsArray()) {
      Add(at + "/when", "type", "must be an array with one cell per input");
    } else if (columns_known_ && when->value.Size() != input_ok.size()) {
      Add(at + "/when", "width", "has " + std::to_string(when->value.Size()) + " cells, the table has " +
                                     std::to_string(input_ok.size()) + " inputs");
    } else if (columns_known_) {
      for (rapidjson::SizeType cell_idx = 0; cell_idx < when->value.Size(); ++cell_idx) {
        row.when.push_back(ReadCell(when->value[cell_idx], at + "/when/" + std::to_string(cell_idx), table, cell_idx,
                                    input_ok[cell_idx]));
      }
    }
    const auto then = node.FindMember("then");
    if (then == node.MemberEnd()) {
      Add(at + "/then", "required", "member is required");
    } else if (!then->value.IsArray()) {
      Add(at + "/then", "type", "must be an array with one value per output");
    } else if (outputs_known_ && then->value.Size() != output_count) {
      Add(at + "/then", "width", "has " + std::to_string(then->value.Size()) + " values, the table has " +
                                     std::to_string(output_count) + " outputs");
    } else {
      for (rapidjson::SizeType value_idx = 0; value_idx < then->value.Size(); ++value_idx) {
        const Value& value = then->value[value_idx];
        if (value.IsObject() || value.IsArray() || (value.IsString() && value.GetStringLength() > kMaxStringBytes)) {
          Add(at + "/then/" + std::to_string(value_idx), "value_type",
              "must be a string of at most " + std::to_string(kMaxStringBytes) + " bytes, a number, a boolean or null");
          continue;
        }
        row.then.push_back(Compact(value));
      }
    }
    if (errors_.size() == before) table.rows.push_back(std::move(row));
  }

  // nullopt for an any cell (and for a bad one, reported).
  std::optional<Condition> ReadCell(const Value& cell, const std::string& at, const DecisionTable& table,
                                    std::size_t column, bool input_ok) {
    if (cell.IsNull() || (cell.IsString() && core::AsView(cell) == "-")) return std::nullopt;
    if (!cell.IsObject()) {
      Add(at, "type", "a cell is null, \"-\" (any) or {\"op\", \"value\"}");
      return std::nullopt;
    }
    bool ok = true;
    for (auto member = cell.MemberBegin(); member != cell.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      if (name != "op" && name != "value") {
        Add(at + "/" + NameToken(name), "unknown_field", "a cell has op and value (its fact is the column's input)");
        ok = false;
      }
    }
    if (!ok || !input_ok) return std::nullopt;  // an unknown input is reported once, at /inputs/N
    rapidjson::Document leaf;
    leaf.SetObject();
    const std::string& path = table.inputs[column];
    leaf.AddMember("fact", Value(path.data(), static_cast<rapidjson::SizeType>(path.size()), leaf.GetAllocator()),
                   leaf.GetAllocator());
    for (auto member = cell.MemberBegin(); member != cell.MemberEnd(); ++member) {
      leaf.AddMember(Value(member->name, leaf.GetAllocator()), Value(member->value, leaf.GetAllocator()),
                     leaf.GetAllocator());
    }
    const Value& leaf_value = leaf;
    return ReadLeafCondition(leaf_value, at, catalogue_, errors_);
  }

  const FactCatalogue& catalogue_;
  std::vector<core::FieldError>& errors_;
  bool columns_known_ = false;
  bool outputs_known_ = false;
};

constexpr std::array<std::string_view, 2> kHitPolicyNames = {"first", "collect"};

}  // namespace

std::string_view HitPolicyName(HitPolicy policy) { return kHitPolicyNames[static_cast<std::size_t>(policy)]; }

core::Result<DecisionTable> ParseDecisionTable(std::string_view json, const FactCatalogue& catalogue) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(json, doc));
  const Value& root = doc;
  std::vector<core::FieldError> errors;
  TableReader reader(catalogue, errors);
  if (!root.IsObject()) {
    reader.Add("", "type", "a decision table is a JSON object {\"id\", \"hit_policy\", \"inputs\", \"outputs\", \"rows\"}");
    return core::Error{core::ErrorCode::kInvalidArgument, "the decision table is invalid", std::move(errors)};
  }
  static constexpr std::array<std::string_view, 6> kMembers = {"id", "hit_policy", "inputs", "outputs", "rows", "description"};
  for (auto member = root.MemberBegin(); member != root.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    if (std::find(kMembers.begin(), kMembers.end(), name) == kMembers.end()) {
      reader.Add("/" + NameToken(name), "unknown_field", "not a member of a decision table");
    }
  }
  DecisionTable table;
  const auto id = root.FindMember("id");
  if (id == root.MemberEnd() || !id->value.IsString() || !IsTableId(core::AsView(id->value))) {
    reader.Add("/id", "id", "required: 1-64 of A-Z a-z 0-9 _ - . starting with a letter or digit");
  } else {
    table.id = std::string(core::AsView(id->value));
  }
  const auto policy = root.FindMember("hit_policy");
  if (policy == root.MemberEnd()) {
    reader.Add("/hit_policy", "required", "member is required: first or collect");
  } else if (!policy->value.IsString() || (core::AsView(policy->value) != "first" && core::AsView(policy->value) != "collect")) {
    reader.Add("/hit_policy", "hit_policy", "must be first or collect");
  } else {
    table.hit_policy = core::AsView(policy->value) == "first" ? HitPolicy::kFirst : HitPolicy::kCollect;
  }
  if (const auto description = root.FindMember("description"); description != root.MemberEnd()) {
    if (!description->value.IsString() || description->value.GetStringLength() > 500) {
      reader.Add("/description", "type", "must be a string of at most 500 bytes");
    }
  }
  std::vector<bool> input_ok;
  reader.ReadInputs(root, table, input_ok);
  reader.ReadOutputs(root, table);
  reader.ReadRows(root, table, input_ok, table.outputs.size());
  if (!errors.empty()) return core::Error{core::ErrorCode::kInvalidArgument, "the decision table is invalid", std::move(errors)};
  return table;
}

TableHits::TableHits(const CompiledDecisionTable& table) : fired_(table.rules()) {}

std::shared_ptr<const CompiledDecisionTable> CompiledDecisionTable::Compile(const DecisionTable& table,
                                                                            const FactCatalogue& catalogue) {
  // One rule per row, all of the same trigger and priority: the compiler keeps document order, so
  // compiled rule index == row index. "first" stops after the first firing rule.
  RuleSet set;
  set.rules.reserve(table.rows.size());
  for (std::size_t row_idx = 0; row_idx < table.rows.size(); ++row_idx) {
    const DecisionRow& row = table.rows[row_idx];
    Rule rule;
    rule.id = table.id + "#" + std::to_string(row_idx);
    rule.trigger = Trigger::kOrderCreated;
    rule.stop_processing = table.hit_policy == HitPolicy::kFirst;
    rule.when.kind = Condition::Kind::kAll;  // an all-any row: an empty all, which holds
    for (const std::optional<Condition>& cell : row.when) {
      if (cell) rule.when.children.push_back(*cell);
    }
    set.rules.push_back(std::move(rule));
  }
  auto compiled = std::make_shared<CompiledDecisionTable>();
  compiled->table_ = table;
  compiled->rules_ = CompiledRuleSet::Compile(set, catalogue);
  return compiled;
}

void CompiledDecisionTable::Evaluate(const Facts& facts, TableHits& hits) const {
  // The rows carry no enabled dates, so `now` does not matter.
  rules_->Evaluate(facts, Trigger::kOrderCreated, 0, hits.fired_);
}

}  // namespace ordo::rules
