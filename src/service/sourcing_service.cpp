#include "service/sourcing_service.hpp"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <set>
#include <thread>

#include "core/json.hpp"

namespace ordo::service {
namespace {

constexpr int kUnsourcedBatch = 256;
constexpr int kWaitingBatch = 500;
constexpr int kLedgerBatch = 1000;
// Waiting orders one rebalance considers (the MIP grows with orders × lines × locations).
constexpr int kMaxRebalanceOrders = 5000;
// Threads that submit new orders' units at once: the group-commit writer puts what arrives
// together into one transaction, so a burst of orders costs a few commits, not one each.
constexpr int kParallelUnits = 4;

bool FreesStock(const store::StockLedgerRow& row) {
  return row.cause != "reserve" && row.cause != "consume" && row.cause != "resource_release";
}

void Tally(const core::Result<store::AllocateOutcome>& outcome, PassReport& report) {
  if (!outcome) return;
  if (outcome->result == "allocated" || outcome->result == "reallocated") ++report.allocated;
  if (outcome->result == "waiting") ++report.waiting;
}

std::string StatusAudit(const std::string& status, const std::string& reason) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "status");
  core::WriteString(writer, status);
  core::WriteKey(writer, "reason");
  core::WriteString(writer, reason);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string ReportAudit(const FailoverReport& report) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  const std::pair<const char*, std::int64_t> counts[] = {{"orders_considered", report.orders_considered},
                                                         {"reallocated", report.reallocated},
                                                         {"to_backup", report.to_backup},
                                                         {"waiting", report.waiting},
                                                         {"skipped", report.skipped},
                                                         {"failed", report.failed}};
  for (const auto& [name, value] : counts) {
    core::WriteKey(writer, name);
    writer.Int64(value);
  }
  core::WriteKey(writer, "elapsed_ms");
  writer.Double(report.elapsed_ms);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

// Runs `work(i)` for i in [0, count) on up to kParallelUnits threads.
template <class Work>
void RunParallel(std::size_t count, Work work) {
  std::atomic<std::size_t> next{0};
  auto drain = [&] {
    for (std::size_t i; (i = next.fetch_add(1)) < count;) work(i);
  };
  const std::size_t helpers = std::min<std::size_t>(kParallelUnits, count) - (count > 0 ? 1 : 0);
  std::vector<std::thread> threads;
  threads.reserve(helpers);
  for (std::size_t t = 0; t < helpers; ++t) threads.emplace_back(drain);
  drain();
  for (std::thread& thread : threads) thread.join();
}

// The order's own rule directives with the failover's preference added (the rules' exclusions
// and forced location still hold: a closed location is excluded by the decision anyway).
sourcing::RuleDirectives MergeDirectives(sourcing::RuleDirectives rules, const sourcing::RuleDirectives& failover) {
  rules.preferred_locations.insert(failover.preferred_locations.begin(), failover.preferred_locations.end());
  rules.excluded_locations.insert(failover.excluded_locations.begin(), failover.excluded_locations.end());
  if (!rules.forced_location) rules.forced_location = failover.forced_location;
  return rules;
}

}  // namespace

core::Result<sourcing::RuleDirectives> SourcingService::StoredDirectives(std::int64_t order_id) {
  if (gate_ == nullptr) return sourcing::RuleDirectives{};
  return gate_->DirectivesFor(order_id);
}

SourcingService::SourcingService(store::Store& store, const core::Clock& clock, SourcingDefaults defaults)
    : store_(store), clock_(clock), defaults_(std::move(defaults)) {}

