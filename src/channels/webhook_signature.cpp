#include "channels/webhook_signature.hpp"

#include <array>
#include <mutex>

#include <sodium.h>

namespace ordo::channels {
namespace {

using Digest = std::array<unsigned char, crypto_auth_hmacsha256_BYTES>;

void EnsureSodiumInitialised() {
  static std::once_flag once;
  std::call_once(once, [] { ORDO_CHECK(sodium_init() >= 0); });
}

// The multi-part API: crypto_auth_hmacsha256() wants a 32-byte key, shop secrets are any length.
Digest ComputeDigest(std::string_view secret, std::string_view body) {
  EnsureSodiumInitialised();
  crypto_auth_hmacsha256_state state;
  crypto_auth_hmacsha256_init(&state, reinterpret_cast<const unsigned char*>(secret.data()), secret.size());
  crypto_auth_hmacsha256_update(&state, reinterpret_cast<const unsigned char*>(body.data()), body.size());
  Digest digest{};
  crypto_auth_hmacsha256_final(&state, digest.data());
  sodium_memzero(&state, sizeof state);
  return digest;
}

core::Status VerifyBase64Hmac(std::string_view channel, std::string_view raw_body, std::string_view secret,
                              std::string_view header_base64) {
  if (secret.empty()) {
    return core::MakeError(core::ErrorCode::kUnauthorized, std::string(channel) + ": no webhook secret configured");
  }
  while (!header_base64.empty() && (header_base64.front() == ' ' || header_base64.front() == '\t')) {
    header_base64.remove_prefix(1);
  }
  while (!header_base64.empty() && (header_base64.back() == ' ' || header_base64.back() == '\t')) {
    header_base64.remove_suffix(1);
  }
  Digest received{};
  std::size_t written = 0;
  const char* end = nullptr;
  EnsureSodiumInitialised();
  if (sodium_base642bin(received.data(), received.size(), header_base64.data(), header_base64.size(), nullptr,
                        &written, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      written != received.size() || end != header_base64.data() + header_base64.size()) {
    return core::MakeError(core::ErrorCode::kMalformed,
                           std::string(channel) + ": the signature header is not base64 of an HMAC-SHA256");
  }
  const Digest expected = ComputeDigest(secret, raw_body);
  if (sodium_memcmp(received.data(), expected.data(), expected.size()) != 0) {
    return core::MakeError(core::ErrorCode::kUnauthorized, std::string(channel) + ": the signature does not match");
  }
  return core::Ok();
}

}  // namespace

std::string HmacSha256Base64(std::string_view secret, std::string_view body) {
  const Digest digest = ComputeDigest(secret, body);
  std::string out(sodium_base64_ENCODED_LEN(digest.size(), sodium_base64_VARIANT_ORIGINAL), '\0');
  sodium_bin2base64(out.data(), out.size(), digest.data(), digest.size(), sodium_base64_VARIANT_ORIGINAL);
  out.resize(out.find('\0'));
  return out;
}

core::Status VerifyShopifyHmac(std::string_view raw_body, std::string_view secret, std::string_view header_base64) {
  return VerifyBase64Hmac("shopify", raw_body, secret, header_base64);
}

core::Status VerifyWooSignature(std::string_view raw_body, std::string_view secret, std::string_view header_base64) {
  return VerifyBase64Hmac("woocommerce", raw_body, secret, header_base64);
}

}  // namespace ordo::channels
