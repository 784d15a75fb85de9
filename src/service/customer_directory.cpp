#include "service/customer_directory.hpp"

#include <algorithm>
#include <tuple>

#include "core/json.hpp"
#include "core/masking.hpp"
#include "customers/identity_builder.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

using customers::CustomerId;
using customers::KeyKind;
using customers::MergeId;

constexpr int kRestorePage = 2000;
constexpr std::string_view kResolverActor = "resolver";

core::Error NotFound(std::int64_t id) {
  return core::MakeError(core::ErrorCode::kNotFound, "customer " + std::to_string(id) + " not found");
}

bool IsCustomerNumber(std::int64_t id) { return id > 0 && id <= UINT32_MAX; }

std::string MaskKeyValue(int kind, std::string_view value) {
  switch (static_cast<KeyKind>(kind)) {
    case KeyKind::kPhone: return core::MaskPhone(value);
    case KeyKind::kEmail: return core::MaskEmail(value);
    case KeyKind::kChannelBuyer: {
      // "<channel>:<buyer id>": the channel is not personal, the buyer id is.
      const std::size_t colon = value.find(':');
      const std::string_view id = colon == std::string_view::npos ? value : value.substr(colon + 1);
      return id.size() <= 2 ? std::string("****") : std::string(id.substr(0, 2)) + "****";
    }
  }
  return "****";
}

// The keys an order brings, with the clear normalised value persistence encrypts.
struct OrderKey {
  KeyKind kind;
  std::string value;
  std::string blind_index;
};

std::vector<OrderKey> KeysOf(const customers::BuyerFacts& facts, const security::PiiCipher& cipher) {
  std::vector<OrderKey> keys;
  if (auto value = customers::ChannelBuyerKeyValue(facts.channel, facts.channel_buyer_id)) {
    keys.push_back(OrderKey{KeyKind::kChannelBuyer, *value, cipher.BlindIndex(*value)});
  }
  if (auto value = customers::PhoneKeyValue(facts.phone)) {
    keys.push_back(OrderKey{KeyKind::kPhone, *value, cipher.BlindIndex(*value)});
  }
  if (auto value = customers::EmailKeyValue(facts.email)) {
    keys.push_back(OrderKey{KeyKind::kEmail, *value, cipher.BlindIndex(*value)});
  }
  return keys;
}

customers::BuyerIdentity IdentityFrom(const customers::BuyerFacts& facts, const std::vector<OrderKey>& keys) {
  // The hasher is not called again: the keys were hashed once above.
  customers::BuyerIdentity identity = customers::BuildBuyerIdentity(facts, [](std::string_view) { return std::string(); });
  for (const OrderKey& key : keys) {
    if (key.kind == KeyKind::kChannelBuyer) identity.channel_buyer_key = key.blind_index;
    if (key.kind == KeyKind::kPhone) identity.phone_key = key.blind_index;
    if (key.kind == KeyKind::kEmail) identity.email_key = key.blind_index;
  }
  return identity;
}

store::CustomerMergeRow MergeRowOf(const customers::MergeInfo& merge) {
  store::CustomerMergeRow row;
  row.id = ToNumber(merge.id);
  row.order_side = ToNumber(merge.order_side);
  row.matched_side = ToNumber(merge.matched_side);
  row.kept = ToNumber(merge.kept);
  row.absorbed = ToNumber(merge.absorbed);
  row.order_id = merge.evidence.order_id;
  row.rule = customers::MergeRuleName(merge.evidence.rule);
  row.score_bp = static_cast<std::int64_t>(merge.evidence.score * 10000 + 0.5);
  row.evidence_json = customers::MergeEvidenceToJson(merge.evidence);
  row.merged_at = merge.merged_at;
  return row;
}

std::vector<std::int64_t> Numbers(const std::vector<CustomerId>& ids) {
  std::vector<std::int64_t> numbers;
  numbers.reserve(ids.size());
  for (const CustomerId id : ids) numbers.push_back(ToNumber(id));
  return numbers;
}

}  // namespace

CustomerDirectory::CustomerDirectory(store::Store& store, const core::Clock& clock, const security::PiiCipher& cipher)
    : store_(store), clock_(clock), cipher_(cipher), engine_(clock) {}

