#include "security/detail/sodium.hpp"

#include <sodium.h>

#include "core/assert.hpp"

namespace ordo::security::detail {

void EnsureSodium() {
  // sodium_init() returns 0 the first time, 1 when already initialised, -1 on failure.
  static const bool initialised = sodium_init() >= 0;
  ORDO_CHECK(initialised);
}

}  // namespace ordo::security::detail
