#include "store/detail/allocation_repository.hpp"

#include <algorithm>
#include <map>
#include <optional>
#include <set>
#include <utility>

#include "core/json.hpp"
#include "order/state_machine.hpp"
#include "store/detail/allocation_rows.hpp"
#include "store/detail/inventory_repository.hpp"
#include "store/detail/order_repository.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;
using order::Order;
using order::OrderStatus;

constexpr std::string_view kHoldNoStock = "no_stock";

// The order as the decider and the caller see it: no personal data.
Order WithoutPersonalData(Order order) {
  order.shipping_address.name.clear();
  order.shipping_address.phone.clear();
  order.shipping_address.street.clear();
  std::erase_if(order.original_fields, [](const order::OriginalField& field) { return order::IsPersonalField(field.field); });
  return order;
}

// `base` (an object) with the members of `extra` it does not have yet; `base` alone when `extra`
// is empty or not an object.
std::string MergeEventData(const std::string& base, const std::string& extra) {
  if (extra.empty()) return base;
  rapidjson::Document base_doc;
  rapidjson::Document extra_doc;
  if (!core::ParseJson(base, base_doc) || !base_doc.IsObject()) return base;
  if (!core::ParseJson(extra, extra_doc) || !extra_doc.IsObject()) return base;
  auto& allocator = base_doc.GetAllocator();
  for (auto& member : extra_doc.GetObject()) {
    if (base_doc.HasMember(member.name)) continue;
    rapidjson::Value name(member.name, allocator);
    rapidjson::Value value(member.value, allocator);
    base_doc.AddMember(name, value, allocator);
  }
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  base_doc.Accept(writer);
  return {buffer.GetString(), buffer.GetSize()};
}

// The inputs of a decision, read in the unit.
core::Result<AllocationContext> ReadContext(Connection& connection, const Order& order, const std::set<int>& cancelled,
                                            core::UnixMillis now) {
  AllocationContext context;
  context.order = WithoutPersonalData(order);
  // A cancelled line needs nothing: the decider sees it with qty 0 (indexes stay valid).
  for (const int line_index : cancelled) {
    if (line_index >= 0 && static_cast<std::size_t>(line_index) < context.order.lines.size()) {
      context.order.lines[static_cast<std::size_t>(line_index)].qty = 0;
    }
  }
  context.now = now;
  context.local_day = LocalDay(now);
  auto locations = LoadLocations(connection);
  if (!locations) return std::move(locations).error();
  context.locations = std::move(locations).value();
  ORDO_TRY(connection.Query("SELECT location_id, parcels FROM location_loads WHERE local_day = $1 ORDER BY location_id",
                            {context.local_day}, [&](const Row& row) {
                              context.parcels_today.emplace_back(std::string(row.Text(0)), row.Int(1));
                            }));
  std::vector<std::string> skus;
  for (const auto& line : order.lines) skus.push_back(line.sku);
  auto stock = LoadStockOfSkus(connection, skus);
  if (!stock) return std::move(stock).error();
  context.stock = std::move(stock).value();
  return context;
}

// A plan must reserve exactly each live line's qty, at known locations.
core::Status CheckPlan(const AllocationVerdict& verdict, const AllocationContext& context) {
  std::map<int, std::int64_t> planned;
  std::set<std::string> known;
  for (const auto& location : context.locations) known.insert(location.id);
  for (const auto& line : verdict.lines) {
    if (line.line_index < 0 || static_cast<std::size_t>(line.line_index) >= context.order.lines.size()) {
      return core::MakeError(ErrorCode::kInternal, "the sourcing plan names line " + std::to_string(line.line_index) +
                                                       " that the order does not have");
    }
    const auto& order_line = context.order.lines[static_cast<std::size_t>(line.line_index)];
    if (line.sku != order_line.sku || line.qty <= 0 || known.count(line.location_id) == 0) {
      return core::MakeError(ErrorCode::kInternal, "the sourcing plan's row for line " + std::to_string(line.line_index) +
                                                       " does not match the order or the locations");
    }
    planned[line.line_index] += line.qty;
  }
  for (std::size_t line_idx = 0; line_idx < context.order.lines.size(); ++line_idx) {
    const std::int64_t wanted = context.order.lines[line_idx].qty;
    const auto found = planned.find(static_cast<int>(line_idx));
    const std::int64_t got = found == planned.end() ? 0 : found->second;
    if (got != wanted) {
      return core::MakeError(ErrorCode::kInternal, "the sourcing plan reserves " + std::to_string(got) + " of line " +
                                                       std::to_string(line_idx) + " instead of " + std::to_string(wanted));
    }
  }
  return core::Ok();
}

