#pragma once
// Identity resolution: every order's buyer becomes one customer (the single customer view).
// In memory, pure decisions, no I/O: the service layer feeds it orders and persists what it
// reports (docs/customers.md, "Persistence").
//
//   1. Deterministic keys (channel buyer id, phone, email blind indexes): an order whose key was
//      seen before joins that customer. Keys of two different customers on one order merge them.
//   2. Otherwise a fuzzy match: candidates come from a blocking index (area + name keys, never a
//      scan of all customers), are scored by name and address (match_policy.hpp), and the best
//      one above the threshold absorbs the order's new customer in a merge. An order that joined
//      by key but brings a name + address form its customer was not seen with is checked the
//      same way (a phone-only POS customer and a Tmall customer can be one person).
//   3. Every merge keeps its evidence and can be undone. Merges form a forest whose nodes are the
//      customers each order created or joined; Unmerge cuts one edge, so each side gets back
//      exactly what is connected to it — its orders, keys and later merges — and an undone pair
//      is never merged again automatically.
//
//   ResolutionEngine engine(clock);
//   auto first = engine.Resolve(order_1_identity);   // kNew, customer 1
//   auto second = engine.Resolve(order_2_identity);  // same phone → kMatched, customer 1
//   auto third = engine.Resolve(order_3_identity);   // new phone, same name and flat → kMerged,
//                                                    //   customer 1, merges {1}
//   engine.Unmerge(third->merges[0]);                // customer 1 as before; customer 2 = order 3
//
// Held in memory (no phone, email or street text): per customer the name features (the
// normalised name, in clear — edit distance needs the characters), the area code, 32-bit
// hashes of the street words and the unit numbers, 64-bit fingerprints of the key blind
// indexes; per order its id, amount, time and channel; the merge log. About 1.2 KB per customer
// at 3.4 orders each (Stats().memory_bytes; docs/customers.md, "What is kept in memory").
//
// Not thread-safe (thread-compatible): the service serialises calls, e.g. one resolver strand.
#include <cstdint>
#include <memory>
#include <optional>
#include <span>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "customers/buyer_identity.hpp"
#include "customers/customer_view.hpp"
#include "customers/match_policy.hpp"
#include "customers/merge_evidence.hpp"

namespace ordo::customers {

enum class ResolveOutcome : std::uint8_t {
  kNew,              // no key, no fuzzy match: a new customer
  kMatched,          // a key named an existing customer; nothing was merged
  kMerged,           // joined an existing customer through one or more merges (see `merges`)
  kAlreadyResolved,  // this order id was resolved before: its current customer, nothing changed
};
std::string_view ResolveOutcomeName(ResolveOutcome outcome);

struct ResolveResult {
  CustomerId customer{};
  // The customer id this order created or joined before any merge (its component): what
  // persistence records for the order (customer_orders) and restores it under.
  CustomerId order_customer{};
  ResolveOutcome outcome = ResolveOutcome::kNew;
  KeyKinds matched_keys;              // the order's keys that named `customer` before this order
  std::vector<MergeId> merges;        // kMerged: the merges this order caused (GetMerge for evidence)
  // The best fuzzy candidate when fuzzy matching ran, merged or not: why an order did not merge.
  std::optional<FuzzyScore> best_candidate;
  // A merge the evidence called for was refused because an unmerge had separated the two.
  bool merge_blocked_by_unmerge = false;
};

struct MergeInfo {
  MergeId id{};
  CustomerId kept{};      // the customer id that stayed (the larger side; the older on a tie)
  CustomerId absorbed{};  // the customer id that joined it
  // The two customers the evidence is about: the one the order created or joined, and the one
  // it matched. An unmerge separates exactly these two.
  CustomerId order_side{};
  CustomerId matched_side{};
  MergeEvidence evidence;
  core::UnixMillis merged_at = 0;
  std::optional<core::UnixMillis> unmerged_at;
};

struct UnmergeResult {
  MergeId merge{};
  CustomerId kept{};      // the side that keeps the merged customer's id
  CustomerId restored{};  // the other side, under its own id again
};

// The append-only log of what the engine decided, for persistence and audit.
struct HistoryEvent {
  enum class Kind : std::uint8_t { kMerged, kUnmerged };
  Kind kind = Kind::kMerged;
  MergeId merge{};
  core::UnixMillis at = 0;
};

struct EngineStats {
  std::size_t customers = 0;   // current customers (after merges)
  std::size_t customer_ids = 0;  // ids ever handed out
  std::size_t orders = 0;
  std::size_t keys = 0;
  std::size_t active_merges = 0;
  // Blocking-key lookups that met more than max_candidates_per_block candidates (the oldest
  // were not compared): a sign the blocking keys are too coarse for this data.
  std::size_t saturated_blocks = 0;
  std::size_t memory_bytes = 0;  // approximate: containers' capacity, not allocator overhead
};

class ResolutionEngine {
 public:
  // `clock` stamps merges and unmerges; it must outlive the engine.
  explicit ResolutionEngine(const core::Clock& clock, MatchPolicy policy = {});
  ~ResolutionEngine();
  ResolutionEngine(ResolutionEngine&&) noexcept;
  ResolutionEngine& operator=(ResolutionEngine&&) noexcept;

