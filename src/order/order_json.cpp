#include "order/order_json.hpp"

#include <algorithm>
#include <array>
#include <cctype>
#include <initializer_list>

#include "core/masking.hpp"
#include "core/money.hpp"
#include "core/utf8.hpp"

namespace ordo::order {
namespace {

using core::ErrorCode;
using core::FieldError;
using rapidjson::Value;

constexpr std::size_t kMaxShortText = 128;
constexpr std::size_t kMaxLongText = 1000;
constexpr std::int64_t kMaxAmount = 1'000'000'000'000;  // 10 billion in major units: a typo guard

// Collects violations while walking a document; every rule adds at most one error per field.
class Checker {
 public:
  explicit Checker(std::string prefix) : prefix_(std::move(prefix)) {}

  void Fail(std::string_view field, std::string code, std::string message) {
    errors_.push_back(FieldError{prefix_ + std::string(field), std::move(code), std::move(message)});
  }
  bool ok() const { return errors_.empty(); }
  std::vector<FieldError> Take() { return std::move(errors_); }

  // Unknown members of an object (strict mode).
  void CheckKnown(const Value& object, std::string_view path, std::initializer_list<std::string_view> known,
                  bool strict) {
    if (!strict) return;
    for (auto it = object.MemberBegin(); it != object.MemberEnd(); ++it) {
      const std::string_view name = core::AsView(it->name);
      bool found = false;
      for (std::string_view candidate : known) found = found || candidate == name;
      if (!found) Fail(Join(path, SafeName(name)), "unknown_field", "field is not part of the order schema");
    }
  }

  // A string member. Absent: "" (and an error when required).
  std::string Text(const Value& object, std::string_view path, std::string_view name, bool required,
                   std::size_t max_len) {
    const auto field = [&] { return Join(path, name); };  // built only on failure
    const auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == object.MemberEnd() || it->value.IsNull()) {
      if (required) Fail(field(), "required", "field is required");
      return {};
    }
    if (!it->value.IsString()) {
      Fail(field(), "type", "must be a string");
      return {};
    }
    const std::string_view text = core::AsView(it->value);
    if (required && text.find_first_not_of(" \t\r\n") == std::string_view::npos) {
      Fail(field(), "required", "must not be empty");
      return {};
    }
    if (text.size() > max_len) {
      Fail(field(), "too_long", "must be at most " + std::to_string(max_len) + " bytes");
      return {};
    }
    for (unsigned char c : text) {
      if (c < 0x20 && c != '\n' && c != '\t') {
        Fail(field(), "control_character", "must not contain control characters");
        return {};
      }
    }
    // The body was valid UTF-8, but a \u escape can still spell a lone surrogate.
    if (!core::IsValidUtf8(text)) {
      Fail(field(), "encoding", "must be valid Unicode (no lone surrogates)");
      return {};
    }
    return std::string(text);
  }

  // An integer member (money or quantity). Absent: nullopt (and an error when required).
  std::optional<std::int64_t> Integer(const Value& object, std::string_view path, std::string_view name,
                                      bool required, std::int64_t min, std::int64_t max) {
    const auto field = [&] { return Join(path, name); };  // built only on failure
    const auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == object.MemberEnd() || it->value.IsNull()) {
      if (required) Fail(field(), "required", "field is required");
      return std::nullopt;
    }
    if (!it->value.IsInt64()) {
      Fail(field(), "type", it->value.IsNumber() ? "must be an integer (money is in minor units)"
                                               : "must be an integer");
      return std::nullopt;
    }
    const std::int64_t number = it->value.GetInt64();
    if (number < min) {
      Fail(field(), min == 1 ? "not_positive" : "negative",
           min == 1 ? "must be greater than zero" : "must not be negative");
      return std::nullopt;
    }
    if (number > max) {
      Fail(field(), "too_large", "must be at most " + std::to_string(max));
      return std::nullopt;
    }
    return number;
  }

