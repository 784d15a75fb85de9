#pragma once
// libsodium must be initialised before use; every entry point of this module that touches it
// calls EnsureSodium() first. Internal to the security module.
namespace ordo::security::detail {

// Calls sodium_init() once per process (thread-safe: a function-local static). Crashes
// (ORDO_CHECK) if libsodium cannot initialise: no secure randomness means we must not run.
void EnsureSodium();

}  // namespace ordo::security::detail
