#pragma once
// Deterministic, realistic demo orders: the data behind `ordo demo` and the load generator's
// request bodies. Pure: no I/O, no clock, no global state — the seed and `now` are injected,
// and the same DemoSpec gives byte-identical orders on every platform (our own splitmix64 and
// integer picks; std distributions differ between standard libraries).
//
// What an order looks like: placed in the last `days` days (more recent days busier, Beijing
// evening peaks), on one of eight channels with market-like weights, shipped to one of 30
// provinces' cities with a plausible street and postcode, bought by a returning or new customer
// (Chinese name, 11-digit mobile in an assigned range — random, not taken from anywhere), 1–5
// lines from 34 SKUs, with line and order discounts, shipping fees and totals that add up
// (every order passes order::ParseOrder in strict mode).
//
// Its life: each order carries the timeline it lives through after ingest — payment, optional
// risk/address holds, allocation … delivery, completion, cancellations and returns — as legal
// state-machine steps at increasing times. Steps later than `now` are not included, so the
// status mix follows the orders' age as it would in a real shop.
//
// Example:
//   DemoSpec spec;  spec.orders = 2000;  spec.seed = 42;  spec.now = clock.Now();
//   for (const DemoOrder& demo : GenerateDemoOrders(spec)) { ingest demo.order at demo.received_at,
//     then apply demo.steps in order }
#include <cstdint>
#include <string>
#include <vector>

#include "core/actor.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::app {

// splitmix64 (Steele, Lea, Flood 2014): tiny, fast, and the same sequence everywhere.
class DemoRng {
 public:
  explicit DemoRng(std::uint64_t seed) : state_(seed) {}
  std::uint64_t Next();
  // Uniform in [0, bound) by rejection (no modulo bias); bound > 0.
  std::uint64_t Below(std::uint64_t bound);
  // Uniform in [low, high] (inclusive).
  std::int64_t Between(std::int64_t low, std::int64_t high);
  // True with probability percent/100 (permille for the finer one).
  bool Percent(int percent) { return Below(100) < static_cast<std::uint64_t>(percent); }
  bool Permille(int permille) { return Below(1000) < static_cast<std::uint64_t>(permille); }
  // An index into `weights` chosen with probability weight/Σweights (weights ≥ 0, Σ > 0).
  std::size_t Weighted(const int* weights, std::size_t count);

 private:
  std::uint64_t state_;
};

struct DemoSpec {
  int orders = 2000;
  std::uint64_t seed = 42;
  core::UnixMillis now = 0;  // orders are placed in (now − days, now)
  int days = 90;
  int fixed_lines = 0;       // 1..5 forces every order to that many lines (load bodies); 0: realistic mix
  std::string external_id_prefix;  // put before every external_id ("" keeps channel-style numbers)
  bool with_timeline = true;       // false: orders only, no steps (faster, for load bodies)
  // Share of orders (0..1) given one kind of typical dirt (DemoDirtKinds): a phone with spaces,
  // brackets, +86/0086 or full-width digits, or one digit short; a short province name (浙江);
  // no district; a city from another province; totals that do not add up; a copy of the order
  // before it arriving from another channel minutes later; a receipt hours after creation.
  // Deterministic with the seed; 0 leaves every order exactly as without it. Dirty orders may
  // fail order::ParseOrder: they are for loading through the store (`ordo demo --dirty-rate`).
  double dirty_rate = 0;
};

// One state change in an order's life, at `at`, with the reason the timeline records.
struct DemoStep {
  core::UnixMillis at = 0;
  order::OrderStatus to = order::OrderStatus::kPaid;
  std::string reason;
  core::Actor actor;  // who made the change: the channel, Ordo, the WMS, a carrier feed, a person
};

struct DemoOrder {
  order::Order order;              // as the channel sends it: status paid or pending_payment
  core::UnixMillis received_at = 0;  // when Ordo ingests it (after created_at, before steps)
  std::vector<DemoStep> steps;     // legal transitions from order.status, times increasing, ≤ now
  std::string dirt;                // the kind of dirt it was given (DemoDirtKinds), "" = clean
};

// The kinds of dirt DemoSpec::dirty_rate applies: phone_format, phone_too_short,
// province_short_name, district_missing, city_not_in_province, totals_mismatch,
// duplicate_across_channels, late_receipt.
const std::vector<std::string>& DemoDirtKinds();

// The catalogue's SKUs ("TEA-LJ-250", …; 34 of them), most popular first: what the demo orders
// buy, and what demo_inventory.hpp stocks.
std::vector<std::string> DemoSkus();

// `spec.orders` orders sorted by created_at, external ids unique per (seed, channel).
std::vector<DemoOrder> GenerateDemoOrders(const DemoSpec& spec);

// The order as a client POSTs it: the canonical JSON without server-owned fields
// (accepted by order::ParseOrder in strict mode).
std::string DemoOrderJson(const order::Order& order);

// The status an order ends in after all its steps.
order::OrderStatus FinalStatus(const DemoOrder& demo);

}  // namespace ordo::app