  std::optional<core::UnixMillis> Time(const Value& object, std::string_view path, std::string_view name) {
    const auto field = [&] { return Join(path, name); };  // built only on failure
    const auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == object.MemberEnd() || it->value.IsNull()) return std::nullopt;
    if (!it->value.IsString()) {
      Fail(field(), "type", "must be an RFC 3339 date-time string");
      return std::nullopt;
    }
    auto parsed = core::ParseRfc3339(core::AsView(it->value));
    if (!parsed) Fail(field(), "format", "must be an RFC 3339 date-time such as 2026-11-28T08:30:00+08:00");
    return parsed;
  }

  // The member if it is of the wanted kind; records "required"/"type" otherwise.
  const Value* Member(const Value& object, std::string_view path, std::string_view name, bool required,
                      bool want_array) {
    const auto field = [&] { return Join(path, name); };  // built only on failure
    const auto it = object.FindMember(Value(rapidjson::StringRef(name.data(), name.size())));
    if (it == object.MemberEnd() || it->value.IsNull()) {
      if (required) Fail(field(), "required", "field is required");
      return nullptr;
    }
    if (want_array ? !it->value.IsArray() : !it->value.IsObject()) {
      Fail(field(), "type", want_array ? "must be an array" : "must be an object");
      return nullptr;
    }
    return &it->value;
  }

  static std::string Join(std::string_view path, std::string_view name) {
    if (path.empty()) return std::string(name);
    std::string out(path);
    out += '/';
    out += name;
    return out;
  }

 private:
  // Field names from the input are echoed in errors; cap and strip them so an attacker
  // cannot inject a wall of text (they are names, not values, so no personal data).
  static std::string SafeName(std::string_view name) {
    if (!core::IsValidUtf8(name)) return "(a field name that is not valid Unicode)";
    std::size_t cut = std::min<std::size_t>(name.size(), 64);
    while (cut > 0 && cut < name.size() && (static_cast<unsigned char>(name[cut]) & 0xC0) == 0x80) --cut;
    std::string out;
    for (char c : name.substr(0, cut)) out.push_back(static_cast<unsigned char>(c) < 0x20 ? '?' : c);
    return out;
  }

  std::string prefix_;
  std::vector<FieldError> errors_;
};