// Reserves the plan with conditional updates in (sku, location) order. nullopt: one lost (not
// enough free stock any more); what this call had reserved is given back, nothing else written.
core::Result<std::optional<std::map<std::pair<std::string, std::string>, StockAfter>>> TryReserve(
    Connection& connection, const std::map<std::pair<std::string, std::string>, std::int64_t>& wanted,
    core::UnixMillis now) {
  std::map<std::pair<std::string, std::string>, StockAfter> taken;
  for (const auto& [key, qty] : wanted) {
    std::optional<StockAfter> after;
    ORDO_TRY(connection.Query(
        "UPDATE stock SET reserved = reserved + $1, updated_at = $2 "
        "WHERE sku = $3 AND location_id = $4 AND on_hand - reserved - safety_stock >= $1 "
        "RETURNING on_hand, reserved, safety_stock",
        {qty, now, std::string_view(key.first), std::string_view(key.second)},
        [&](const Row& row) { after = StockAfter{row.Int(0), row.Int(1), row.Int(2)}; }));
    if (after) {
      taken.emplace(key, *after);
      continue;
    }
    for (const auto& [undo_key, undo_after] : taken) {
      ORDO_TRY(connection.Exec("UPDATE stock SET reserved = reserved - $1 WHERE sku = $2 AND location_id = $3",
                               {wanted.at(undo_key), std::string_view(undo_key.first),
                                std::string_view(undo_key.second)}));
    }
    return std::optional<std::map<std::pair<std::string, std::string>, StockAfter>>();
  }
  return std::optional(std::move(taken));
}

struct Decided {
  AllocationVerdict verdict;
  std::vector<StoredAllocation> reserved;  // kAllocate: the rows written
};

// Decides and, for kAllocate, reserves: up to kAllocateAttempts times, re-reading stock after
// each lost race. Writes the allocation rows, their ledger and the location loads.
core::Result<Decided> DecideAndReserve(Connection& connection, const AllocateCommand& command, const Order& order,
                                       const std::set<int>& cancelled, core::UnixMillis now) {
  for (int attempt = 0; attempt < kAllocateAttempts; ++attempt) {
    auto context = ReadContext(connection, order, cancelled, now);
    if (!context) return std::move(context).error();
    Decided decided{command.decide(*context), {}};
    if (decided.verdict.kind != AllocationVerdict::Kind::kAllocate) return decided;
    ORDO_TRY(CheckPlan(decided.verdict, *context));
    std::map<std::pair<std::string, std::string>, std::int64_t> wanted;
    for (const auto& line : decided.verdict.lines) wanted[{line.sku, line.location_id}] += line.qty;
    auto taken = TryReserve(connection, wanted, now);
    if (!taken) return std::move(taken).error();
    if (!*taken) continue;  // lost a race: read again, decide again
    for (const auto& [key, after] : **taken) {
      ORDO_TRY(WriteReservationLedger(connection, key.first, key.second, 0, wanted.at(key), after, "reserve",
                                      order.id, command.cause, command.actor, now));
    }
    std::set<std::string> locations;
    for (AllocationRow line : decided.verdict.lines) {
      line.order_id = order.id;
      line.state = "reserved";
      line.created_at = now;
      line.closed_at = 0;
      std::int64_t id = 0;
      ORDO_TRY(connection.Query(
          "INSERT INTO order_allocations (order_id, line_index, sku, qty, location_id, carrier, service_level, "
          "promised_day, state, created_at, closed_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11) "
          "RETURNING id",
          {line.order_id, std::int64_t{line.line_index}, std::string_view(line.sku), line.qty,
           std::string_view(line.location_id), std::string_view(line.carrier), std::string_view(line.service_level),
           line.promised_day, std::string_view(line.state), line.created_at, line.closed_at},
          [&](const Row& row) { id = row.Int(0); }));
      locations.insert(line.location_id);
      decided.reserved.push_back(StoredAllocation{id, std::move(line)});
    }
    // All lines from one location travel as one parcel (docs/sourcing.md).
    for (const auto& location_id : locations) {
      ORDO_TRY(connection.Exec(
          "INSERT INTO location_loads (location_id, local_day, parcels) VALUES ($1, $2, 1) "
          "ON CONFLICT (location_id, local_day) DO UPDATE SET parcels = location_loads.parcels + 1",
          {std::string_view(location_id), LocalDay(now)}));
    }
    return decided;
  }
  return core::MakeError(ErrorCode::kConflict, "the stock changed under the sourcing decision " +
                                                   std::to_string(kAllocateAttempts) + " times; retry");
}

