#pragma once
// Reading orders: one, a filtered page of the list, an order's timeline.
//
// `BuildOrderFilter` is the pure part: it turns the list's query parameters into a store filter
// or names every bad parameter. Thread-safe (holds a reference only).
#include <cstdint>
#include <string>
#include <utility>
#include <vector>

#include "core/result.hpp"
#include "store/store.hpp"

namespace ordo::service {

inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 500;

// Decoded query parameters in the order they came.
using QueryParams = std::vector<std::pair<std::string, std::string>>;

// status, channel, province, created_from, created_to (RFC 3339), q, cursor, limit (1..500).
//   kMalformed        — an unknown or repeated parameter, or a cursor Ordo did not issue
//   kInvalidArgument  — a value breaks its rule (field = the parameter's name)
core::Result<store::OrderFilter> BuildOrderFilter(const QueryParams& params);

class OrderQueries {
 public:
  explicit OrderQueries(store::Store& store) : store_(store) {}  // `store` outlives this

  // `scope`: the caller's data scope; an order outside it is kNotFound, like a missing one.
  void Get(std::int64_t order_id, store::OrderScope scope, store::Callback<order::Order> done) {
    store_.GetOrder(order_id, std::move(done), std::move(scope));
  }
  void List(store::OrderFilter filter, store::Callback<store::OrderPage> done) {
    store_.ListOrders(std::move(filter), std::move(done));
  }
  void Summarize(store::OrderFilter filter, store::Callback<store::OrderSummary> done) {
    store_.SummarizeOrders(std::move(filter), std::move(done));
  }
  void Timeline(std::int64_t order_id, store::OrderScope scope,
                store::Callback<std::vector<order::TimelineEvent>> done) {
    store_.GetTimeline(order_id, std::move(done), std::move(scope));
  }

 private:
  store::Store& store_;
};

}  // namespace ordo::service