bool IsChannelName(std::string_view name) {
  if (name.empty() || name.size() > 32) return false;
  for (char c : name) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

bool IsCountryCode(std::string_view code) {
  return code.size() == 2 && code[0] >= 'A' && code[0] <= 'Z' && code[1] >= 'A' && code[1] <= 'Z';
}

void ReadLine(Checker& check, const Value& value, const std::string& path, bool strict, OrderLine& line) {
  if (!value.IsObject()) {
    check.Fail(path, "type", "must be an object");
    return;
  }
  check.CheckKnown(value, path, {"sku", "title", "qty", "unit_price", "discount", "line_total"}, strict);
  line.sku = check.Text(value, path, "sku", true, 64);
  line.title = check.Text(value, path, "title", true, 256);
  const auto qty = check.Integer(value, path, "qty", true, 1, kMaxLineQty);
  const auto unit_price = check.Integer(value, path, "unit_price", true, 0, kMaxAmount);
  const auto discount = check.Integer(value, path, "discount", false, 0, kMaxAmount);
  const auto line_total = check.Integer(value, path, "line_total", true, 0, kMaxAmount);
  if (!qty || !unit_price || !line_total) return;
  line.qty = *qty;
  line.unit_price = *unit_price;
  line.discount = discount.value_or(0);
  line.line_total = *line_total;
  // qty ≤ 1e6 and price ≤ 1e12 cannot overflow int64, but stay explicit.
  const auto gross = core::CheckedMul(line.qty, line.unit_price);
  const auto expected = gross ? core::CheckedSub(*gross, line.discount) : std::nullopt;
  if (!expected || *expected != line.line_total) {
    check.Fail(Checker::Join(path, "line_total"), "line_total_mismatch",
               "must equal qty × unit_price − discount");
  }
}

// `personal_required` is false only for our own stored documents, whose personal fields may
// live encrypted in another column.
// `required` covers province and city as well: off for the intake, where entry rules decide.
void ReadAddress(Checker& check, const Value& value, bool strict, bool personal_required, bool required,
                 Address& address) {
  const std::string path = "shipping_address";
  check.CheckKnown(value, path, {"name", "phone", "province", "city", "district", "street", "postcode", "country"},
                   strict);
  personal_required = personal_required && required;
  address.name = check.Text(value, path, "name", personal_required, kMaxShortText);
  address.phone = check.Text(value, path, "phone", personal_required, 64);
  address.province = check.Text(value, path, "province", required, 64);
  address.city = check.Text(value, path, "city", required, 64);
  address.district = check.Text(value, path, "district", false, 64);
  address.street = check.Text(value, path, "street", personal_required, 512);
  address.postcode = check.Text(value, path, "postcode", false, 16);
  address.country = check.Text(value, path, "country", false, 2);
  if (address.country.empty()) address.country = "CN";
  if (!IsCountryCode(address.country)) {
    check.Fail("shipping_address/country", "format", "must be an ISO 3166-1 alpha-2 code such as CN");
  }
}

void ReadPayment(Checker& check, const Value& value, const std::string& path, bool strict, Payment& payment) {
  if (!value.IsObject()) {
    check.Fail(path, "type", "must be an object");
    return;
  }
  check.CheckKnown(value, path, {"method", "transaction_id", "amount", "paid_at"}, strict);
  payment.method = check.Text(value, path, "method", true, 32);
  payment.transaction_id = check.Text(value, path, "transaction_id", false, kMaxShortText);
  payment.amount = check.Integer(value, path, "amount", true, 0, kMaxAmount).value_or(0);
  payment.paid_at = check.Time(value, path, "paid_at");
}

// `check_sums`: whether the totals must add up. Not for our own stored documents: a channel
// adapter may hand the store an order whose figures disagree, and the store must read back
// everything it wrote (the disagreement is a data-quality finding, quality/metrics.hpp).
void ReadTotals(Checker& check, const Value& value, bool strict, bool check_sums, const Order& order, Totals& totals) {
  const std::string path = "totals";
  check.CheckKnown(value, path, {"items", "shipping", "discount", "tax", "grand_total"}, strict);
  const auto items = check.Integer(value, path, "items", true, 0, kMaxAmount);
  const auto shipping = check.Integer(value, path, "shipping", false, 0, kMaxAmount);
  const auto discount = check.Integer(value, path, "discount", false, 0, kMaxAmount);
  const auto tax = check.Integer(value, path, "tax", false, 0, kMaxAmount);
  const auto grand = check.Integer(value, path, "grand_total", true, 0, kMaxAmount);
  if (!items || !grand) return;
  totals.items = *items;
  totals.shipping = shipping.value_or(0);
  totals.discount = discount.value_or(0);
  totals.tax = tax.value_or(0);
  totals.grand_total = *grand;
  if (!check_sums) return;

  std::int64_t line_sum = 0;
  bool lines_ok = true;
  for (const OrderLine& line : order.lines) {
    const auto sum = core::CheckedAdd(line_sum, line.line_total);
    lines_ok = lines_ok && sum.has_value();
    if (sum) line_sum = *sum;
  }
  if (lines_ok && !order.lines.empty() && line_sum != totals.items) {
    check.Fail("totals/items", "items_mismatch", "must equal the sum of lines[].line_total");
  }
  const std::int64_t expected = totals.items + totals.shipping + totals.tax - totals.discount;  // each ≤ 1e12
  if (expected != totals.grand_total) {
    check.Fail("totals/grand_total", "grand_total_mismatch", "must equal items + shipping + tax − discount");
  }
}

}  // namespace