core::Status WriteSourcing(Connection& connection, const Order& order, std::string_view state,
                           const AllocationVerdict& verdict, const std::string& cause, core::UnixMillis now) {
  const std::string skus = JoinSkus(order);
  return connection.Exec(
      "INSERT INTO order_sourcing (order_id, state, priority, decision_json, cause, decided_at, attempts, "
      "waiting_since, skus) VALUES ($1, $2, 0, $3, $4, $5, 1, $5, $6) "
      "ON CONFLICT (order_id) DO UPDATE SET state = excluded.state, decision_json = excluded.decision_json, "
      "cause = excluded.cause, decided_at = excluded.decided_at, attempts = order_sourcing.attempts + 1, "
      "waiting_since = CASE WHEN order_sourcing.state = 'waiting' THEN order_sourcing.waiting_since "
      "ELSE excluded.waiting_since END, skus = excluded.skus",
      {order.id, state, std::string_view(verdict.decision_json), std::string_view(cause), now,
       std::string_view(skus)});
}

// One status change of a chain written by Allocate: the order after it, where it came from and
// the timeline node and data.
struct StatusStep {
  Order next;
  std::optional<OrderStatus> from;  // nullopt: not a status change (no outbox row)
  std::string node;
  std::string data;
};

// Writes the order row once (over `current`'s version) and a timeline event per step (and an
// outbox row per status change).
core::Status WriteSteps(Connection& connection, const LockedOrder& current, const std::vector<StatusStep>& steps,
                        const core::Actor& actor, core::UnixMillis now, const FieldCipher* cipher) {
  if (steps.empty()) return core::Ok();
  const std::int64_t last_seq = current.last_event_seq + static_cast<std::int64_t>(steps.size());
  ORDO_TRY(UpdateOrderRow(connection, steps.back().next, current.order.version, last_seq, std::nullopt, cipher));
  std::int64_t seq = current.last_event_seq;
  for (const auto& step : steps) {
    ORDO_TRY(AppendEvent(connection, step.next, ++seq, step.node, actor, step.data, now));
    if (step.from) ORDO_TRY(AppendOutbox(connection, step.next, kEventOrderStatusChanged, step.from, now));
  }
  return core::Ok();
}

core::Result<StatusStep> TransitionStep(const Order& from, OrderStatus to, const std::string& reason,
                                        const std::string& event_json, core::UnixMillis now) {
  auto next = order::Transition(from, to, reason, now);
  if (!next) return std::move(next).error();
  StatusStep step;
  step.from = from.status;
  step.node = std::string(order::StatusName(to));
  step.data = MergeEventData(TransitionData(from.status, to, reason), event_json);
  step.next = std::move(next).value();
  return step;
}

