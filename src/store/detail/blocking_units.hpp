#pragma once
// Blocking reads and writes over the reader pool and the group-commit writer, for the store's
// facets whose methods block their caller (QualityStore, CustomerStore).
#include <functional>
#include <future>
#include <memory>
#include <optional>
#include <string>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/detail/group_commit.hpp"
#include "store/detail/reader_pool.hpp"

namespace ordo::store::detail {

// Reads stay on the reader pool; each call is one task.
template <class T>
core::Result<T> ReadOn(ReaderPool& readers, std::function<core::Result<T>(Connection&)> body) {
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  readers.Submit([&promise, body = std::move(body)](Connection& connection) { promise.set_value(body(connection)); });
  return future.get();
}

// One write unit, committed (and durable) before this returns. The unit may run again after a
// deadlock, so it keeps its result outside and overwrites it on each run.
// `audit_entry` (optional) gives the unit's entry for the batch's audit record from its result
// ("" = none), as the order writes do (WriteUnit::audit_entry).
template <class T>
core::Result<T> WriteOn(GroupCommitWriter& writer, std::function<core::Result<T>(Connection&)> body,
                        std::function<std::string(const T&)> audit_entry = {}) {
  auto result = std::make_shared<std::optional<core::Result<T>>>();
  std::promise<core::Result<T>> promise;
  auto future = promise.get_future();
  WriteUnit unit;
  unit.run = [body = std::move(body), result](Connection& connection) -> core::Status {
    result->emplace(body(connection));
    if (**result) return core::Ok();
    return (**result).error();
  };
  if (audit_entry) {
    unit.audit_entry = [result, audit_entry = std::move(audit_entry)]() -> std::string {
      return *result && **result ? audit_entry(***result) : std::string();
    };
  }
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
