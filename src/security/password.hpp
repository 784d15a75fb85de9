#pragma once
// Password hashing (argon2id via libsodium crypto_pwhash_str) and the password policy.
//
// Stored form: libsodium's PHC string "$argon2id$v=19$m=65536,t=2,p=1$<salt>$<hash>" (ASCII,
// < 128 bytes); it carries its own salt and cost, so verifying never needs outside parameters.
//
// Cost: "interactive" limits (64 MiB, 2 passes) ≈ 50-100 ms of one core. On a 2-core machine
// each concurrent login holds 64 MiB and a core, so callers must run hashing off the I/O
// threads and cap concurrent hashes (e.g. a semaphore of 2); the login throttle bounds the rate.
//
// All functions are thread-safe (libsodium is initialised once, on first use).
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"

namespace ordo::security {

struct PasswordCost {
  unsigned long long ops_limit = 0;
  std::size_t mem_limit_bytes = 0;
};
// crypto_pwhash_OPSLIMIT_INTERACTIVE / MEMLIMIT_INTERACTIVE: the production cost.
PasswordCost InteractivePasswordCost();
// libsodium's minimum (1 pass, 8 KiB). For unit tests only: offers no protection.
PasswordCost MinimumPasswordCostForTests();

inline constexpr std::size_t kMinPasswordChars = 10;     // Unicode code points
inline constexpr std::size_t kMaxPasswordBytes = 1024;   // bounds hashing input; not a secret limit

// Returns the PHC string, or kInternal "password hashing failed" when libsodium cannot get the
// memory. Does not check the policy (call CheckPasswordPolicy first when setting a password).
core::Result<std::string> HashPassword(std::string_view password,
                                       PasswordCost cost = InteractivePasswordCost());

// True iff `password` matches `stored_hash`. A malformed or non-argon2id hash is false, never a
// crash. Takes as long as the stored hash's cost (no early exit on mismatch).
bool VerifyPassword(std::string_view stored_hash, std::string_view password);

// Burns the time of a VerifyPassword against a real hash of `cost`, for a login to an unknown
// username, so response time does not reveal whether an account exists. The interactive-cost
// dummy hash is made once (first call); other costs (tests) hash and verify on every call.
void VerifyPasswordAgainstDummy(std::string_view password,
                                PasswordCost cost = InteractivePasswordCost());

// True when `stored_hash` was made with a cost other than `cost` (or is not argon2id): after a
// successful login, rehash and store the new hash.
bool PasswordNeedsRehash(std::string_view stored_hash,
                         PasswordCost cost = InteractivePasswordCost());

// The policy for a new password; empty when it is acceptable. Field "password", codes:
//   "too_short"      fewer than kMinPasswordChars code points
//   "too_long"       more than kMaxPasswordBytes bytes
//   "invalid_utf8"
//   "equals_username" equal to the username, ignoring ASCII case and surrounding spaces
// Messages name the rule, never the value.
std::vector<core::FieldError> CheckPasswordPolicy(std::string_view password,
                                                  std::string_view username);
// The same as a Status: kInvalidArgument "password does not meet the policy" with the fields.
core::Status ValidatePasswordPolicy(std::string_view password, std::string_view username);

}  // namespace ordo::security
