#include "import_files.hpp"

#include <cstdio>
#include <fstream>

#include "core/json.hpp"
#include "core/time.hpp"

namespace ordo::bench {
namespace {

// "199.00" from 19900 (CNY: two minor digits).
std::string Decimal(std::int64_t minor) {
  char text[32];
  std::snprintf(text, sizeof text, "%lld.%02lld", static_cast<long long>(minor / 100), static_cast<long long>(minor % 100));
  return text;
}

std::string CsvCell(const std::string& text) {
  if (text.find_first_of(",\"\n") == std::string::npos) return text;
  std::string quoted = "\"";
  for (char c : text) {
    if (c == '"') quoted += '"';
    quoted += c;
  }
  return quoted + "\"";
}

std::vector<app::DemoOrder> Orders(std::uint64_t count, std::uint64_t seed) {
  app::DemoSpec spec;
  spec.orders = static_cast<int>(count);
  spec.seed = seed;
  spec.now = 1'790'000'000'000;  // fixed: the files are the same on every run
  spec.with_timeline = false;
  return app::GenerateDemoOrders(spec);
}

}  // namespace

std::string ShopifyOrderLine(const order::Order& order, std::uint64_t id) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  auto text = [&](const char* key, const std::string& value) {
    core::WriteKey(writer, key);
    core::WriteString(writer, value);
  };
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Uint64(id);
  text("name", "#" + std::to_string(id));
  text("created_at", core::FormatRfc3339(order.created_at));
  text("updated_at", core::FormatRfc3339(order.created_at));
  text("currency", order.currency);
  text("financial_status", order.status == order::OrderStatus::kPendingPayment ? "pending" : "paid");
  core::WriteKey(writer, "fulfillment_status");
  writer.Null();
  core::WriteKey(writer, "taxes_included");
  writer.Bool(false);
  if (!order.buyer_note.empty()) text("note", order.buyer_note);
  core::WriteKey(writer, "customer");
  writer.StartObject();
  core::WriteKey(writer, "id");
  writer.Uint64(1'000'000 + std::hash<std::string>{}(order.customer_ref) % 1'000'000'000);
  writer.EndObject();
  const order::Address& address = order.shipping_address;
  core::WriteKey(writer, "shipping_address");
  writer.StartObject();
  text("name", address.name);
  text("phone", address.phone);
  text("address1", address.district + address.street);
  text("city", address.city);
  text("province", address.province);
  text("country_code", "CN");
  text("zip", address.postcode);
  writer.EndObject();
  core::WriteKey(writer, "line_items");
  writer.StartArray();
  std::int64_t line_discounts = 0;
  for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
    const order::OrderLine& line = order.lines[line_idx];
    writer.StartObject();
    core::WriteKey(writer, "id");
    writer.Uint64(id * 10 + line_idx);
    text("sku", line.sku);
    text("name", line.title);
    core::WriteKey(writer, "quantity");
    writer.Int64(line.qty);
    text("price", Decimal(line.unit_price));
    text("total_discount", Decimal(line.discount));
    writer.EndObject();
    line_discounts += line.discount;
  }
  writer.EndArray();
  core::WriteKey(writer, "shipping_lines");
  writer.StartArray();
  writer.StartObject();
  text("title", "标准快递");
  text("price", Decimal(order.totals.shipping));
  writer.EndObject();
  writer.EndArray();
  text("total_discounts", Decimal(line_discounts + order.totals.discount));
  text("total_tax", Decimal(order.totals.tax));
  text("total_price", Decimal(order.totals.grand_total));
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string PosCsvHeader() {
  return "订单号,下单时间,订单状态,商品编码,商品名称,数量,单价,小计,运费,订单优惠,金额(元),收货人,手机,省份,城市,区县,"
         "详细地址\n";
}

std::string PosCsvRows(const order::Order& order, const std::string& external_id) {
  // Beijing time, as a POS writes it.
  const std::string created = core::FormatRfc3339(order.created_at + 8 * 3600 * 1000).substr(0, 19);
  std::string time = created;
  time[10] = ' ';
  std::string rows;
  const order::Address& address = order.shipping_address;
  for (const order::OrderLine& line : order.lines) {
    rows += external_id + "," + time + ",已完成," + CsvCell(line.sku) + "," + CsvCell(line.title) + "," +
            std::to_string(line.qty) + "," + Decimal(line.unit_price) + "," + Decimal(line.line_total) + "," +
            Decimal(order.totals.shipping) + "," + Decimal(order.totals.discount) + "," +
            Decimal(order.totals.grand_total) + "," + CsvCell(address.name) + "," + address.phone + "," +
            address.province + "," + address.city + "," + address.district + "," + CsvCell(address.street) + "\n";
  }
  return rows;
}

std::uint64_t WriteShopifyFile(const std::string& path, std::uint64_t rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  const std::vector<app::DemoOrder> orders = Orders(rows, 42);
  std::uint64_t id = 5'000'000'000;
  for (const app::DemoOrder& demo : orders) out << ShopifyOrderLine(demo.order, ++id) << '\n';
  return orders.size();
}

std::uint64_t WritePosCsvFile(const std::string& path, std::uint64_t rows) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out << PosCsvHeader();
  // Demo orders average ~2.5 lines: generate enough orders, stop at `rows` rows.
  const std::vector<app::DemoOrder> orders = Orders(rows / 2 + 10, 43);
  std::uint64_t written = 0;
  std::uint64_t number = 0;
  for (const app::DemoOrder& demo : orders) {
    if (written >= rows) break;
    out << PosCsvRows(demo.order, "POS" + std::to_string(++number));
    written += demo.order.lines.size();
  }
  return written;
}

}  // namespace ordo::bench
