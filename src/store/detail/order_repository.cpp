#include "store/detail/order_repository.hpp"

#include <bit>
#include <string>

#include "core/json.hpp"
#include "order/order_json.hpp"
#include "order/state_machine.hpp"
#include "store/detail/allocation_repository.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;
using order::Order;
using order::OrderStatus;

// Every order read selects these first: OrderFromRow reads columns 0..3.
constexpr const char* kSelectOrderColumns = "SELECT id, version, body, pii FROM orders ";

// Fingerprints are uint64; the column is a signed BIGINT holding the same bits.
std::int64_t AsColumn(std::uint64_t fingerprint) { return std::bit_cast<std::int64_t>(fingerprint); }

// Appends " AND province IN ($k, …) AND channel IN (…)" for a restricted scope, adding the
// values to `params`. Values are always parameters, never spliced into the SQL.
void AppendScope(const OrderScope& scope, std::string& sql, std::vector<Param>& params) {
  auto in_list = [&](std::string_view column, const std::vector<std::string>& values) {
    if (values.empty()) return;
    sql += " AND ";
    sql += column;
    sql += " IN (";
    for (std::size_t value_idx = 0; value_idx < values.size(); ++value_idx) {
      if (value_idx > 0) sql += ", ";
      params.push_back(std::string_view(values[value_idx]));
      sql += "$" + std::to_string(params.size());
    }
    sql += ")";
  };
  in_list("province", scope.provinces);
  in_list("channel", scope.channels);
}

std::string PiiAssociatedData(const Order& order) { return "order:" + order.channel + ":" + order.external_id; }

}  // namespace

core::Result<Order> OrderFromRow(const Row& row, const FieldCipher* cipher) {
  auto order = order::OrderFromStorageJson(row.Text(2));
  if (!order) return order;
  order->id = row.Int(0);
  order->version = row.Int(1);
  const std::string_view sealed = row.Text(3);
  if (sealed.empty()) return order;  // stored in clear
  if (cipher == nullptr) {
    return core::MakeError(ErrorCode::kInternal, "an order's personal data is encrypted but no key was given");
  }
  auto clear = cipher->Decrypt(sealed, PiiAssociatedData(*order));
  if (!clear) return core::MakeError(ErrorCode::kInternal, "an order's personal data does not decrypt");
  rapidjson::Document doc;
  if (!core::ParseJson(*clear, doc) || !doc.IsObject()) {
    return core::MakeError(ErrorCode::kInternal, "an order's personal data is not readable");
  }
  order::Address& address = order->shipping_address;
  for (auto [key, target] : {std::pair{"name", &address.name}, std::pair{"phone", &address.phone},
                             std::pair{"street", &address.street}}) {
    const auto member = doc.FindMember(key);
    if (member != doc.MemberEnd() && member->value.IsString()) *target = core::AsView(member->value);
  }
  const auto originals = doc.FindMember("original_fields");
  if (originals != doc.MemberEnd() && originals->value.IsObject()) {
    for (auto member = originals->value.MemberBegin(); member != originals->value.MemberEnd(); ++member) {
      if (member->value.IsString()) {
        order->original_fields.push_back(
            {std::string(core::AsView(member->name)), std::string(core::AsView(member->value))});
      }
    }
  }
  return order;
}

