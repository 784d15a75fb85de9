// The resolve path: deterministic keys, then fuzzy candidates from the blocking index.
#include "customers/resolution_engine.hpp"

#include <array>

#include "customers/detail/engine_state.hpp"
#include "customers/detail/hash.hpp"

namespace ordo::customers {
namespace {

using detail::kNoIndex;

struct KeyHit {
  KeyKind kind = KeyKind::kPhone;
  std::uint64_t fingerprint = 0;
  std::uint32_t owner = kNoIndex;  // the component that carried the key first, if any
};

struct KeyHits {
  std::array<KeyHit, kKeyKindCount> hits{};
  std::size_t count = 0;
};

KeyHits LookUpKeys(const ResolutionEngine::State& state, const BuyerIdentity& identity) {
  KeyHits result;
  const auto consider = [&](KeyKind kind, const std::string& key) {
    if (key.empty()) return;
    KeyHit& hit = result.hits[result.count++];
    hit.kind = kind;
    hit.fingerprint = detail::KeyFingerprint(kind, key);
    if (const std::uint32_t* owner = state.key_owner.Find(hit.fingerprint)) hit.owner = *owner;
  };
  // In KeyKind order: the first key with an owner decides which customer the order joins.
  consider(KeyKind::kChannelBuyer, identity.channel_buyer_key);
  consider(KeyKind::kPhone, identity.phone_key);
  consider(KeyKind::kEmail, identity.email_key);
  return result;
}

struct Candidate {
  std::uint32_t component = kNoIndex;
  FuzzyScore score;
};

bool Better(const FuzzyScore& challenger, const FuzzyScore& incumbent) {
  if (challenger.merge != incumbent.merge) return challenger.merge;
  return challenger.score > incumbent.score;
}

// Scores every customer the blocking keys lead to (each once) against the order's name and
// address; the best one, mergeable first. Candidates are visited newest first, and a tie keeps
// the first seen, so the answer is deterministic.
// `own_cluster`: the customer the order already belongs to (kNoIndex: none), never a candidate.
std::optional<Candidate> FindBestCandidate(ResolutionEngine::State& state, const detail::BlockingKeys& blocks,
                                           const BuyerIdentity& identity, std::uint16_t channel,
                                           std::uint32_t own_cluster) {
  const bool order_has_phone = !identity.phone_key.empty();
  const bool order_has_account = !identity.channel_buyer_key.empty();
  const bool order_has_keys = order_has_phone || order_has_account || !identity.email_key.empty();
  // When only an exact name can merge this order, the exact key holds every candidate that could.
  const double required_name_score =
      order_has_keys ? state.policy.min_name_score_if_order_has_keys : state.policy.min_name_score;
  const std::size_t block_count = required_name_score > kNearNameScore ? std::min<std::size_t>(blocks.count, 1)
                                                                         : blocks.count;
  if (block_count == 0) return std::nullopt;
  if (++state.visit_epoch == 0) {
    std::fill(state.visit_mark.begin(), state.visit_mark.end(), 0);
    state.visit_epoch = 1;
  }
  state.visit_mark.resize(state.components.size(), 0);
  std::optional<Candidate> best;
  for (std::size_t index = 0; index < block_count; ++index) {
    const bool complete = state.candidates.ForEach(blocks.keys[index], state.policy.max_candidates_per_block, [&](std::uint32_t component) {
      if (state.visit_mark[component] == state.visit_epoch) return;
      state.visit_mark[component] = state.visit_epoch;
      const std::uint32_t cluster = state.ClusterOf(component);
      if (cluster == own_cluster) return;
      ContactCheck contact;
      contact.order_has_keys = order_has_keys;
      contact.phone_differs = order_has_phone && state.CustomerHasPhone(cluster);
      contact.account_differs = order_has_account && state.CustomerHasAccount(cluster, channel);
      for (std::uint32_t profile = state.components[component].first_profile; profile != kNoIndex;
           profile = state.profiles[profile].next) {
        const detail::Profile& known = state.profiles[profile];
        FuzzyScore score = ScoreFuzzyPair(identity.name, identity.address, known.name, known.address, contact,
                                          state.policy);
        if (!best || Better(score, best->score)) best = Candidate{component, score};
      }
    });
    if (!complete) ++state.saturated_blocks;
  }
  return best;
}

// Merges the order's component with the candidate's when the score says so and no unmerge
// separated the two customers.
void MergeFuzzy(ResolutionEngine::State& state, std::uint32_t component, const Candidate& best, std::int64_t order_id,
                ResolveResult& result) {
  if (!best.score.merge) return;
  if (state.Separated(state.ClusterOf(best.component), state.ClusterOf(component))) {
    result.merge_blocked_by_unmerge = true;
    return;
  }
  MergeEvidence evidence;
  evidence.rule = MergeRule::kFuzzy;
  evidence.order_id = order_id;
  evidence.score = best.score.score;
  evidence.fuzzy = best.score;
  result.merges.push_back(detail::ToMergeId(state.Merge(component, best.component, std::move(evidence))));
}

}  // namespace

namespace detail {
std::uint64_t KeyFingerprint(KeyKind kind, std::string_view key) {
  return NonZero(Hash64(key, 0x6f72646f6b657900ULL + static_cast<std::uint64_t>(kind)));
}
}  // namespace detail

std::string_view ResolveOutcomeName(ResolveOutcome outcome) {
  switch (outcome) {
    case ResolveOutcome::kNew: return "new";
    case ResolveOutcome::kMatched: return "matched";
    case ResolveOutcome::kMerged: return "merged";
    case ResolveOutcome::kAlreadyResolved: return "already_resolved";
  }
  return "unknown";
}

ResolutionEngine::ResolutionEngine(const core::Clock& clock, MatchPolicy policy)
    : state_(std::make_unique<State>(clock, policy)) {}
ResolutionEngine::~ResolutionEngine() = default;
ResolutionEngine::ResolutionEngine(ResolutionEngine&&) noexcept = default;
ResolutionEngine& ResolutionEngine::operator=(ResolutionEngine&&) noexcept = default;

core::Result<ResolveResult> ResolutionEngine::Resolve(const BuyerIdentity& identity) {
  State& state = *state_;
  if (identity.order_id == 0) return core::MakeError(core::ErrorCode::kInvalidArgument, "order_id must not be 0");
  const auto order_key = static_cast<std::uint64_t>(identity.order_id);
  ResolveResult result;
  if (const std::uint32_t* seen = state.order_index.Find(order_key)) {
    result.customer = detail::ToCustomerId(state.ClusterOf(state.orders[*seen].component));
    result.order_customer = detail::ToCustomerId(state.orders[*seen].component);
    result.outcome = ResolveOutcome::kAlreadyResolved;
    return result;
  }

  const std::uint16_t channel = state.InternChannel(identity.channel);
  const KeyHits keys = LookUpKeys(state, identity);
  const detail::BlockingKeys blocks = state.policy.fuzzy_enabled
                                          ? detail::MakeBlockingKeys(identity.name, identity.address)
                                          : detail::BlockingKeys{};
  std::uint32_t component = kNoIndex;
  for (std::size_t index = 0; index < keys.count && component == kNoIndex; ++index) component = keys.hits[index].owner;

  if (component != kNoIndex) {
    for (std::size_t index = 0; index < keys.count; ++index) {
      const KeyHit& hit = keys.hits[index];
      if (hit.owner != kNoIndex && state.ClusterOf(hit.owner) == state.ClusterOf(component)) {
        result.matched_keys.Add(hit.kind);
      }
    }
    state.AttachOrder(component, identity, channel);
    const bool new_profile = state.AddProfile(component, identity.name, identity.address, blocks);
    // Keys that name other customers: this order proves they are one person. One merge each.
    for (std::size_t index = 0; index < keys.count; ++index) {
      const KeyHit& hit = keys.hits[index];
      if (hit.owner == kNoIndex || state.ClusterOf(hit.owner) == state.ClusterOf(component)) continue;
      const std::uint32_t other = state.ClusterOf(hit.owner);
      if (state.Separated(state.ClusterOf(component), other)) {
        result.merge_blocked_by_unmerge = true;
        continue;
      }
      MergeEvidence evidence;
      evidence.rule = MergeRule::kSharedKey;
      evidence.order_id = identity.order_id;
      evidence.score = 1.0;
      evidence.joined_by = result.matched_keys;
      for (std::size_t other_index = 0; other_index < keys.count; ++other_index) {
        const KeyHit& other_hit = keys.hits[other_index];
        if (other_hit.owner != kNoIndex && state.ClusterOf(other_hit.owner) == other) {
          evidence.bridged_by.Add(other_hit.kind);
        }
      }
      result.merges.push_back(detail::ToMergeId(state.Merge(component, hit.owner, std::move(evidence))));
    }
    for (std::size_t index = 0; index < keys.count; ++index) {
      const KeyHit& hit = keys.hits[index];
      if (hit.owner == kNoIndex) state.AddKey(component, hit.kind, hit.fingerprint, channel);
    }
    // A name and address this customer was not seen with before (a phone-only POS customer's
    // first delivery order) may be how another customer is known: the same person split earlier.
    if (new_profile) {
      const std::optional<Candidate> best =
          FindBestCandidate(state, blocks, identity, channel, state.ClusterOf(component));
      if (best) {
        result.best_candidate = best->score;
        MergeFuzzy(state, component, *best, identity.order_id, result);
      }
    }
    result.outcome = result.merges.empty() ? ResolveOutcome::kMatched : ResolveOutcome::kMerged;
  } else {
    std::optional<Candidate> best;
    if (state.policy.fuzzy_enabled) {
      best = FindBestCandidate(state, blocks, identity, channel, kNoIndex);
    }
    component = state.NewComponent();
    state.AttachOrder(component, identity, channel);
    state.AddProfile(component, identity.name, identity.address, blocks);
    for (std::size_t index = 0; index < keys.count; ++index) {
      state.AddKey(component, keys.hits[index].kind, keys.hits[index].fingerprint, channel);
    }
    if (best) {
      result.best_candidate = best->score;
      MergeFuzzy(state, component, *best, identity.order_id, result);
    }
    result.outcome = result.merges.empty() ? ResolveOutcome::kNew : ResolveOutcome::kMerged;
  }
  state.order_index.Insert(order_key, static_cast<std::uint32_t>(state.orders.size() - 1));
  result.customer = detail::ToCustomerId(state.ClusterOf(component));
  result.order_customer = detail::ToCustomerId(component);
  return result;
}

std::optional<CustomerId> ResolutionEngine::FindByKey(KeyKind kind, std::string_view key) const {
  if (key.empty()) return std::nullopt;
  const std::uint32_t* owner = state_->key_owner.Find(detail::KeyFingerprint(kind, key));
  if (owner == nullptr) return std::nullopt;
  return detail::ToCustomerId(state_->ClusterOf(*owner));
}

std::optional<CustomerId> ResolutionEngine::CustomerOfOrder(std::int64_t order_id) const {
  if (order_id == 0) return std::nullopt;
  const std::uint32_t* order = state_->order_index.Find(static_cast<std::uint64_t>(order_id));
  if (order == nullptr) return std::nullopt;
  return detail::ToCustomerId(state_->ClusterOf(state_->orders[*order].component));
}

// ---- State: building blocks of the resolve path ----

std::uint16_t ResolutionEngine::State::InternChannel(std::string_view channel) {
  // A merchant has a handful of channels: a scan beats hashing the name on every order.
  for (std::size_t id = 0; id < channel_names.size(); ++id) {
    if (channel_names[id] == channel) return static_cast<std::uint16_t>(id);
  }
  // One per integration; more than 65,535 is a bug upstream.
  ORDO_CHECK(channel_names.size() < UINT16_MAX);
  channel_names.emplace_back(channel);
  return static_cast<std::uint16_t>(channel_names.size() - 1);
}

std::uint32_t ResolutionEngine::State::NewComponent() {
  ORDO_CHECK(components.size() < kNoIndex - 1);
  const auto component = static_cast<std::uint32_t>(components.size());
  components.emplace_back().cluster = component;  // its own customer until merged
  members.emplace_back(1, component);
  ++customer_count;
  return component;
}

bool ResolutionEngine::State::AddProfile(std::uint32_t component, const NameFeatures& name,
                                         const AddressFeatures& address, const detail::BlockingKeys& blocks) {
  if (!policy.fuzzy_enabled) return false;
  if (blocks.count == 0) return false;  // nothing a fuzzy match could find it by
  detail::Component& owner = components[component];
  for (std::uint32_t index = owner.first_profile; index != kNoIndex; index = profiles[index].next) {
    if (profiles[index].name.canonical == name.canonical && profiles[index].address == address) return false;
  }
  if (owner.profile_count >= detail::kMaxProfilesPerComponent) return false;
  ORDO_CHECK(profiles.size() < kNoIndex - 1);
  profiles.push_back(detail::Profile{name, address, owner.first_profile});
  owner.first_profile = static_cast<std::uint32_t>(profiles.size() - 1);
  ++owner.profile_count;
  for (std::size_t index = 0; index < blocks.count; ++index) candidates.Add(blocks.keys[index], component);
  return true;
}

void ResolutionEngine::State::AddKey(std::uint32_t component, KeyKind kind, std::uint64_t fingerprint,
                                     std::uint16_t channel) {
  if (!key_owner.Insert(fingerprint, component).second) return;  // the same key twice on one order
  const auto index = static_cast<std::uint32_t>(keys.size());
  keys.push_back(detail::KeyRecord{fingerprint, components[component].first_key, channel, kind});
  components[component].first_key = index;
  detail::Component& owner = components[component];
  detail::Component& customer = components[owner.cluster];
  if (kind == KeyKind::kPhone) owner.has_phone = customer.customer_has_phone = true;
  if (kind == KeyKind::kChannelBuyer) {
    const std::uint64_t bit = std::uint64_t{1} << std::min(channel, std::uint16_t{63});
    owner.account_channels |= bit;
    customer.customer_account_channels |= bit;
  }
}

void ResolutionEngine::State::AttachOrder(std::uint32_t component, const BuyerIdentity& identity,
                                          std::uint16_t channel) {
  ORDO_CHECK(orders.size() < kNoIndex - 1);
  const auto index = static_cast<std::uint32_t>(orders.size());
  // Prepended: appending would touch the previous record, one more cache miss per order.
  orders.push_back(detail::OrderRecord{identity.order_id, identity.amount, identity.ordered_at, component,
                                       components[component].first_order, channel});
  components[component].first_order = index;
}

bool ResolutionEngine::State::CustomerHasPhone(std::uint32_t cluster) const {
  return components[cluster].customer_has_phone;
}

bool ResolutionEngine::State::CustomerHasAccount(std::uint32_t cluster, std::uint16_t channel) const {
  const std::uint64_t bit = std::uint64_t{1} << std::min(channel, std::uint16_t{63});
  if ((components[cluster].customer_account_channels & bit) == 0) return false;
  if (channel < 63) return true;
  for (const std::uint32_t member : members[cluster]) {
    for (std::uint32_t key = components[member].first_key; key != kNoIndex; key = keys[key].next) {
      if (keys[key].kind == KeyKind::kChannelBuyer && keys[key].channel == channel) return true;
    }
  }
  return false;
}

void ResolutionEngine::State::SummariseCustomer(std::uint32_t cluster) {
  detail::Component& customer = components[cluster];
  customer.customer_has_phone = false;
  customer.customer_account_channels = 0;
  for (const std::uint32_t member : members[cluster]) {
    customer.customer_has_phone = customer.customer_has_phone || components[member].has_phone;
    customer.customer_account_channels |= components[member].account_channels;
  }
}

}  // namespace ordo::customers