core::Result<Order> ParseOrderValue(const Value& root, const ParseOptions& options, core::UnixMillis now,
                                    std::string_view field_prefix) {
  Checker check{std::string(field_prefix)};
  if (!root.IsObject()) {
    check.Fail("", "type", "an order must be a JSON object");
    return core::Error{ErrorCode::kInvalidArgument, "the order is invalid", check.Take()};
  }
  const bool strict = options.strict;
  check.CheckKnown(root, "",
                   {"channel", "external_id", "status", "currency", "customer_ref", "buyer_note", "created_at",
                    "paid_at", "lines", "shipping_address", "payments", "totals", "pickup_location_id"},
                   strict);
  Order order;
  order.channel = check.Text(root, "", "channel", true, 32);
  if (!order.channel.empty() && !IsChannelName(order.channel)) {
    check.Fail("channel", "format", "must be lower-case letters, digits, '_' or '-'");
  }
  order.external_id = check.Text(root, "", "external_id", true, kMaxShortText);
  const std::string status = check.Text(root, "", "status", false, 32);
  if (!status.empty()) {
    if (auto parsed = ParseStatus(status)) {
      order.status = *parsed;
      if (*parsed == OrderStatus::kOnHold && !options.from_storage) {
        check.Fail("status", "not_allowed", "an order cannot arrive on hold; hold it with a transition");
      }
    } else {
      check.Fail("status", "enum", "must be one of the unified statuses (see /api/v1/openapi.json)");
    }
  }
  order.currency = check.Text(root, "", "currency", true, 3);
  if (!order.currency.empty() && !core::FindCurrency(order.currency)) {
    check.Fail("currency", "unknown_currency", "must be an ISO 4217 currency code such as CNY");
  }
  order.customer_ref = check.Text(root, "", "customer_ref", false, kMaxShortText);
  order.buyer_note = check.Text(root, "", "buyer_note", false, kMaxLongText);
  order.pickup_location_id = check.Text(root, "", "pickup_location_id", false, 64);
  if (!std::all_of(order.pickup_location_id.begin(), order.pickup_location_id.end(), [](char c) {
        return std::isalnum(static_cast<unsigned char>(c)) || c == '_' || c == '.' || c == '-';
      })) {
    check.Fail("pickup_location_id", "format", "a location id: letters, digits, '_', '.' or '-'");
  }
  order.created_at = check.Time(root, "", "created_at").value_or(now);
  order.paid_at = check.Time(root, "", "paid_at");

  if (const Value* lines = check.Member(root, "", "lines", true, true)) {
    if (lines->Empty()) {
      check.Fail("lines", "required", "an order needs at least one line");
    } else if (lines->Size() > kMaxLinesPerOrder) {
      check.Fail("lines", "too_many", "at most " + std::to_string(kMaxLinesPerOrder) + " lines");
    } else {
      order.lines.resize(lines->Size());
      for (rapidjson::SizeType line_idx = 0; line_idx < lines->Size(); ++line_idx) {
        ReadLine(check, (*lines)[line_idx], "lines/" + std::to_string(line_idx), strict, order.lines[line_idx]);
      }
    }
  }
  if (const Value* address = check.Member(root, "", "shipping_address", true, false)) {
    ReadAddress(check, *address, strict, !options.from_storage, options.address_required && !options.from_storage,
                order.shipping_address);
  }
  if (const Value* payments = check.Member(root, "", "payments", false, true)) {
    if (payments->Size() > 20) {
      check.Fail("payments", "too_many", "at most 20 payments");
    } else {
      order.payments.resize(payments->Size());
      for (rapidjson::SizeType payment_idx = 0; payment_idx < payments->Size(); ++payment_idx) {
        ReadPayment(check, (*payments)[payment_idx], "payments/" + std::to_string(payment_idx), strict,
                    order.payments[payment_idx]);
      }
    }
  }
  if (const Value* totals = check.Member(root, "", "totals", true, false)) {
    ReadTotals(check, *totals, strict, !options.from_storage, order, order.totals);
  }
  if (!check.ok()) {
    return core::Error{ErrorCode::kInvalidArgument, "the order breaks the rules listed in errors", check.Take()};
  }
  order.received_at = now;
  order.updated_at = now;
  return order;
}

core::Result<Order> ParseOrder(std::string_view body, const ParseOptions& options, core::UnixMillis now) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  return ParseOrderValue(doc, options, now);
}

