// Reads: the single customer view and the engine's statistics.
#include <algorithm>
#include <cstdio>
#include <map>
#include <string>

#include "customers/detail/engine_state.hpp"
#include "customers/resolution_engine.hpp"

namespace ordo::customers {
namespace {

using detail::kNoIndex;

std::string FingerprintHex(std::uint64_t fingerprint) {
  char text[17];
  std::snprintf(text, sizeof text, "%016llx", static_cast<unsigned long long>(fingerprint));
  return text;
}

std::size_t HeapBytes(const std::string& text) { return text.capacity() > 15 ? text.capacity() + 1 : 0; }

}  // namespace

core::Result<CustomerView> ResolutionEngine::Get(CustomerId id) const {
  const State& state = *state_;
  const std::uint32_t number = ToNumber(id);
  if (number == 0 || number > state.components.size()) {
    return core::MakeError(core::ErrorCode::kNotFound, "customer " + std::to_string(number) + " not found");
  }
  const std::uint32_t cluster = state.ClusterOf(number - 1);
  CustomerView view;
  view.id = detail::ToCustomerId(cluster);

  std::map<std::uint16_t, ChannelActivity> channels;
  std::vector<std::pair<core::UnixMillis, std::int64_t>> orders;
  std::vector<std::uint32_t> merges;
  for (const std::uint32_t member : state.members[cluster]) {
    view.merged_ids.push_back(detail::ToCustomerId(member));
    const detail::Component& component = state.components[member];
    for (std::uint32_t index = component.first_order; index != kNoIndex; index = state.orders[index].next) {
      const detail::OrderRecord& order = state.orders[index];
      ChannelActivity& activity = channels[order.channel];
      activity.amount += order.amount;
      activity.first_order_at = activity.order_count == 0 ? order.ordered_at : std::min(activity.first_order_at, order.ordered_at);
      activity.last_order_at = std::max(activity.last_order_at, order.ordered_at);
      ++activity.order_count;
      view.lifetime_value += order.amount;
      orders.emplace_back(order.ordered_at, order.order_id);
    }
    for (std::uint32_t index = component.first_key; index != kNoIndex; index = state.keys[index].next) {
      const detail::KeyRecord& key = state.keys[index];
      channels[key.channel].keys.push_back(
          IdentityKeyRef{key.kind, state.channel_names[key.channel], FingerprintHex(key.fingerprint)});
    }
    state.ForEachMerge(member, [&](std::uint32_t merge) { merges.push_back(merge); });
  }
  std::sort(view.merged_ids.begin(), view.merged_ids.end());
  std::sort(orders.begin(), orders.end());
  for (const auto& [ordered_at, order_id] : orders) view.order_ids.push_back(order_id);
  if (!orders.empty()) {
    view.first_order_at = orders.front().first;
    view.last_order_at = orders.back().first;
  }
  for (auto& [channel, activity] : channels) {
    activity.channel = state.channel_names[channel];
    view.channels.push_back(std::move(activity));
  }
  std::sort(view.channels.begin(), view.channels.end(),
            [](const ChannelActivity& a, const ChannelActivity& b) { return a.channel < b.channel; });
  std::sort(merges.begin(), merges.end());
  merges.erase(std::unique(merges.begin(), merges.end()), merges.end());
  for (const std::uint32_t merge : merges) view.merges.push_back(detail::ToMergeId(merge));
  return view;
}

EngineStats ResolutionEngine::Stats() const {
  const State& state = *state_;
  EngineStats stats;
  stats.customers = state.customer_count;
  stats.customer_ids = state.components.size();
  stats.orders = state.orders.size();
  stats.keys = state.keys.size();
  stats.active_merges = state.active_merges;
  stats.saturated_blocks = state.saturated_blocks;

  std::size_t bytes = state.components.capacity() * sizeof(detail::Component);
  for (const detail::Component& component : state.components) {
    bytes += component.separated_from.capacity() * sizeof(std::uint32_t);
  }
  bytes += state.profiles.capacity() * sizeof(detail::Profile);
  for (const detail::Profile& profile : state.profiles) bytes += HeapBytes(profile.name.canonical);
  bytes += state.members.capacity() * sizeof(std::vector<std::uint32_t>);
  for (const auto& members : state.members) bytes += members.capacity() * sizeof(std::uint32_t);
  bytes += state.orders.capacity() * sizeof(detail::OrderRecord);
  bytes += state.keys.capacity() * sizeof(detail::KeyRecord);
  bytes += state.key_owner.MemoryBytes() + state.order_index.MemoryBytes() + state.candidates.MemoryBytes();
  bytes += state.merges.capacity() * sizeof(detail::MergeRecord);
  bytes += state.history.capacity() * sizeof(HistoryEvent);
  bytes += state.visit_mark.capacity() * sizeof(std::uint32_t);
  stats.memory_bytes = bytes;
  return stats;
}

}  // namespace ordo::customers
