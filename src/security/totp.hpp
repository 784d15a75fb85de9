#pragma once
// TOTP (RFC 6238) as authenticator apps implement it: HMAC-SHA-1, 30-second steps, 6 digits,
// computed by liboath. Enrolment (secret + otpauth:// URI), verification with a ±1 step window
// and replay protection, and the step-up freshness rule for sensitive operations.
//
// Secrets are 20 random bytes, exchanged as RFC 4648 base32 (32 characters, no padding). They
// are personal secrets: store them encrypted (PiiCipher), never log them.
// All functions are thread-safe (liboath is initialised once, on first use).
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"

namespace ordo::security {

inline constexpr std::size_t kTotpSecretBytes = 20;
inline constexpr core::UnixMillis kStepUpMaxAgeMillis = 5 * 60 * 1000;

struct TotpParams {
  int digits = 6;            // 6, 7 or 8 (liboath's range)
  int step_seconds = 30;
  int window_steps = 1;      // accept codes of steps [T - window, T + window]
};

// A new secret, base32 (crypto-random, 20 bytes).
std::string NewTotpSecretBase32();

// "otpauth://totp/Ordo:<user>?secret=<base32>&issuer=Ordo" with the user percent-encoded
// (RFC 3986 unreserved characters kept). Put it in a QR code (qr_code.hpp) or show it once.
std::string TotpProvisioningUri(std::string_view username, std::string_view secret_base32);

// The time step containing `at`: floor(at / 1000 / step_seconds).
std::int64_t TotpStepAt(core::UnixMillis at, const TotpParams& params = {});

// The code for `step` with the raw (not base32) secret. kInvalidArgument if digits is not
// 6..8 or the secret is empty; kInternal if liboath fails.
core::Result<std::string> TotpCodeForStep(std::string_view secret_bytes, std::int64_t step,
                                          const TotpParams& params = {});

// Checks `code` against the steps around `now`, comparing every candidate in constant time.
// `last_accepted_step` is the step of this user's previous accepted code (nullopt if none):
// a code for a step ≤ it is refused, so a code works once and an older code never works after
// a newer one. On success returns the matched step: store it as the new last_accepted_step
// (in the same transaction that records the step-up).
// Failures (all kUnauthorized; detail is the stable code):
//   "invalid_totp"   not 6..8 digits, wrong code, or outside the window
//   "totp_replayed"  right code for a step ≤ last_accepted_step
// kInvalidArgument "totp secret is not valid base32" for a corrupt stored secret.
core::Result<std::int64_t> VerifyTotp(std::string_view secret_base32, std::string_view code,
                                      core::UnixMillis now,
                                      std::optional<std::int64_t> last_accepted_step,
                                      const TotpParams& params = {});

// True iff step = candidate would be a replay: candidate ≤ last_accepted_step.
bool IsTotpReplay(std::int64_t candidate_step, std::optional<std::int64_t> last_accepted_step);

// Step-up freshness: a TOTP confirmed at `last_step_up_at` is good for sensitive operations
// until 5 minutes later. False when there was none, or when it lies in the future (clock
// trouble or tampering: fail closed).
bool StepUpFresh(std::optional<core::UnixMillis> last_step_up_at, core::UnixMillis now);

}  // namespace ordo::security