namespace {

// {"name", "phone", "street"} of the address, and with `with_originals` also
// "original_fields": the personal ones of order.original_fields.
std::string PersonalJson(const Order& order, bool with_originals) {
  const order::Address& address = order.shipping_address;
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "name");
  core::WriteString(writer, address.name);
  core::WriteKey(writer, "phone");
  core::WriteString(writer, address.phone);
  core::WriteKey(writer, "street");
  core::WriteString(writer, address.street);
  if (with_originals) {
    core::WriteKey(writer, "original_fields");
    writer.StartObject();
    for (const order::OriginalField& original : order.original_fields) {
      if (!order::IsPersonalField(original.field)) continue;
      core::WriteKey(writer, original.field);
      core::WriteString(writer, original.value);
    }
    writer.EndObject();
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

StoredForm ToStoredForm(const Order& order, const FieldCipher* cipher) {
  StoredForm form;
  if (cipher == nullptr) {
    form.body = order::OrderToStorageJson(order, &form.fingerprint);
    return form;
  }
  const order::Address& address = order.shipping_address;
  const std::string personal = PersonalJson(order, false);

  Order redacted = order;
  redacted.shipping_address.name.clear();
  redacted.shipping_address.phone.clear();
  redacted.shipping_address.street.clear();
  std::erase_if(redacted.original_fields,
                [](const order::OriginalField& original) { return order::IsPersonalField(original.field); });
  form.body = order::OrderToStorageJson(redacted, &form.fingerprint);
  form.fingerprint = order::ExtendFingerprint(form.fingerprint, personal);
  const bool personal_originals = redacted.original_fields.size() != order.original_fields.size();
  form.pii = cipher->Encrypt(personal_originals ? PersonalJson(order, true) : personal, PiiAssociatedData(order));
  form.phone_index = address.phone.empty() ? std::string() : cipher->PhoneIndex(address.phone);
  return form;
}

// The event body sent to webhooks: identifies the order, never carries personal data.
std::string EventPayload(std::string_view type, const Order& order, std::optional<OrderStatus> from,
                         core::UnixMillis now) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "type");
  core::WriteString(writer, type);
  core::WriteKey(writer, "occurred_at");
  core::WriteString(writer, core::FormatRfc3339(now));
  core::WriteKey(writer, "order");
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Int64(order.id);
  core::WriteKey(writer, "channel");
  core::WriteString(writer, order.channel);
  core::WriteKey(writer, "external_id");
  core::WriteString(writer, order.external_id);
  core::WriteKey(writer, "status");
  core::WriteString(writer, order::StatusName(order.status));
  core::WriteKey(writer, "version");
  writer.Int64(order.version);
  core::WriteKey(writer, "currency");
  core::WriteString(writer, order.currency);
  core::WriteKey(writer, "grand_total");
  writer.Int64(order.totals.grand_total);
  writer.EndObject();
  if (from) {
    core::WriteKey(writer, "from_status");
    core::WriteString(writer, order::StatusName(*from));
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

std::string TransitionData(OrderStatus from, OrderStatus to, std::string_view reason) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "from");
  core::WriteString(writer, order::StatusName(from));
  core::WriteKey(writer, "to");
  core::WriteString(writer, order::StatusName(to));
  if (!reason.empty()) {
    core::WriteKey(writer, "reason");
    core::WriteString(writer, reason);
  }
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

core::Status AppendEvent(Connection& connection, const Order& order, std::int64_t seq, std::string_view node,
                         const core::Actor& actor, std::string_view data, core::UnixMillis now) {
  return connection.Exec(
      "INSERT INTO order_events (order_id, seq, at, node, actor_kind, actor_id, data) "
      "VALUES ($1, $2, $3, $4, $5, $6, $7)",
      {order.id, seq, now, node, std::string_view(actor.kind), std::string_view(actor.id), data});
}

core::Status AppendOutbox(Connection& connection, const Order& order, std::string_view type,
                          std::optional<OrderStatus> from, core::UnixMillis now) {
  const std::string payload = EventPayload(type, order, from, now);
  return connection.Exec(
      "INSERT INTO outbox (order_id, event_type, payload, created_at) VALUES ($1, $2, $3, $4)",
      {order.id, type, std::string_view(payload), now});
}

// Writes a changed order over version `seen_version`; kConflict if someone else got there first.
// `fingerprint` is the newly ingested channel content; nullopt keeps the stored one (a
// transition is Ordo's change, and the channel resending its payload is still a repeat).
core::Status UpdateOrderRow(Connection& connection, const Order& next, std::int64_t seen_version,
                            std::int64_t last_event_seq, std::optional<std::uint64_t> fingerprint,
                            const FieldCipher* cipher) {
  const Param fingerprint_param = fingerprint ? Param(AsColumn(*fingerprint)) : Param(nullptr);
  const StoredForm form = ToStoredForm(next, cipher);
  const std::string& body = form.body;
  ORDO_TRY(connection.Exec(
      "UPDATE orders SET status = $1, version = $2, customer_ref = $3, province = $4, currency = $5, "
      "grand_total = $6, created_at = $7, updated_at = $8, fingerprint = COALESCE($9, fingerprint), "
      "last_event_seq = $10, body = $11, pii = $14, phone_index = $15 "
      "WHERE id = $12 AND version = $13",
      {order::StatusName(next.status), next.version, std::string_view(next.customer_ref),
       std::string_view(next.shipping_address.province), std::string_view(next.currency), next.totals.grand_total,
       next.created_at, next.updated_at, fingerprint_param, last_event_seq, std::string_view(body), next.id,
       seen_version, std::string_view(form.pii), std::string_view(form.phone_index)}));
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kConflict, "the order changed concurrently; retry with its new version");
  }
  return core::Ok();
}

