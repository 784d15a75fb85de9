#pragma once
// Helpers shared by the handlers: getting a store result back onto the connection's strand,
// answering with a problem, reading path ids.
#include <cstdint>
#include <optional>
#include <utility>

#include "api/http_types.hpp"
#include "api/problem.hpp"
#include "core/actor.hpp"
#include "core/assert.hpp"
#include "core/result.hpp"

namespace ordo::api {

// A store/service callback that moves its result to the exchange's strand, lets `write`
// fill the response there (never on a store thread: the SQLite writer must not spend its time
// formatting JSON), then sends it.
//   write: void(Exchange&, core::Result<T>)
template <class T, class Write>
auto ReplyOnStrand(ExchangePtr exchange, Write write) {
  return [exchange = std::move(exchange), write = std::move(write)](core::Result<T> result) mutable {
    Exchange& target = *exchange;
    target.Post([exchange = std::move(exchange), write = std::move(write), result = std::move(result)]() mutable {
      write(*exchange, std::move(result));
      exchange->Finish();
    });
  };
}

inline void ReplyProblem(Exchange& exchange, const core::Error& error) {
  WriteProblem(exchange.response, error, exchange.request.request_id);
}
inline void FinishWithProblem(const ExchangePtr& exchange, const core::Error& error) {
  ReplyProblem(*exchange, error);
  exchange->Finish();
}

// The id in a path such as /orders/{id}: a positive integer, else kMalformed naming `field`.
core::Result<std::int64_t> ParsePathId(std::string_view text, std::string_view field);

// Who is calling, on a guarded route (the guard set it; a missing principal there is a bug).
inline const security::Principal& PrincipalOf(const Exchange& exchange) {
  ORDO_CHECK(exchange.principal != nullptr);
  return *exchange.principal;
}
// For timeline events and audit rows.
inline core::Actor ApiActor(const Exchange& exchange) { return PrincipalOf(exchange).ToActor(); }

}  // namespace ordo::api
