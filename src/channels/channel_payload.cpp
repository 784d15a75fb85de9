#include "channels/channel_payload.hpp"

#include <map>
#include <string>

#include "channels/csv_orders.hpp"
#include "channels/douyin.hpp"
#include "channels/jd.hpp"
#include "channels/shopify.hpp"
#include "channels/taobao.hpp"
#include "channels/woocommerce.hpp"
#include "core/json.hpp"

namespace ordo::channels {
namespace {

constexpr std::string_view kUtf8Bom = "\xEF\xBB\xBF";

bool HasMember(const rapidjson::Value& value, const char* name) {
  return value.IsObject() && value.HasMember(name);
}

// Whether the body is one of the channel's list payloads. A body that is not JSON is not a
// list: the single-order adapter reports it as malformed.
bool IsListPayload(Channel channel, std::string_view body) {
  if (body.substr(0, kUtf8Bom.size()) == kUtf8Bom) body.remove_prefix(kUtf8Bom.size());
  rapidjson::Document doc;
  if (!core::ParseJson(body, doc)) return false;
  switch (channel) {
    case Channel::kShopify: return HasMember(doc, "orders");
    case Channel::kWooCommerce: return doc.IsArray();
    case Channel::kTaobao: return HasMember(doc, "trades_sold_get_response");
    case Channel::kJd: return HasMember(doc, "jingdong_pop_order_search_responce");
    case Channel::kDouyin: return HasMember(doc, "data") && HasMember(doc["data"], "shop_order_list");
    case Channel::kPosCsv: return true;
  }
  return false;
}

// "~" and "/" escaped as RFC 6901 asks.
std::string PointerToken(std::string_view text) {
  std::string token;
  for (char c : text) {
    if (c == '~') {
      token += "~0";
    } else if (c == '/') {
      token += "~1";
    } else {
      token += c;
    }
  }
  return token;
}

core::Result<MappedPayload> MapCsv(std::string_view body, const CsvProfile& profile, core::UnixMillis now) {
  core::Result<CsvImport> read = MapCsvOrders(body, profile, now);
  if (!read) return std::move(read).error();
  MappedPayload mapped{true, {}};
  for (ChannelOrder& order : read->orders) mapped.orders.emplace_back(std::move(order));
  // One error per refused order (its first rejected row); rows without an order number alone.
  std::map<std::string, bool> reported;
  for (const CsvRejection& rejection : read->rejections) {
    if (!rejection.external_id.empty() && !reported.emplace(rejection.external_id, true).second) continue;
    const std::string pointer = "/" + std::to_string(rejection.row) + "/" + PointerToken(rejection.column);
    mapped.orders.emplace_back(core::Error{core::ErrorCode::kInvalidArgument,
                                           "row " + std::to_string(rejection.row) + " cannot be mapped",
                                           {{pointer, rejection.code, rejection.message}}});
  }
  if (mapped.orders.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the file has no order rows", {{"", "required", "no rows"}}};
  }
  return mapped;
}

core::Result<ChannelBatch> MapList(Channel channel, std::string_view body, core::UnixMillis now) {
  switch (channel) {
    case Channel::kShopify: return MapShopifyOrders(body, now);
    case Channel::kWooCommerce: return MapWooOrders(body, now);
    case Channel::kTaobao: return MapTaobaoTrades(body, now);
    case Channel::kJd: return MapJdOrders(body, now);
    case Channel::kDouyin: return MapDouyinOrders(body, now);
    case Channel::kPosCsv: break;
  }
  return core::MakeError(core::ErrorCode::kInternal, "no list adapter for this channel");
}

core::Result<ChannelOrder> MapOne(Channel channel, std::string_view body, core::UnixMillis now) {
  switch (channel) {
    case Channel::kShopify: return MapShopifyOrder(body, now);
    case Channel::kWooCommerce: return MapWooOrder(body, now);
    case Channel::kTaobao: return MapTaobaoTrade(body, now);
    case Channel::kJd: return MapJdOrder(body, now);
    case Channel::kDouyin: return MapDouyinOrder(body, now);
    case Channel::kPosCsv: break;
  }
  return core::MakeError(core::ErrorCode::kInternal, "no adapter for this channel");
}

}  // namespace

core::Result<MappedPayload> MapChannelPayload(Channel channel, std::string_view body,
                                              const CsvProfile& profile, core::UnixMillis now) {
  if (channel == Channel::kPosCsv) return MapCsv(body, profile, now);
  if (IsListPayload(channel, body)) {
    core::Result<ChannelBatch> list = MapList(channel, body, now);
    if (!list) return std::move(list).error();
    if (list->empty()) {
      return core::Error{core::ErrorCode::kInvalidArgument, "the list has no orders", {{"", "required", "no orders"}}};
    }
    return MappedPayload{true, std::move(list).value()};
  }
  core::Result<ChannelOrder> one = MapOne(channel, body, now);
  if (!one) return std::move(one).error();
  MappedPayload mapped{false, {}};
  mapped.orders.emplace_back(std::move(one).value());
  return mapped;
}

}  // namespace ordo::channels