core::Result<std::shared_ptr<const sourcing::SwitchedCarriers>> SourcingService::Carriers() {
  auto version = store_.Inventory().CarrierRatesVersion();
  if (!version) return std::move(version).error();
  std::map<std::string, std::string> switches;
  std::int64_t generation = 0;
  {
    std::lock_guard lock(mutex_);
    if (carriers_ && carriers_version_ == *version && carriers_generation_ == switches_generation_) return carriers_;
    switches = switches_;
    generation = switches_generation_;
  }
  auto table = store_.Inventory().GetCarrierRates();
  if (!table) return std::move(table).error();
  auto built = std::make_shared<const sourcing::SwitchedCarriers>(
      sourcing::ApplyCarrierSwitches(sourcing::CarrierTable(ToCarrierRates(table->rates)), switches));
  std::lock_guard lock(mutex_);
  carriers_ = built;
  carriers_version_ = table->version;
  carriers_generation_ = generation;
  return built;
}

void SourcingService::SetCarrierSwitches(std::map<std::string, std::string> from_to) {
  std::lock_guard lock(mutex_);
  if (from_to == switches_) return;
  switches_ = std::move(from_to);
  ++switches_generation_;
}

std::map<std::string, std::string> SourcingService::CarrierSwitches() const {
  std::lock_guard lock(mutex_);
  return switches_;
}

core::Result<store::AllocateOutcome> SourcingService::SourceOrder(std::int64_t order_id, store::AllocateMode mode,
                                                                  const std::string& cause,
                                                                  const sourcing::RuleDirectives& directives) {
  auto carriers = Carriers();
  if (!carriers) return std::move(carriers).error();
  store::AllocateCommand command;
  command.order_id = order_id;
  command.mode = mode;
  command.cause = cause;
  command.actor = core::Actor{"system", "sourcing"};
  command.decide = [carriers = *carriers, directives, cause, this](const store::AllocationContext& context) {
    SourcingRun run = DecideForContext(context, carriers->table, directives, defaults_);
    run.carrier_switches = carriers->switches;
    return ToVerdict(context.order, run, cause);
  };
  return store_.Inventory().Allocate(std::move(command));
}

core::Result<std::int64_t> SourcingService::SourceNewOrders(PassReport& report) {
  std::int64_t after = 0;
  std::int64_t total = 0;
  for (;;) {
    auto ids = store_.Inventory().ListUnsourcedOrders(after, kUnsourcedBatch);
    if (!ids) return std::move(ids).error();
    if (ids->empty()) return total;
    std::vector<core::Result<store::AllocateOutcome>> outcomes(ids->size(), core::MakeError(core::ErrorCode::kInternal, ""));
    std::vector<char> held(ids->size(), 0);
    RunParallel(ids->size(), [&](std::size_t i) {
      SourcingGate::Verdict verdict;
      if (gate_ != nullptr) {
        auto asked = gate_->BeforeSourcing((*ids)[i]);
        if (!asked) {
          outcomes[i] = std::move(asked).error();
          return;
        }
        verdict = std::move(*asked);
        if (!verdict.proceed) {
          held[i] = 1;
          return;
        }
      }
      outcomes[i] = SourceOrder((*ids)[i], store::AllocateMode::kNew, "new_order", verdict.directives);
      if (outcomes[i] && verdict.priority) {
        if (auto set = store_.Inventory().SetSourcingPriority((*ids)[i], *verdict.priority); !set) {
          spdlog::warn("sourcing: order {}: rule priority not set: {}", (*ids)[i], set.error().detail);
        }
      }
    });
    for (std::size_t i = 0; i < ids->size(); ++i) {
      if (held[i] != 0) {
        ++report.held_by_rules;
        continue;
      }
      if (!outcomes[i]) {
        spdlog::warn("sourcing: order {}: {}", (*ids)[i], outcomes[i].error().detail);
        continue;
      }
      Tally(outcomes[i], report);
    }
    report.new_orders += static_cast<std::int64_t>(ids->size());
    total += static_cast<std::int64_t>(ids->size());
    after = ids->back();
    if (static_cast<int>(ids->size()) < kUnsourcedBatch) return total;
  }
}

