#pragma once
// Verifying that a channel webhook came from the channel, over the raw body exactly as received
// (before any parsing: re-serialised JSON would not match).
//
//   Shopify      X-Shopify-Hmac-Sha256: base64(HMAC-SHA256(app client secret, raw body))
//   WooCommerce  X-WC-Webhook-Signature: base64(HMAC-SHA256(webhook secret, raw body))
//
// Both compare in constant time (sodium_memcmp) after decoding the header, so the time taken
// says nothing about how much of a forged signature was right. Pure functions: thread-safe.
//
// Worked example (tests/channels/webhook_signature_test.cpp checks it against openssl):
//   secret "hush", body {"id":1}  →  header "VnKUjZsLuN5iZWjn5EntcBVCF9kMN43LglzCE1/GSeY="
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::channels {

inline constexpr std::string_view kShopifyHmacHeader = "X-Shopify-Hmac-Sha256";
inline constexpr std::string_view kWooSignatureHeader = "X-WC-Webhook-Signature";

// Standard base64 (with padding) of HMAC-SHA256 keyed with `secret` (any length) over `body`.
std::string HmacSha256Base64(std::string_view secret, std::string_view body);

//   kUnauthorized — no secret configured, or the signature does not match
//   kMalformed    — the header is not base64 of 32 bytes (surrounding spaces are ignored)
core::Status VerifyShopifyHmac(std::string_view raw_body, std::string_view secret, std::string_view header_base64);
core::Status VerifyWooSignature(std::string_view raw_body, std::string_view secret, std::string_view header_base64);

}  // namespace ordo::channels