namespace {

struct StoredOrder {
  Order order;
  std::int64_t last_event_seq = 0;
  std::uint64_t fingerprint = 0;
};

core::Result<std::optional<StoredOrder>> FindByKey(Connection& connection, std::string_view channel,
                                                   std::string_view external_id, const FieldCipher* cipher) {
  std::optional<StoredOrder> found;
  core::Status parse = core::Ok();
  ORDO_TRY(connection.Query(
      "SELECT id, version, body, pii, last_event_seq, fingerprint FROM orders WHERE channel = $1 AND external_id = $2",
      {channel, external_id}, [&](const Row& row) {
        auto order = OrderFromRow(row, cipher);
        if (!order) {
          parse = std::move(order).error();
          return;
        }
        found = StoredOrder{std::move(order).value(), row.Int(4), std::bit_cast<std::uint64_t>(row.Int(5))};
      }));
  ORDO_TRY(parse);
  return found;
}

// The on_hold event's data for a quarantine: from/to/reason and the review's members.
std::string QuarantineData(OrderStatus from, const EntryReview& review) {
  std::string data = TransitionData(from, OrderStatus::kOnHold, order::kHoldReasonDataReview);
  if (review.event_json.size() > 2 && review.event_json.front() == '{' && review.event_json.back() == '}') {
    data.pop_back();
    data += ',';
    data.append(review.event_json, 1);
  }
  return data;
}

// A quarantine that cannot hold the order (it arrived or is already past shipment): the
// timeline still says what was wrong.
std::string UnheldReviewData(OrderStatus status, const EntryReview& review) {
  std::string data = R"({"held":false,"status":")" + std::string(order::StatusName(status)) + '"';
  if (review.event_json.size() > 2 && review.event_json.front() == '{' && review.event_json.back() == '}') {
    data += ',';
    data.append(review.event_json, 1);
  } else {
    data += '}';
  }
  return data;
}

// A status change an update makes besides the content: its timeline node and outbox row.
struct StatusEvent {
  std::string node;
  std::string data;
  std::optional<OrderStatus> from;  // set: an order.status_changed outbox row
};