core::Status CustomerDirectory::Restore() {
  std::lock_guard lock(mutex_);
  return RestoreLocked();
}

core::Status CustomerDirectory::RestoreLocked() {
  store::CustomerStore& customers = store_.Customers();
  customers::ResolutionEngine engine(clock_);
  std::int64_t seq = 0;
  for (;;) {
    auto page = customers.ResolvedOrders(seq, kRestorePage);
    if (!page) return std::move(page).error();
    for (const store::ResolvedOrder& resolved : *page) {
      customers::BuyerIdentity identity;
      if (resolved.order) {
        identity = customers::BuildBuyerIdentity(customers::BuyerFactsFromOrder(*resolved.order),
                                                 [](std::string_view) { return std::string(); });
      } else {
        identity.order_id = resolved.row.order_id;  // archived: no name or address any more
      }
      ORDO_TRY(engine.RestoreOrder(identity, CustomerId{static_cast<std::uint32_t>(resolved.row.customer_id)}));
      seq = resolved.row.seq;
    }
    if (page->size() < static_cast<std::size_t>(kRestorePage)) break;
  }
  auto keys = customers.AllCustomerKeys();
  if (!keys) return std::move(keys).error();
  for (const store::CustomerKeyRow& key : *keys) {
    ORDO_TRY(engine.RestoreKey(static_cast<KeyKind>(key.kind), key.blind_index, key.channel,
                               CustomerId{static_cast<std::uint32_t>(key.customer_id)}));
  }
  auto events = customers.CustomerMergeEvents();
  if (!events) return std::move(events).error();
  std::vector<std::int64_t> merge_ids;
  for (const store::CustomerMergeEventRow& event : *events) {
    if (event.kind == "merged") merge_ids.push_back(event.merge_id);
  }
  auto merges = customers.CustomerMerges(merge_ids);
  if (!merges) return std::move(merges).error();
  for (const store::CustomerMergeEventRow& event : *events) {
    if (event.kind == "unmerged") {
      auto undone = engine.RestoreUnmerge(MergeId{static_cast<std::uint32_t>(event.merge_id)}, event.at);
      if (!undone) return std::move(undone).error();
      continue;
    }
    const auto row = std::find_if(merges->begin(), merges->end(),
                                  [&](const store::CustomerMergeRow& merge) { return merge.id == event.merge_id; });
    if (row == merges->end()) {
      return core::MakeError(core::ErrorCode::kInternal, "merge " + std::to_string(event.merge_id) + " has no row");
    }
    customers::MergeInfo info;
    info.id = MergeId{static_cast<std::uint32_t>(row->id)};
    info.order_side = CustomerId{static_cast<std::uint32_t>(row->order_side)};
    info.matched_side = CustomerId{static_cast<std::uint32_t>(row->matched_side)};
    info.kept = CustomerId{static_cast<std::uint32_t>(row->kept)};
    // The engine keeps the rule, order and score; the full evidence stays in the store's row.
    info.evidence.rule = row->rule == "shared_key" ? customers::MergeRule::kSharedKey : customers::MergeRule::kFuzzy;
    info.evidence.order_id = row->order_id;
    info.evidence.score = static_cast<double>(row->score_bp) / 10000;
    info.merged_at = event.at;
    auto restored = engine.RestoreMerge(info);
    if (!restored) return std::move(restored).error();
  }
  auto cursor = customers.CustomerResolverCursor();
  if (!cursor) return std::move(cursor).error();
  engine_ = std::move(engine);
  cursor_ = *cursor;
  resolved_ = seq;
  return core::Ok();
}