core::Result<std::int64_t> SourcingService::SourceArrivals(PassReport& report) {
  std::int64_t cursor;
  {
    std::lock_guard lock(mutex_);
    cursor = ledger_cursor_;
  }
  std::set<std::string> skus;
  for (;;) {
    store::StockLedgerFilter filter;
    filter.after_seq = cursor;
    filter.limit = kLedgerBatch;
    auto rows = store_.Inventory().ListStockLedger(filter);
    if (!rows) return std::move(rows).error();
    for (const store::StockLedgerRow& row : *rows) {
      if (FreesStock(row)) skus.insert(row.sku);
      cursor = std::max(cursor, row.seq);
    }
    if (static_cast<int>(rows->size()) < kLedgerBatch) break;
  }
  {
    std::lock_guard lock(mutex_);
    ledger_cursor_ = std::max(ledger_cursor_, cursor);
  }
  if (skus.empty()) return 0;
  // Oldest first (highest priority first) and one at a time: the order of arrival is the
  // order of service.
  auto waiting = store_.Inventory().ListWaitingOrders(std::vector<std::string>(skus.begin(), skus.end()), kWaitingBatch);
  if (!waiting) return std::move(waiting).error();
  std::int64_t decided = 0;
  for (const store::WaitingOrder& order : *waiting) {
    auto directives = StoredDirectives(order.order_id);
    if (!directives) {
      spdlog::warn("sourcing: waiting order {}: {}", order.order_id, directives.error().detail);
      continue;
    }
    auto outcome = SourceOrder(order.order_id, store::AllocateMode::kNew, "stock_arrived", *directives);
    if (!outcome) {
      spdlog::warn("sourcing: waiting order {}: {}", order.order_id, outcome.error().detail);
      continue;
    }
    Tally(outcome, report);
    ++decided;
  }
  report.stock_arrivals += decided;
  return decided;
}

core::Result<PassReport> SourcingService::RunPass() {
  PassReport report;
  auto locations = store_.Inventory().ListLocations();
  if (!locations) return std::move(locations).error();
  if (locations->empty()) return report;  // inventory not set up: nothing to source from
  auto fresh = SourceNewOrders(report);
  if (!fresh) return std::move(fresh).error();
  auto arrivals = SourceArrivals(report);
  if (!arrivals) return std::move(arrivals).error();
  return report;
}

core::Result<FailoverReport> SourcingService::SetLocationStatus(const std::string& location_id,
                                                                const std::string& status, const std::string& reason,
                                                                const core::Actor& actor, const std::string& ip) {
  const auto started = std::chrono::steady_clock::now();
  store::AuditRecord audit;
  audit.actor_kind = actor.kind;
  audit.actor_id = actor.id;
  audit.ip = ip;
  audit.action = "location.status";
  audit.subject = "location:" + location_id;
  audit.detail_json = StatusAudit(status, reason);
  auto updated = store_.Inventory().SetLocationStatus(location_id, status, reason, std::move(audit));
  if (!updated) return std::move(updated).error();
  FailoverReport report;
  report.location = *updated;
  if (status != "closed") return report;

  auto orders = store_.Inventory().ListOrdersAllocatedAt(location_id);
  if (!orders) return std::move(orders).error();
  report.orders_considered = static_cast<std::int64_t>(orders->size());
  sourcing::RuleDirectives directives;
  if (!updated->backup_location_id.empty()) directives.preferred_locations.insert(updated->backup_location_id);
  const std::string cause = "location_closed:" + location_id + (reason.empty() ? "" : " (" + reason + ")");
  std::vector<core::Result<store::AllocateOutcome>> outcomes(orders->size(),
                                                             core::MakeError(core::ErrorCode::kInternal, ""));
  RunParallel(orders->size(), [&](std::size_t i) {
    auto stored = StoredDirectives((*orders)[i]);
    if (!stored) {
      outcomes[i] = std::move(stored).error();
      return;
    }
    outcomes[i] = SourceOrder((*orders)[i], store::AllocateMode::kResource, cause, MergeDirectives(*stored, directives));
  });
  for (std::size_t i = 0; i < orders->size(); ++i) {
    const auto& outcome = outcomes[i];
    if (!outcome) {
      ++report.failed;
      report.failed_orders.push_back((*orders)[i]);
      spdlog::warn("failover {}: order {}: {}", location_id, (*orders)[i], outcome.error().detail);
      continue;
    }
    if (outcome->result == "reallocated" || outcome->result == "allocated") {
      ++report.reallocated;
      std::set<std::string> at;
      for (const store::AllocationRow& line : outcome->lines) at.insert(line.location_id);
      for (const std::string& id : at) ++report.moved_to[id];
      if (at.contains(updated->backup_location_id)) ++report.to_backup;
    } else if (outcome->result == "waiting") {
      ++report.waiting;
    } else {
      ++report.skipped;
    }
  }
  report.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  store::AuditRecord done;
  done.actor_kind = actor.kind;
  done.actor_id = actor.id;
  done.ip = ip;
  done.action = "location.failover";
  done.subject = "location:" + location_id;
  done.detail_json = ReportAudit(report);
  auto appended = store_.AppendAudit(std::move(done));
  if (!appended) spdlog::warn("failover {}: audit not written: {}", location_id, appended.error().detail);
  spdlog::info("failover {}: {} orders, {} reallocated ({} to backup), {} waiting, {} skipped, {} failed in {:.0f} ms",
               location_id, report.orders_considered, report.reallocated, report.to_backup, report.waiting,
               report.skipped, report.failed, report.elapsed_ms);
  return report;
}

