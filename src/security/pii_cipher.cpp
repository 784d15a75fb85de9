#include "security/pii_cipher.hpp"

#include <sodium.h>

#include <cstdlib>
#include <fstream>
#include <iterator>
#include <vector>

#include "security/detail/sodium.hpp"
#include "security/detail/text.hpp"
#include "security/encoding.hpp"

namespace ordo::security {
namespace {

// crypto_kdf contexts are exactly 8 bytes; subkey ids separate the uses of the master key.
constexpr char kKdfContext[crypto_kdf_CONTEXTBYTES + 1] = "OrdoPII_";
constexpr std::uint64_t kEncryptionSubkeyId = 1;
constexpr std::uint64_t kBlindIndexSubkeyId = 2;
constexpr std::uint64_t kFingerprintSubkeyId = 3;

constexpr std::size_t kNonceBytes = crypto_aead_xchacha20poly1305_ietf_NPUBBYTES;  // 24
constexpr std::size_t kTagBytes = crypto_aead_xchacha20poly1305_ietf_ABYTES;       // 16

static_assert(kPiiKeyBytes == crypto_kdf_KEYBYTES);
static_assert(crypto_aead_xchacha20poly1305_ietf_KEYBYTES == 32);

const unsigned char* Bytes(std::string_view text) {
  return reinterpret_cast<const unsigned char*>(text.data());
}

core::Error KeyFormatError() {
  return core::MakeError(core::ErrorCode::kInvalidArgument,
                         "pii key must be 32 bytes given as 64 hex characters or base64");
}

std::string_view Trimmed(std::string_view text) { return detail::TrimAsciiSpace(text); }

}  // namespace

core::Result<PiiCipher> PiiCipher::FromKeyBytes(std::string_view key_bytes) {
  if (key_bytes.size() != kPiiKeyBytes) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "pii key must be 32 bytes");
  }
  detail::EnsureSodium();
  PiiCipher cipher;
  std::array<std::uint8_t, kPiiKeyBytes> master{};
  std::copy(key_bytes.begin(), key_bytes.end(), master.begin());
  crypto_kdf_derive_from_key(cipher.encryption_key_.data(), cipher.encryption_key_.size(),
                             kEncryptionSubkeyId, kKdfContext, master.data());
  crypto_kdf_derive_from_key(cipher.blind_index_key_.data(), cipher.blind_index_key_.size(),
                             kBlindIndexSubkeyId, kKdfContext, master.data());
  crypto_kdf_derive_from_key(cipher.fingerprint_key_.data(), cipher.fingerprint_key_.size(),
                             kFingerprintSubkeyId, kKdfContext, master.data());
  sodium_memzero(master.data(), master.size());
  return cipher;
}

core::Result<PiiCipher> PiiCipher::FromKeyText(std::string_view key_text) {
  const std::string_view text = Trimmed(key_text);
  std::optional<std::string> bytes;
  if (text.size() == 2 * kPiiKeyBytes) {
    bytes = FromHex(text);
  } else if (text.size() == 43 || text.size() == 44) {
    bytes = FromBase64(text);
  }
  if (!bytes.has_value() || bytes->size() != kPiiKeyBytes) {
    if (bytes.has_value()) sodium_memzero(bytes->data(), bytes->size());
    return KeyFormatError();
  }
  auto cipher = FromKeyBytes(*bytes);
  sodium_memzero(bytes->data(), bytes->size());
  return cipher;
}

core::Result<PiiCipher> PiiCipher::FromKeyFile(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "pii key file missing or unreadable: " + path);
  }
  // A key file is ~65 bytes; refuse to slurp something that clearly is not one.
  std::vector<char> content(256);
  file.read(content.data(), static_cast<std::streamsize>(content.size()));
  const auto length = static_cast<std::size_t>(file.gcount());
  if (length == content.size()) {
    sodium_memzero(content.data(), content.size());
    return KeyFormatError();
  }
  auto cipher = FromKeyText({content.data(), length});
  sodium_memzero(content.data(), content.size());
  return cipher;
}

core::Result<PiiCipher> PiiCipher::FromEnv(const std::string& variable_name) {
  const char* value = std::getenv(variable_name.c_str());
  if (value == nullptr || *value == '\0') {
    return core::MakeError(core::ErrorCode::kUnavailable,
                           "pii key environment variable " + variable_name + " is not set");
  }
  return FromKeyText(value);
}

PiiCipher PiiCipher::DevInsecureKey() {
  // Public by design: 32 bytes of "ordo-dev-insecure-key-DO-NOT-USE". Demos and tests only.
  static constexpr std::string_view kDevKey = "ordo-dev-insecure-key-DO-NOT-USE";
  static_assert(kDevKey.size() == kPiiKeyBytes);
  auto cipher = FromKeyBytes(kDevKey);
  PiiCipher dev = std::move(cipher).value();
  dev.dev_insecure_ = true;
  return dev;
}

std::string PiiCipher::GenerateKeyText() {
  detail::EnsureSodium();
  std::array<unsigned char, kPiiKeyBytes> key{};
  crypto_kdf_keygen(key.data());
  std::string text = ToHex({reinterpret_cast<const char*>(key.data()), key.size()});
  sodium_memzero(key.data(), key.size());
  return text;
}

