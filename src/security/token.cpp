#include "security/token.hpp"

#include <sodium.h>

#include <array>

#include "security/detail/sodium.hpp"
#include "security/detail/text.hpp"
#include "security/encoding.hpp"

namespace ordo::security {
namespace {

// base64url without padding of 32 bytes.
constexpr std::size_t kSecretChars = 43;

std::string_view AsText(std::span<const std::uint8_t> bytes) {
  return {reinterpret_cast<const char*>(bytes.data()), bytes.size()};
}

bool IsBase64UrlChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' ||
         c == '_';
}

bool IsKeyIdChar(char c) { return (c >= 'a' && c <= 'z') || (c >= '2' && c <= '7'); }

bool AllOf(std::string_view text, bool (*predicate)(char)) {
  for (const char c : text) {
    if (!predicate(c)) return false;
  }
  return true;
}

}  // namespace

IssuedSessionToken SessionTokenFromBytes(std::span<const std::uint8_t, kTokenSecretBytes> secret) {
  IssuedSessionToken issued;
  issued.token = std::string(kSessionTokenPrefix) + ToBase64Url(AsText(secret));
  issued.token_hash = HashToken(issued.token);
  return issued;
}

IssuedApiKey ApiKeyFromBytes(std::span<const std::uint8_t, 5> id_bytes,
                             std::span<const std::uint8_t, kTokenSecretBytes> secret) {
  IssuedApiKey issued;
  // 5 bytes are exactly 8 base32 characters; lower case reads better in lists.
  issued.key_id = std::string(kApiKeyPrefix) + detail::AsciiLower(ToBase32(AsText(id_bytes)));
  issued.key = issued.key_id + "_" + ToBase64Url(AsText(secret));
  issued.key_hash = HashToken(issued.key);
  return issued;
}

IssuedSessionToken NewSessionToken() {
  detail::EnsureSodium();
  std::array<std::uint8_t, kTokenSecretBytes> secret{};
  randombytes_buf(secret.data(), secret.size());
  IssuedSessionToken issued = SessionTokenFromBytes(secret);
  sodium_memzero(secret.data(), secret.size());
  return issued;
}

IssuedApiKey NewApiKey() {
  detail::EnsureSodium();
  std::array<std::uint8_t, 5> id_bytes{};
  std::array<std::uint8_t, kTokenSecretBytes> secret{};
  randombytes_buf(id_bytes.data(), id_bytes.size());
  randombytes_buf(secret.data(), secret.size());
  IssuedApiKey issued = ApiKeyFromBytes(id_bytes, secret);
  sodium_memzero(secret.data(), secret.size());
  return issued;
}

std::string NewRecordId(std::string_view prefix) {
  detail::EnsureSodium();
  std::array<std::uint8_t, 10> id_bytes{};  // exactly 16 base32 characters
  randombytes_buf(id_bytes.data(), id_bytes.size());
  return std::string(prefix) + detail::AsciiLower(ToBase32(AsText(id_bytes)));
}

std::string HashToken(std::string_view token) {
  detail::EnsureSodium();
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256(digest.data(), reinterpret_cast<const unsigned char*>(token.data()),
                     token.size());
  return ToHex({reinterpret_cast<const char*>(digest.data()), digest.size()});
}

std::optional<std::string> ApiKeyIdOf(std::string_view presented_key) {
  const std::size_t id_end = kApiKeyPrefix.size() + kApiKeyIdChars;
  if (presented_key.size() != id_end + 1 + kSecretChars) return std::nullopt;
  if (presented_key.substr(0, kApiKeyPrefix.size()) != kApiKeyPrefix) return std::nullopt;
  if (presented_key[id_end] != '_') return std::nullopt;
  if (!AllOf(presented_key.substr(kApiKeyPrefix.size(), kApiKeyIdChars), IsKeyIdChar)) {
    return std::nullopt;
  }
  if (!AllOf(presented_key.substr(id_end + 1), IsBase64UrlChar)) return std::nullopt;
  return std::string(presented_key.substr(0, id_end));
}

CredentialKind ClassifyCredential(std::string_view presented) {
  if (presented.size() == kSessionTokenPrefix.size() + kSecretChars &&
      presented.substr(0, kSessionTokenPrefix.size()) == kSessionTokenPrefix &&
      AllOf(presented.substr(kSessionTokenPrefix.size()), IsBase64UrlChar)) {
    return CredentialKind::kSessionToken;
  }
  if (ApiKeyIdOf(presented).has_value()) return CredentialKind::kApiKey;
  return CredentialKind::kUnknown;
}

bool ConstantTimeEquals(std::string_view a, std::string_view b) {
  detail::EnsureSodium();
  if (a.size() != b.size()) return false;
  if (a.empty()) return true;
  return sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

}  // namespace ordo::security
