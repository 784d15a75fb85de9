#include "rules/cron.hpp"

#include <algorithm>
#include <array>
#include <charconv>

namespace ordo::rules {
namespace {

struct FieldRange {
  std::string_view name;
  int min;
  int max;
};

constexpr std::array<FieldRange, 5> kFields = {{
    {"minute", 0, 59}, {"hour", 0, 23}, {"day of month", 1, 31}, {"month", 1, 12}, {"day of week", 0, 7}}};

std::optional<int> ReadNumber(std::string_view text) {
  if (text.empty() || text.size() > 3) return std::nullopt;
  int value = 0;
  const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (error != std::errc{} || end != text.data() + text.size()) return std::nullopt;
  return value;
}

bool ValidItem(std::string_view item, const FieldRange& range) {
  std::string_view base = item;
  if (const auto slash = item.find('/'); slash != std::string_view::npos) {
    const std::optional<int> step = ReadNumber(item.substr(slash + 1));
    if (!step || *step < 1 || *step > range.max) return false;
    base = item.substr(0, slash);
  }
  if (base == "*") return true;
  const auto dash = base.find('-');
  const std::optional<int> low = ReadNumber(base.substr(0, dash));
  if (!low || *low < range.min || *low > range.max) return false;
  if (dash == std::string_view::npos) return true;
  const std::optional<int> high = ReadNumber(base.substr(dash + 1));
  return high && *high >= *low && *high <= range.max;
}

bool ValidField(std::string_view field, const FieldRange& range) {
  while (true) {
    const auto comma = field.find(',');
    if (!ValidItem(field.substr(0, comma), range)) return false;
    if (comma == std::string_view::npos) return true;
    field.remove_prefix(comma + 1);
  }
}

}  // namespace

std::optional<std::string> CronProblem(std::string_view expression) {
  if (expression.size() > 200) return "a cron expression is at most 200 characters";
  std::array<std::string_view, 5> fields{};
  std::size_t count = 0;
  std::size_t pos = 0;
  while (pos < expression.size()) {
    if (expression[pos] == ' ') {
      ++pos;
      continue;
    }
    const auto end = std::min(expression.find(' ', pos), expression.size());
    if (count == fields.size()) return "a cron expression has exactly five fields";
    fields[count++] = expression.substr(pos, end - pos);
    pos = end;
  }
  if (count != fields.size()) return "a cron expression has exactly five fields";
  for (std::size_t field_idx = 0; field_idx < fields.size(); ++field_idx) {
    if (!ValidField(fields[field_idx], kFields[field_idx])) {
      return "the " + std::string(kFields[field_idx].name) + " field is not valid (range " +
             std::to_string(kFields[field_idx].min) + "-" + std::to_string(kFields[field_idx].max) + ")";
    }
  }
  return std::nullopt;
}

}  // namespace ordo::rules
