#pragma once
// Webhook signatures: what receivers check to know a request came from Ordo, unchanged, and
// recently.
//
//   X-Ordo-Signature: t=<unix seconds>,v1=<lowercase hex HMAC-SHA256(secret, "<t>.<body>")>
//
// Worked example (docs/webhooks.md has the same one):
//   secret "whsec_test", t = 1795000000, body {"id":1}
//   signed text      1795000000.{"id":1}
//   header value     t=1795000000,v1=<HMAC-SHA256 hex of the signed text>
//
// The timestamp is signed with the body, so a captured request cannot be replayed outside the
// receiver's tolerance window. Pure functions: thread-safe, no I/O.
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::events {

inline constexpr std::string_view kSignatureHeader = "X-Ordo-Signature";
inline constexpr std::int64_t kDefaultSignatureToleranceSeconds = 300;

// Lowercase hex HMAC-SHA256 of "<unix_seconds>.<body>" keyed with `secret` (any length).
std::string SignatureHex(std::string_view secret, std::int64_t unix_seconds, std::string_view body);

// The X-Ordo-Signature header value: "t=<unix_seconds>,v1=<SignatureHex(…)>".
std::string SignatureHeaderValue(std::string_view secret, std::int64_t unix_seconds,
                                 std::string_view body);

// Checks a received X-Ordo-Signature header value against the raw body.
//   kMalformed     — no "t=" with an integer, or no "v1=" with 64 hex digits
//   kUnauthorized  — t is more than `tolerance_seconds` away from `now_unix_seconds`, or no
//                    v1 matches (compared in constant time)
// Unknown "key=value" parts are ignored and several v1 parts are accepted (any one matching
// is enough), so that a later scheme or a secret rotation can sign twice.
core::Status VerifySignature(std::string_view header_value, std::string_view secret,
                             std::string_view body, std::int64_t now_unix_seconds,
                             std::int64_t tolerance_seconds = kDefaultSignatureToleranceSeconds);

}  // namespace ordo::events
