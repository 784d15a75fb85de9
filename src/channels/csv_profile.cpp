#include "channels/csv_profile.hpp"

#include <initializer_list>

#include "channels/detail/order_builder.hpp"
#include "channels/detail/payload_reader.hpp"
#include "core/json.hpp"
#include "core/money.hpp"

namespace ordo::channels {
namespace {

using detail::Need;
using detail::Node;
using detail::PayloadReader;
using order::OrderStatus;

constexpr std::array<std::string_view, kCsvFieldCount> kFieldNames = {
    "external_id", "created_at", "status",  "sku",       "title",       "qty",         "unit_price",
    "line_discount", "line_total", "shipping", "order_discount", "tax",  "grand_total", "currency",
    "buyer_id",    "name",       "phone",   "email",     "province",    "city",        "district",
    "street",      "postcode",   "note",    "paid_at",   "payment_method",
};

// The built-in aliases (docs/channels.md "POS / ERP CSV" shows the same list).
struct BuiltInAliases {
  CsvField field;
  std::initializer_list<std::string_view> names;
};
const BuiltInAliases kBuiltInAliases[] = {
    {CsvField::kExternalId, {"external_id", "订单号", "订单编号", "单号", "单据号", "销售单号", "小票号", "order_no",
                             "order number", "order id", "order"}},
    {CsvField::kCreatedAt, {"created_at", "下单时间", "订单时间", "销售时间", "创建时间", "日期", "order_date",
                            "order time", "date"}},
    {CsvField::kStatus, {"status", "订单状态", "状态", "order_status"}},
    {CsvField::kSku, {"sku", "商品编码", "商家编码", "货号", "条码", "barcode", "item_code", "product_code"}},
    {CsvField::kTitle, {"title", "商品名称", "品名", "商品", "product_name", "item_name", "product"}},
    {CsvField::kQty, {"qty", "数量", "件数", "quantity"}},
    {CsvField::kUnitPrice, {"unit_price", "单价", "售价", "price"}},
    {CsvField::kLineDiscount, {"line_discount", "商品优惠", "单品优惠", "行优惠", "item_discount"}},
    {CsvField::kLineTotal, {"line_total", "小计", "商品金额", "行金额", "subtotal", "line_amount"}},
    {CsvField::kShipping, {"shipping", "运费", "邮费", "freight", "shipping_fee"}},
    {CsvField::kOrderDiscount, {"order_discount", "订单优惠", "优惠", "优惠金额", "discount"}},
    {CsvField::kTax, {"tax", "税费", "税额"}},
    {CsvField::kGrandTotal, {"grand_total", "金额", "总价", "订单金额", "实付金额", "实收金额", "应付金额", "合计",
                             "total", "order_total", "amount"}},
    {CsvField::kCurrency, {"currency", "币种", "货币"}},
    {CsvField::kBuyerId, {"buyer_id", "会员号", "会员卡号", "客户编号", "customer_id", "member_id"}},
    {CsvField::kName, {"name", "收货人", "收件人", "姓名", "客户姓名", "receiver", "consignee", "customer_name"}},
    {CsvField::kPhone, {"phone", "手机", "手机号", "电话", "联系电话", "收货人手机", "mobile", "telephone", "tel"}},
    {CsvField::kEmail, {"email", "邮箱", "电子邮件", "e-mail"}},
    {CsvField::kProvince, {"province", "省", "省份", "state"}},
    {CsvField::kCity, {"city", "市", "城市"}},
    {CsvField::kDistrict, {"district", "区", "区县", "县区", "county"}},
    {CsvField::kStreet, {"street", "地址", "详细地址", "收货地址", "address", "address1"}},
    {CsvField::kPostcode, {"postcode", "邮编", "邮政编码", "zip", "postal_code"}},
    {CsvField::kNote, {"note", "备注", "买家留言", "remark", "buyer_note"}},
    {CsvField::kPaidAt, {"paid_at", "付款时间", "支付时间", "payment_time"}},
    {CsvField::kPaymentMethod, {"payment_method", "支付方式", "付款方式", "payment"}},
};

struct BuiltInStatus {
  std::string_view text;
  OrderStatus status;
};
const BuiltInStatus kBuiltInStatuses[] = {
    {"待付款", OrderStatus::kPendingPayment}, {"未付款", OrderStatus::kPendingPayment},
    {"unpaid", OrderStatus::kPendingPayment}, {"pending", OrderStatus::kPendingPayment},
    {"已付款", OrderStatus::kPaid},           {"待发货", OrderStatus::kPaid},
    {"paid", OrderStatus::kPaid},             {"已发货", OrderStatus::kShipped},
    {"shipped", OrderStatus::kShipped},       {"已签收", OrderStatus::kDelivered},
    {"delivered", OrderStatus::kDelivered},   {"已完成", OrderStatus::kCompleted},
    {"完成", OrderStatus::kCompleted},         {"交易成功", OrderStatus::kCompleted},
    {"已结账", OrderStatus::kCompleted},       {"completed", OrderStatus::kCompleted},
    {"已取消", OrderStatus::kCancelled},       {"取消", OrderStatus::kCancelled},
    {"作废", OrderStatus::kCancelled},         {"cancelled", OrderStatus::kCancelled},
    {"canceled", OrderStatus::kCancelled},    {"已退款", OrderStatus::kRefunded},
    {"退款成功", OrderStatus::kRefunded},      {"refunded", OrderStatus::kRefunded},
};

// A trailing "(元)" / "（元）" / "[CNY]" unit is not part of a header's name.
std::string_view DropBracketedUnit(std::string_view header) {
  for (const auto& [open, close] : {std::pair<std::string_view, std::string_view>{"(", ")"},
                                    {"（", "）"}, {"[", "]"}, {"【", "】"}}) {
    if (!header.ends_with(close)) continue;
    const std::size_t start = header.rfind(open);
    if (start != std::string_view::npos && start > 0) return header.substr(0, start);
  }
  return header;
}

CsvProfile MakeDefaultProfile() {
  CsvProfile profile;
  for (const BuiltInAliases& entry : kBuiltInAliases) {
    auto& aliases = profile.aliases[static_cast<std::size_t>(entry.field)];
    for (std::string_view name : entry.names) aliases.push_back(NormaliseHeader(name));
  }
  for (const BuiltInStatus& entry : kBuiltInStatuses) {
    profile.statuses.emplace_back(NormaliseHeader(entry.text), entry.status);
  }
  profile.default_address.country = "CN";
  return profile;
}

bool IsProfileName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-')) return false;
  }
  return true;
}

