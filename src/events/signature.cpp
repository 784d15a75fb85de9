#include "events/signature.hpp"

#include <array>
#include <charconv>
#include <mutex>
#include <vector>

#include <sodium.h>

namespace ordo::events {
namespace {

using Digest = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

void EnsureSodiumInitialised() {
  // sodium_init is idempotent, but calling it once keeps the hot path free of its checks.
  static std::once_flag once;
  std::call_once(once, [] { ORDO_CHECK(sodium_init() >= 0); });
}

// The multi-part API, not crypto_auth_hmacsha256(): that one takes a fixed 32-byte key, while
// subscription secrets are any length and must give the standard HMAC a receiver computes.
Digest ComputeDigest(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  EnsureSodiumInitialised();
  const std::string prefix = std::to_string(unix_seconds) + ".";
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()),
                              secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(prefix.data()),
                                prefix.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()),
                                body.size());
  Digest digest{};
  crypto_auth_hmacsha256_final(&state, digest.data());
  sodium_memzero(&state, sizeof state);
  return digest;
}

std::string ToHex(const Digest& digest) {
  std::string hex(digest.size() * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), digest.data(), digest.size());
  hex.pop_back();  // sodium_bin2hex writes a terminating NUL
  return hex;
}

bool FromHex(std::string_view hex, Digest& out) {
  if (hex.size() != out.size() * 2) return false;
  std::size_t written = 0;
  const char* end = nullptr;
  return sodium_hex2bin(out.data(), out.size(), hex.data(), hex.size(), nullptr, &written,
                        &end) == 0 &&
         written == out.size() && end == hex.data() + hex.size();
}

struct ParsedHeader {
  bool has_timestamp = false;
  std::int64_t timestamp = 0;
  std::vector<Digest> v1;
};

ParsedHeader ParseHeader(std::string_view value) {
  ParsedHeader parsed;
  while (!value.empty()) {
    const std::size_t comma = value.find(',');
    std::string_view part = value.substr(0, comma);
    value = comma == std::string_view::npos ? std::string_view{} : value.substr(comma + 1);
    while (!part.empty() && part.front() == ' ') part.remove_prefix(1);
    while (!part.empty() && part.back() == ' ') part.remove_suffix(1);
    const std::size_t equals = part.find('=');
    if (equals == std::string_view::npos) continue;
    const std::string_view key = part.substr(0, equals);
    const std::string_view text = part.substr(equals + 1);
    if (key == "t") {
      std::int64_t timestamp = 0;
      const auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), timestamp);
      if (error == std::errc{} && end == text.data() + text.size() && !text.empty()) {
        parsed.has_timestamp = true;
        parsed.timestamp = timestamp;
      }
    } else if (key == "v1") {
      Digest digest{};
      if (FromHex(text, digest)) parsed.v1.push_back(digest);
    }
  }
  return parsed;
}

}  // namespace

std::string SignatureHex(std::string_view secret, std::int64_t unix_seconds, std::string_view body) {
  return ToHex(ComputeDigest(secret, unix_seconds, body));
}

std::string SignatureHeaderValue(std::string_view secret, std::int64_t unix_seconds,
                                 std::string_view body) {
  return "t=" + std::to_string(unix_seconds) + ",v1=" + SignatureHex(secret, unix_seconds, body);
}

core::Status VerifySignature(std::string_view header_value, std::string_view secret,
                             std::string_view body, std::int64_t now_unix_seconds,
                             std::int64_t tolerance_seconds) {
  const ParsedHeader parsed = ParseHeader(header_value);
  if (!parsed.has_timestamp) {
    return core::MakeError(core::ErrorCode::kMalformed, "signature header has no t=<unix seconds>");
  }
  if (parsed.v1.empty()) {
    return core::MakeError(core::ErrorCode::kMalformed, "signature header has no v1=<64 hex digits>");
  }
  const std::int64_t age = now_unix_seconds - parsed.timestamp;
  if (age > tolerance_seconds || -age > tolerance_seconds) {
    return core::MakeError(core::ErrorCode::kUnauthorized, "signature timestamp outside tolerance");
  }
  const Digest expected = ComputeDigest(secret, parsed.timestamp, body);
  bool matched = false;
  for (const Digest& candidate : parsed.v1) {
    // Constant time, and no early exit, so the comparison leaks nothing about the expected MAC.
    matched |= sodium_memcmp(candidate.data(), expected.data(), expected.size()) == 0;
  }
  if (!matched) return core::MakeError(core::ErrorCode::kUnauthorized, "signature does not match");
  return core::Ok();
}

}  // namespace ordo::events
