#include "store/detail/customer_repository.hpp"

#include <algorithm>
#include <map>

#include "store/detail/order_repository.hpp"

namespace ordo::store::detail {
namespace {

using core::ErrorCode;

constexpr std::string_view kCursorKey = "customer_resolver_cursor";

std::string KeyAssociatedData(int kind, std::string_view blind_index) {
  return "customer_keys.value:" + std::to_string(kind) + ":" + std::string(blind_index);
}

// " IN ($k, …)" over integer ids, values as parameters.
void AppendIdList(const std::vector<std::int64_t>& ids, std::string& sql, std::vector<Param>& params) {
  sql += " IN (";
  for (std::size_t id_idx = 0; id_idx < ids.size(); ++id_idx) {
    if (id_idx > 0) sql += ", ";
    params.push_back(ids[id_idx]);
    sql += "$" + std::to_string(params.size());
  }
  sql += ")";
}

void AppendTextList(std::string_view column, const std::vector<std::string>& values, std::string& sql,
                    std::vector<Param>& params) {
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
}

CustomerMergeRow MergeFromRow(const Row& row) {
  CustomerMergeRow merge;
  merge.id = row.Int(0);
  merge.order_side = row.Int(1);
  merge.matched_side = row.Int(2);
  merge.kept = row.Int(3);
  merge.absorbed = row.Int(4);
  merge.order_id = row.Int(5);
  merge.rule = row.Text(6);
  merge.score_bp = row.Int(7);
  merge.evidence_json = row.Text(8);
  merge.merged_at = row.Int(9);
  if (!row.IsNull(10)) merge.unmerged_at = row.Int(10);
  merge.unmerged_by = row.Text(11);
  merge.unmerge_reason = row.Text(12);
  return merge;
}

core::Status Run(Connection& connection, std::string_view sql, const std::vector<Param>& params,
                 const RowHandler* on_row = nullptr) {
  return connection.Run(sql, params, on_row);
}

}  // namespace

core::Result<std::int64_t> LoadResolverCursor(Connection& connection) {
  std::int64_t cursor = 0;
  ORDO_TRY(connection.Query("SELECT value FROM store_meta WHERE key = $1", {kCursorKey},
                            [&](const Row& row) { cursor = std::stoll(std::string(row.Text(0))); }));
  return cursor;
}

core::Result<std::vector<order::Order>> LoadOrdersAfter(Connection& connection, std::int64_t after_id, int limit,
                                                        const FieldCipher* cipher) {
  std::vector<order::Order> orders;
  core::Status parse = core::Ok();
  ORDO_TRY(connection.Query("SELECT id, version, body, pii FROM orders WHERE id > $1 ORDER BY id LIMIT $2",
                            {after_id, std::int64_t{std::clamp(limit, 1, 5000)}}, [&](const Row& row) {
                              if (!parse) return;
                              auto order = OrderFromRow(row, cipher);
                              if (!order) {
                                parse = std::move(order).error();
                                return;
                              }
                              orders.push_back(std::move(order).value());
                            }));
  ORDO_TRY(parse);
  return orders;
}

core::Status InsertResolutionBatch(Connection& connection, const ResolutionBatch& batch,
                                   std::int64_t expected_cursor, const FieldCipher* cipher) {
  // Compare-and-set on the cursor first: a second resolver's batch changes nothing.
  const std::string expected = std::to_string(expected_cursor);
  const std::string next = std::to_string(batch.cursor);
  if (expected_cursor == 0) {
    ORDO_TRY(connection.Exec("INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                             {kCursorKey, std::string_view(next)}));
  } else {
    ORDO_TRY(connection.Exec("UPDATE store_meta SET value = $1 WHERE key = $2 AND value = $3",
                             {std::string_view(next), kCursorKey, std::string_view(expected)}));
  }
  if (connection.ChangedRows() != 1) {
    return core::MakeError(ErrorCode::kConflict, "the customer resolver cursor moved (another resolver)");
  }
  for (const CustomerRow& customer : batch.customers) {
    ORDO_TRY(connection.Exec("INSERT INTO customers (id, first_order, created_at) VALUES ($1, $2, $3)",
                             {customer.id, customer.first_order, customer.created_at}));
  }
  for (const CustomerKeyRow& key : batch.keys) {
    const std::string sealed =
        cipher == nullptr ? key.value : cipher->Encrypt(key.value, KeyAssociatedData(key.kind, key.blind_index));
    ORDO_TRY(connection.Exec(
        "INSERT INTO customer_keys (kind, blind_index, customer_id, channel, value_enc, first_seen_at) "
        "VALUES ($1, $2, $3, $4, $5, $6)",
        {std::int64_t{key.kind}, std::string_view(key.blind_index), key.customer_id, std::string_view(key.channel),
         std::string_view(sealed), key.first_seen_at}));
  }
  for (const CustomerOrderRow& order : batch.orders) {
    ORDO_TRY(connection.Exec("INSERT INTO customer_orders (order_id, customer_id, seq) VALUES ($1, $2, $3)",
                             {order.order_id, order.customer_id, order.seq}));
  }
  for (const CustomerMergeRow& merge : batch.merges) {
    ORDO_TRY(connection.Exec(
        "INSERT INTO customer_merges (id, order_side, matched_side, kept, absorbed, order_id, rule, score_bp, "
        "evidence, merged_at, unmerged_at, unmerged_by, unmerge_reason) "
        "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, NULL, '', '')",
        {merge.id, merge.order_side, merge.matched_side, merge.kept, merge.absorbed, merge.order_id,
         std::string_view(merge.rule), merge.score_bp, std::string_view(merge.evidence_json), merge.merged_at}));
  }
  for (const CustomerMergeEventRow& event : batch.events) {
    ORDO_TRY(connection.Exec("INSERT INTO customer_merge_events (merge_id, kind, at, actor) VALUES ($1, $2, $3, $4)",
                             {event.merge_id, std::string_view(event.kind), event.at, std::string_view(event.actor)}));
  }
  return core::Ok();
}

core::Result<std::vector<ResolvedOrder>> LoadResolvedOrders(Connection& connection, std::int64_t after_seq, int limit,
                                                            const FieldCipher* cipher) {
  std::vector<ResolvedOrder> orders;
  core::Status parse = core::Ok();
  // Columns 0..3 for OrderFromRow; an order archived by retention has no row (LEFT JOIN).
  ORDO_TRY(connection.Query(
      "SELECT c.order_id, o.version, o.body, o.pii, c.customer_id, c.seq, o.id FROM customer_orders c "
      "LEFT JOIN orders o ON o.id = c.order_id WHERE c.seq > $1 ORDER BY c.seq LIMIT $2",
      {after_seq, std::int64_t{std::clamp(limit, 1, 5000)}}, [&](const Row& row) {
        if (!parse) return;
        ResolvedOrder resolved;
        resolved.row = CustomerOrderRow{row.Int(0), row.Int(4), row.Int(5)};
        if (!row.IsNull(6)) {
          auto order = OrderFromRow(row, cipher);
          if (!order) {
            parse = std::move(order).error();
            return;
          }
          resolved.order = std::move(order).value();
        }
        orders.push_back(std::move(resolved));
      }));
  ORDO_TRY(parse);
  return orders;
}

core::Result<std::vector<CustomerKeyRow>> LoadCustomerKeys(Connection& connection,
                                                           const std::vector<std::int64_t>& customer_ids, bool all,
                                                           const FieldCipher* cipher) {
  std::vector<CustomerKeyRow> keys;
  if (!all && customer_ids.empty()) return keys;
  std::string sql = "SELECT kind, blind_index, customer_id, channel, value_enc, first_seen_at FROM customer_keys";
  std::vector<Param> params;
  if (!all) {
    sql += " WHERE customer_id";
    AppendIdList(customer_ids, sql, params);
  }
  sql += " ORDER BY customer_id, first_seen_at, kind";
  core::Status decrypt = core::Ok();
  const RowHandler collect = [&](const Row& row) {
    CustomerKeyRow key;
    key.kind = static_cast<int>(row.Int(0));
    key.blind_index = row.Text(1);
    key.customer_id = row.Int(2);
    key.channel = row.Text(3);
    key.first_seen_at = row.Int(5);
    if (cipher == nullptr) {
      key.value = row.Text(4);
    } else if (auto clear = cipher->Decrypt(row.Text(4), KeyAssociatedData(key.kind, key.blind_index))) {
      key.value = std::move(clear).value();
    } else if (decrypt) {
      decrypt = core::MakeError(ErrorCode::kInternal, "a customer key does not decrypt");
    }
    keys.push_back(std::move(key));
  };
  ORDO_TRY(Run(connection, sql, params, &collect));
  ORDO_TRY(decrypt);
  return keys;
}

core::Result<std::vector<CustomerMergeEventRow>> LoadMergeEvents(Connection& connection) {
  std::vector<CustomerMergeEventRow> events;
  ORDO_TRY(connection.Query("SELECT seq, merge_id, kind, at, actor FROM customer_merge_events ORDER BY seq", {},
                            [&](const Row& row) {
                              events.push_back(CustomerMergeEventRow{row.Int(0), row.Int(1), std::string(row.Text(2)),
                                                                     row.Int(3), std::string(row.Text(4))});
                            }));
  return events;
}

core::Result<std::vector<CustomerMergeRow>> LoadMerges(Connection& connection, const std::vector<std::int64_t>& ids) {
  std::vector<CustomerMergeRow> merges;
  if (ids.empty()) return merges;
  std::string sql =
      "SELECT id, order_side, matched_side, kept, absorbed, order_id, rule, score_bp, evidence, merged_at, "
      "unmerged_at, unmerged_by, unmerge_reason FROM customer_merges WHERE id";
  std::vector<Param> params;
  AppendIdList(ids, sql, params);
  sql += " ORDER BY id";
  const RowHandler collect = [&](const Row& row) { merges.push_back(MergeFromRow(row)); };
  ORDO_TRY(Run(connection, sql, params, &collect));
  return merges;
}

core::Result<CustomerOrdersPage> QueryCustomerOrders(Connection& connection,
                                                     const std::vector<std::int64_t>& customer_ids,
                                                     const OrderScope& scope, std::optional<std::int64_t> before_id,
                                                     int limit) {
  CustomerOrdersPage page;
  if (customer_ids.empty()) return page;
  std::string where = " FROM customer_orders c JOIN orders o ON o.id = c.order_id WHERE c.customer_id";
  std::vector<Param> params;
  AppendIdList(customer_ids, where, params);
  AppendTextList("o.province", scope.provinces, where, params);
  AppendTextList("o.channel", scope.channels, where, params);

  // Totals over every order in scope (one statement per figure set, the same WHERE).
  std::string totals = "SELECT o.currency, COUNT(*), CAST(SUM(o.grand_total) AS BIGINT), MIN(o.created_at), MAX(o.created_at)" +
                       where + " GROUP BY o.currency ORDER BY o.currency";
  const RowHandler add_total = [&](const Row& row) {
    page.lifetime_value.push_back(CurrencyAmount{std::string(row.Text(0)), row.Int(1), row.Int(2)});
    page.total_orders += row.Int(1);
    page.first_order_at = page.first_order_at ? std::min(*page.first_order_at, row.Int(3)) : row.Int(3);
    page.last_order_at = page.last_order_at ? std::max(*page.last_order_at, row.Int(4)) : row.Int(4);
  };
  ORDO_TRY(Run(connection, totals, params, &add_total));

  const int page_size = std::clamp(limit, 1, 500);
  std::string items = "SELECT o.id, o.channel, o.external_id, o.status, o.currency, o.grand_total, o.created_at" + where;
  if (before_id) {
    params.push_back(*before_id);
    items += " AND o.id < $" + std::to_string(params.size());
  }
  params.push_back(std::int64_t{page_size + 1});
  items += " ORDER BY o.id DESC LIMIT $" + std::to_string(params.size());
  const RowHandler add_item = [&](const Row& row) {
    page.items.push_back(CustomerOrderSummary{row.Int(0), std::string(row.Text(1)), std::string(row.Text(2)),
                                              std::string(row.Text(3)), std::string(row.Text(4)), row.Int(5),
                                              row.Int(6)});
  };
  ORDO_TRY(Run(connection, items, params, &add_item));
  if (page.items.size() > static_cast<std::size_t>(page_size)) {
    page.items.pop_back();
    page.next_cursor = page.items.back().id;
  }
  return page;
}

core::Status MarkMergeUndone(Connection& connection, std::int64_t merge_id, core::UnixMillis at,
                             const std::string& actor, const std::string& reason) {
  ORDO_TRY(connection.Exec(
      "UPDATE customer_merges SET unmerged_at = $1, unmerged_by = $2, unmerge_reason = $3 "
      "WHERE id = $4 AND unmerged_at IS NULL",
      {at, std::string_view(actor), std::string_view(reason), merge_id}));
  if (connection.ChangedRows() == 1) {
    return connection.Exec("INSERT INTO customer_merge_events (merge_id, kind, at, actor) VALUES ($1, 'unmerged', $2, $3)",
                           {merge_id, at, std::string_view(actor)});
  }
  bool exists = false;
  ORDO_TRY(connection.Query("SELECT 1 FROM customer_merges WHERE id = $1", {merge_id},
                            [&](const Row&) { exists = true; }));
  if (!exists) return core::MakeError(ErrorCode::kNotFound, "merge " + std::to_string(merge_id) + " not found");
  return core::MakeError(ErrorCode::kConflict, "merge " + std::to_string(merge_id) + " was undone already");
}

}  // namespace ordo::store::detail
