#pragma once
// Ingesting orders: one from `POST /orders`, many from `POST /orders:batch`.
//
// Input is parsed and checked in full before anything reaches the store, so bad input never
// writes anything; valid orders go to the store in one call, which queues them as units of the
// same group commit. Between the two, every order is normalised and judged by the entry rules
// in force (quality::NormalizeOrder with QualityRules::Current()): a rejecting violation
// refuses it (kRejected, 422, every violated rule in `fields` with its rule id and action);
// quarantining ones store it on_hold for data review; normalised values are what is stored,
// the values they replaced go along as the order's original_fields. The address fields the
// parser used to require (name, phone, province, city, street) are the rules' to require.
// Thread-safe (holds references only).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/actor.hpp"
#include "core/result.hpp"
#include "core/time.hpp"
#include "service/quality_rules.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr std::size_t kMaxBatchOrders = 1000;
inline constexpr std::size_t kMaxIdempotencyKeyBytes = 255;

struct IntakeOptions {
  bool strict_json = true;  // unknown fields are errors (`ordo serve --lenient-json` turns it off)
};

// One result per order of a batch, in input order: the store's outcome, or why the item was
// refused (its field paths start with "orders/<index>/").
using BatchResults = std::vector<core::Result<store::IngestOutcome>>;

class OrderIntake {
 public:
  // `store`, `clock` and `rules` are not owned and must outlive the intake.
  OrderIntake(store::Store& store, const core::Clock& clock, QualityRules& rules, IntakeOptions options);

  // Parses `body` (the canonical order JSON) and queues it. On bad input returns the error
  // (kMalformed — also for an idempotency key over 255 bytes — kInvalidArgument, or kRejected
  // by an entry rule) and never calls `done`; otherwise returns Ok and `done`
  // runs exactly once on a store thread after commit: the outcome, or kConflict when
  // `idempotency_key` was already used for a different order.
  core::Status IngestOne(std::string_view body, std::string idempotency_key, const core::Actor& actor,
                         store::Callback<store::IngestOutcome> done);

  // Parses `{"orders": [ … ]}`. The envelope itself being wrong (not JSON, no "orders" array,
  // empty, more than kMaxBatchOrders) is returned as an error without calling `done`. Otherwise
  // every item is parsed on its own; the valid ones are queued together and `done` gets one
  // result per item (the refused ones included) on a store thread — or on the calling thread
  // when no item was valid.
  core::Status IngestBatch(std::string_view body, const core::Actor& actor,
                           std::function<void(BatchResults)> done);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  QualityRules& rules_;
  IntakeOptions options_;
};

}  // namespace ordo::service
