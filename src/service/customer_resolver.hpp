#pragma once
// The resolver thread of `ordo serve`: CustomerDirectory::ResolveNext in a loop, sleeping
// `idle` when it has caught up. Near real time: an order is resolved about `idle` after its
// commit, whichever path ingested it. Logs each catch-up with its throughput (orders/s), counts
// only.
//
// Several nodes on one PostgreSQL database: every resolver writes through a compare-and-set on
// the store cursor, so a second node's batch is refused (kConflict) and that node reloads; only
// one node makes progress at a time, but the others keep trying (see docs/customers.md: an
// advisory lock to elect one is not built).
//
// Thread-safe. Stop() (and the destructor) wakes the thread and joins it.
#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

#include "service/customer_directory.hpp"

namespace ordo::service {

class CustomerResolver {
 public:
  // `directory` outlives this.
  CustomerResolver(CustomerDirectory& directory, std::chrono::milliseconds idle, int batch_orders = 500);
  ~CustomerResolver();
  CustomerResolver(const CustomerResolver&) = delete;
  CustomerResolver& operator=(const CustomerResolver&) = delete;

  void Start();
  void Stop();

 private:
  void Loop();

  CustomerDirectory& directory_;
  const std::chrono::milliseconds idle_;
  const int batch_orders_;
  std::mutex mutex_;
  std::condition_variable wake_;
  bool stopping_ = false;  // guarded by mutex_
  std::thread thread_;
};

}  // namespace ordo::service