PiiCipher::PiiCipher(PiiCipher&& other) noexcept
    : encryption_key_(other.encryption_key_),
      blind_index_key_(other.blind_index_key_),
      fingerprint_key_(other.fingerprint_key_),
      dev_insecure_(other.dev_insecure_) {
  other.Wipe();
}

PiiCipher& PiiCipher::operator=(PiiCipher&& other) noexcept {
  if (this != &other) {
    encryption_key_ = other.encryption_key_;
    blind_index_key_ = other.blind_index_key_;
    fingerprint_key_ = other.fingerprint_key_;
    dev_insecure_ = other.dev_insecure_;
    other.Wipe();
  }
  return *this;
}

PiiCipher::~PiiCipher() { Wipe(); }

void PiiCipher::Wipe() noexcept {
  sodium_memzero(encryption_key_.data(), encryption_key_.size());
  sodium_memzero(blind_index_key_.data(), blind_index_key_.size());
  sodium_memzero(fingerprint_key_.data(), fingerprint_key_.size());
}

std::string PiiCipher::Encrypt(std::string_view plaintext,
                               std::string_view associated_data) const {
  detail::EnsureSodium();
  std::string sealed(kNonceBytes + plaintext.size() + kTagBytes, '\0');
  auto* nonce = reinterpret_cast<unsigned char*>(sealed.data());
  // 192-bit random nonces: collisions are negligible without any counter state to keep.
  randombytes_buf(nonce, kNonceBytes);
  unsigned long long ciphertext_len = 0;
  crypto_aead_xchacha20poly1305_ietf_encrypt(
      nonce + kNonceBytes, &ciphertext_len, Bytes(plaintext), plaintext.size(),
      Bytes(associated_data), associated_data.size(), nullptr, nonce, encryption_key_.data());
  sealed.resize(kNonceBytes + ciphertext_len);
  return ToBase64(sealed);
}

core::Result<std::string> PiiCipher::Decrypt(std::string_view ciphertext_base64,
                                             std::string_view associated_data) const {
  detail::EnsureSodium();
  std::optional<std::string> sealed = FromBase64(ciphertext_base64);
  if (!sealed.has_value()) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "ciphertext is not valid base64");
  }
  if (sealed->size() < kNonceBytes + kTagBytes) {
    return core::MakeError(core::ErrorCode::kInvalidArgument, "ciphertext too short");
  }
  const auto* nonce = Bytes(*sealed);
  const std::size_t ciphertext_len = sealed->size() - kNonceBytes;
  std::string plaintext(ciphertext_len - kTagBytes, '\0');
  unsigned long long plaintext_len = 0;
  if (crypto_aead_xchacha20poly1305_ietf_decrypt(
          reinterpret_cast<unsigned char*>(plaintext.data()), &plaintext_len, nullptr,
          nonce + kNonceBytes, ciphertext_len, Bytes(associated_data), associated_data.size(),
          nonce, encryption_key_.data()) != 0) {
    return core::MakeError(core::ErrorCode::kUnauthorized, "ciphertext failed authentication");
  }
  plaintext.resize(plaintext_len);
  return plaintext;
}

std::string PiiCipher::BlindIndex(std::string_view normalised_value) const {
  detail::EnsureSodium();
  std::array<unsigned char, 32> mac{};
  crypto_generichash(mac.data(), mac.size(), Bytes(normalised_value), normalised_value.size(),
                     blind_index_key_.data(), blind_index_key_.size());
  return ToHex({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

std::string PiiCipher::KeyFingerprint() const {
  detail::EnsureSodium();
  static constexpr std::string_view kLabel = "ordo pii key fingerprint";
  std::array<unsigned char, 8> mac{};
  crypto_generichash(mac.data(), mac.size(), Bytes(kLabel), kLabel.size(),
                     fingerprint_key_.data(), fingerprint_key_.size());
  return ToHex({reinterpret_cast<const char*>(mac.data()), mac.size()});
}

std::string NormalisePhoneForIndex(std::string_view phone) {
  std::string digits;
  for (const char c : phone) {
    if (c >= '0' && c <= '9') digits.push_back(c);
  }
  // Mainland mobile numbers are 11 digits; "86…" (13) and "0086…" (15) are the same number.
  if (digits.size() == 13 && digits.rfind("86", 0) == 0) return digits.substr(2);
  if (digits.size() == 15 && digits.rfind("0086", 0) == 0) return digits.substr(4);
  return digits;
}

std::string NormaliseEmailForIndex(std::string_view email) {
  return detail::AsciiLower(detail::TrimAsciiSpace(email));
}

std::string NormaliseNameForIndex(std::string_view name) {
  std::string out;
  bool previous_space = false;
  for (const char c : detail::TrimAsciiSpace(name)) {
    const bool space = c == ' ' || c == '\t';
    if (space && previous_space) continue;
    out.push_back(space ? ' ' : c);
    previous_space = space;
  }
  return detail::AsciiLower(out);
}

}  // namespace ordo::security