core::Result<ResolveBatchReport> CustomerDirectory::ResolveNext(int max_orders) {
  std::lock_guard lock(mutex_);
  auto orders = store_.Customers().OrdersToResolve(cursor_, max_orders);
  if (!orders) return std::move(orders).error();
  ResolveBatchReport report;
  report.cursor = cursor_;
  if (orders->empty()) return report;

  store::ResolutionBatch batch;
  std::uint32_t known_ids = static_cast<std::uint32_t>(engine_.Stats().customer_ids);
  for (const order::Order& order : *orders) {
    const customers::BuyerFacts facts = customers::BuyerFactsFromOrder(order);
    const std::vector<OrderKey> keys = KeysOf(facts, cipher_);
    std::vector<const OrderKey*> new_keys;
    for (const OrderKey& key : keys) {
      if (!engine_.FindByKey(key.kind, key.blind_index)) new_keys.push_back(&key);
    }
    auto resolved = engine_.Resolve(IdentityFrom(facts, keys));
    if (!resolved) continue;  // order id 0: never stored
    if (resolved->outcome == customers::ResolveOutcome::kAlreadyResolved) continue;
    const std::uint32_t own = ToNumber(resolved->order_customer);
    if (own > known_ids) {
      known_ids = own;
      batch.customers.push_back(store::CustomerRow{own, order.id, clock_.Now()});
    }
    batch.orders.push_back(store::CustomerOrderRow{order.id, own, ++resolved_});
    for (const OrderKey* key : new_keys) {
      if (std::any_of(batch.keys.begin(), batch.keys.end(), [&](const store::CustomerKeyRow& row) {
            return row.kind == static_cast<int>(key->kind) && row.blind_index == key->blind_index;
          })) {
        continue;
      }
      batch.keys.push_back(store::CustomerKeyRow{static_cast<int>(key->kind), key->blind_index, own, order.channel,
                                                 key->value, order.created_at});
    }
    for (const MergeId merge : resolved->merges) {
      auto info = engine_.GetMerge(merge);
      if (!info) continue;
      batch.merges.push_back(MergeRowOf(*info));
      batch.events.push_back(store::CustomerMergeEventRow{0, ToNumber(merge), "merged", info->merged_at,
                                                          std::string(kResolverActor)});
      ++report.merges;
    }
  }
  batch.cursor = orders->back().id;
  if (core::Status saved = store_.Customers().SaveResolutionBatch(batch, cursor_); !saved) {
    // The engine is ahead of the store: go back to what the store holds.
    if (core::Status restored = RestoreLocked(); !restored) return std::move(restored).error();
    return std::move(saved).error();
  }
  cursor_ = batch.cursor;
  report.orders = static_cast<int>(orders->size());
  report.cursor = cursor_;
  return report;
}

core::Result<CustomerDetail> CustomerDirectory::DetailLocked(std::int64_t id, const store::OrderScope& scope,
                                                             std::optional<std::int64_t> before_order_id) {
  if (!IsCustomerNumber(id)) return NotFound(id);
  auto view = engine_.Get(CustomerId{static_cast<std::uint32_t>(id)});
  if (!view) return NotFound(id);
  CustomerDetail detail;
  detail.id = ToNumber(view->id);
  if (detail.id != id) detail.merged_from = id;
  detail.merged_ids = Numbers(view->merged_ids);
  auto orders = store_.Customers().CustomerOrders(detail.merged_ids, scope, before_order_id, kViewOrders);
  if (!orders) return std::move(orders).error();
  // A regional manager sees a customer only through orders in their provinces.
  if (!scope.unrestricted() && orders->total_orders == 0) return NotFound(id);
  detail.orders = std::move(orders).value();
  auto keys = store_.Customers().CustomerKeys(detail.merged_ids);
  if (!keys) return std::move(keys).error();
  for (const store::CustomerKeyRow& key : *keys) {
    detail.identities.push_back(CustomerIdentityView{std::string(customers::KeyKindName(static_cast<KeyKind>(key.kind))),
                                                     key.channel, MaskKeyValue(key.kind, key.value), key.first_seen_at});
  }
  std::sort(detail.identities.begin(), detail.identities.end(),
            [](const CustomerIdentityView& a, const CustomerIdentityView& b) {
              return std::tie(a.channel, a.kind, a.first_seen_at) < std::tie(b.channel, b.kind, b.first_seen_at);
            });
  std::vector<std::int64_t> merge_ids;
  for (const MergeId merge : view->merges) merge_ids.push_back(ToNumber(merge));
  auto merges = store_.Customers().CustomerMerges(merge_ids);
  if (!merges) return std::move(merges).error();
  for (store::CustomerMergeRow& row : *merges) detail.merges.push_back(CustomerMergeView{std::move(row)});
  return detail;
}

core::Result<CustomerDetail> CustomerDirectory::Get(std::int64_t id, const store::OrderScope& scope,
                                                    std::optional<std::int64_t> before_order_id) {
  std::lock_guard lock(mutex_);
  return DetailLocked(id, scope, before_order_id);
}

