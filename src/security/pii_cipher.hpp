#pragma once
// Encryption of personal data at rest and blind indexes for exact lookup.
//
//   master key (32 bytes, from a key file or an env var)
//     ├─ crypto_kdf_derive_from_key(id 1, "OrdoPII_") → encryption key (XChaCha20-Poly1305 IETF)
//     └─ crypto_kdf_derive_from_key(id 2, "OrdoPII_") → blind-index key (BLAKE2b, 32-byte MAC)
//
// Ciphertext text form: base64(nonce[24] || ciphertext || tag[16]), standard alphabet, padded.
// Associated data binds a ciphertext to its place (e.g. "orders.shipping_phone:12345"): moving
// it to another row or column makes Decrypt fail.
//
// Thread-safety: immutable after construction; every method is const and safe to call from any
// thread concurrently. Movable, not copyable; keys are wiped (sodium_memzero) on destruction.
#include <array>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::security {

inline constexpr std::size_t kPiiKeyBytes = 32;

class PiiCipher {
 public:
  // From raw key bytes. kInvalidArgument "pii key must be 32 bytes" otherwise.
  static core::Result<PiiCipher> FromKeyBytes(std::string_view key_bytes);
  // From text holding the key as 64 hex characters or base64 (43/44 characters); surrounding
  // whitespace (a trailing newline in a file) is ignored. kInvalidArgument "pii key must be 32
  // bytes given as 64 hex characters or base64" otherwise. The text is never echoed.
  static core::Result<PiiCipher> FromKeyText(std::string_view key_text);
  // Reads the key file. kUnavailable "pii key file missing or unreadable: <path>" (the path is
  // configuration, not personal data), or FromKeyText's error.
  static core::Result<PiiCipher> FromKeyFile(const std::string& path);
  // Reads the env var. kUnavailable "pii key environment variable <name> is not set", or
  // FromKeyText's error.
  static core::Result<PiiCipher> FromEnv(const std::string& variable_name);
  // A fixed, publicly known key for `ordo serve --dev-insecure-key`, demos and tests. Data
  // encrypted with it is NOT protected. IsDevInsecure() reports it so `serve` can warn.
  static PiiCipher DevInsecureKey();

  // A new random key as 64 hex characters, for writing a key file.
  static std::string GenerateKeyText();

  PiiCipher(PiiCipher&& other) noexcept;
  PiiCipher& operator=(PiiCipher&& other) noexcept;
  PiiCipher(const PiiCipher&) = delete;
  PiiCipher& operator=(const PiiCipher&) = delete;
  ~PiiCipher();

  // Encrypts with a fresh random nonce: the same plaintext gives a different text every time
  // (use BlindIndex for equality). Never fails.
  std::string Encrypt(std::string_view plaintext, std::string_view associated_data) const;
  // kInvalidArgument "ciphertext is not valid base64" / "ciphertext too short";
  // kUnauthorized "ciphertext failed authentication" on a wrong key, wrong associated data or
  // any tampering. No part of the plaintext or ciphertext appears in errors.
  core::Result<std::string> Decrypt(std::string_view ciphertext_base64,
                                    std::string_view associated_data) const;

  // Keyed hash of an already normalised value (see NormalisePhoneForIndex / …): lower-case hex,
  // 64 chars. Equal inputs give equal outputs under the same master key; without the key it
  // cannot be computed or brute-forced from a dump.
  std::string BlindIndex(std::string_view normalised_value) const;

  // 16 hex chars identifying the master key (a hash of a third derived subkey), safe to store
  // beside ciphertexts and to log, so a wrong key is detected before decrypting anything.
  std::string KeyFingerprint() const;

  bool IsDevInsecure() const { return dev_insecure_; }

 private:
  PiiCipher() = default;
  void Wipe() noexcept;

  std::array<std::uint8_t, 32> encryption_key_{};
  std::array<std::uint8_t, 32> blind_index_key_{};
  std::array<std::uint8_t, 32> fingerprint_key_{};
  bool dev_insecure_ = false;
};

// Normalisation before BlindIndex, so formatting differences do not defeat lookup and dedup.
// Phone: digits only, a leading "86"/"0086" country code dropped from 13/15-digit numbers
//   ("+86 138-1234-1234" → "13812341234").
std::string NormalisePhoneForIndex(std::string_view phone);
// Email: surrounding spaces removed, ASCII lower-cased.
std::string NormaliseEmailForIndex(std::string_view email);
// Name: surrounding spaces removed, inner runs of ASCII spaces collapsed to one, ASCII lower-cased.
std::string NormaliseNameForIndex(std::string_view name);

}  // namespace ordo::security