core::Result<AllocateOutcome> Outcome(Connection& connection, std::string result, const Order& order) {
  AllocateOutcome outcome;
  outcome.result = std::move(result);
  outcome.order = WithoutPersonalData(order);
  auto live = LoadAllocations(connection, order.id, "reserved");
  if (!live) return std::move(live).error();
  outcome.lines = PublicRows(*live);
  return outcome;
}

bool IsShipping(OrderStatus status) {
  return status == OrderStatus::kShipped || status == OrderStatus::kInTransit ||
         status == OrderStatus::kOutForDelivery || status == OrderStatus::kDelivered;
}

core::Result<AllocateOutcome> AllocateNew(Connection& connection, const AllocateCommand& command,
                                          const LockedOrder& current, core::UnixMillis now,
                                          const FieldCipher* cipher) {
  const Order& order = current.order;
  const bool waiting = order.status == OrderStatus::kOnHold && order.hold_reason == kHoldNoStock &&
                       order.held_from == OrderStatus::kPaid;
  if (order.status != OrderStatus::kPaid && !waiting) return Outcome(connection, "skipped", order);
  auto cancelled = CancelledLines(connection, order.id);
  if (!cancelled) return std::move(cancelled).error();
  auto decided = DecideAndReserve(connection, command, order, *cancelled, now);
  if (!decided) return std::move(decided).error();
  const AllocationVerdict& verdict = decided->verdict;
  std::vector<StatusStep> steps;
  switch (verdict.kind) {
    case AllocationVerdict::Kind::kAllocate: {
      Order at = order;
      if (waiting) {
        auto unheld = TransitionStep(at, OrderStatus::kPaid, "", "", now);
        if (!unheld) return std::move(unheld).error();
        at = unheld->next;
        steps.push_back(std::move(unheld).value());
      }
      auto allocated = TransitionStep(at, OrderStatus::kAllocated, "", verdict.event_json, now);
      if (!allocated) return std::move(allocated).error();
      steps.push_back(std::move(allocated).value());
      ORDO_TRY(WriteSteps(connection, current, steps, command.actor, now, cipher));
      ORDO_TRY(WriteSourcing(connection, order, "allocated", verdict, command.cause, now));
      return Outcome(connection, "allocated", steps.back().next);
    }
    case AllocationVerdict::Kind::kWait: {
      if (!waiting) {
        auto held = TransitionStep(order, OrderStatus::kOnHold, std::string(kHoldNoStock), verdict.event_json, now);
        if (!held) return std::move(held).error();
        steps.push_back(std::move(held).value());
        ORDO_TRY(WriteSteps(connection, current, steps, command.actor, now, cipher));
      }
      ORDO_TRY(WriteSourcing(connection, order, "waiting", verdict, command.cause, now));
      return Outcome(connection, "waiting", steps.empty() ? order : steps.back().next);
    }
    case AllocationVerdict::Kind::kLeave:
      ORDO_TRY(WriteSourcing(connection, order, "skipped", verdict, command.cause, now));
      return Outcome(connection, "skipped", order);
  }
  return core::MakeError(ErrorCode::kInternal, "unknown verdict");
}

