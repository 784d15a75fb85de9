// The check table and the per-order checks. Each check is a few lines over the order (and the
// phone and address normalisers of this module); EvaluateOrder normalises the phone and parses
// the address once and hands the results to the checks that need them.
#include "quality/metrics.hpp"

#include <algorithm>
#include <array>
#include <cstdlib>
#include <iterator>
#include <type_traits>

#include "order/state_machine.hpp"
#include "quality/address.hpp"
#include "quality/phone.hpp"

namespace ordo::quality {
namespace {

using order::OrderStatus;

constexpr core::UnixMillis kMinute = 60'000;
constexpr core::UnixMillis kHour = 60 * kMinute;
constexpr core::UnixMillis kDay = 24 * kHour;

constexpr std::array<std::string_view, kDimensionCount> kDimensionNames = {
    "completeness", "validity", "consistency", "timeliness", "uniqueness", "accuracy"};

using D = Dimension;
using C = CheckId;
constexpr std::array<CheckInfo, kCheckCount> kChecks = {{
    {C::kNameRequired, D::kCompleteness, "name", "name_required"},
    {C::kPhoneRequired, D::kCompleteness, "phone", "phone_required"},
    {C::kProvinceRequired, D::kCompleteness, "province", "province_required"},
    {C::kCityRequired, D::kCompleteness, "city", "city_required"},
    {C::kDistrictRequired, D::kCompleteness, "district", "district_required"},
    {C::kStreetRequired, D::kCompleteness, "street", "street_required"},
    {C::kLinesRequired, D::kCompleteness, "lines", "lines_required"},
    {C::kPhoneValid, D::kValidity, "phone", "phone_valid"},
    {C::kPhoneNormalised, D::kValidity, "phone", "phone_normalised"},
    {C::kProvinceCanonical, D::kValidity, "province", "province_canonical"},
    {C::kCityCanonical, D::kValidity, "city", "city_canonical"},
    {C::kDistrictCanonical, D::kValidity, "district", "district_canonical"},
    {C::kCurrencyCode, D::kValidity, "currency", "currency_code"},
    {C::kAmountsInRange, D::kValidity, "amounts", "amounts_in_range"},
    {C::kPostcodeFormat, D::kValidity, "postcode", "postcode_format"},
    {C::kCityInProvince, D::kConsistency, "city", "city_in_province"},
    {C::kDistrictInCity, D::kConsistency, "district", "district_in_city"},
    {C::kTotalsAddUp, D::kConsistency, "totals", "totals_add_up"},
    {C::kLineTotalsAddUp, D::kConsistency, "lines", "line_totals_add_up"},
    {C::kStatusSequence, D::kConsistency, "status", "status_sequence"},
    {C::kReceiptLag, D::kTimeliness, "received_at", "receipt_lag"},
    {C::kStatusAge, D::kTimeliness, "status", "status_age"},
    {C::kDuplicateOrder, D::kUniqueness, "order", "duplicate_order"},
    {C::kDuplicateCustomer, D::kUniqueness, "customer_ref", "duplicate_customer"},
    {C::kPhoneReachable, D::kAccuracy, "phone", "phone_reachable"},
    {C::kAddressResolved, D::kAccuracy, "address", "address_resolved"},
}};

constexpr bool TableInCheckIdOrder() {
  for (std::size_t check_idx = 0; check_idx < kChecks.size(); ++check_idx) {
    if (static_cast<std::size_t>(kChecks[check_idx].id) != check_idx) return false;
  }
  return true;
}
static_assert(TableInCheckIdOrder(), "kChecks must list every CheckId in enum order");

// ISO 4217 active codes (2024), sorted for binary search.
constexpr std::string_view kCurrencies[] = {
    "AED", "AFN", "ALL", "AMD", "ANG", "AOA", "ARS", "AUD", "AWG", "AZN", "BAM", "BBD", "BDT", "BGN", "BHD", "BIF",
    "BMD", "BND", "BOB", "BRL", "BSD", "BTN", "BWP", "BYN", "BZD", "CAD", "CDF", "CHF", "CLP", "CNY", "COP", "CRC",
    "CUP", "CVE", "CZK", "DJF", "DKK", "DOP", "DZD", "EGP", "ERN", "ETB", "EUR", "FJD", "FKP", "GBP", "GEL", "GHS",
    "GIP", "GMD", "GNF", "GTQ", "GYD", "HKD", "HNL", "HTG", "HUF", "IDR", "ILS", "INR", "IQD", "IRR", "ISK", "JMD",
    "JOD", "JPY", "KES", "KGS", "KHR", "KMF", "KPW", "KRW", "KWD", "KYD", "KZT", "LAK", "LBP", "LKR", "LRD", "LSL",
    "LYD", "MAD", "MDL", "MGA", "MKD", "MMK", "MNT", "MOP", "MRU", "MUR", "MVR", "MWK", "MXN", "MYR", "MZN", "NAD",
    "NGN", "NIO", "NOK", "NPR", "NZD", "OMR", "PAB", "PEN", "PGK", "PHP", "PKR", "PLN", "PYG", "QAR", "RON", "RSD",
    "RUB", "RWF", "SAR", "SBD", "SCR", "SDG", "SEK", "SGD", "SHP", "SLE", "SOS", "SRD", "SSP", "STN", "SVC", "SYP",
    "SZL", "THB", "TJS", "TMT", "TND", "TOP", "TRY", "TTD", "TWD", "TZS", "UAH", "UGX", "USD", "UYU", "UZS", "VES",
    "VND", "VUV", "WST", "XAF", "XCD", "XOF", "XPF", "YER", "ZAR", "ZMW", "ZWG", "ZWL"};

constexpr bool Sorted(std::span<const std::string_view> codes) {
  for (std::size_t code_idx = 1; code_idx < codes.size(); ++code_idx) {
    if (!(codes[code_idx - 1] < codes[code_idx])) return false;
  }
  return true;
}
static_assert(Sorted(kCurrencies), "kCurrencies must be sorted for binary search");

bool IsBlank(std::string_view text) {
  return std::all_of(text.begin(), text.end(), [](char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; });
}

std::string Hours(core::UnixMillis millis) {
  const std::int64_t tenths = millis * 10 / kHour;
  return std::to_string(tenths / 10) + "." + std::to_string(std::abs(tenths % 10)) + " h";
}

// What an order needs from the normalisers, computed once.
struct Prepared {
  bool has_phone = false;
  NormalizedPhone phone;
  ParsedAddress address;  // all four fields together
};

class Evaluation {
 public:
  Evaluation(const OrderEvidence& evidence, std::vector<CheckOutcome>& out) : evidence_(evidence), out_(out) {}

