#pragma once
// Where the key for personal data at rest comes from, for every command that writes orders.
// In order: --pii-key-file PATH, the env var ORDO_PII_KEY_FILE (a path), the env var
// ORDO_PII_KEY (the key itself, hex or base64 of 32 bytes), and only with --dev-insecure-key a
// fixed, publicly known development key (with a warning). Anything else refuses to start.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "security/pii_cipher.hpp"

namespace ordo::app {

struct PiiKeyOptions {
  std::string key_file;
  bool dev_insecure_key = false;
};

core::Result<std::unique_ptr<security::PiiCipher>> LoadPiiCipher(const PiiKeyOptions& options);

}  // namespace ordo::app
