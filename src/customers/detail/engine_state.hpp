#pragma once
// The resolution engine's data, shared by its three source files (resolution_engine.cpp: the
// resolve path; engine_merges.cpp: merge and unmerge; engine_view.cpp: reads).
//
// Vocabulary: a *component* is a customer as one order created it (its id is the CustomerId the
// order got). Components are joined by merges into a *customer* (a cluster), which carries the id
// of its representative component. Orders and keys belong to components, never to clusters, so
// cutting a merge edge tells exactly which orders and keys go to which side.
//
// Invariants:
//   - components[c].cluster is the representative r of c's cluster; members[r] lists the cluster
//     (r included), members of a non-representative are empty.
//   - the active merges form a forest over components, and each tree is exactly one cluster.
//   - key_owner maps each key fingerprint to the component that first carried it, forever.
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "core/time.hpp"
#include "customers/detail/candidate_index.hpp"
#include "customers/detail/flat_map.hpp"
#include "customers/detail/huge_page_allocator.hpp"
#include "customers/resolution_engine.hpp"

namespace ordo::customers {

namespace detail {

inline constexpr std::size_t kMaxProfilesPerComponent = 4;

// A name + address form a component was seen with (the first order's, and new forms its later
// orders brought): fuzzy candidates are compared with each. Kept in one array for all
// components (State::profiles), linked per component, so that no customer costs a heap block.
struct Profile {
  NameFeatures name;
  AddressFeatures address;
  std::uint32_t next = kNoIndex;  // the component's next profile
};

struct Component {
  std::vector<std::uint32_t> separated_from;  // components an unmerge split from this one (rare)
  std::uint32_t cluster = 0;
  std::uint32_t first_order = kNoIndex;  // newest first, singly linked through OrderRecord::next
  std::uint32_t first_key = kNoIndex;    // singly linked through KeyRecord::next
  std::uint32_t first_profile = kNoIndex;  // singly linked through Profile::next
  std::uint32_t first_merge = kNoIndex;    // the merges in effect that touch it (MergeRecord::NextAt)
  std::uint8_t profile_count = 0;
  // What the component's own keys are, and — on a representative only — the same for its whole
  // customer, so that a fuzzy candidate's contact check reads one record instead of every
  // member's. Bit c: a buyer id on channel c (channels ≥ 63 share bit 63, which only makes the
  // check look at the keys).
  bool has_phone = false;
  bool customer_has_phone = false;
  std::uint64_t account_channels = 0;
  std::uint64_t customer_account_channels = 0;
};

struct OrderRecord {
  std::int64_t order_id = 0;
  std::int64_t amount = 0;
  core::UnixMillis ordered_at = 0;
  std::uint32_t component = 0;
  std::uint32_t next = kNoIndex;
  std::uint16_t channel = 0;
};

struct KeyRecord {
  std::uint64_t fingerprint = 0;
  std::uint32_t next = kNoIndex;
  std::uint16_t channel = 0;
  KeyKind kind = KeyKind::kPhone;
};

// A merge is an edge between two components; while in effect it is on both ends' edge lists.
struct MergeRecord {
  std::uint32_t order_side = 0;
  std::uint32_t matched_side = 0;
  std::uint32_t kept = 0;
  std::uint32_t absorbed = 0;
  std::uint32_t next_at_order_side = kNoIndex;
  std::uint32_t next_at_matched_side = kNoIndex;
  MergeEvidence evidence;
  core::UnixMillis merged_at = 0;
  std::optional<core::UnixMillis> unmerged_at;

  std::uint32_t OtherEnd(std::uint32_t component) const { return component == order_side ? matched_side : order_side; }
  std::uint32_t& NextAt(std::uint32_t component) {
    return component == order_side ? next_at_order_side : next_at_matched_side;
  }
  std::uint32_t NextAt(std::uint32_t component) const {
    return component == order_side ? next_at_order_side : next_at_matched_side;
  }
};

// The engine's 64-bit fingerprint of a key: kinds are hashed apart, so a phone and an email with
// equal text never collide. Never 0.
std::uint64_t KeyFingerprint(KeyKind kind, std::string_view key);

inline CustomerId ToCustomerId(std::uint32_t component) { return CustomerId{component + 1}; }
inline MergeId ToMergeId(std::uint32_t merge) { return MergeId{merge + 1}; }

}  // namespace detail

struct ResolutionEngine::State {
  State(const core::Clock& clock_in, MatchPolicy policy_in) : clock(clock_in), policy(policy_in) {}

  std::uint32_t ClusterOf(std::uint32_t component) const { return components[component].cluster; }

  // resolution_engine.cpp
  std::uint16_t InternChannel(std::string_view channel);
  std::uint32_t NewComponent();
  // False when the profile adds nothing: fuzzy matching off, no name or area, already known, or
  // the component holds kMaxProfilesPerComponent already.
  bool AddProfile(std::uint32_t component, const NameFeatures& name, const AddressFeatures& address,
                  const detail::BlockingKeys& blocks);
  void AddKey(std::uint32_t component, KeyKind kind, std::uint64_t fingerprint, std::uint16_t channel);
  void AttachOrder(std::uint32_t component, const BuyerIdentity& identity, std::uint16_t channel);
  bool CustomerHasPhone(std::uint32_t cluster) const;
  bool CustomerHasAccount(std::uint32_t cluster, std::uint16_t channel) const;

  // The representative's customer_* summary from its members' own flags (after an unmerge).
  void SummariseCustomer(std::uint32_t cluster);

  // Calls visit(merge index) for each merge in effect that touches `component`.
  template <class Visit>
  void ForEachMerge(std::uint32_t component, Visit&& visit) const {
    for (std::uint32_t merge = components[component].first_merge; merge != detail::kNoIndex;
         merge = merges[merge].NextAt(component)) {
      visit(merge);
    }
  }

  // engine_merges.cpp
  // True when an unmerge separated a component of one cluster from a component of the other.
  bool Separated(std::uint32_t cluster_a, std::uint32_t cluster_b) const;
  // Joins the clusters of the two components (which must differ); returns the merge index.
  std::uint32_t Merge(std::uint32_t order_side, std::uint32_t matched_side, MergeEvidence evidence);
  UnmergeResult Cut(std::uint32_t merge);

  const core::Clock& clock;
  MatchPolicy policy;
  detail::HugeVector<detail::Component> components;
  detail::HugeVector<std::vector<std::uint32_t>> members;
  detail::HugeVector<detail::Profile> profiles;
  detail::HugeVector<detail::OrderRecord> orders;
  detail::HugeVector<detail::KeyRecord> keys;
  detail::FlatU64Map key_owner;    // key fingerprint → component
  detail::FlatU64Map order_index;  // order id → index into orders
  detail::CandidateIndex candidates;
  detail::HugeVector<detail::MergeRecord> merges;
  detail::HugeVector<HistoryEvent> history;
  std::vector<std::string> channel_names;  // index = channel id; a handful, searched linearly
  // Candidate de-duplication: visit_mark[c] == visit_epoch when c was scored for this order.
  detail::HugeVector<std::uint32_t> visit_mark;
  std::uint32_t visit_epoch = 0;
  std::size_t separations = 0;  // unmerges so far: Separated() is free while there are none
  std::size_t customer_count = 0;
  std::size_t active_merges = 0;
  std::size_t saturated_blocks = 0;
};

}  // namespace ordo::customers
