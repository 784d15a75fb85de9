#pragma once
// Who did something: recorded on every timeline event and audit row.
#include <string>

namespace ordo::core {

struct Actor {
  std::string kind;  // "api", "system", "user", "channel"
  std::string id;    // user name, API key id, channel connection, or "ordo"
};

inline Actor SystemActor() { return {"system", "ordo"}; }

}  // namespace ordo::core
