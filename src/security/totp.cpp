#include "security/totp.hpp"

#include <liboath/oath.h>
#include <sodium.h>

#include <array>

#include "core/assert.hpp"
#include "security/detail/sodium.hpp"
#include "security/encoding.hpp"
#include "security/token.hpp"

namespace ordo::security {
namespace {

void EnsureOath() {
  // oath_init() initialises the crypto backend; not documented as thread-safe, so once, here.
  static const bool initialised = oath_init() == OATH_OK;
  ORDO_CHECK(initialised);
}

bool AllDigits(std::string_view text) {
  for (const char c : text) {
    if (c < '0' || c > '9') return false;
  }
  return !text.empty();
}

std::string PercentEncode(std::string_view text) {
  static constexpr char kHex[] = "0123456789ABCDEF";
  std::string out;
  for (const char c : text) {
    const auto byte = static_cast<unsigned char>(c);
    const bool unreserved = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') ||
                            (c >= '0' && c <= '9') || c == '-' || c == '.' || c == '_' || c == '~';
    if (unreserved) {
      out.push_back(c);
    } else {
      out.push_back('%');
      out.push_back(kHex[byte >> 4]);
      out.push_back(kHex[byte & 0x0f]);
    }
  }
  return out;
}

}  // namespace

std::string NewTotpSecretBase32() {
  detail::EnsureSodium();
  std::array<unsigned char, kTotpSecretBytes> secret{};
  randombytes_buf(secret.data(), secret.size());
  std::string encoded = ToBase32({reinterpret_cast<const char*>(secret.data()), secret.size()});
  sodium_memzero(secret.data(), secret.size());
  return encoded;
}

std::string TotpProvisioningUri(std::string_view username, std::string_view secret_base32) {
  return "otpauth://totp/Ordo:" + PercentEncode(username) +
         "?secret=" + PercentEncode(secret_base32) + "&issuer=Ordo";
}

std::int64_t TotpStepAt(core::UnixMillis at, const TotpParams& params) {
  const std::int64_t seconds = at >= 0 ? at / 1000 : (at - 999) / 1000;  // floor
  const std::int64_t step = params.step_seconds;
  return seconds >= 0 ? seconds / step : (seconds - step + 1) / step;
}

core::Result<std::string> TotpCodeForStep(std::string_view secret_bytes, std::int64_t step,
                                          const TotpParams& params) {
  if (params.digits < 6 || params.digits > 8) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "totp digits must be 6, 7 or 8");
  }
  if (secret_bytes.empty() || params.step_seconds <= 0 || step < 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "totp secret or step is invalid");
  }
  EnsureOath();
  std::array<char, 16> code{};
  // time = step × step_seconds lands exactly at the start of `step`.
  const int rc = oath_totp_generate2(
      secret_bytes.data(), secret_bytes.size(),
      static_cast<time_t>(step * params.step_seconds), static_cast<unsigned>(params.step_seconds),
      0, static_cast<unsigned>(params.digits), 0 /* HMAC-SHA-1 */, code.data());
  if (rc != OATH_OK) return core::MakeError(core::ErrorCode::kInternal, "totp generation failed");
  return std::string(code.data());
}

bool IsTotpReplay(std::int64_t candidate_step, std::optional<std::int64_t> last_accepted_step) {
  return last_accepted_step.has_value() && candidate_step <= *last_accepted_step;
}

core::Result<std::int64_t> VerifyTotp(std::string_view secret_base32, std::string_view code,
                                      core::UnixMillis now,
                                      std::optional<std::int64_t> last_accepted_step,
                                      const TotpParams& params) {
  const auto invalid = [] { return core::MakeError(core::ErrorCode::kUnauthorized, "invalid_totp"); };
  if (params.digits < 6 || params.digits > 8 || params.window_steps < 0) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "totp parameters are invalid");
  }
  if (code.size() != static_cast<std::size_t>(params.digits) || !AllDigits(code)) return invalid();
  std::optional<std::string> secret = FromBase32(secret_base32);
  if (!secret.has_value() || secret->empty()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "totp secret is not valid base32");
  }
  const std::int64_t current = TotpStepAt(now, params);
  // Every candidate is computed and compared, so the time taken does not say which one matched.
  std::optional<std::int64_t> matched;
  for (std::int64_t offset = -params.window_steps; offset <= params.window_steps; ++offset) {
    const std::int64_t step = current + offset;
    if (step < 0) continue;
    auto expected = TotpCodeForStep(*secret, step, params);
    if (!expected.has_value()) {
      sodium_memzero(secret->data(), secret->size());
      return std::move(expected).error();
    }
    if (ConstantTimeEquals(expected.value(), code)) matched = step;  // keeps the latest step
  }
  sodium_memzero(secret->data(), secret->size());
  if (!matched.has_value()) return invalid();
  if (IsTotpReplay(*matched, last_accepted_step)) {
    return core::MakeError(core::ErrorCode::kUnauthorized, "totp_replayed");
  }
  return *matched;
}

bool StepUpFresh(std::optional<core::UnixMillis> last_step_up_at, core::UnixMillis now) {
  if (!last_step_up_at.has_value()) return false;
  const core::UnixMillis age = now - *last_step_up_at;
  return age >= 0 && age <= kStepUpMaxAgeMillis;
}

}  // namespace ordo::security