std::optional<OrderStatus> ArrivalStatus(std::string_view name) {
  const auto status = order::ParseStatus(name);
  if (!status || *status == OrderStatus::kOnHold) return std::nullopt;  // orders cannot arrive on hold
  return status;
}

void ReadColumns(PayloadReader& reader, const Node& root, CsvProfile& profile) {
  const Node columns = reader.Object(root, "columns", Need::kOptional);
  if (!columns.present()) return;
  for (auto it = columns.value->MemberBegin(); it != columns.value->MemberEnd() && reader.ok(); ++it) {
    const std::string_view key = core::AsView(it->name);
    const Node names{&it->value, columns.at.Member(key)};
    const auto field = ParseCsvFieldName(key);
    if (!field) {
      reader.Fail(names.at, "unknown_field", "not a canonical CSV field (docs/channels.md lists them)");
      return;
    }
    if (!it->value.IsArray()) {
      reader.Fail(names.at, "type", "must be an array of header names");
      return;
    }
    auto& aliases = profile.aliases[static_cast<std::size_t>(*field)];
    std::vector<std::string> added;
    for (std::size_t idx = 0; idx < reader.Size(names); ++idx) {
      const Node alias = reader.Element(names, idx);
      if (!alias.present() || !alias.value->IsString() || alias.value->GetStringLength() == 0 ||
          alias.value->GetStringLength() > 64) {
        reader.Fail(alias.at, "type", "must be a header name of 1 to 64 bytes");
        return;
      }
      added.push_back(NormaliseHeader(core::AsView(*alias.value)));
    }
    aliases.insert(aliases.begin(), added.begin(), added.end());  // the profile's own names first
  }
}

void ReadStatuses(PayloadReader& reader, const Node& root, CsvProfile& profile) {
  const Node statuses = reader.Object(root, "statuses", Need::kOptional);
  if (!statuses.present()) return;
  for (auto it = statuses.value->MemberBegin(); it != statuses.value->MemberEnd() && reader.ok(); ++it) {
    const std::string_view text = core::AsView(it->name);
    const detail::Location at = statuses.at.Member(text);
    const auto status = it->value.IsString() ? ArrivalStatus(core::AsView(it->value)) : std::nullopt;
    if (!status) {
      reader.Fail(at, "enum", "must be a unified status an order can arrive in (not on_hold)");
      return;
    }
    profile.statuses.insert(profile.statuses.begin(), std::pair{NormaliseHeader(text), *status});
  }
}

}  // namespace

std::string_view CsvFieldName(CsvField field) {
  const auto index = static_cast<std::size_t>(field);
  return index < kFieldNames.size() ? kFieldNames[index] : "unknown";
}

std::optional<CsvField> ParseCsvFieldName(std::string_view name) {
  for (std::size_t idx = 0; idx < kFieldNames.size(); ++idx) {
    if (kFieldNames[idx] == name) return static_cast<CsvField>(idx);
  }
  return std::nullopt;
}