core::Result<RebalanceReport> SourcingService::Rebalance(bool apply, int time_limit_ms) {
  const auto started = std::chrono::steady_clock::now();
  RebalanceReport report;
  auto waiting = store_.Inventory().ListWaitingOrders({}, kMaxRebalanceOrders);
  if (!waiting) return std::move(waiting).error();
  auto locations = store_.Inventory().ListLocations();
  if (!locations) return std::move(locations).error();
  std::set<std::string> usable;  // closed locations and ones that do not ship give nothing
  for (const store::LocationRecord& location : *locations) {
    if (location.status != "closed" && location.ships) usable.insert(location.id);
  }
  const core::UnixMillis now = clock_.Now();
  sourcing::RebalanceInput input;
  input.today = sourcing::LocalDay(now);
  std::set<std::string> skus;
  for (const store::WaitingOrder& waiting_order : *waiting) {
    auto stored = store_.GetOrderSync(waiting_order.order_id);
    if (!stored) continue;  // archived meanwhile
    sourcing::WaitingOrder order;
    order.id = std::to_string(waiting_order.order_id);
    order.priority = static_cast<int>(std::max<std::int64_t>(0, waiting_order.priority));
    order.waiting_since = waiting_order.waiting_since;
    order.promise_day = ToSourcingOrder(*stored, defaults_).promise_day;
    for (const order::OrderLine& line : stored->lines) {
      order.lines.push_back(sourcing::WaitingLine{line.sku, line.qty});
      skus.insert(line.sku);
    }
    if (!order.lines.empty()) input.orders.push_back(std::move(order));
  }
  for (const std::string& sku : skus) {
    store::StockFilter filter;
    filter.sku = sku;
    filter.limit = 1000;
    auto rows = store_.Inventory().ListStock(filter);
    if (!rows) return std::move(rows).error();
    for (const store::StockRecord& row : *rows) {
      if (usable.contains(row.location_id) && row.available() > 0) {
        input.stock.push_back(sourcing::StockRow{row.sku, row.location_id, row.available()});
      }
    }
  }
  report.waiting_orders = static_cast<std::int64_t>(input.orders.size());
  report.skus = static_cast<std::int64_t>(skus.size());
  auto fcfs = sourcing::AllocateFirstComeFirstServed(input);
  if (!fcfs) return std::move(fcfs).error();
  const auto solve_started = std::chrono::steady_clock::now();
  sourcing::RebalanceOptions options;
  options.time_limit_ms = time_limit_ms;
  auto mip = sourcing::AllocateByMip(input, options);
  if (!mip) return std::move(mip).error();
  report.solve_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - solve_started).count();
  report.comparison = sourcing::CompareRebalance(*fcfs, *mip);
  report.mip_hit_limit = mip->hit_limit;
  if (apply) {
    report.applied = true;
    std::vector<const sourcing::FilledOrder*> chosen;
    for (const sourcing::FilledOrder& filled : mip->filled) chosen.push_back(&filled);
    std::stable_sort(chosen.begin(), chosen.end(), [](const auto* a, const auto* b) { return a->weight > b->weight; });
    for (const sourcing::FilledOrder* filled : chosen) {
      auto outcome = SourceAssigned(*filled);
      if (outcome && outcome->result == "allocated") {
        ++report.allocated;
      } else {
        ++report.not_allocated;
      }
    }
  }
  report.elapsed_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - started).count();
  return report;
}