core::Result<IngestOutcome> UpdateExisting(Connection& connection, StoredOrder stored, const IngestItem& item,
                                           std::uint64_t fingerprint, core::UnixMillis now,
                                           const FieldCipher* cipher) {
  if (stored.fingerprint == fingerprint) return IngestOutcome{IngestKind::kUnchanged, std::move(stored.order)};
  const Order& current = stored.order;
  // The channel's content replaces ours; Ordo's own bookkeeping stays.
  Order next = item.order;
  next.id = current.id;
  next.status = current.status;
  next.held_from = current.held_from;
  next.hold_reason = current.hold_reason;
  next.received_at = current.received_at;
  next.version = current.version + 1;
  next.updated_at = now;

  std::vector<StatusEvent> status_events;
  // Every move keeps the one version step of the whole update.
  const auto move = [&](OrderStatus to, const std::string& reason, std::string data) {
    auto moved = order::Transition(next, to, reason, now);
    if (!moved) return false;
    const OrderStatus from = next.status;
    moved->version = next.version;
    next = std::move(moved).value();
    status_events.push_back({std::string(order::StatusName(to)), std::move(data), from});
    return true;
  };
  const bool quarantine = item.review && item.review->quarantine;
  // The data passed the entry rules this time: an order held only for its data goes back.
  if (item.review && !quarantine && next.status == OrderStatus::kOnHold &&
      next.hold_reason == order::kHoldReasonDataReview && next.held_from) {
    const OrderStatus back = *next.held_from;
    move(back, "data_review_passed", TransitionData(OrderStatus::kOnHold, back, "data_review_passed"));
  }
  bool status_not_applied = false;
  // A held order whose channel still says the status it was held from stays held as it is,
  // whatever the hold was for: a content update (a new note, a corrected address) is no reason
  // to release an operator's or a rule's hold. A different channel status (cancelled) applies.
  const bool stays_held = next.status == OrderStatus::kOnHold && next.held_from == item.order.status;
  if (!item.status_by_caller && item.order.status != next.status && !stays_held) {
    // e.g. the channel says "paid" for an order we already shipped: not applied, but recorded
    status_not_applied = !move(item.order.status, "channel update",
                               TransitionData(next.status, item.order.status, "channel update"));
  }
  if (quarantine && next.status != OrderStatus::kOnHold) {
    if (order::IsPreShipment(next.status)) {
      move(OrderStatus::kOnHold, std::string(order::kHoldReasonDataReview), QuarantineData(next.status, *item.review));
    } else {
      status_events.push_back({std::string(order::kNodeDataReview), UnheldReviewData(next.status, *item.review), {}});
    }
  }
  std::int64_t seq = stored.last_event_seq;
  const std::string data = status_not_applied
                               ? std::string(R"({"status_not_applied":")") +
                                     std::string(order::StatusName(item.order.status)) + "\"}"
                               : std::string("{}");
  const std::int64_t last_seq = seq + 1 + static_cast<std::int64_t>(status_events.size());
  ORDO_TRY(UpdateOrderRow(connection, next, current.version, last_seq, fingerprint, cipher));
  ORDO_TRY(AppendEvent(connection, next, ++seq, order::kNodeUpdated, item.actor, data, now));
  ORDO_TRY(AppendOutbox(connection, next, kEventOrderUpdated, std::nullopt, now));
  for (const StatusEvent& event : status_events) {
    ORDO_TRY(AppendEvent(connection, next, ++seq, event.node, item.actor, event.data, now));
    if (event.from) ORDO_TRY(AppendOutbox(connection, next, kEventOrderStatusChanged, event.from, now));
  }
  // A channel that cancels or ships the order moves its reservations as TransitionOne does.
  if (next.status != current.status) {
    ORDO_TRY(ApplyReservationsOnTransition(connection, next.id, current.status, next.status, item.actor, now));
  }
  return IngestOutcome{IngestKind::kUpdated, std::move(next)};
}

}  // namespace

PreparedIngest PrepareIngest(const IngestItem& item, core::UnixMillis now, const FieldCipher* cipher) {
  // The common case is a new order: serialise it once and take the fingerprint on the way.
  PreparedIngest prepared;
  Order& created = prepared.created;
  created = item.order;
  created.id = 0;
  created.version = 1;
  created.held_from.reset();
  created.hold_reason.clear();
  created.received_at = now;
  created.updated_at = now;
  prepared.form = ToStoredForm(created, cipher);
  // The fingerprint is of the content as the channel sent it (its status, not on_hold).
  prepared.fingerprint = prepared.form.fingerprint;
  prepared.channel_status = created.status;
  prepared.quarantine = item.review && item.review->quarantine;
  prepared.hold = prepared.quarantine && order::IsPreShipment(prepared.channel_status);
  if (prepared.hold) {
    // Quarantine: the new order starts on hold, released later to the status the channel sent.
    created.held_from = prepared.channel_status;
    created.status = OrderStatus::kOnHold;
    created.hold_reason = order::kHoldReasonDataReview;
    prepared.form = ToStoredForm(created, cipher);
    prepared.form.fingerprint = prepared.fingerprint;
  }
  return prepared;
}