std::string NormaliseHeader(std::string_view header) {
  while (!header.empty() && (header.front() == ' ' || header.front() == '\t')) header.remove_prefix(1);
  while (!header.empty() && (header.back() == ' ' || header.back() == '\t')) header.remove_suffix(1);
  header = DropBracketedUnit(header);
  std::string out;
  out.reserve(header.size());
  for (char c : header) {
    if (c == ' ' || c == '_' || c == '-' || c == '.' || c == '\t') continue;
    out += (c >= 'A' && c <= 'Z') ? static_cast<char>(c - 'A' + 'a') : c;
  }
  return out;
}

std::optional<CsvField> CsvProfile::FieldForHeader(std::string_view header) const {
  const std::string normalised = NormaliseHeader(header);
  if (normalised.empty()) return std::nullopt;
  for (std::size_t idx = 0; idx < aliases.size(); ++idx) {
    for (const std::string& alias : aliases[idx]) {
      if (alias == normalised) return static_cast<CsvField>(idx);
    }
  }
  return std::nullopt;
}

std::optional<order::OrderStatus> CsvProfile::StatusFor(std::string_view text) const {
  const std::string normalised = NormaliseHeader(text);
  for (const auto& [known, status] : statuses) {
    if (known == normalised) return status;
  }
  return std::nullopt;
}

const CsvProfile& DefaultCsvProfile() {
  static const CsvProfile profile = MakeDefaultProfile();
  return profile;
}

core::Result<CsvProfile> ParseCsvProfile(std::string_view json) {
  rapidjson::Document doc;
  ORDO_TRY(detail::ParsePayload(json, doc));
  PayloadReader reader;
  const Node root = reader.Root(doc);
  if (!doc.IsObject()) {
    reader.Fail(root.at, "type", "a profile is a JSON object");
    return reader.TakeError("the CSV profile");
  }
  CsvProfile profile = DefaultCsvProfile();
  profile.name = reader.Identifier(root, "name", Need::kRequired, 32);
  if (reader.ok() && !IsProfileName(profile.name)) {
    reader.Fail(reader.Child(root, "name").at, "format", "must be lower-case letters, digits, '_' or '-'");
  }
  const std::string channel = reader.Identifier(root, "channel", Need::kOptional, 32);
  if (!channel.empty()) profile.channel = channel;
  if (reader.ok() && !IsProfileName(profile.channel)) {
    reader.Fail(reader.Child(root, "channel").at, "format", "must be lower-case letters, digits, '_' or '-'");
  }
  const std::string_view encoding = reader.Text(root, "encoding", Need::kOptional);
  if (const auto parsed = ParseTextEncoding(encoding)) {
    profile.encoding = *parsed;
  } else {
    reader.Fail(reader.Child(root, "encoding").at, "enum", "must be auto, utf-8 or gb18030");
  }
  const std::string_view delimiter = reader.Text(root, "delimiter", Need::kOptional);
  if (delimiter.size() == 1 && delimiter[0] != '"' && delimiter[0] != '\n' && delimiter[0] != '\r') {
    profile.delimiter = delimiter[0];
  } else if (!delimiter.empty()) {
    reader.Fail(reader.Child(root, "delimiter").at, "format", "must be one character other than a quote or newline");
  }
  const std::string currency = reader.Identifier(root, "currency", Need::kOptional, 3);
  if (!currency.empty()) profile.currency = currency;
  if (reader.ok() && !core::FindCurrency(profile.currency)) {
    reader.Fail(reader.Child(root, "currency").at, "unknown_currency", "must be an ISO 4217 currency code");
  }
  const std::string_view amounts = reader.Text(root, "amounts", Need::kOptional);
  if (amounts == "minor") {
    profile.amounts_in_minor_units = true;
  } else if (!amounts.empty() && amounts != "major") {
    reader.Fail(reader.Child(root, "amounts").at, "enum", "must be major or minor");
  }
  profile.utc_offset_minutes =
      reader.Integer(root, "utc_offset_minutes", Need::kOptional, -14 * 60, 14 * 60).value_or(profile.utc_offset_minutes);
  ReadColumns(reader, root, profile);
  ReadStatuses(reader, root, profile);
  const std::string_view default_status = reader.Text(root, "default_status", Need::kOptional);
  if (!default_status.empty()) {
    profile.default_status = ArrivalStatus(default_status);
    if (!profile.default_status) {
      reader.Fail(reader.Child(root, "default_status").at, "enum", "must be a unified status (not on_hold)");
    }
  }
  const Node address = reader.Object(root, "default_address", Need::kOptional);
  profile.default_address.province = reader.Field(address, "province", detail::kMaxRegion);
  profile.default_address.city = reader.Field(address, "city", detail::kMaxRegion);
  profile.default_address.district = reader.Field(address, "district", detail::kMaxRegion);
  profile.default_address.street = reader.Field(address, "street", detail::kMaxStreet);
  profile.default_address.postcode = reader.Field(address, "postcode", detail::kMaxPostcode);
  if (!reader.ok()) return reader.TakeError("the CSV profile");
  return profile;
}

}  // namespace ordo::channels
