#include "channels/detail/order_builder.hpp"

#include "core/json.hpp"
#include "core/money.hpp"

namespace ordo::channels::detail {

core::Status ParsePayload(std::string_view raw_json, rapidjson::Document& doc) {
  constexpr std::string_view kBom = "\xEF\xBB\xBF";
  if (raw_json.starts_with(kBom)) raw_json.remove_prefix(kBom.size());
  return core::ParseJson(raw_json, doc);
}

std::string CutUtf8(std::string_view text, std::size_t max_len) {
  if (text.size() <= max_len) return std::string(text);
  std::size_t cut = max_len;
  while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;
  return std::string(text.substr(0, cut));
}

std::string PaymentMethodName(std::string_view name) {
  std::string method = CutUtf8(name, kMaxPaymentMethod);
  for (char& c : method) {
    if (static_cast<unsigned char>(c) < 0x20) c = ' ';
  }
  return method.find_first_not_of(' ') == std::string::npos ? "unknown" : method;
}

order::OrderLine MakeLine(std::string sku, std::string title, std::int64_t qty, std::int64_t unit_price,
                          std::int64_t line_total) {
  order::OrderLine line;
  line.sku = std::move(sku);
  // A blank title would break the canonical "required"; the sku says what the line is.
  line.title = title.find_first_not_of(" \t\r\n") == std::string::npos ? line.sku : std::move(title);
  line.qty = qty;
  line.unit_price = unit_price;
  line.line_total = line_total;
  // qty ≤ 10^6 and price ≤ 10^12 keep the product inside int64 (≤ 10^18).
  if (qty * unit_price < line_total) line.unit_price = CeilDiv(line_total, qty);
  line.discount = qty * line.unit_price - line_total;
  return line;
}

std::optional<std::int64_t> LineGross(PayloadReader& reader, const Location& at, std::int64_t qty,
                                      std::int64_t unit_price) {
  const auto gross = core::CheckedMul(qty, unit_price);
  if (!gross || *gross > kMaxAmount) {
    reader.Fail(at, "too_large", "quantity × price exceeds " + std::to_string(kMaxAmount) + " minor units");
    return std::nullopt;
  }
  return gross;
}

void SettleTotals(PayloadReader& reader, const Location& lines_at, const Location& grand_total_at,
                  order::Order& order, std::int64_t shipping, std::int64_t tax, std::int64_t grand_total,
                  std::optional<std::int64_t> expected_discount) {
  if (order.lines.empty()) {
    reader.Fail(lines_at, "required", "an order needs at least one line");
    return;
  }
  if (order.lines.size() > order::kMaxLinesPerOrder) {
    reader.Fail(lines_at, "too_many", "at most " + std::to_string(order::kMaxLinesPerOrder) + " lines");
    return;
  }
  std::int64_t items = 0;
  for (const order::OrderLine& line : order.lines) items += line.line_total;  // ≤ 500 × 10^12
  if (items > kMaxAmount) {
    reader.Fail(lines_at, "too_large", "the lines add up to more than " + std::to_string(kMaxAmount));
    return;
  }
  if (shipping > kMaxAmount || tax > kMaxAmount) {
    reader.Fail(grand_total_at, "too_large", "shipping or tax exceeds " + std::to_string(kMaxAmount));
    return;
  }
  const std::int64_t charged = items + shipping + tax;  // each ≤ 10^12
  const std::int64_t discount = expected_discount ? *expected_discount : charged - grand_total;
  if (discount < 0 || charged - discount != grand_total) {
    reader.Fail(grand_total_at, "total_mismatch",
                expected_discount ? "the order total is not lines + shipping + tax − discounts"
                                  : "the order total is more than lines + shipping + tax");
    return;
  }
  if (discount > kMaxAmount || grand_total > kMaxAmount) {
    reader.Fail(grand_total_at, "too_large", "must be at most " + std::to_string(kMaxAmount));
    return;
  }
  order.totals = order::Totals{items, shipping, discount, tax, grand_total};
}

void ApplyStatus(PayloadReader& reader, const Location& at, const StatusDecision& decision, ChannelOrder& out) {
  if (!decision.unified) {
    reader.Fail(at, decision.code, std::string(decision.reason));
    return;
  }
  out.order.status = *decision.unified;
  out.hold_reason = std::string(decision.hold_reason);
}

void SetReceiverPhone(std::string phone, ChannelOrder& out) {
  out.contact_form = ClassifyPhone(phone);
  if (out.contact_form == ContactForm::kClear || out.contact_form == ContactForm::kPrivacyRelay) {
    out.order.shipping_address.phone = std::move(phone);
  }
}

bool LooksMasked(std::string_view value) { return value.find('*') != std::string_view::npos; }

ContactForm ClassifyPhone(std::string_view phone) {
  if (phone.find_first_not_of(' ') == std::string_view::npos) return ContactForm::kAbsent;
  if (LooksMasked(phone)) return ContactForm::kMasked;
  std::string digits;
  std::size_t pos = 0;
  for (; pos < phone.size() && digits.size() < 11; ++pos) {
    const char c = phone[pos];
    if (c >= '0' && c <= '9') {
      digits += c;
    } else if (c != ' ') {
      break;
    }
  }
  if (digits.size() != 11 || digits[0] != '1') return ContactForm::kClear;
  std::string_view rest = phone.substr(pos);
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  bool marker = false;
  for (std::string_view separator : {"-", "_", "#", ",", "转", "分机"}) {
    if (rest.starts_with(separator)) {
      rest.remove_prefix(separator.size());
      marker = true;
      break;
    }
  }
  while (!rest.empty() && rest.front() == ' ') rest.remove_prefix(1);
  const bool extension = marker && !rest.empty() && rest.size() <= 8 &&
                         rest.find_first_not_of("0123456789") == std::string_view::npos;
  return extension ? ContactForm::kPrivacyRelay : ContactForm::kClear;
}

std::string JoinStreet(std::string_view first, std::string_view second) {
  std::string out(first);
  if (!second.empty()) {
    if (!out.empty()) out += ' ';
    out += second;
  }
  return out;
}

std::string SkuOrFallback(std::string merchant_code, std::string_view channel, std::string_view kind,
                          std::string_view id) {
  if (merchant_code.find_first_not_of(' ') != std::string::npos) return merchant_code;
  std::string sku(channel);
  sku += ':';
  sku += kind;
  sku += ':';
  sku += id;
  return CutUtf8(sku, kMaxSku);
}

}  // namespace ordo::channels::detail
