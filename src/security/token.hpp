#pragma once
// Opaque bearer credentials: session tokens and API keys. Only a hash is stored; the clear
// token is shown once, to its owner, at creation.
//
//   session token  "ses_" + base64url(32 random bytes)                    e.g. ses_q3V…(43 chars)
//   API key        "ok_" + <8-char public id> + "_" + base64url(32 bytes) e.g. ok_k7d2m9xa_Zr…
//                  key_id "ok_k7d2m9xa" is public: stored in clear, shown in lists and logs,
//                  used to find the row; the hash of the whole key is what authenticates.
//
// Stored hash: lower-case hex SHA-256 of the whole token string (64 chars). The tokens carry
// 256 random bits, so a fast unsalted hash is enough (no password-style stretching needed).
// All functions are thread-safe.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ordo::security {

inline constexpr std::string_view kSessionTokenPrefix = "ses_";
inline constexpr std::string_view kApiKeyPrefix = "ok_";
inline constexpr std::size_t kTokenSecretBytes = 32;
inline constexpr std::size_t kApiKeyIdChars = 8;  // lower-case [a-z2-7]

struct IssuedSessionToken {
  std::string token;       // give to the client once; never store or log
  std::string token_hash;  // store this (hex SHA-256)
};

struct IssuedApiKey {
  std::string key;       // give to the client once; never store or log
  std::string key_id;    // "ok_xxxxxxxx": public, store in clear, unique
  std::string key_hash;  // store this (hex SHA-256 of `key`)
};

// Random from libsodium's CSPRNG (randombytes_buf).
IssuedSessionToken NewSessionToken();
IssuedApiKey NewApiKey();

// A random record id: `prefix` + 16 lower-case base32 characters ([a-z2-7], 80 random bits),
// e.g. NewRecordId("umr_") == "umr_k7d2m9xaq3v5r2ta". Not a credential: random only so that ids
// reveal neither how many records exist nor which come next.
std::string NewRecordId(std::string_view prefix);

// Deterministic forms for tests: the same bytes give the same token.
IssuedSessionToken SessionTokenFromBytes(std::span<const std::uint8_t, kTokenSecretBytes> secret);
IssuedApiKey ApiKeyFromBytes(std::span<const std::uint8_t, 5> id_bytes,
                             std::span<const std::uint8_t, kTokenSecretBytes> secret);

// Lower-case hex SHA-256 of `token` (crypto_hash_sha256). Use on the presented credential, then
// look the row up by this hash (sessions) or by key id (API keys) and compare with
// ConstantTimeEquals.
std::string HashToken(std::string_view token);

// What a presented bearer credential claims to be, from its shape alone (no lookup).
enum class CredentialKind { kSessionToken, kApiKey, kUnknown };
CredentialKind ClassifyCredential(std::string_view presented);

// "ok_k7d2m9xa_…" → "ok_k7d2m9xa"; nullopt when not shaped like an API key.
std::optional<std::string> ApiKeyIdOf(std::string_view presented_key);

// Equality without early exit (sodium_memcmp). Different lengths are unequal; the length itself
// is not secret for our uses (hashes are fixed-length hex).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace ordo::security