  void Pass(CheckId id) { out_.push_back({id, true, {}}); }
  void Fail(CheckId id, std::string detail) { out_.push_back({id, false, std::move(detail)}); }
  // `detail` is a string, or a callable making one: it is only built for a failure.
  template <class Detail>
  void Record(CheckId id, bool passed, Detail&& detail) {
    if (passed) {
      Pass(id);
    } else if constexpr (std::is_invocable_v<Detail>) {
      Fail(id, std::string(detail()));
    } else {
      Fail(id, std::string(detail));
    }
  }
  const order::Order& order() const { return evidence_.order; }
  const OrderEvidence& evidence() const { return evidence_; }

 private:
  const OrderEvidence& evidence_;
  std::vector<CheckOutcome>& out_;
};

// ---- completeness ----

void CheckCompleteness(Evaluation& eval) {
  const order::Address& address = eval.order().shipping_address;
  if (!eval.evidence().anonymised) {
    eval.Record(C::kNameRequired, !IsBlank(address.name), "missing");
    eval.Record(C::kPhoneRequired, !IsBlank(address.phone), "missing");
    eval.Record(C::kStreetRequired, !IsBlank(address.street), "missing");
  }
  eval.Record(C::kProvinceRequired, !IsBlank(address.province), "missing");
  eval.Record(C::kCityRequired, !IsBlank(address.city), "missing");
  eval.Record(C::kDistrictRequired, !IsBlank(address.district), "missing");
  eval.Record(C::kLinesRequired, !eval.order().lines.empty(), "missing");
}

// ---- validity ----

// Why a valid phone is not in its normalised form, as shape words (never the digits).
std::string PhoneShapeProblems(std::string_view raw) {
  std::vector<std::string_view> problems;
  const auto add = [&](std::string_view problem) {
    if (std::find(problems.begin(), problems.end(), problem) == problems.end()) problems.push_back(problem);
  };
  for (std::size_t pos = 0; pos < raw.size(); ++pos) {
    const auto byte = static_cast<unsigned char>(raw[pos]);
    if (byte == ' ' || byte == '\t') {
      add("spaces");
    } else if (byte == '(' || byte == ')' || byte == '[' || byte == ']') {
      add("brackets");
    } else if (byte == '-' || byte == '.' || byte == '/') {
      add("separators");
    } else if (byte >= 0x80) {
      // Full-width digits and ＋ are U+FF0B..U+FF19: EF BC 8B..99.
      if (byte == 0xEF && pos + 2 < raw.size() && static_cast<unsigned char>(raw[pos + 1]) == 0xBC) {
        add("full_width");
      } else {
        add("non_ascii");
      }
    } else if ((byte < '0' || byte > '9') && byte != '+') {
      add("other_text");
    }
  }
  if (raw.starts_with("0086") || raw.starts_with("86") || raw.starts_with("(+86") || raw.starts_with("(86")) {
    add("country_prefix");
  }
  if (raw.starts_with("+86") && raw.size() > 3 && raw[3] == ' ') add("country_prefix");
  std::string out;
  for (std::string_view problem : problems) {
    if (!out.empty()) out += ',';
    out += problem;
  }
  return out.empty() ? std::string("not_normalised") : "not_normalised: " + out;
}

// The normalised forms a phone may be stored in: E.164, or for Chinese numbers the national
// digits (11-digit mobile, or a landline with its trunk 0), each optionally followed by
// "-<extension>".
bool IsNormalisedForm(std::string_view raw, const NormalizedPhone& phone) {
  std::string_view base = raw;
  if (!phone.extension.empty()) {
    const std::string suffix = "-" + phone.extension;
    if (!raw.ends_with(suffix)) return false;
    base.remove_suffix(suffix.size());
  }
  if (base == phone.e164) return true;
  if (phone.region != "CN" || !phone.e164.starts_with("+86")) return false;
  const std::string_view national = std::string_view(phone.e164).substr(3);
  if (base == national) return !national.starts_with('1') || national.size() == 11;
  return base.size() == national.size() + 1 && base.front() == '0' && base.substr(1) == national;
}

void CheckPhoneValidity(Evaluation& eval, const Prepared& prepared) {
  if (!prepared.has_phone) return;
  const NormalizedPhone& phone = prepared.phone;
  eval.Record(C::kPhoneValid, phone.valid, PhoneProblemName(phone.problem));
  if (!phone.valid) return;
  const std::string_view raw = eval.order().shipping_address.phone;
  eval.Record(C::kPhoneNormalised, IsNormalisedForm(raw, phone), [&] { return PhoneShapeProblems(raw); });
}

// Why a division field is not the division's current full name.
std::string NameProblem(std::string_view text, const Division& division) {
  if (text == division.short_name) return "short_name";
  if (text.size() == 6 && std::all_of(text.begin(), text.end(), [](char c) { return c >= '0' && c <= '9'; })) {
    return "code_instead_of_name";
  }
  return "not_current_full_name";
}

void CheckDivisionNames(Evaluation& eval, const Prepared& prepared) {
  const order::Address& address = eval.order().shipping_address;
  const ParsedAddress& parsed = prepared.address;
  // Names that contradict each other are consistency's finding; which of them is "the" name of
  // the resolved division is then a guess, not a second fault.
  if (parsed.reasons.Has(AddressReason::kContradiction)) return;
  if (!IsBlank(address.province) && parsed.province != nullptr) {
    eval.Record(C::kProvinceCanonical, address.province == parsed.province->name,
                [&] { return NameProblem(address.province, *parsed.province); });
  }
  // A placeholder city (省直辖县级行政区划) has no name anyone writes: not checked.
  if (!IsBlank(address.city) && parsed.city != nullptr && !parsed.city->placeholder) {
    eval.Record(C::kCityCanonical, address.city == parsed.city->name,
                [&] { return NameProblem(address.city, *parsed.city); });
  }
  if (!IsBlank(address.district) && parsed.district != nullptr) {
    eval.Record(C::kDistrictCanonical, address.district == parsed.district->name,
                [&] { return NameProblem(address.district, *parsed.district); });
  }
}

void CheckCurrency(Evaluation& eval) {
  const std::string& currency = eval.order().currency;
  if (IsBlank(currency)) {
    eval.Fail(C::kCurrencyCode, "missing");
    return;
  }
  const bool known = std::binary_search(std::begin(kCurrencies), std::end(kCurrencies), std::string_view(currency));
  eval.Record(C::kCurrencyCode, known, currency.size() == 3 ? "not_iso_4217" : "not_a_currency_code");
}

// The first amount out of its range, as "lines/2/qty"-style path; "" when all are fine.
std::string FirstAmountOutOfRange(const order::Order& order) {
  for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
    const order::OrderLine& line = order.lines[line_idx];
    const auto at = [line_idx](std::string_view field) { return "lines/" + std::to_string(line_idx) + "/" + std::string(field); };
    if (line.qty < 1 || line.qty > order::kMaxLineQty) return at("qty");
    if (line.unit_price < 0) return at("unit_price");
    if (line.discount < 0 || line.discount > line.qty * line.unit_price) return at("discount");
    if (line.line_total < 0) return at("line_total");
  }
  const order::Totals& totals = order.totals;
  if (totals.shipping < 0) return "totals/shipping";
  if (totals.tax < 0) return "totals/tax";
  if (totals.discount < 0 || totals.discount > totals.items + totals.shipping + totals.tax) return "totals/discount";
  if (totals.grand_total < 0) return "totals/grand_total";
  return {};
}

void CheckAmounts(Evaluation& eval) {
  const std::string out_of_range = FirstAmountOutOfRange(eval.order());
  eval.Record(C::kAmountsInRange, out_of_range.empty(), [&] { return "out_of_range: " + out_of_range; });
}

void CheckPostcode(Evaluation& eval) {
  const order::Address& address = eval.order().shipping_address;
  if (IsBlank(address.postcode) || !(address.country.empty() || address.country == "CN")) return;
  const bool six_digits = address.postcode.size() == 6 &&
                          std::all_of(address.postcode.begin(), address.postcode.end(),
                                      [](char c) { return c >= '0' && c <= '9'; });
  eval.Record(C::kPostcodeFormat, six_digits, "not_six_digits");
}

// ---- consistency ----

bool Unrecognised(const ParsedAddress& parsed) {
  return parsed.reasons.Has(AddressReason::kUnrecognisedField) || parsed.reasons.Has(AddressReason::kNotFound) ||
         parsed.reasons.Has(AddressReason::kInvalidUtf8) || parsed.reasons.Has(AddressReason::kEmpty);
}

// Whether the lower of two division fields lies in the upper one. ParseAddress over the pair: a
// contradiction fails; a pair that resolves passes; a lower name that the table knows but that
// does not resolve under the upper one (南京市 + 西湖区: two 西湖区 exist, neither in 南京) fails
// too. A name the table does not know is not judged here (accuracy counts it).
void CheckPair(Evaluation& eval, CheckId id, AddressInput pair, AddressInput lower_alone, std::string_view failure,
               bool district_level) {
  const ParsedAddress parsed = ParseAddress(pair);
  if (parsed.reasons.Has(AddressReason::kContradiction)) {
    eval.Fail(id, std::string(failure));
    return;
  }
  const Division* lower = district_level ? parsed.district : parsed.city;
  if (lower != nullptr) {
    eval.Pass(id);
    return;
  }
  const ParsedAddress alone = ParseAddress(lower_alone);
  if (Unrecognised(alone)) return;
  eval.Fail(id, std::string(failure));
}

void CheckAddressConsistency(Evaluation& eval) {
  const order::Address& address = eval.order().shipping_address;
  if (!IsBlank(address.province) && !IsBlank(address.city)) {
    AddressInput pair;
    pair.province = address.province;
    pair.city = address.city;
    AddressInput alone;
    alone.city = address.city;
    CheckPair(eval, C::kCityInProvince, pair, alone, "city_not_in_province", false);
  }
  if (!IsBlank(address.city) && !IsBlank(address.district)) {
    AddressInput pair;
    pair.city = address.city;
    pair.district = address.district;
    AddressInput alone;
    alone.district = address.district;
    CheckPair(eval, C::kDistrictInCity, pair, alone, "district_not_in_city", true);
  }
}

void CheckTotals(Evaluation& eval) {
  const order::Order& order = eval.order();
  std::int64_t lines_sum = 0;
  bool lines_ok = true;
  std::size_t first_bad_line = 0;
  for (std::size_t line_idx = 0; line_idx < order.lines.size(); ++line_idx) {
    const order::OrderLine& line = order.lines[line_idx];
    lines_sum += line.line_total;
    if (lines_ok && line.qty * line.unit_price - line.discount != line.line_total) {
      lines_ok = false;
      first_bad_line = line_idx;
    }
  }
  if (!order.lines.empty()) {
    const order::OrderLine& bad = order.lines[first_bad_line];
    eval.Record(C::kLineTotalsAddUp, lines_ok, [&] {
      return "lines/" + std::to_string(first_bad_line) + ": qty×unit_price−discount " +
             std::to_string(bad.qty * bad.unit_price - bad.discount) + " ≠ line_total " +
             std::to_string(bad.line_total);
    });
  }
  const order::Totals& totals = order.totals;
  const std::int64_t expected = lines_sum + totals.shipping + totals.tax - totals.discount;
  if (totals.items != lines_sum) {
    eval.Fail(C::kTotalsAddUp,
              "Σ line_total " + std::to_string(lines_sum) + " ≠ items " + std::to_string(totals.items));
  } else {
    eval.Record(C::kTotalsAddUp, expected == totals.grand_total, [&] {
      return "lines+shipping+tax−discount " + std::to_string(expected) + " ≠ grand_total " +
             std::to_string(totals.grand_total);
    });
  }
}

// The status a "created" event's data names ({"status":"paid"}).
std::optional<OrderStatus> CreatedStatus(std::string_view data) {
  constexpr std::string_view kKey = "\"status\":\"";
  const std::size_t start = data.find(kKey);
  if (start == std::string_view::npos) return std::nullopt;
  const std::size_t from = start + kKey.size();
  const std::size_t end = data.find('"', from);
  if (end == std::string_view::npos) return std::nullopt;
  return order::ParseStatus(data.substr(from, end - from));
}

void CheckStatusSequence(Evaluation& eval) {
  const std::span<const order::TimelineEvent> timeline = eval.evidence().timeline;
  if (timeline.empty()) return;
  std::optional<OrderStatus> current;
  std::string problem;
  for (const order::TimelineEvent& event : timeline) {
    if (event.node == order::kNodeCreated) {
      current = CreatedStatus(event.data_json);
      if (!current) problem = "created_without_status";
    } else if (event.node == order::kNodeUpdated) {
      // The channel reported a status the state machine could not take (shipped → paid …).
      if (problem.empty() && event.data_json.find("status_not_applied") != std::string::npos) {
        problem = "channel_status_not_applied";
      }
    } else if (const std::optional<OrderStatus> next = order::ParseStatus(event.node)) {
      if (problem.empty() && current && !order::TransitionAllowed(*current, *next)) {
        problem = "illegal " + std::string(order::StatusName(*current)) + "→" + std::string(order::StatusName(*next));
      }
      current = next;
    }
    if (!problem.empty()) break;
  }
  if (problem.empty() && current && *current != eval.order().status) {
    problem = "timeline ends in " + std::string(order::StatusName(*current)) + ", order is " +
              std::string(order::StatusName(eval.order().status));
  }
  eval.Record(C::kStatusSequence, problem.empty(), problem);
}

// ---- timeliness ----

void CheckReceiptLag(Evaluation& eval, const MetricsConfig& config) {
  const order::Order& order = eval.order();
  if (order.created_at <= 0 || order.received_at <= 0) return;
  const core::UnixMillis lag = order.received_at - order.created_at;
  if (lag < -config.clock_skew) {
    eval.Fail(C::kReceiptLag, "created " + Hours(-lag) + " after receipt");
  } else {
    eval.Record(C::kReceiptLag, lag <= config.max_receipt_lag,
                [&] { return "lag " + Hours(lag) + " (limit " + Hours(config.max_receipt_lag) + ")"; });
  }
}

void CheckStatusAge(Evaluation& eval, core::UnixMillis now) {
  const order::Order& order = eval.order();
  const core::UnixMillis limit = StatusAgeLimit(order.status);
  if (limit == 0) return;
  // Since when the order is in its status: its last status node, else its receipt.
  core::UnixMillis since = order.received_at;
  for (const order::TimelineEvent& event : eval.evidence().timeline) {
    if (event.node == order::kNodeCreated || order::ParseStatus(event.node)) since = event.at;
  }
  if (since <= 0) return;
  const core::UnixMillis age = now - since;
  eval.Record(C::kStatusAge, age <= limit, [&] {
    return std::string(order::StatusName(order.status)) + " for " + Hours(age) + " (limit " + Hours(limit) + ")";
  });
}

// ---- accuracy ----

bool IsReachable(PhoneType type) {
  return type == PhoneType::kMobile || type == PhoneType::kFixedLine || type == PhoneType::kFixedOrMobile;
}

void CheckPhoneAccuracy(Evaluation& eval, const Prepared& prepared) {
  if (!prepared.has_phone) return;
  const NormalizedPhone& phone = prepared.phone;
  if (!phone.valid) {
    eval.Fail(C::kPhoneReachable, "invalid");
    return;
  }
  eval.Record(C::kPhoneReachable, IsReachable(phone.type) && !phone.privacy_relay, [&] {
    return std::string(PhoneTypeName(phone.type)) + (phone.privacy_relay ? " (privacy relay)" : "");
  });
}

void CheckAddressAccuracy(Evaluation& eval, const Prepared& prepared) {
  const order::Address& address = eval.order().shipping_address;
  if (IsBlank(address.province) && IsBlank(address.city) && IsBlank(address.district) && IsBlank(address.street)) {
    return;  // nothing to resolve: completeness counts it
  }
  const ParsedAddress& parsed = prepared.address;
  static constexpr std::array kProblems = {AddressReason::kInvalidUtf8,     AddressReason::kNotFound,
                                           AddressReason::kContradiction,   AddressReason::kAmbiguousDistrict,
                                           AddressReason::kAmbiguousCity,   AddressReason::kCityMissing,
                                           AddressReason::kDistrictMissing};
  std::string detail;
  for (AddressReason reason : kProblems) {
    if (!parsed.reasons.Has(reason)) continue;
    if (!detail.empty()) detail += ',';
    detail += AddressReasonName(reason);
  }
  if (detail.empty() && parsed.district == nullptr) detail = "district_missing";
  eval.Record(C::kAddressResolved, detail.empty(), detail);
}

}  // namespace

