#include "rules/fact_catalogue.hpp"

#include "core/assert.hpp"

namespace ordo::rules {
namespace {

// Segments of [a-z0-9_] (a letter first) joined by '.', a segment may end in "[*]" (every element
// of a list). Upper case is allowed after the first segment for keys such as warehouse codes.
bool IsFactPath(std::string_view path) {
  if (path.empty() || path.size() > 128) return false;
  bool segment_start = true;
  for (std::size_t char_idx = 0; char_idx < path.size(); ++char_idx) {
    const char c = path[char_idx];
    if (c == '.') {
      if (segment_start) return false;
      segment_start = true;
      continue;
    }
    if (c == '[') {
      if (segment_start || path.substr(char_idx, 3) != "[*]") return false;
      char_idx += 2;
      if (char_idx + 1 < path.size() && path[char_idx + 1] != '.') return false;
      continue;
    }
    const bool lower = c >= 'a' && c <= 'z';
    const bool upper = c >= 'A' && c <= 'Z';
    const bool digit = c >= '0' && c <= '9';
    if (segment_start && !lower && !upper) return false;
    if (!lower && !upper && !digit && c != '_') return false;
    segment_start = false;
  }
  return !segment_start;
}

}  // namespace

std::string_view FactTypeName(FactType type) {
  switch (type) {
    case FactType::kInt: return "int";
    case FactType::kDecimal: return "decimal";
    case FactType::kString: return "string";
    case FactType::kBool: return "bool";
    case FactType::kStringList: return "string_list";
  }
  return "?";
}

core::Status FactCatalogue::Add(std::string path, FactType type, std::string description) {
  if (!IsFactPath(path)) return core::MakeError(core::ErrorCode::kInvalidArgument, "malformed fact path");
  if (const auto found = slots_.find(path); found != slots_.end()) {
    if (facts_[found->second].type == type) return core::Ok();
    return core::MakeError(core::ErrorCode::kInvalidArgument, "fact " + path + " is registered with another type");
  }
  const auto slot = static_cast<Slot>(facts_.size());
  slots_.emplace(path, slot);
  facts_.push_back(FactDef{std::move(path), type, std::move(description)});
  return core::Ok();
}

std::optional<Slot> FactCatalogue::Find(std::string_view path) const {
  const auto found = slots_.find(std::string(path));
  if (found == slots_.end()) return std::nullopt;
  return found->second;
}

FactCatalogue FactCatalogue::Standard() {
  FactCatalogue catalogue;
  const auto add = [&catalogue](std::string path, FactType type, std::string description) {
    const core::Status added = catalogue.Add(std::move(path), type, std::move(description));
    ORDO_CHECK(added.has_value());
  };
  add("order.grand_total", FactType::kDecimal, "the order's grand total in its currency");
  add("order.item_count", FactType::kInt, "units over all lines");
  add("order.line_count", FactType::kInt, "number of lines");
  add("order.channel", FactType::kString, "sales channel (tmall, jd, douyin, ...)");
  add("order.payment_method", FactType::kString, "payment method (alipay, cod, ...)");
  add("order.address.province", FactType::kString, "shipping province");
  add("order.address.city", FactType::kString, "shipping city");
  add("order.address.district", FactType::kString, "shipping district");
  add("order.lines[*].sku", FactType::kStringList, "the SKUs of the order's lines");
  add("order.tags", FactType::kStringList, "tags already on the order");
  add("order.is_gift", FactType::kBool, "the buyer asked for gift wrapping");
  add("customer.orders_30d", FactType::kInt, "the customer's orders in the last 30 days");
  add("stock.available", FactType::kInt, "available units of the SKU summed over all locations (stock.changed, schedule)");
  add("carrier.sla_miss_days", FactType::kInt, "consecutive days the carrier missed its SLA");
  add("quality.address_confidence", FactType::kDecimal, "address resolution confidence 0..1");
  // New facts go last: a slot is a fact's index (stored fact snapshots are keyed by path anyway).
  add("order.address.province_code", FactType::kString,
      "shipping province as its GB/T 2260 six-digit code (\"310000\"); absent when the name is unknown");
  add("order.stock.min_available", FactType::kInt,
      "the fewest available units over the order's SKUs, each summed over all locations (\"while stock is low\")");
  // Filled by the rule runtime for stock.changed / schedule (per SKU) and carrier.sla_daily.
  add("stock.sku", FactType::kString, "the SKU whose stock changed (stock.changed, schedule)");
  add("stock.on_hand", FactType::kInt, "units on hand of the SKU over all locations");
  add("stock.locations_in_stock", FactType::kInt, "locations with available units of the SKU");
  add("carrier.code", FactType::kString, "the carrier (carrier.sla_daily): zto, sf, ...");
  add("carrier.on_time_rate", FactType::kDecimal, "the carrier's on-time rate on the last counted day, 0..1");
  return catalogue;
}

}  // namespace ordo::rules