core::Result<IngestOutcome> IngestOne(Connection& connection, const IngestItem& item, core::UnixMillis now,
                                      const FieldCipher* cipher) {
  return IngestOne(connection, item, PrepareIngest(item, now, cipher), now, cipher);
}

core::Result<IngestOutcome> IngestOne(Connection& connection, const IngestItem& item, const PreparedIngest& prepared,
                                      core::UnixMillis now, const FieldCipher* cipher) {
  const StoredForm& form = prepared.form;
  const std::uint64_t fingerprint = prepared.fingerprint;
  const OrderStatus channel_status = prepared.channel_status;
  const bool quarantine = prepared.quarantine;
  const bool hold = prepared.hold;
  std::string scoped_key;
  if (!item.idempotency_key.empty()) {
    // Keys are scoped to the caller: two integrators may pick the same key.
    scoped_key = item.actor.kind + ":" + item.actor.id + ":" + item.idempotency_key;
    std::optional<std::pair<std::uint64_t, std::int64_t>> seen;
    ORDO_TRY(connection.Query("SELECT fingerprint, order_id FROM idempotency_keys WHERE key = $1",
                              {std::string_view(scoped_key)}, [&](const Row& row) {
                                seen.emplace(std::bit_cast<std::uint64_t>(row.Int(0)), row.Int(1));
                              }));
    if (seen) {
      if (seen->first != fingerprint) {
        return core::MakeError(ErrorCode::kConflict,
                               "the Idempotency-Key was already used with a different order body");
      }
      auto replay = LoadOrder(connection, seen->second, {}, cipher);
      if (!replay) return std::move(replay).error();
      return IngestOutcome{IngestKind::kUnchanged, std::move(replay).value()};
    }
  }

  std::optional<std::int64_t> new_id;
  ORDO_TRY(connection.Query(
      "INSERT INTO orders (channel, external_id, status, version, customer_ref, province, currency, grand_total, "
      "created_at, received_at, updated_at, fingerprint, last_event_seq, body, pii, phone_index) "
      "VALUES ($1, $2, $3, 1, $4, $5, $6, $7, $8, $9, $9, $10, $14, $11, $12, $13) "
      "ON CONFLICT (channel, external_id) DO NOTHING RETURNING id",
      {std::string_view(prepared.created.channel), std::string_view(prepared.created.external_id), order::StatusName(prepared.created.status),
       std::string_view(prepared.created.customer_ref), std::string_view(prepared.created.shipping_address.province),
       std::string_view(prepared.created.currency), prepared.created.totals.grand_total, prepared.created.created_at, now,
       AsColumn(fingerprint), std::string_view(form.body), std::string_view(form.pii),
       std::string_view(form.phone_index), std::int64_t{quarantine ? 2 : 1}},
      [&](const Row& row) { new_id = row.Int(0); }));

  core::Result<IngestOutcome> outcome = core::MakeError(ErrorCode::kInternal, "unset");
  if (new_id) {
    Order created = prepared.created;  // a copy: the unit may run again
    created.id = *new_id;
    const std::string data = std::string(R"({"status":")") + std::string(order::StatusName(channel_status)) + "\"}";
    ORDO_TRY(AppendEvent(connection, created, 1, order::kNodeCreated, item.actor, data, now));
    if (!hold) {
      ORDO_TRY(AppendOutbox(connection, created, kEventOrderCreated, std::nullopt, now));
      if (quarantine) {
        ORDO_TRY(AppendEvent(connection, created, 2, order::kNodeDataReview, item.actor,
                             UnheldReviewData(channel_status, *item.review), now));
      }
    } else {
      // Subscribers see the order as the channel sent it, then its move to on_hold.
      Order as_sent = created;
      as_sent.status = channel_status;
      as_sent.held_from.reset();
      as_sent.hold_reason.clear();
      ORDO_TRY(AppendOutbox(connection, as_sent, kEventOrderCreated, std::nullopt, now));
      ORDO_TRY(AppendEvent(connection, created, 2, order::StatusName(OrderStatus::kOnHold), item.actor,
                           QuarantineData(channel_status, *item.review), now));
      ORDO_TRY(AppendOutbox(connection, created, kEventOrderStatusChanged, channel_status, now));
    }
    outcome = IngestOutcome{IngestKind::kCreated, std::move(created)};
  } else {
    auto stored = FindByKey(connection, item.order.channel, item.order.external_id, cipher);
    if (!stored) return std::move(stored).error();
    if (!stored->has_value()) return core::MakeError(ErrorCode::kInternal, "order vanished during ingest");
    outcome = UpdateExisting(connection, std::move(**stored), item, fingerprint, now, cipher);
  }
  if (outcome && !scoped_key.empty()) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO idempotency_keys (key, fingerprint, order_id, created_at) VALUES ($1, $2, $3, $4)",
        {std::string_view(scoped_key), AsColumn(fingerprint), outcome->order.id, now}));
  }
  return outcome;
}