std::string_view DimensionName(Dimension dimension) { return kDimensionNames[static_cast<std::size_t>(dimension)]; }

std::optional<Dimension> ParseDimension(std::string_view name) {
  for (Dimension dimension : kAllDimensions) {
    if (DimensionName(dimension) == name) return dimension;
  }
  return std::nullopt;
}

std::span<const CheckInfo> AllChecks() { return kChecks; }

const CheckInfo& InfoOf(CheckId id) { return kChecks[IndexOf(id)]; }

std::optional<CheckId> ParseCheck(std::string_view name) {
  for (const CheckInfo& info : kChecks) {
    if (info.name == name) return info.id;
  }
  return std::nullopt;
}

core::Status ApplyThresholdArgument(MetricsConfig& config, std::string_view argument) {
  const std::size_t equals = argument.find('=');
  const std::optional<Dimension> dimension =
      equals == std::string_view::npos ? std::nullopt : ParseDimension(argument.substr(0, equals));
  if (!dimension) {
    return core::MakeError(core::ErrorCode::kInvalidArgument,
                           "a threshold is <dimension>=<percent>, the dimension one of completeness, validity, "
                           "consistency, timeliness, uniqueness, accuracy");
  }
  const std::string number(argument.substr(equals + 1));
  char* end = nullptr;
  const double value = number.empty() ? -1 : std::strtod(number.c_str(), &end);
  if (number.empty() || end != number.c_str() + number.size() || !(value >= 0 && value <= 100)) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "a threshold is a percentage from 0 to 100");
  }
  config.thresholds[static_cast<std::size_t>(*dimension)] = value;
  return core::Ok();
}