core::Result<AllocateOutcome> AllocateAgain(Connection& connection, const AllocateCommand& command,
                                            const LockedOrder& current, core::UnixMillis now,
                                            const FieldCipher* cipher) {
  const Order& order = current.order;
  if (order.status != OrderStatus::kAllocated) return Outcome(connection, "skipped", order);
  auto cancelled = CancelledLines(connection, order.id);
  if (!cancelled) return std::move(cancelled).error();
  // kLeave keeps the reservations the order had: the release below is undone.
  ORDO_TRY(connection.ExecScript("SAVEPOINT allocate_again"));
  ORDO_TRY(ReleaseLive(connection, order.id, "resource_release", command.cause, command.actor, now));
  auto decided = DecideAndReserve(connection, command, order, *cancelled, now);
  if (!decided) return std::move(decided).error();  // the unit rolls back as a whole
  const AllocationVerdict& verdict = decided->verdict;
  if (verdict.kind == AllocationVerdict::Kind::kLeave) {
    ORDO_TRY(connection.ExecScript("ROLLBACK TO SAVEPOINT allocate_again; RELEASE SAVEPOINT allocate_again"));
    return Outcome(connection, "skipped", order);
  }
  ORDO_TRY(connection.ExecScript("RELEASE SAVEPOINT allocate_again"));
  std::vector<StatusStep> steps;
  StatusStep step;
  step.next = order;
  step.next.version = order.version + 1;
  step.next.updated_at = now;
  if (verdict.kind == AllocationVerdict::Kind::kAllocate) {
    step.node = "sourcing_changed";
    step.data = verdict.event_json.empty() ? "{}" : verdict.event_json;
    steps.push_back(std::move(step));
    ORDO_TRY(WriteSteps(connection, current, steps, command.actor, now, cipher));
    ORDO_TRY(WriteSourcing(connection, order, "allocated", verdict, command.cause, now));
    return Outcome(connection, "reallocated", steps.back().next);
  }
  // kWait. The state machine has no allocated → paid, so the hold is written directly: released
  // from on_hold, the order returns to paid and is sourced anew.
  step.next.status = OrderStatus::kOnHold;
  step.next.held_from = OrderStatus::kPaid;
  step.next.hold_reason = std::string(kHoldNoStock);
  step.from = OrderStatus::kAllocated;
  step.node = std::string(order::StatusName(OrderStatus::kOnHold));
  step.data = MergeEventData(TransitionData(OrderStatus::kAllocated, OrderStatus::kOnHold, kHoldNoStock),
                             verdict.event_json);
  steps.push_back(std::move(step));
  ORDO_TRY(WriteSteps(connection, current, steps, command.actor, now, cipher));
  ORDO_TRY(WriteSourcing(connection, order, "waiting", verdict, command.cause, now));
  return Outcome(connection, "waiting", steps.back().next);
}

std::string LinesCancelledData(const std::vector<int>& lines, const std::string& reason) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "lines");
  writer.StartArray();
  for (const int line : lines) writer.Int(line);
  writer.EndArray();
  core::WriteKey(writer, "reason");
  core::WriteString(writer, reason);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

core::Result<AllocateOutcome> AllocateOne(Connection& connection, const AllocateCommand& command, core::UnixMillis now,
                                          const FieldCipher* cipher) {
  if (!command.decide) return core::MakeError(ErrorCode::kInternal, "Allocate needs a decider");
  auto locked = LoadOrderForWrite(connection, command.order_id, cipher);
  if (!locked) return std::move(locked).error();
  if (!*locked) return core::MakeError(ErrorCode::kNotFound, "no order with id " + std::to_string(command.order_id));
  return command.mode == AllocateMode::kNew ? AllocateNew(connection, command, **locked, now, cipher)
                                            : AllocateAgain(connection, command, **locked, now, cipher);
}

core::Status ApplyReservationsOnTransition(Connection& connection, std::int64_t order_id, OrderStatus from,
                                           OrderStatus to, const core::Actor& actor, core::UnixMillis now) {
  if (to == OrderStatus::kCancelled) {
    ORDO_TRY(ReleaseLive(connection, order_id, "release", "", actor, now));
    return connection.Exec(
        "UPDATE order_sourcing SET state = 'released' WHERE order_id = $1 AND state IN ('allocated', 'waiting')",
        {order_id});
  }
  if (IsShipping(to) && order::IsPreShipment(from)) {
    auto live = LoadAllocations(connection, order_id, "reserved");
    if (!live) return std::move(live).error();
    if (live->empty()) return core::Ok();
    ORDO_TRY(CloseAllocations(connection, *live, Closing::kConsume, "consumed", "consume", "", actor, now));
    return connection.Exec("UPDATE order_sourcing SET state = 'consumed' WHERE order_id = $1", {order_id});
  }
  return core::Ok();
}

