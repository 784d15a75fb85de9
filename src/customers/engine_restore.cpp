// Rebuilding the engine from the store: recorded decisions replayed as they were made.
#include <string>

#include "customers/detail/engine_state.hpp"
#include "customers/resolution_engine.hpp"

namespace ordo::customers {
namespace {

core::Error Invalid(std::string detail) { return core::MakeError(core::ErrorCode::kInvalidArgument, std::move(detail)); }

}  // namespace

core::Status ResolutionEngine::RestoreOrder(const BuyerIdentity& identity, CustomerId order_customer) {
  State& state = *state_;
  if (identity.order_id == 0) return Invalid("order_id must not be 0");
  const auto order_key = static_cast<std::uint64_t>(identity.order_id);
  if (state.order_index.Find(order_key) != nullptr) {
    return Invalid("order " + std::to_string(identity.order_id) + " restored twice");
  }
  const std::uint32_t number = ToNumber(order_customer);
  if (number == 0 || number > state.components.size() + 1) {
    return Invalid("customer " + std::to_string(number) + " is not the next customer id (" +
                   std::to_string(state.components.size() + 1) + ")");
  }
  const std::uint32_t component = number == state.components.size() + 1 ? state.NewComponent() : number - 1;
  const std::uint16_t channel = state.InternChannel(identity.channel);
  state.AttachOrder(component, identity, channel);
  const detail::BlockingKeys blocks = state.policy.fuzzy_enabled
                                          ? detail::MakeBlockingKeys(identity.name, identity.address)
                                          : detail::BlockingKeys{};
  state.AddProfile(component, identity.name, identity.address, blocks);
  state.order_index.Insert(order_key, static_cast<std::uint32_t>(state.orders.size() - 1));
  return core::Ok();
}

core::Status ResolutionEngine::RestoreKey(KeyKind kind, std::string_view key, std::string_view channel,
                                          CustomerId owner) {
  State& state = *state_;
  const std::uint32_t number = ToNumber(owner);
  if (number == 0 || number > state.components.size()) {
    return Invalid("key owner " + std::to_string(number) + " is not a restored customer");
  }
  if (key.empty()) return Invalid("empty key");
  state.AddKey(number - 1, kind, detail::KeyFingerprint(kind, key), state.InternChannel(channel));
  return core::Ok();
}

core::Result<MergeId> ResolutionEngine::RestoreMerge(const MergeInfo& merge) {
  State& state = *state_;
  const std::uint32_t order_side = ToNumber(merge.order_side);
  const std::uint32_t matched_side = ToNumber(merge.matched_side);
  const std::size_t known = state.components.size();
  if (order_side == 0 || order_side > known || matched_side == 0 || matched_side > known) {
    return Invalid("merge " + std::to_string(ToNumber(merge.id)) + " names an unknown customer");
  }
  if (ToNumber(merge.id) != state.merges.size() + 1) {
    return Invalid("merge " + std::to_string(ToNumber(merge.id)) + " is not the next merge id");
  }
  if (state.ClusterOf(order_side - 1) == state.ClusterOf(matched_side - 1)) {
    return core::MakeError(core::ErrorCode::kConflict,
                           "merge " + std::to_string(ToNumber(merge.id)) + ": the two sides are one customer already");
  }
  const std::uint32_t index = state.Merge(order_side - 1, matched_side - 1, merge.evidence);
  detail::MergeRecord& record = state.merges[index];
  record.merged_at = merge.merged_at;
  state.history.back().at = merge.merged_at;
  if (detail::ToCustomerId(record.kept) != merge.kept) {
    return core::MakeError(core::ErrorCode::kConflict, "merge " + std::to_string(ToNumber(merge.id)) +
                                                           ": the replay kept another customer id than recorded");
  }
  return detail::ToMergeId(index);
}

core::Result<UnmergeResult> ResolutionEngine::RestoreUnmerge(MergeId merge, core::UnixMillis at) {
  auto undone = Unmerge(merge);
  if (!undone) return undone;
  state_->merges[ToNumber(merge) - 1].unmerged_at = at;
  state_->history.back().at = at;
  return undone;
}

}  // namespace ordo::customers