core::UnixMillis StatusAgeLimit(OrderStatus status) {
  switch (status) {
    case OrderStatus::kPendingPayment: return kDay;      // unpaid orders are cancelled after 30 min
    case OrderStatus::kPaid: return 2 * kDay;            // waiting for allocation
    case OrderStatus::kOnHold: return 2 * kDay;          // a hold someone must resolve
    case OrderStatus::kAllocated: return kDay;
    case OrderStatus::kReleased: return kDay;
    case OrderStatus::kPicking: return kDay;
    case OrderStatus::kPacked: return kDay;
    case OrderStatus::kShipped: return 3 * kDay;         // no tracking scan since
    case OrderStatus::kInTransit: return 7 * kDay;
    case OrderStatus::kOutForDelivery: return 2 * kDay;
    case OrderStatus::kDelivered: return 10 * kDay;      // auto-confirmation comes after 7 days
    case OrderStatus::kReturnRequested: return 7 * kDay;
    case OrderStatus::kReturned: return 7 * kDay;        // refund pending
    case OrderStatus::kCompleted:
    case OrderStatus::kCancelled:
    case OrderStatus::kRefunded: return 0;
  }
  return 0;
}

std::string QualityDay(core::UnixMillis at, int utc_offset_minutes) {
  return core::FormatRfc3339(at + static_cast<core::UnixMillis>(utc_offset_minutes) * kMinute).substr(0, 10);
}