core::Result<Order> TransitionOne(Connection& connection, const TransitionCommand& command, core::UnixMillis now,
                                  const FieldCipher* cipher) {
  std::optional<StoredOrder> stored;
  core::Status parse = core::Ok();
  std::string sql = "SELECT id, version, body, pii, last_event_seq FROM orders WHERE id = $1";
  std::vector<Param> params{command.order_id};
  AppendScope(command.scope, sql, params);
  const RowHandler read = [&](const Row& row) {
    auto order = OrderFromRow(row, cipher);
    if (!order) {
      parse = std::move(order).error();
      return;
    }
    stored = StoredOrder{std::move(order).value(), row.Int(4), 0};
  };
  ORDO_TRY(connection.Run(sql, params, &read));
  ORDO_TRY(parse);
  if (!stored) return core::MakeError(ErrorCode::kNotFound, "no order with id " + std::to_string(command.order_id));
  const Order& current = stored->order;
  if (command.expected_version && *command.expected_version != current.version) {
    return core::MakeError(ErrorCode::kConflict, "version mismatch: If-Match was " +
                                                     std::to_string(*command.expected_version) +
                                                     " but the order is at version " + std::to_string(current.version));
  }
  auto next = order::Transition(current, command.to, command.reason, now);
  if (!next) return std::move(next).error();
  const std::int64_t seq = stored->last_event_seq + 1;
  ORDO_TRY(UpdateOrderRow(connection, *next, current.version, seq, std::nullopt, cipher));
  const std::string data = TransitionData(current.status, next->status, command.reason);
  ORDO_TRY(AppendEvent(connection, *next, seq, order::StatusName(next->status), command.actor, data, now));
  ORDO_TRY(AppendOutbox(connection, *next, kEventOrderStatusChanged, current.status, now));
  // The reservations follow the status in the same unit (store/inventory_store.hpp).
  ORDO_TRY(ApplyReservationsOnTransition(connection, next->id, current.status, next->status, command.actor, now));
  return next;
}

core::Result<std::optional<LockedOrder>> LoadOrderForWrite(Connection& connection, std::int64_t id,
                                                           const FieldCipher* cipher) {
  // PostgreSQL: lock the row so that two writer threads (or nodes) deciding for the same order
  // run one after the other; the second then reads what the first committed. SQLite has one
  // writer, which already serialises units.
  std::string sql = "SELECT id, version, body, pii, last_event_seq FROM orders WHERE id = $1";
  if (connection.dialect() == Dialect::kPostgres) sql += " FOR UPDATE";
  std::optional<LockedOrder> locked;
  core::Status parse = core::Ok();
  const RowHandler read = [&](const Row& row) {
    auto order = OrderFromRow(row, cipher);
    if (!order) {
      parse = std::move(order).error();
      return;
    }
    locked = LockedOrder{std::move(order).value(), row.Int(4)};
  };
  ORDO_TRY(connection.Query(sql, {id}, read));
  ORDO_TRY(parse);
  return locked;
}