  // kInvalidArgument when order_id is 0. Never fails otherwise.
  core::Result<ResolveResult> Resolve(const BuyerIdentity& identity);

  // kNotFound for an unknown merge id; kConflict when it was undone already.
  core::Result<UnmergeResult> Unmerge(MergeId merge);
  // Undoes the merge that made `customer` part of another customer, or, when `customer` is the
  // one that absorbed others, its most recent merge. kNotFound for an unknown id; kConflict when
  // it has no merge in effect.
  core::Result<UnmergeResult> UnmergeCustomer(CustomerId customer);

  // The customer that `id` is now part of (its id may differ from `id`). kNotFound if unknown.
  core::Result<CustomerView> Get(CustomerId id) const;
  core::Result<MergeInfo> GetMerge(MergeId id) const;

  // By a key in the form Resolve was given it (the blind index). nullopt when unknown.
  std::optional<CustomerId> FindByKey(KeyKind kind, std::string_view key) const;
  std::optional<CustomerId> CustomerOfOrder(std::int64_t order_id) const;

  std::span<const HistoryEvent> History() const;
  EngineStats Stats() const;

  // ---- Restore: rebuilding the engine from what the store recorded (engine_restore.cpp) ----
  // Replays decisions, never re-decides them (a newer policy does not change old merges). Call
  // in this order: every order in the order it was resolved, then every key, then the merge and
  // unmerge events in the order they happened.
  //
  // Attaches the order to `order_customer` (the id Resolve reported as order_customer): an id
  // one past the last is created; the identity's name and address become a profile as in
  // Resolve; its keys are ignored (RestoreKey). kInvalidArgument for an id further ahead, a zero
  // order id, or an order restored twice.
  core::Status RestoreOrder(const BuyerIdentity& identity, CustomerId order_customer);
  // The key `key` (as Resolve was given it, the blind index) first carried by `owner` on
  // `channel`. kInvalidArgument for an unknown owner; a key already owned is ignored.
  core::Status RestoreKey(KeyKind kind, std::string_view key, std::string_view channel, CustomerId owner);
  // The merge of `merge.order_side` and `merge.matched_side` with its evidence and time; returns
  // the merge id, which is the next one. kConflict when the two are one customer already or the
  // side that keeps its id is not `merge.kept` (the store and the replay disagree).
  core::Result<MergeId> RestoreMerge(const MergeInfo& merge);
  // Undoes `merge` at `at`, as Unmerge did.
  core::Result<UnmergeResult> RestoreUnmerge(MergeId merge, core::UnixMillis at);

  // Opaque: defined in detail/engine_state.hpp, for the engine's own source files.
  struct State;

 private:
  std::unique_ptr<State> state_;
};

}  // namespace ordo::customers
