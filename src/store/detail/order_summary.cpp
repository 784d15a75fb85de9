// Dashboard counts as one GROUP BY over the filtered, scoped orders: a single statement sees a
// single snapshot, so the per-status, per-channel and per-province figures always add up to the
// same total (separate COUNT queries could each see a different moment under concurrent ingest).
// The groups are few (statuses × channels × provinces × currencies in use), so they are folded
// into the four views here rather than by four queries.
#include <map>

#include "store/detail/order_repository.hpp"

namespace ordo::store::detail {
namespace {

std::vector<OrderCount> ToCounts(const std::map<std::string, std::int64_t, std::less<>>& counts) {
  std::vector<OrderCount> out;
  out.reserve(counts.size());
  for (const auto& [key, orders] : counts) out.push_back({.key = key, .orders = orders});
  return out;
}

}  // namespace

core::Result<OrderSummary> SummarizeOrders(Connection& connection, const OrderFilter& filter) {
  OrderFilter unpaged = filter;
  unpaged.before_id.reset();
  std::string sql = "SELECT status, channel, province, currency, COUNT(*), CAST(SUM(grand_total) AS BIGINT) FROM orders";
  std::vector<Param> params;
  AppendOrderFilter(unpaged, sql, params);
  sql += " GROUP BY status, channel, province, currency";

  std::map<std::string, std::int64_t, std::less<>> by_status, by_channel, by_province;
  std::map<std::string, CurrencyTotal, std::less<>> totals;
  OrderSummary summary;
  const RowHandler fold = [&](const Row& row) {
    const std::int64_t orders = row.Int(4);
    const std::int64_t amount = row.IsNull(5) ? 0 : row.Int(5);
    summary.orders += orders;
    by_status[std::string(row.Text(0))] += orders;
    by_channel[std::string(row.Text(1))] += orders;
    by_province[std::string(row.Text(2))] += orders;
    CurrencyTotal& total = totals[std::string(row.Text(3))];
    total.currency = row.Text(3);
    total.orders += orders;
    total.grand_total += amount;
  };
  ORDO_TRY(connection.Run(sql, params, &fold));
  summary.by_status = ToCounts(by_status);
  summary.by_channel = ToCounts(by_channel);
  summary.by_province = ToCounts(by_province);
  for (auto& [currency, total] : totals) summary.totals.push_back(std::move(total));
  return summary;
}

}  // namespace ordo::store::detail
