// Merges and unmerges: the merge forest over components (detail/engine_state.hpp).
#include <algorithm>
#include <string>

#include "customers/detail/engine_state.hpp"
#include "customers/resolution_engine.hpp"

namespace ordo::customers {
namespace {

using detail::kNoIndex;

std::uint32_t OtherEnd(const detail::MergeRecord& merge, std::uint32_t component) { return merge.OtherEnd(component); }

// Takes `merge` off `component`'s edge list.
void Unlink(ResolutionEngine::State& state, std::uint32_t component, std::uint32_t merge) {
  std::uint32_t* link = &state.components[component].first_merge;
  while (*link != merge) {
    ORDO_CHECK(*link != kNoIndex);
    link = &state.merges[*link].NextAt(component);
  }
  *link = state.merges[merge].NextAt(component);
}

}  // namespace

bool ResolutionEngine::State::Separated(std::uint32_t cluster_a, std::uint32_t cluster_b) const {
  if (separations == 0) return false;
  const bool a_smaller = members[cluster_a].size() <= members[cluster_b].size();
  const std::uint32_t small = a_smaller ? cluster_a : cluster_b;
  const std::uint32_t large = a_smaller ? cluster_b : cluster_a;
  for (const std::uint32_t member : members[small]) {
    for (const std::uint32_t separated : components[member].separated_from) {
      if (ClusterOf(separated) == large) return true;
    }
  }
  return false;
}

std::uint32_t ResolutionEngine::State::Merge(std::uint32_t order_side, std::uint32_t matched_side,
                                             MergeEvidence evidence) {
  std::uint32_t kept = ClusterOf(matched_side);
  std::uint32_t absorbed = ClusterOf(order_side);
  ORDO_CHECK(kept != absorbed);
  // The larger customer keeps its id (fewer relabels: each component is relabelled O(log n)
  // times over any sequence of merges); on a tie the older one.
  if (members[absorbed].size() > members[kept].size() ||
      (members[absorbed].size() == members[kept].size() && absorbed < kept)) {
    std::swap(kept, absorbed);
  }
  for (const std::uint32_t member : members[absorbed]) {
    components[member].cluster = kept;
    members[kept].push_back(member);
  }
  components[kept].customer_has_phone = components[kept].customer_has_phone || components[absorbed].customer_has_phone;
  components[kept].customer_account_channels |= components[absorbed].customer_account_channels;
  members[absorbed].clear();
  members[absorbed].shrink_to_fit();
  --customer_count;

  const auto merge = static_cast<std::uint32_t>(merges.size());
  const core::UnixMillis now = clock.Now();
  merges.push_back(detail::MergeRecord{order_side, matched_side, kept, absorbed, components[order_side].first_merge,
                                       components[matched_side].first_merge, std::move(evidence), now, std::nullopt});
  components[order_side].first_merge = merge;
  components[matched_side].first_merge = merge;
  history.push_back(HistoryEvent{HistoryEvent::Kind::kMerged, detail::ToMergeId(merge), now});
  ++active_merges;
  return merge;
}

UnmergeResult ResolutionEngine::State::Cut(std::uint32_t merge) {
  detail::MergeRecord& record = merges[merge];
  const core::UnixMillis now = clock.Now();
  record.unmerged_at = now;
  Unlink(*this, record.order_side, merge);
  Unlink(*this, record.matched_side, merge);
  const std::uint32_t cluster = ClusterOf(record.order_side);

  // Without the cut edge the tree falls in two: what the order side still reaches, and the rest.
  if (++visit_epoch == 0) {
    std::fill(visit_mark.begin(), visit_mark.end(), 0);
    visit_epoch = 1;
  }
  visit_mark.resize(components.size(), 0);
  std::vector<std::uint32_t> order_side{record.order_side};
  visit_mark[record.order_side] = visit_epoch;
  for (std::size_t index = 0; index < order_side.size(); ++index) {
    ForEachMerge(order_side[index], [&](std::uint32_t edge) {
      const std::uint32_t next = OtherEnd(merges[edge], order_side[index]);
      if (visit_mark[next] != visit_epoch) {
        visit_mark[next] = visit_epoch;
        order_side.push_back(next);
      }
    });
  }
  std::vector<std::uint32_t> matched_side;
  for (const std::uint32_t member : members[cluster]) {
    if (visit_mark[member] != visit_epoch) matched_side.push_back(member);
  }

  // The side holding the representative keeps the customer id; the other gets back the id it
  // had before this merge when it still holds that component, else its oldest component's.
  const bool order_side_keeps = visit_mark[cluster] == visit_epoch;
  std::vector<std::uint32_t>& kept_side = order_side_keeps ? order_side : matched_side;
  std::vector<std::uint32_t>& restored_side = order_side_keeps ? matched_side : order_side;
  std::uint32_t restored = *std::min_element(restored_side.begin(), restored_side.end());
  if (std::find(restored_side.begin(), restored_side.end(), record.absorbed) != restored_side.end()) {
    restored = record.absorbed;
  }
  std::sort(kept_side.begin(), kept_side.end());
  std::sort(restored_side.begin(), restored_side.end());
  for (const std::uint32_t member : restored_side) components[member].cluster = restored;
  members[restored] = std::move(restored_side);
  members[cluster] = std::move(kept_side);
  SummariseCustomer(restored);
  SummariseCustomer(cluster);

  components[record.order_side].separated_from.push_back(record.matched_side);
  components[record.matched_side].separated_from.push_back(record.order_side);
  ++separations;
  ++customer_count;
  --active_merges;
  history.push_back(HistoryEvent{HistoryEvent::Kind::kUnmerged, detail::ToMergeId(merge), now});
  return UnmergeResult{detail::ToMergeId(merge), detail::ToCustomerId(cluster), detail::ToCustomerId(restored)};
}

core::Result<UnmergeResult> ResolutionEngine::Unmerge(MergeId merge) {
  const std::uint32_t number = ToNumber(merge);
  if (number == 0 || number > state_->merges.size()) {
    return core::MakeError(core::ErrorCode::kNotFound, "merge " + std::to_string(number) + " not found");
  }
  if (state_->merges[number - 1].unmerged_at) {
    return core::MakeError(core::ErrorCode::kConflict, "merge " + std::to_string(number) + " was undone already");
  }
  return state_->Cut(number - 1);
}

core::Result<UnmergeResult> ResolutionEngine::UnmergeCustomer(CustomerId customer) {
  const State& state = *state_;
  const std::uint32_t number = ToNumber(customer);
  if (number == 0 || number > state.components.size()) {
    return core::MakeError(core::ErrorCode::kNotFound, "customer " + std::to_string(number) + " not found");
  }
  const std::uint32_t component = number - 1;
  const std::uint32_t cluster = state.ClusterOf(component);
  std::uint32_t chosen = kNoIndex;
  if (component == cluster) {
    for (const std::uint32_t member : state.members[cluster]) {
      state.ForEachMerge(member, [&](std::uint32_t merge) {
        if (chosen == kNoIndex || merge > chosen) chosen = merge;
      });
    }
  } else {
    for (const std::uint32_t member : state.members[cluster]) {
      state.ForEachMerge(member, [&](std::uint32_t merge) {
        if (state.merges[merge].absorbed == component) chosen = merge;
      });
    }
    // Absorbed as part of a larger side: undo the merge on its way to the representative.
    if (chosen == kNoIndex) {
      std::vector<std::uint32_t> via(state.components.size(), kNoIndex);
      std::vector<std::uint32_t> queue{component};
      std::vector<bool> seen(state.components.size(), false);
      seen[component] = true;
      for (std::size_t index = 0; index < queue.size() && !seen[cluster]; ++index) {
        state.ForEachMerge(queue[index], [&](std::uint32_t merge) {
          const std::uint32_t next = OtherEnd(state.merges[merge], queue[index]);
          if (!seen[next]) {
            seen[next] = true;
            via[next] = merge;
            queue.push_back(next);
          }
        });
      }
      for (std::uint32_t at = cluster; at != component && via[at] != kNoIndex;
           at = OtherEnd(state.merges[via[at]], at)) {
        chosen = via[at];
      }
    }
  }
  if (chosen == kNoIndex) {
    return core::MakeError(core::ErrorCode::kConflict, "customer " + std::to_string(number) + " has no merge to undo");
  }
  return state_->Cut(chosen);
}

core::Result<MergeInfo> ResolutionEngine::GetMerge(MergeId id) const {
  const std::uint32_t number = ToNumber(id);
  if (number == 0 || number > state_->merges.size()) {
    return core::MakeError(core::ErrorCode::kNotFound, "merge " + std::to_string(number) + " not found");
  }
  const detail::MergeRecord& record = state_->merges[number - 1];
  MergeInfo info;
  info.id = id;
  info.kept = detail::ToCustomerId(record.kept);
  info.absorbed = detail::ToCustomerId(record.absorbed);
  info.order_side = detail::ToCustomerId(record.order_side);
  info.matched_side = detail::ToCustomerId(record.matched_side);
  info.evidence = record.evidence;
  info.merged_at = record.merged_at;
  info.unmerged_at = record.unmerged_at;
  return info;
}

std::span<const HistoryEvent> ResolutionEngine::History() const { return state_->history; }

}  // namespace ordo::customers