core::Result<AllocateOutcome> CancelLines(Connection& connection, std::int64_t order_id,
                                          const std::vector<int>& line_indexes, const std::string& reason,
                                          const core::Actor& actor, core::UnixMillis now, const FieldCipher* cipher) {
  auto locked = LoadOrderForWrite(connection, order_id, cipher);
  if (!locked) return std::move(locked).error();
  if (!*locked) return core::MakeError(ErrorCode::kNotFound, "no order with id " + std::to_string(order_id));
  const LockedOrder& current = **locked;
  const Order& order = current.order;
  if (!order::IsPreShipment(order.status) && order.status != OrderStatus::kOnHold) {
    return core::MakeError(ErrorCode::kIllegalTransition,
                           "lines of an order in status " + std::string(order::StatusName(order.status)) +
                               " cannot be cancelled");
  }
  auto cancelled = CancelledLines(connection, order_id);
  if (!cancelled) return std::move(cancelled).error();
  if (line_indexes.empty()) return core::MakeError(ErrorCode::kInvalidArgument, "/lines: name at least one line");
  std::set<int> named;
  for (std::size_t position = 0; position < line_indexes.size(); ++position) {
    const int line_index = line_indexes[position];
    const std::string field = "/lines/" + std::to_string(position);
    if (line_index < 0 || static_cast<std::size_t>(line_index) >= order.lines.size()) {
      return core::MakeError(ErrorCode::kInvalidArgument, field + ": the order has no line " + std::to_string(line_index));
    }
    if (cancelled->count(line_index) != 0 || !named.insert(line_index).second) {
      return core::MakeError(ErrorCode::kInvalidArgument, field + ": line " + std::to_string(line_index) +
                                                              " is already cancelled");
    }
  }
  auto live = LoadAllocations(connection, order_id, "reserved");
  if (!live) return std::move(live).error();
  std::vector<StoredAllocation> closing;
  std::set<int> with_rows;
  for (const auto& allocation : *live) {
    if (named.count(allocation.row.line_index) == 0) continue;
    closing.push_back(allocation);
    with_rows.insert(allocation.row.line_index);
  }
  ORDO_TRY(CloseAllocations(connection, closing, Closing::kRelease, "cancelled", "release", "", actor, now));
  // A line that held nothing still gets a row: "cancelled" is how the store remembers it.
  for (const int line_index : named) {
    if (with_rows.count(line_index) != 0) continue;
    const auto& line = order.lines[static_cast<std::size_t>(line_index)];
    ORDO_TRY(connection.Exec(
        "INSERT INTO order_allocations (order_id, line_index, sku, qty, location_id, carrier, service_level, "
        "promised_day, state, created_at, closed_at) VALUES ($1, $2, $3, $4, '', '', '', 0, 'cancelled', $5, $5)",
        {order_id, std::int64_t{line_index}, std::string_view(line.sku), line.qty, now}));
  }
  ORDO_TRY(FreeLocationLoads(connection, order_id, closing));

  std::vector<int> sorted(named.begin(), named.end());
  std::vector<StatusStep> steps;
  StatusStep step;
  step.next = order;
  step.next.version = order.version + 1;
  step.next.updated_at = now;
  step.node = "lines_cancelled";
  step.data = LinesCancelledData(sorted, reason);
  steps.push_back(std::move(step));
  const bool none_left = cancelled->size() + named.size() >= order.lines.size();
  if (none_left) {
    auto whole = TransitionStep(steps.back().next, OrderStatus::kCancelled, reason, "", now);
    if (!whole) return std::move(whole).error();
    steps.push_back(std::move(whole).value());
  }
  ORDO_TRY(WriteSteps(connection, current, steps, actor, now, cipher));
  if (none_left) ORDO_TRY(ApplyReservationsOnTransition(connection, order_id, order.status, OrderStatus::kCancelled, actor, now));
  return Outcome(connection, none_left ? "cancelled" : "lines_cancelled", steps.back().next);
}

}  // namespace ordo::store::detail