void EvaluateOrder(const OrderEvidence& evidence, core::UnixMillis now, const MetricsConfig& config,
                   std::vector<CheckOutcome>& out) {
  const order::Address& address = evidence.order.shipping_address;
  Prepared prepared;
  prepared.has_phone = !evidence.anonymised && !IsBlank(address.phone);
  if (prepared.has_phone) prepared.phone = NormalizePhone(address.phone);
  // The structured fields first: the street line is read only when they do not reach a
  // district (buyers write the district there too). Scanning it always would take a road named
  // like a district elsewhere (解放大道, 红旗大街) for a contradicting division name.
  AddressInput input;
  input.province = address.province;
  input.city = address.city;
  input.district = address.district;
  prepared.address = ParseAddress(input);
  if (prepared.address.district == nullptr && !IsBlank(address.street)) {
    input.street = address.street;
    ParsedAddress with_street = ParseAddress(input);
    if (with_street.district != nullptr && !with_street.reasons.Has(AddressReason::kContradiction)) {
      prepared.address = with_street;
    }
  }

  Evaluation eval(evidence, out);
  CheckCompleteness(eval);
  CheckPhoneValidity(eval, prepared);
  CheckDivisionNames(eval, prepared);
  CheckCurrency(eval);
  CheckAmounts(eval);
  CheckPostcode(eval);
  CheckAddressConsistency(eval);
  CheckTotals(eval);
  CheckStatusSequence(eval);
  CheckReceiptLag(eval, config);
  CheckStatusAge(eval, now);
  CheckPhoneAccuracy(eval, prepared);
  CheckAddressAccuracy(eval, prepared);
}