core::Result<CustomerDetail> CustomerDirectory::Find(std::string_view q, const store::OrderScope& scope) {
  std::optional<std::string> value;
  KeyKind kind = KeyKind::kPhone;
  if (q.find('@') != std::string_view::npos) {
    kind = KeyKind::kEmail;
    value = customers::EmailKeyValue(q);
  } else {
    value = customers::PhoneKeyValue(q);
  }
  if (!value) {
    core::Error error = core::MakeError(core::ErrorCode::kInvalidArgument, "q must be a phone number or an email address");
    error.fields.push_back(core::FieldError{"/q", "phone_or_email", "a phone number (any format) or an email address"});
    return error;
  }
  const std::string blind_index = cipher_.BlindIndex(*value);
  std::lock_guard lock(mutex_);
  const std::optional<CustomerId> found = engine_.FindByKey(kind, blind_index);
  if (!found) return core::MakeError(core::ErrorCode::kNotFound, "no customer has this phone number or email address");
  auto detail = DetailLocked(ToNumber(*found), scope, std::nullopt);
  if (!detail && detail.error().code == core::ErrorCode::kNotFound) {
    return core::MakeError(core::ErrorCode::kNotFound, "no customer has this phone number or email address");
  }
  return detail;
}

core::Result<UnmergeOutcome> CustomerDirectory::Unmerge(std::int64_t id, std::optional<std::int64_t> merge_id,
                                                        const std::string& reason, const core::Actor& actor,
                                                        std::string_view ip) {
  std::lock_guard lock(mutex_);
  if (!IsCustomerNumber(id)) return NotFound(id);
  auto view = engine_.Get(CustomerId{static_cast<std::uint32_t>(id)});
  if (!view) return NotFound(id);
  core::Result<customers::UnmergeResult> undone = core::MakeError(core::ErrorCode::kInternal, "not run");
  if (merge_id) {
    if (*merge_id <= 0 || *merge_id > UINT32_MAX) {
      return core::MakeError(core::ErrorCode::kNotFound, "merge " + std::to_string(*merge_id) + " not found");
    }
    const MergeId merge{static_cast<std::uint32_t>(*merge_id)};
    auto info = engine_.GetMerge(merge);
    if (!info) return std::move(info).error();
    if (!info->unmerged_at &&
        std::find(view->merged_ids.begin(), view->merged_ids.end(), info->order_side) == view->merged_ids.end()) {
      return core::MakeError(core::ErrorCode::kNotFound,
                             "merge " + std::to_string(*merge_id) + " is not part of customer " + std::to_string(id));
    }
    undone = engine_.Unmerge(merge);
  } else {
    undone = engine_.UnmergeCustomer(CustomerId{static_cast<std::uint32_t>(id)});
  }
  if (!undone) return std::move(undone).error();
  UnmergeOutcome outcome{ToNumber(undone->merge), ToNumber(undone->kept), ToNumber(undone->restored)};
  std::string detail;
  {
    core::JsonBuffer buffer;
    core::JsonWriter writer(buffer);
    writer.StartObject();
    core::WriteKey(writer, "merge_id");
    writer.Int64(outcome.merge_id);
    core::WriteKey(writer, "kept");
    writer.Int64(outcome.kept);
    core::WriteKey(writer, "restored");
    writer.Int64(outcome.restored);
    core::WriteKey(writer, "reason");
    core::WriteString(writer, reason);
    writer.EndObject();
    detail = buffer.GetString();
  }
  const std::string actor_name = actor.kind + ":" + actor.id;
  core::Status recorded = store_.Customers().RecordUnmerge(
      outcome.merge_id, clock_.Now(), actor_name, reason,
      MakeAudit(actor, ip, "customer.unmerge", "customer:" + std::to_string(id), std::move(detail)));
  if (!recorded) {
    if (core::Status restored = RestoreLocked(); !restored) return std::move(restored).error();
    return std::move(recorded).error();
  }
  return outcome;
}

customers::EngineStats CustomerDirectory::Stats() const {
  std::lock_guard lock(mutex_);
  return engine_.Stats();
}

}  // namespace ordo::service