namespace {

void WriteInt(core::JsonWriter& writer, std::string_view key, std::int64_t value) {
  core::WriteKey(writer, key);
  writer.Int64(value);
}
void WriteText(core::JsonWriter& writer, std::string_view key, std::string_view value) {
  core::WriteKey(writer, key);
  core::WriteString(writer, value);
}
void WriteTime(core::JsonWriter& writer, std::string_view key, std::optional<core::UnixMillis> value) {
  core::WriteKey(writer, key);
  if (value) {
    core::WriteString(writer, core::FormatRfc3339(*value));
  } else {
    writer.Null();
  }
}

// The client-provided content, in a fixed order (the fingerprint depends on it).
void WriteContent(const Order& order, core::JsonWriter& writer, PiiView view) {
  WriteText(writer, "channel", order.channel);
  WriteText(writer, "external_id", order.external_id);
  WriteText(writer, "status", StatusName(order.status));
  WriteText(writer, "currency", order.currency);
  WriteText(writer, "customer_ref", order.customer_ref);
  WriteText(writer, "buyer_note", order.buyer_note);
  // Only when set, so that the fingerprints of orders stored before pickup existed stay the same.
  if (!order.pickup_location_id.empty()) WriteText(writer, "pickup_location_id", order.pickup_location_id);
  WriteTime(writer, "created_at", order.created_at);
  WriteTime(writer, "paid_at", order.paid_at);
  core::WriteKey(writer, "lines");
  writer.StartArray();
  for (const OrderLine& line : order.lines) {
    writer.StartObject();
    WriteText(writer, "sku", line.sku);
    WriteText(writer, "title", line.title);
    WriteInt(writer, "qty", line.qty);
    WriteInt(writer, "unit_price", line.unit_price);
    WriteInt(writer, "discount", line.discount);
    WriteInt(writer, "line_total", line.line_total);
    writer.EndObject();
  }
  writer.EndArray();
  const Address& address = order.shipping_address;
  const bool clear = view == PiiView::kClear;
  core::WriteKey(writer, "shipping_address");
  writer.StartObject();
  WriteText(writer, "name", clear ? address.name : core::MaskName(address.name));
  WriteText(writer, "phone", clear ? address.phone : core::MaskPhone(address.phone));
  WriteText(writer, "province", address.province);
  WriteText(writer, "city", address.city);
  WriteText(writer, "district", address.district);
  WriteText(writer, "street", clear ? address.street : core::MaskStreet(address.street));
  WriteText(writer, "postcode", address.postcode);
  WriteText(writer, "country", address.country);
  writer.EndObject();
  core::WriteKey(writer, "payments");
  writer.StartArray();
  for (const Payment& payment : order.payments) {
    writer.StartObject();
    WriteText(writer, "method", payment.method);
    WriteText(writer, "transaction_id", payment.transaction_id);
    WriteInt(writer, "amount", payment.amount);
    WriteTime(writer, "paid_at", payment.paid_at);
    writer.EndObject();
  }
  writer.EndArray();
  core::WriteKey(writer, "totals");
  writer.StartObject();
  WriteInt(writer, "items", order.totals.items);
  WriteInt(writer, "shipping", order.totals.shipping);
  WriteInt(writer, "discount", order.totals.discount);
  WriteInt(writer, "tax", order.totals.tax);
  WriteInt(writer, "grand_total", order.totals.grand_total);
  writer.EndObject();
}

std::string MaskedOriginal(std::string_view field, std::string_view value) {
  if (field == "shipping_address.name") return core::MaskName(value);
  if (field == "shipping_address.phone") return core::MaskPhone(value);
  if (field == "shipping_address.street") return core::MaskStreet(value);
  return std::string(value);
}

void WriteServerFields(const Order& order, core::JsonWriter& writer, PiiView view) {
  WriteInt(writer, "id", order.id);
  WriteInt(writer, "version", order.version);
  core::WriteKey(writer, "held_from");
  if (order.held_from) {
    core::WriteString(writer, StatusName(*order.held_from));
  } else {
    writer.Null();
  }
  WriteText(writer, "hold_reason", order.hold_reason);
  WriteTime(writer, "received_at", order.received_at);
  WriteTime(writer, "updated_at", order.updated_at);
  core::WriteKey(writer, "address_confidence");
  if (order.address_confidence) {
    writer.Double(*order.address_confidence);
  } else {
    writer.Null();
  }
  core::WriteKey(writer, "original_fields");
  writer.StartObject();
  for (const OriginalField& original : order.original_fields) {
    core::WriteKey(writer, original.field);
    if (view == PiiView::kClear || !IsPersonalField(original.field)) {
      core::WriteString(writer, original.value);
    } else {
      core::WriteString(writer, MaskedOriginal(original.field, original.value));
    }
  }
  writer.EndObject();
}

}  // namespace

