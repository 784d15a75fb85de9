#pragma once
// What every channel adapter returns: the canonical order plus what only the channel knows
// (its buyer id, its own status text, its update time, how the receiver's contact arrived).
//
// Adapters are pure functions from the channel's documented payload to a ChannelOrder:
//   core::Result<ChannelOrder> Map<Channel>Order(std::string_view raw_json, core::UnixMillis now);
// A payload they cannot map is an Error whose single FieldError names the first bad field as a
// JSON pointer into the raw payload (RFC 6901: "/line_items/0/price") and whose code names the
// rule ("decimal", "required", "total_mismatch", "unknown_status", …). A body that is not JSON
// at all is kMalformed. No adapter does I/O, keeps state or throws; all are thread-safe.
//
// Invariant of every accepted ChannelOrder (checked by the tests and the fuzz targets): its
// `order` obeys the canonical rules of order/order_json.hpp — qty ≥ 1, line_total = qty ×
// unit_price − discount, items = Σ line_total, grand_total = items + shipping + tax − discount,
// amounts in [0, 10^12], texts within their lengths — so it survives the storage round trip.
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "order/order.hpp"

namespace ordo::channels {

enum class Channel : std::uint8_t { kShopify, kWooCommerce, kTaobao, kJd, kDouyin, kPosCsv };

// The order.channel spelling: "shopify", "woocommerce", "taobao", "jd", "douyin", "pos_csv".
std::string_view ChannelName(Channel channel);
std::optional<Channel> ParseChannel(std::string_view name);

// How the receiver's phone number reached us. Only kClear and kPrivacyRelay put a number into
// order.shipping_address.phone; masked and encrypted values are never stored as a phone.
enum class ContactForm : std::uint8_t {
  kClear,         // a number as the buyer typed it
  kPrivacyRelay,  // a marketplace privacy number with the buyer's extension ("170…-1234"):
                  // dialable, but it identifies the order, not the person
  kMasked,        // "138****1234": the channel shows only part of it
  kEncrypted,     // ciphertext (Douyin encrypt_post_tel): needs the channel's decrypt call
  kAbsent,        // no number at all
};
std::string_view ContactFormName(ContactForm form);  // "clear", "privacy_relay", …

// One parcel the channel already knows about (tracking numbers arrive with the order).
struct ChannelShipment {
  std::string carrier;          // as the channel names it ("UPS", "shunfeng", JD logistics id)
  std::string tracking_number;
  std::optional<core::UnixMillis> shipped_at;
  bool operator==(const ChannelShipment&) const = default;
};

struct ChannelOrder {
  order::Order order;  // channel, external_id, status (mapped), lines, address, payments, totals

  std::string buyer_id;      // the channel's buyer identity (Shopify customer id, Taobao
                             // buyer_open_uid, JD open_id_buyer/pin, Douyin doudian_open_id); ""
                             // for guests. Identity resolution keys on (channel, buyer_id).
  std::string buyer_email;   // personal data; "" when the channel gives none
  std::string raw_status;    // the channel's own status as it sent it ("WAIT_SELLER_SEND_GOODS",
                             // "paid/partial", "main_status=22")
  std::optional<core::UnixMillis> channel_updated_at;  // the channel's last change: an update
                                                       // older than the stored one is stale
  std::string hold_reason;   // non-empty: the channel forbids shipping for now (JD LOCKED,
                             // Taobao PAID_FORBID_CONSIGN); ingest, then put on hold with it
  ContactForm contact_form = ContactForm::kAbsent;
  std::string receiver_token;    // an opaque handle to decrypt the receiver later (Taobao oaid,
                                 // Douyin open_address_id / encrypt_post_tel ciphertext); never a
                                 // phone, never shown
  std::int64_t refunded_total = 0;  // minor units already refunded (partial refunds keep the
                                    // status they had; this says how much went back)
  bool partially_shipped = false;   // some lines left, some still to ship (status is shipped)
  std::vector<ChannelShipment> shipments;
};

// A list payload (REST list, trades_sold_get, orderSearch, searchList): one result per order, in
// order; an order that cannot be mapped does not stop the others. Error pointers are from the
// root of the whole list payload ("/orders/3/line_items/0/price").
using ChannelBatch = std::vector<core::Result<ChannelOrder>>;

}  // namespace ordo::channels
