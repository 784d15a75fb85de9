#pragma once
// A running watch of rule publications by other nodes (RulesStore::WatchRulePublications).
// Destroying it stops it: after the destructor returns its callback never runs again.
#include <functional>
#include <memory>

namespace ordo::store::detail {

class PublicationWatch {
 public:
  virtual ~PublicationWatch() = default;
};

// Starts a watch that runs `changed` on its own thread. Only PostgreSQL has one.
using PublicationWatchFactory = std::function<std::unique_ptr<PublicationWatch>(std::function<void()> changed)>;

}  // namespace ordo::store::detail
