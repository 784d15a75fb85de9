#pragma once
// Readiness and store statistics for /readyz and /metrics. Thread-safe.
#include <functional>

#include "core/result.hpp"
#include "service/blocking_pool.hpp"
#include "store/store.hpp"

namespace ordo::service {

class Health {
 public:
  // `store` and `pool` outlive this.
  Health(store::Store& store, BlockingPool& pool) : store_(store), pool_(pool) {}

  // Pings the database on a pool thread; `done` runs there.
  void CheckReady(std::function<void(core::Status)> done) {
    pool_.Post([this, done = std::move(done)] { done(store_.Ping()); });
  }
  store::StoreStats Stats() const { return store_.Stats(); }
  std::string BackendName() const { return store_.BackendName(); }

 private:
  store::Store& store_;
  BlockingPool& pool_;
};

}  // namespace ordo::service
