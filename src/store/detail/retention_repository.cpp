#include "store/detail/retention_repository.hpp"

#include <string>
#include <vector>

#include "order/order_json.hpp"

namespace ordo::store::detail {
namespace {

// Rewrites the order rows `ids` without personal data: the encrypted column and the blind
// index are dropped (crypto-shredding), and the clear fields of the body are emptied.
core::Result<std::int64_t> AnonymiseRows(Connection& connection, const std::string& where, std::vector<Param> params,
                                         core::UnixMillis now) {
  struct Candidate {
    std::int64_t id;
    std::string body;
  };
  std::vector<Candidate> rows;
  const RowHandler collect = [&](const Row& row) { rows.push_back({row.Int(0), std::string(row.Text(1))}); };
  ORDO_TRY(connection.Run("SELECT id, body FROM orders WHERE anonymised_at IS NULL AND " + where +
                              " ORDER BY id LIMIT " + std::to_string(kRetentionChunk),
                          params, &collect));
  for (const auto& row : rows) {
    auto order = order::OrderFromStorageJson(row.body);
    if (!order) return std::move(order).error();
    order->shipping_address.name.clear();
    order->shipping_address.phone.clear();
    order->shipping_address.street.clear();
    order->buyer_note.clear();  // free text: may name or locate the person
    std::erase_if(order->original_fields,
                  [](const order::OriginalField& original) { return order::IsPersonalField(original.field); });
    const std::string body = order::OrderToStorageJson(*order);
    ORDO_TRY(connection.Exec(
        "UPDATE orders SET body = $1, pii = '', phone_index = '', anonymised_at = $2 WHERE id = $3",
        {std::string_view(body), now, row.id}));
  }
  return static_cast<std::int64_t>(rows.size());
}

}  // namespace

core::Result<std::int64_t> AnonymiseChunk(Connection& connection, core::UnixMillis cutoff, core::UnixMillis now) {
  return AnonymiseRows(connection, "created_at < $1", {cutoff}, now);
}

core::Result<std::int64_t> EraseChunk(Connection& connection, const ErasureRequest& request, const FieldCipher* cipher,
                                      core::UnixMillis now) {
  std::string where;
  std::vector<Param> params;
  std::string phone_index;
  if (!request.customer_ref.empty()) {
    params.push_back(std::string_view(request.customer_ref));
    where = "customer_ref = $1";
  }
  if (!request.phone.empty()) {
    if (cipher == nullptr) {
      return core::MakeError(core::ErrorCode::kInvalidArgument,
                             "erasure by phone needs the PII key (the phone is found through its blind index)");
    }
    phone_index = cipher->PhoneIndex(request.phone);
    params.push_back(std::string_view(phone_index));
    where += (where.empty() ? "" : " OR ") + std::string("phone_index = $") + std::to_string(params.size());
  }
  if (where.empty()) return core::MakeError(core::ErrorCode::kInvalidArgument, "name a customer_ref or a phone");
  return AnonymiseRows(connection, "(" + where + ")", std::move(params), now);
}

core::Result<std::int64_t> ArchiveChunk(Connection& connection, core::UnixMillis cutoff, core::UnixMillis now) {
  std::vector<std::int64_t> ids;
  ORDO_TRY(connection.Query("SELECT id FROM orders WHERE created_at < $1 ORDER BY id LIMIT " +
                                std::to_string(kRetentionChunk),
                            {cutoff}, [&](const Row& row) { ids.push_back(row.Int(0)); }));
  for (std::int64_t id : ids) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO orders_archive (id, channel, external_id, status, version, customer_ref, province, currency, "
        "grand_total, created_at, received_at, updated_at, body, pii, anonymised_at, archived_at) "
        "SELECT id, channel, external_id, status, version, customer_ref, province, currency, grand_total, "
        "created_at, received_at, updated_at, body, pii, anonymised_at, $2 FROM orders WHERE id = $1",
        {id, now}));
    ORDO_TRY(connection.Exec(
        "INSERT INTO order_events_archive (order_id, seq, at, node, actor_kind, actor_id, data) "
        "SELECT order_id, seq, at, node, actor_kind, actor_id, data FROM order_events WHERE order_id = $1",
        {id}));
    ORDO_TRY(connection.Exec("DELETE FROM order_events WHERE order_id = $1", {id}));
    ORDO_TRY(connection.Exec("DELETE FROM orders WHERE id = $1", {id}));
  }
  return static_cast<std::int64_t>(ids.size());
}

}  // namespace ordo::store::detail
