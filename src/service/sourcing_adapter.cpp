#include "service/sourcing_adapter.hpp"

#include <chrono>
#include <cstdio>
#include <map>
#include <set>

#include "core/json.hpp"
#include "quality/divisions.hpp"

namespace ordo::service {
namespace {

constexpr core::UnixMillis kMillisPerDay = 24LL * 60 * 60 * 1000;

sourcing::LocationKind KindOf(std::string_view kind) {
  if (kind == "store") return sourcing::LocationKind::kStore;
  if (kind == "dark_store") return sourcing::LocationKind::kDarkStore;
  return sourcing::LocationKind::kWarehouse;
}

sourcing::LocationStatus StatusOf(std::string_view status) {
  if (status == "closed") return sourcing::LocationStatus::kClosed;
  if (status == "degraded") return sourcing::LocationStatus::kDegraded;
  return sourcing::LocationStatus::kOpen;
}

// Province full names, short names and codes → code, built once from the division table.
const std::map<std::string, std::string, std::less<>>& ProvinceCodes() {
  static const auto* const codes = [] {
    auto* map = new std::map<std::string, std::string, std::less<>>();
    for (const quality::Division& division : quality::AllDivisions()) {
      if (division.level != quality::DivisionLevel::kProvince) continue;
      const std::string code = std::to_string(division.code);
      map->emplace(std::string(division.name), code);
      if (!division.short_name.empty()) map->emplace(std::string(division.short_name), code);
      map->emplace(code, code);
    }
    return map;
  }();
  return *codes;
}

void WritePlan(core::JsonWriter& writer, const order::Order& order, const sourcing::SourcingPlan& plan) {
  writer.StartObject();
  core::WriteKey(writer, "parcels");
  writer.Int(plan.parcels);
  core::WriteKey(writer, "cost");
  writer.StartObject();
  const std::pair<const char*, std::int64_t> parts[] = {
      {"shipping", plan.cost.shipping},
      {"late_penalty", plan.cost.late_penalty},
      {"extra_parcel_penalty", plan.cost.extra_parcel_penalty},
      {"capacity_pressure", plan.cost.capacity_pressure},
      {"preference_credit", plan.cost.preference_credit},
      {"total", plan.cost.total}};
  for (const auto& [name, value] : parts) {
    core::WriteKey(writer, name);
    writer.Int64(value);
  }
  writer.EndObject();
  if (!plan.note.empty()) {
    core::WriteKey(writer, "note");
    core::WriteString(writer, plan.note);
  }
  core::WriteKey(writer, "lines");
  writer.StartArray();
  for (const sourcing::PlanLine& line : plan.lines) {
    writer.StartObject();
    core::WriteKey(writer, "line");
    writer.Uint64(line.line_index);
    if (line.line_index < order.lines.size()) {
      core::WriteKey(writer, "sku");
      core::WriteString(writer, order.lines[line.line_index].sku);
      core::WriteKey(writer, "qty");
      writer.Int64(order.lines[line.line_index].qty);
    }
    core::WriteKey(writer, "location_id");
    core::WriteString(writer, line.location_id);
    core::WriteKey(writer, "carrier");
    core::WriteString(writer, line.carrier);
    core::WriteKey(writer, "service_level");
    core::WriteString(writer, line.service_level);
    core::WriteKey(writer, "promised_date");
    core::WriteString(writer, LocalDate(line.promised_day));
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
}

bool Filled(const SourcingRun& run) {
  return run.decision && run.decision->unfilled_lines.empty() && !run.decision->chosen.lines.empty();
}

}  // namespace

std::string ProvinceCode(std::string_view province) {
  const auto& codes = ProvinceCodes();
  auto found = codes.find(province);
  return found == codes.end() ? std::string() : found->second;
}

std::string LocalDate(std::int64_t local_day) {
  const std::chrono::year_month_day date{std::chrono::sys_days{std::chrono::days{local_day}}};
  char text[16];
  std::snprintf(text, sizeof text, "%04d-%02u-%02u", static_cast<int>(date.year()),
                static_cast<unsigned>(date.month()), static_cast<unsigned>(date.day()));
  return text;
}

sourcing::Location ToLocation(const store::LocationRecord& record, std::int64_t parcels_today) {
  sourcing::Location location;
  location.id = record.id;
  location.kind = KindOf(record.kind);
  location.province_code = record.province_code;
  location.city_code = record.city_code;
  location.district_code = record.district_code;
  location.latitude = record.latitude;
  location.longitude = record.longitude;
  location.status = StatusOf(record.status);
  location.status_reason = record.status_reason;
  location.daily_capacity = record.daily_capacity;
  location.capacity_used = parcels_today;
  location.cutoff_minute = record.cutoff_minute;
  location.backup_location_id = record.backup_location_id;
  location.ships = record.ships;
  location.pickup = record.pickup;
  return location;
}

std::vector<sourcing::CarrierRate> ToCarrierRates(const std::vector<store::CarrierRateRecord>& records) {
  std::vector<sourcing::CarrierRate> rates;
  rates.reserve(records.size());
  for (const store::CarrierRateRecord& record : records) {
    rates.push_back(sourcing::CarrierRate{record.carrier, record.service_level, record.origin_province,
                                          record.destination_province, record.min_weight_grams,
                                          record.max_weight_grams, record.transit_days, record.cost});
  }
  return rates;
}

sourcing::SourcingOrder ToSourcingOrder(const order::Order& order, const SourcingDefaults& defaults,
                                        std::string_view pickup_location_id) {
  sourcing::SourcingOrder result;
  result.lines.reserve(order.lines.size());
  for (const order::OrderLine& line : order.lines) {
    result.lines.push_back(sourcing::SourcingLine{line.sku, line.qty, line.qty * defaults.unit_weight_grams});
  }
  const std::string_view pickup = pickup_location_id.empty() ? std::string_view(order.pickup_location_id) : pickup_location_id;
  if (!pickup.empty()) {
    result.fulfilment = sourcing::FulfilmentType::kPickup;
    result.pickup_location_id = std::string(pickup);
  }
  result.destination_province = ProvinceCode(order.shipping_address.province);
  const core::UnixMillis paid = order.paid_at.value_or(order.created_at);
  result.promise_day = sourcing::LocalDay(paid) + defaults.promise_days;
  return result;
}

SourcingRun DecideForContext(const store::AllocationContext& context, const sourcing::CarrierTable& carriers,
                             const sourcing::RuleDirectives& directives, const SourcingDefaults& defaults) {
  std::map<std::string, std::int64_t, std::less<>> parcels(context.parcels_today.begin(), context.parcels_today.end());
  std::vector<sourcing::Location> locations;
  locations.reserve(context.locations.size());
  for (const store::LocationRecord& record : context.locations) {
    auto used = parcels.find(record.id);
    locations.push_back(ToLocation(record, used == parcels.end() ? 0 : used->second));
  }
  sourcing::StockView stock;
  for (const store::StockRecord& row : context.stock) stock.Set(row.sku, row.location_id, row.available());
  SourcingRun run{ToSourcingOrder(context.order, defaults), core::MakeError(core::ErrorCode::kInternal, "not run")};
  run.decision = sourcing::DecideSourcing(run.order, stock, locations, carriers, directives, context.now, defaults.cost);
  return run;
}

std::string DecisionJson(const order::Order& order, const SourcingRun& run, std::string_view cause) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "outcome");
  core::WriteString(writer, !run.decision ? "refused" : Filled(run) ? "allocated" : "waiting");
  core::WriteKey(writer, "cause");
  core::WriteString(writer, cause);
  core::WriteKey(writer, "destination_province");
  core::WriteString(writer, run.order.destination_province);
  core::WriteKey(writer, "promise_date");
  core::WriteString(writer, LocalDate(run.order.promise_day));
  if (!run.carrier_switches.empty()) {
    // Why a carrier the table has is not offered: a switch (SLA missed) took it off the lanes its
    // backup serves; where the backup does not serve, it stays.
    core::WriteKey(writer, "carrier_switches");
    writer.StartArray();
    for (const sourcing::CarrierSwitchOutcome& applied : run.carrier_switches) {
      writer.StartObject();
      core::WriteKey(writer, "from");
      core::WriteString(writer, applied.from);
      core::WriteKey(writer, "to");
      core::WriteString(writer, applied.to);
      core::WriteKey(writer, "lanes_switched");
      writer.Int64(applied.lanes_switched);
      core::WriteKey(writer, "lanes_kept");
      writer.Int64(applied.lanes_kept);
      writer.EndObject();
    }
    writer.EndArray();
  }
  if (!run.decision) {
    core::WriteKey(writer, "error");
    core::WriteString(writer, run.decision.error().detail);
    writer.EndObject();
    return {buffer.GetString(), buffer.GetSize()};
  }
  const sourcing::SourcingDecision& decision = *run.decision;
  core::WriteKey(writer, "exact");
  writer.Bool(decision.exact);
  core::WriteKey(writer, "chosen");
  WritePlan(writer, order, decision.chosen);
  core::WriteKey(writer, "runners_up");
  writer.StartArray();
  for (const sourcing::SourcingPlan& plan : decision.runners_up) WritePlan(writer, order, plan);
  writer.EndArray();
  core::WriteKey(writer, "exclusions");
  writer.StartArray();
  for (const sourcing::Exclusion& exclusion : decision.exclusions) {
    writer.StartObject();
    core::WriteKey(writer, "location_id");
    core::WriteString(writer, exclusion.location_id);
    core::WriteKey(writer, "reason");
    core::WriteString(writer, sourcing::ToString(exclusion.reason));
    if (!exclusion.detail.empty()) {
      core::WriteKey(writer, "detail");
      core::WriteString(writer, exclusion.detail);
    }
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "unfilled_lines");
  writer.StartArray();
  for (std::size_t line : decision.unfilled_lines) {
    writer.StartObject();
    core::WriteKey(writer, "line");
    writer.Uint64(line);
    if (line < order.lines.size()) {
      core::WriteKey(writer, "sku");
      core::WriteString(writer, order.lines[line].sku);
      core::WriteKey(writer, "qty");
      writer.Int64(order.lines[line].qty);
    }
    writer.EndObject();
  }
  writer.EndArray();
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

store::AllocationVerdict ToVerdict(const order::Order& order, const SourcingRun& run, std::string_view cause) {
  store::AllocationVerdict verdict;
  verdict.decision_json = DecisionJson(order, run, cause);
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "cause");
  core::WriteString(writer, cause);
  const bool nowhere = run.order.fulfilment == sourcing::FulfilmentType::kShip && run.order.destination_province.empty();
  if (order.lines.empty() || !run.decision || nowhere) {
    // Nothing stock could change: no lines, a refused pickup, or a destination outside the
    // division table (abroad) that no carrier lane reaches. Recorded as skipped, not held.
    verdict.kind = store::AllocationVerdict::Kind::kLeave;
    core::WriteKey(writer, "reason");
    core::WriteString(writer, !run.decision ? run.decision.error().detail
                              : nowhere     ? std::string("unknown_destination")
                                            : std::string("no_lines"));
  } else if (!Filled(run)) {
    verdict.kind = store::AllocationVerdict::Kind::kWait;
    core::WriteKey(writer, "reason");
    core::WriteString(writer, "no_stock");
    core::WriteKey(writer, "unfilled_skus");
    writer.StartArray();
    std::set<std::string> skus;
    for (std::size_t line : run.decision->unfilled_lines) {
      if (line < order.lines.size() && skus.insert(order.lines[line].sku).second) {
        core::WriteString(writer, order.lines[line].sku);
      }
    }
    writer.EndArray();
  } else {
    verdict.kind = store::AllocationVerdict::Kind::kAllocate;
    const sourcing::SourcingPlan& plan = run.decision->chosen;
    verdict.parcels = plan.parcels;
    std::set<std::string> locations;
    for (const sourcing::PlanLine& line : plan.lines) {
      store::AllocationRow row;
      row.line_index = static_cast<int>(line.line_index);
      row.sku = order.lines[line.line_index].sku;
      row.qty = order.lines[line.line_index].qty;
      row.location_id = line.location_id;
      row.carrier = line.carrier;
      row.service_level = line.service_level;
      row.promised_day = line.promised_day;
      verdict.lines.push_back(std::move(row));
      locations.insert(line.location_id);
    }
    core::WriteKey(writer, "locations");
    writer.StartArray();
    for (const std::string& id : locations) core::WriteString(writer, id);
    writer.EndArray();
    core::WriteKey(writer, "parcels");
    writer.Int(plan.parcels);
    core::WriteKey(writer, "total_cost");
    writer.Int64(plan.cost.total);
    core::WriteKey(writer, "exact");
    writer.Bool(run.decision->exact);
  }
  writer.EndObject();
  verdict.event_json.assign(buffer.GetString(), buffer.GetSize());
  return verdict;
}

}  // namespace ordo::service
