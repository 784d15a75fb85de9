#pragma once
// Where the key for personal data at rest comes from, for every command that writes orders.
// In order: --pii-key-file PATH, the env var ORDO_PII_KEY_FILE (a path), the env var
// ORDO_PII_KEY (the key itself, hex or base64 of 32 bytes), and only with --dev-insecure-key a
// fixed, publicly known development key (with a warning). Anything else refuses to start.
#include <memory>
#include <string>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/pii_cipher.hpp"
#include "security/store_field_cipher.hpp"
#include "store/store.hpp"

namespace ordo::app {

struct PiiKeyOptions {
  std::string key_file;
  bool dev_insecure_key = false;
};

core::Result<std::unique_ptr<security::PiiCipher>> LoadPiiCipher(const PiiKeyOptions& options);

// The store as the commands that write orders open it: the PII key from `pii_key`, the audit
// sealer and `clock` (not owned; outlives the store). Members are declared so that the store
// is destroyed first, then the ciphers it uses.
struct OrderStore {
  std::unique_ptr<security::PiiCipher> cipher;
  std::unique_ptr<security::StoreFieldCipher> field_cipher;
  std::unique_ptr<store::Store> store;
};
// kInvalidArgument when there is no usable key (exit code 2), the store's error otherwise.
// `max_batch`: units per group commit (store::StoreOptions::max_batch; the bulk import raises it).
core::Result<OrderStore> OpenOrderStore(const std::string& db_url, const core::Clock& clock,
                                        const PiiKeyOptions& pii_key, int max_batch = 512);
// The exit code for a failed OpenOrderStore.
inline int ExitCodeFor(const core::Error& error) { return error.code == core::ErrorCode::kInvalidArgument ? 2 : 1; }

}  // namespace ordo::app
