#pragma once
// PiiCipher as the store's FieldCipher: how `ordo` gives the store encryption at rest without
// the store depending on this module. Thread-safe (PiiCipher is immutable).
#include "security/pii_cipher.hpp"
#include "store/field_cipher.hpp"

namespace ordo::security {

class StoreFieldCipher final : public store::FieldCipher {
 public:
  // `cipher` is not owned and must outlive this object.
  explicit StoreFieldCipher(const PiiCipher& cipher) : cipher_(cipher) {}

  std::string Encrypt(std::string_view plaintext, std::string_view associated) const override {
    return cipher_.Encrypt(plaintext, associated);
  }
  core::Result<std::string> Decrypt(std::string_view ciphertext, std::string_view associated) const override {
    return cipher_.Decrypt(ciphertext, associated);
  }
  std::string PhoneIndex(std::string_view phone) const override {
    return cipher_.BlindIndex(NormalisePhoneForIndex(phone));
  }
  std::string KeyFingerprint() const override { return cipher_.KeyFingerprint(); }

 private:
  const PiiCipher& cipher_;
};

}  // namespace ordo::security