void WriteOrder(const Order& order, core::JsonWriter& writer, PiiView view) {
  writer.StartObject();
  WriteServerFields(order, writer, view);
  WriteContent(order, writer, view);
  writer.EndObject();
}

std::string OrderToJson(const Order& order, PiiView view) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  WriteOrder(order, writer, view);
  return {buffer.GetString(), buffer.GetSize()};
}

namespace {
// FNV-1a: compared against one stored row's value, not a security boundary.
std::uint64_t Fnv1a(const char* bytes, std::size_t size, std::uint64_t hash = 0xcbf29ce484222325ULL) {
  for (std::size_t i = 0; i < size; ++i) {
    hash ^= static_cast<unsigned char>(bytes[i]);
    hash *= 0x100000001b3ULL;
  }
  return hash;
}
}  // namespace

std::string OrderToStorageJson(const Order& order, std::uint64_t* content_fingerprint) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  WriteContent(order, writer, PiiView::kClear);
  if (content_fingerprint != nullptr) *content_fingerprint = Fnv1a(buffer.GetString(), buffer.GetSize());
  WriteServerFields(order, writer, PiiView::kClear);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

core::Result<Order> OrderFromStorageJson(std::string_view json) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(json, doc));
  // Stored documents were validated on the way in; read them leniently (no unknown-field
  // check) but still through the same rules, so a corrupted row is an error, not a crash.
  auto order = ParseOrderValue(doc, ParseOptions{.strict = false, .from_storage = true}, 0);
  if (!order) {
    return core::MakeError(core::ErrorCode::kInternal, "a stored order document does not parse");
  }
  // id and version live in their own columns too; the store sets them from there.
  for (auto [key, target] : {std::pair{"id", &order->id}, std::pair{"version", &order->version}}) {
    const auto member = doc.FindMember(key);
    if (member != doc.MemberEnd() && member->value.IsInt64()) *target = member->value.GetInt64();
  }
  const auto held = doc.FindMember("held_from");
  if (held != doc.MemberEnd() && held->value.IsString()) order->held_from = ParseStatus(core::AsView(held->value));
  const auto reason = doc.FindMember("hold_reason");
  if (reason != doc.MemberEnd() && reason->value.IsString()) order->hold_reason = core::AsView(reason->value);
  for (auto [key, target] : {std::pair{"received_at", &order->received_at}, std::pair{"updated_at", &order->updated_at}}) {
    const auto member = doc.FindMember(key);
    if (member != doc.MemberEnd() && member->value.IsString()) {
      *target = core::ParseRfc3339(core::AsView(member->value)).value_or(0);
    }
  }
  const auto confidence = doc.FindMember("address_confidence");
  if (confidence != doc.MemberEnd() && confidence->value.IsNumber()) {
    order->address_confidence = confidence->value.GetDouble();
  }
  const auto originals = doc.FindMember("original_fields");
  if (originals != doc.MemberEnd() && originals->value.IsObject()) {
    for (auto member = originals->value.MemberBegin(); member != originals->value.MemberEnd(); ++member) {
      if (member->value.IsString()) {
        order->original_fields.push_back({std::string(core::AsView(member->name)), std::string(core::AsView(member->value))});
      }
    }
  }
  return order;
}

std::uint64_t ContentFingerprint(const Order& order) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  WriteContent(order, writer, PiiView::kClear);
  return Fnv1a(buffer.GetString(), buffer.GetSize());
}

std::uint64_t ExtendFingerprint(std::uint64_t fingerprint, std::string_view more) {
  return Fnv1a(more.data(), more.size(), fingerprint);
}

}  // namespace ordo::order