core::Result<store::AllocateOutcome> SourcingService::SourceAssigned(const sourcing::FilledOrder& filled) {
  auto carriers = Carriers();
  if (!carriers) return std::move(carriers).error();
  const std::int64_t order_id = std::stoll(filled.order_id);
  auto directives = StoredDirectives(order_id);
  if (!directives) return std::move(directives).error();
  store::AllocateCommand command;
  command.order_id = order_id;
  command.mode = store::AllocateMode::kNew;
  command.cause = "rebalance";
  command.actor = core::Actor{"system", "sourcing"};
  command.decide = [carriers = *carriers, filled, rules = *directives, this](const store::AllocationContext& context) {
    // The decision sees each line's SKU only where the batch put it, so its plan is the batch's;
    // it still chooses the carrier and the promised date, and explains them.
    std::set<std::pair<std::string, std::string>> assigned;
    for (const sourcing::LineSource& source : filled.lines) {
      if (source.line_index < context.order.lines.size()) {
        assigned.emplace(context.order.lines[source.line_index].sku, source.location_id);
      }
    }
    store::AllocationContext restricted = context;
    std::erase_if(restricted.stock, [&](const store::StockRecord& row) {
      return !assigned.contains({row.sku, row.location_id});
    });
    // The order's rule directives still apply: an excluded location stays excluded even where
    // the batch (which does not know the rules) put the line; the order then waits again.
    SourcingRun run = DecideForContext(restricted, carriers->table, rules, defaults_);
    run.carrier_switches = carriers->switches;
    return ToVerdict(context.order, run, "rebalance");
  };
  return store_.Inventory().Allocate(std::move(command));
}

core::Result<std::string> SourcingService::Preview(const order::Order& order, const std::string& pickup_location_id) {
  auto carriers = Carriers();
  if (!carriers) return std::move(carriers).error();
  auto locations = store_.Inventory().ListLocations();
  if (!locations) return std::move(locations).error();
  sourcing::StockView stock;
  std::set<std::string> skus;
  for (const order::OrderLine& line : order.lines) skus.insert(line.sku);
  for (const std::string& sku : skus) {
    store::StockFilter filter;
    filter.sku = sku;
    filter.limit = 1000;
    auto rows = store_.Inventory().ListStock(filter);
    if (!rows) return std::move(rows).error();
    for (const store::StockRecord& row : *rows) stock.Set(row.sku, row.location_id, row.available());
  }
  std::vector<sourcing::Location> places;
  for (const store::LocationRecord& record : *locations) places.push_back(ToLocation(record, 0));
  SourcingRun run{ToSourcingOrder(order, defaults_, pickup_location_id), core::MakeError(core::ErrorCode::kInternal, "")};
  run.decision = sourcing::DecideSourcing(run.order, stock, places, (*carriers)->table, {}, clock_.Now(), defaults_.cost);
  run.carrier_switches = (*carriers)->switches;
  if (!run.decision) return std::move(run.decision).error();
  return DecisionJson(order, run, "preview");
}

core::Result<store::SourcingRecord> SourcingService::Explain(std::int64_t order_id, const store::OrderScope& scope) {
  auto visible = store_.GetOrderSync(order_id, scope);
  if (!visible) return std::move(visible).error();
  return store_.Inventory().GetOrderSourcing(order_id);
}

}  // namespace ordo::service