std::string PhoneKey(std::string_view raw) {
  const NormalizedPhone phone = NormalizePhone(raw);
  if (phone.valid) return phone.e164;
  std::string digits;
  for (char c : raw) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  return digits;
}

void DuplicateTracker::Evaluate(const order::Order& order, std::vector<CheckOutcome>& out) {
  const std::string& raw_phone = order.shipping_address.phone;
  if (IsBlank(raw_phone)) return;
  const std::string phone = PhoneKey(raw_phone);
  if (phone.empty()) return;

  // Same phone, same lines (SKU × quantity, in any order), same total and currency.
  std::vector<std::pair<std::string_view, std::int64_t>> lines;
  lines.reserve(order.lines.size());
  for (const order::OrderLine& line : order.lines) lines.emplace_back(line.sku, line.qty);
  std::sort(lines.begin(), lines.end());
  std::string key = phone;
  key += '|';
  key += order.currency;
  key += std::to_string(order.totals.grand_total);
  for (const auto& [sku, qty] : lines) {
    key += '|';
    key += sku;
    key += '*';
    key += std::to_string(qty);
  }
  std::vector<Seen>& seen = orders_[key];
  std::optional<std::int64_t> duplicate_of;
  for (const Seen& earlier : seen) {
    const core::UnixMillis apart = earlier.created_at > order.created_at ? earlier.created_at - order.created_at
                                                                         : order.created_at - earlier.created_at;
    if (earlier.channel != order.channel && apart <= window_) {
      duplicate_of = earlier.order_id;
      break;
    }
  }
  out.push_back({CheckId::kDuplicateOrder, !duplicate_of.has_value(),
                 duplicate_of ? "same phone, lines and total as order " + std::to_string(*duplicate_of) : std::string()});
  seen.push_back({order.created_at, order.id, order.channel});

  if (IsBlank(order.customer_ref)) return;
  std::string customer_key = order.channel;
  customer_key += '|';
  customer_key += phone;
  const auto [first, inserted] = customer_refs_.try_emplace(std::move(customer_key), order.customer_ref);
  const bool same = inserted || first->second == order.customer_ref;
  out.push_back({CheckId::kDuplicateCustomer, same,
                 same ? std::string() : std::string("phone shared with another customer_ref on ") + order.channel});
}

}  // namespace ordo::quality
