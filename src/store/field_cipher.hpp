#pragma once
// What the store needs to keep personal data encrypted at rest. The security module implements
// it (security::StoreFieldCipher over PiiCipher); the store cannot depend on security (it sits
// above it in DESIGN.md's module order), so `ordo` hands one in through StoreOptions.
//
// Implementations must be thread-safe: every store thread calls them concurrently.
#include <string>
#include <string_view>

#include "core/result.hpp"

namespace ordo::store {

class FieldCipher {
 public:
  virtual ~FieldCipher() = default;
  // Authenticated encryption; `associated` binds the text to its row (a blob copied to another
  // order fails to decrypt).
  virtual std::string Encrypt(std::string_view plaintext, std::string_view associated) const = 0;
  // kInternal when the text was altered, belongs elsewhere, or the key is wrong.
  virtual core::Result<std::string> Decrypt(std::string_view ciphertext, std::string_view associated) const = 0;
  // Keyed hash for exact lookup and dedup of a phone number (the implementation normalises).
  virtual std::string PhoneIndex(std::string_view phone) const = 0;
  // Identifies the key without revealing it (16 hex chars). The store records it at the first
  // open with a key and refuses a later open with another one.
  virtual std::string KeyFingerprint() const = 0;
};

}  // namespace ordo::store
