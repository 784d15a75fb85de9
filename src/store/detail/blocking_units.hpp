#pragma once
// Blocking calls over the reader pool and the group-commit writer, for the store's blocking
// methods (ChannelStore). sql_store_quality.cpp has the same two helpers privately.
#include <functional>
#include <future>
#include <memory>
#include <optional>

#include "store/detail/group_commit.hpp"
#include "store/detail/reader_pool.hpp"

namespace ordo::store::detail {

template <class T>
core::Result<T> ReadBlocking(ReaderPool& readers, std::function<core::Result<T>(Connection&)> body) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  readers.Submit([&promise, body = std::move(body)](Connection& connection) { promise.set_value(body(connection)); });
  return future.get();
}

// One write unit, committed (and durable) before this returns. The unit may run again after a
// deadlock, so it keeps its result outside and overwrites it on each run.
template <class T>
core::Result<T> WriteBlocking(GroupCommitWriter& writer, std::function<core::Result<T>(Connection&)> body) {
  auto result = std::make_shared<std::optional<core::Result<T>>>();
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  WriteUnit unit;
  unit.run = [body = std::move(body), result](Connection& connection) -> core::Status {
    result->emplace(body(connection));
    if (**result) return core::Ok();
    return (**result).error();
  };
  unit.complete = [result, &promise](core::Status status) {
    if (!status) {
      promise.set_value(std::move(status).error());
    } else {
      promise.set_value(std::move(**result));
    }
  };
  writer.Submit(std::move(unit));
  return future.get();
}

}  // namespace ordo::store::detail
