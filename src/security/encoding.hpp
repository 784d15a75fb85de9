#pragma once
// Byte ↔ text encodings used by the security module: hex (hashes), base64 (ciphertexts, keys),
// base32 (TOTP secrets, RFC 4648 as authenticator apps expect). Pure; thread-safe.
//
// "Bytes" are std::string holding raw octets (may contain NUL); hex is lower case.
#include <optional>
#include <string>
#include <string_view>

namespace ordo::security {

// "\x01\xab" → "01ab".
std::string ToHex(std::string_view bytes);
// "01AB" / "01ab" → "\x01\xab"; nullopt on odd length or a non-hex character.
std::optional<std::string> FromHex(std::string_view hex);

// Standard alphabet with padding ("+/", "=") — the form of stored ciphertexts and key files.
std::string ToBase64(std::string_view bytes);
// Accepts the standard alphabet with or without padding; ignores no characters (no whitespace).
std::optional<std::string> FromBase64(std::string_view text);
// URL-safe alphabet without padding — the form of tokens (no '+', '/', '=' to escape).
std::string ToBase64Url(std::string_view bytes);

// RFC 4648 base32, upper case, no padding: 20 bytes → 32 characters.
std::string ToBase32(std::string_view bytes);
// Case-insensitive; spaces, '-' and trailing '=' are ignored (people retype secrets);
// nullopt on any other character or on leftover bits that are not zero.
std::optional<std::string> FromBase32(std::string_view text);

}  // namespace ordo::security
