#pragma once
// A column-mapping profile for one CSV source (a POS, an ERP export): which header means which
// canonical field, in Chinese and English, plus the source's habits (encoding, delimiter,
// currency, how it spells statuses, the store address for carry-out sales). Saved as JSON:
//
//   {
//     "name": "store_pos",            // required: [a-z0-9_-], the profile's name
//     "channel": "pos_store_12",      // order.channel (default "pos_csv"): one channel per source
//     "encoding": "auto",             // auto | utf-8 | gb18030 (gbk, gb2312)
//     "delimiter": ",",               // one character; "\t" for tab
//     "currency": "CNY",
//     "amounts": "major",             // major ("199.00") | minor (fen: "19900")
//     "utc_offset_minutes": 480,      // for times written without a zone (Beijing by default)
//     "columns": {"external_id": ["单据号"], "phone": ["会员手机"]},   // added to the built-in aliases
//     "statuses": {"已结账": "completed"},                           // added to the built-in ones
//     "default_status": "completed",  // for rows without a status column/value
//     "default_address": {"province": "浙江省", "city": "杭州市", "district": "西湖区", "street": "…"}
//   }
//
// Header matching ignores ASCII case, spaces, '_', '-', '.' and a trailing unit in brackets:
// "Order ID", "order_id" and "OrderID" are one name, and so are "金额(元)", "金额（元）" and "金额".
// docs/channels.md lists the built-in aliases. Pure; a profile is an immutable value once parsed.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "channels/text_encoding.hpp"
#include "core/result.hpp"
#include "order/order.hpp"

namespace ordo::channels {

enum class CsvField : std::uint8_t {
  kExternalId, kCreatedAt, kStatus,
  kSku, kTitle, kQty, kUnitPrice, kLineDiscount, kLineTotal,
  kShipping, kOrderDiscount, kTax, kGrandTotal, kCurrency,
  kBuyerId, kName, kPhone, kEmail, kProvince, kCity, kDistrict, kStreet, kPostcode,
  kNote, kPaidAt, kPaymentMethod,
  kCount,
};
inline constexpr std::size_t kCsvFieldCount = static_cast<std::size_t>(CsvField::kCount);

std::string_view CsvFieldName(CsvField field);  // "external_id", "grand_total", … (profile keys)
std::optional<CsvField> ParseCsvFieldName(std::string_view name);

// The normalised form headers and aliases are compared in.
std::string NormaliseHeader(std::string_view header);

struct CsvProfile {
  std::string name = "generic_pos";
  std::string channel = "pos_csv";
  TextEncoding encoding = TextEncoding::kAuto;
  char delimiter = ',';
  std::string currency = "CNY";
  bool amounts_in_minor_units = false;
  std::int64_t utc_offset_minutes = 8 * 60;
  std::array<std::vector<std::string>, kCsvFieldCount> aliases;          // normalised
  std::vector<std::pair<std::string, order::OrderStatus>> statuses;      // normalised text → status
  std::optional<order::OrderStatus> default_status = order::OrderStatus::kCompleted;
  order::Address default_address;                                        // country "CN"

  // The field a header names, or nullopt.
  std::optional<CsvField> FieldForHeader(std::string_view header) const;
  std::optional<order::OrderStatus> StatusFor(std::string_view text) const;
};

// The built-in profile: the Chinese and English aliases of docs/channels.md, common POS status
// words, default status completed (a POS sale is finished at the till).
const CsvProfile& DefaultCsvProfile();

// A saved profile, on top of the built-in aliases and statuses. kInvalidArgument names the
// first bad member as a JSON pointer ("/columns/phone/0", "/delimiter").
core::Result<CsvProfile> ParseCsvProfile(std::string_view json);

}  // namespace ordo::channels