core::Result<Order> LoadOrder(Connection& connection, std::int64_t id, const OrderScope& scope,
                              const FieldCipher* cipher) {
  std::optional<core::Result<Order>> found;
  std::string sql = std::string(kSelectOrderColumns) + "WHERE id = $1";
  std::vector<Param> params{id};
  AppendScope(scope, sql, params);
  const RowHandler read = [&](const Row& row) { found.emplace(OrderFromRow(row, cipher)); };
  ORDO_TRY(connection.Run(sql, params, &read));
  if (!found) return core::MakeError(ErrorCode::kNotFound, "no order with id " + std::to_string(id));
  return std::move(*found);
}

void AppendOrderFilter(const OrderFilter& filter, std::string& sql, std::vector<Param>& params) {
  // Built from fixed fragments only; every value is a parameter. Each combination of filters
  // is its own cached statement (at most 2^7).
  bool first = true;
  auto add = [&](std::string_view clause, Param value) {
    sql += first ? " WHERE " : " AND ";
    first = false;
    sql += clause;
    params.push_back(value);
    sql += "$" + std::to_string(params.size());
  };
  if (filter.status) add("status = ", order::StatusName(*filter.status));
  if (!filter.channel.empty()) add("channel = ", std::string_view(filter.channel));
  if (!filter.province.empty()) add("province = ", std::string_view(filter.province));
  if (filter.created_from) add("created_at >= ", *filter.created_from);
  if (filter.created_to) add("created_at < ", *filter.created_to);
  if (filter.before_id) add("id < ", *filter.before_id);
  if (!filter.q.empty()) {
    add("(external_id = ", std::string_view(filter.q));
    sql += " OR customer_ref = $" + std::to_string(params.size()) + ")";
  }
  if (!filter.scope.unrestricted()) {
    if (first) sql += " WHERE 1 = 1";
    AppendScope(filter.scope, sql, params);
  }
}

core::Result<OrderPage> QueryOrders(Connection& connection, const OrderFilter& filter, const FieldCipher* cipher) {
  std::string sql = kSelectOrderColumns;
  std::vector<Param> params;
  AppendOrderFilter(filter, sql, params);
  const int limit = std::clamp(filter.limit, 1, 500);
  // One extra row tells whether there is a next page.
  sql += " ORDER BY id DESC LIMIT " + std::to_string(limit + 1);

  OrderPage page;
  core::Status parse = core::Ok();
  const RowHandler collect = [&](const Row& row) {
    auto order = OrderFromRow(row, cipher);
    if (!order) {
      parse = std::move(order).error();
      return;
    }
    page.items.push_back(std::move(order).value());
  };
  ORDO_TRY(connection.Run(sql, params, &collect));
  ORDO_TRY(parse);
  if (page.items.size() > static_cast<std::size_t>(limit)) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

core::Result<std::vector<order::TimelineEvent>> LoadTimeline(Connection& connection, std::int64_t order_id,
                                                             const OrderScope& scope) {
  bool exists = false;
  std::string sql = "SELECT 1 FROM orders WHERE id = $1";
  std::vector<Param> params{order_id};
  AppendScope(scope, sql, params);
  const RowHandler seen = [&](const Row&) { exists = true; };
  ORDO_TRY(connection.Run(sql, params, &seen));
  if (!exists) return core::MakeError(ErrorCode::kNotFound, "no order with id " + std::to_string(order_id));
  std::vector<order::TimelineEvent> events;
  ORDO_TRY(connection.Query(
      "SELECT seq, at, node, actor_kind, actor_id, data FROM order_events WHERE order_id = $1 ORDER BY seq",
      {order_id}, [&](const Row& row) {
        order::TimelineEvent event;
        event.order_id = order_id;
        event.seq = row.Int(0);
        event.at = row.Int(1);
        event.node = row.Text(2);
        event.actor = core::Actor{std::string(row.Text(3)), std::string(row.Text(4))};
        event.data_json = row.Text(5);
        events.push_back(std::move(event));
      }));
  return events;
}

}  // namespace ordo::store::detail
