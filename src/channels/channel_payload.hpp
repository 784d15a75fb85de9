#pragma once
// A channel's native body → its orders, with the channel's adapter (src/channels/): one order,
// or a list payload as a batch. Pure; thread-safe.
//
//   shopify      {"orders": […]} is a batch; the bare Order or {"order": {…}} one order
//   woocommerce  a JSON array is a batch; an order object one order
//   taobao       {"trades_sold_get_response": …} is a batch; a fullinfo trade one order
//   jd           {"jingdong_pop_order_search_responce": …} is a batch; an order detail one order
//   douyin       {"data": {"shop_order_list": […]}} is a batch; an order detail one order
//   pos_csv      always a batch, read with `profile` (the connection's, else the built-in one);
//                each order with a rejected row is an error naming "/<row>/<column header>"
#include <string_view>
#include <vector>

#include "channels/channel_order.hpp"
#include "channels/csv_profile.hpp"
#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::channels {

struct MappedPayload {
  bool batch = false;
  std::vector<core::Result<ChannelOrder>> orders;  // one entry when !batch
};

// A single order's mapping error is returned as the error itself (kInvalidArgument with the
// JSON pointer, kMalformed for non-JSON); a batch's envelope likewise; a batch's bad items are
// errors inside `orders`.
core::Result<MappedPayload> MapChannelPayload(Channel channel, std::string_view body,
                                              const CsvProfile& profile, core::UnixMillis now);

}  // namespace ordo::channels
