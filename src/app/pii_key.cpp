#include "app/pii_key.hpp"

#include <cstdio>
#include <cstdlib>

#include "service/audit_sealer.hpp"

namespace ordo::app {
namespace {

core::Result<std::unique_ptr<security::PiiCipher>> Own(core::Result<security::PiiCipher> cipher) {
  if (!cipher) return std::move(cipher).error();
  return std::make_unique<security::PiiCipher>(std::move(cipher).value());
}

}  // namespace

core::Result<std::unique_ptr<security::PiiCipher>> LoadPiiCipher(const PiiKeyOptions& options) {
  if (!options.key_file.empty()) return Own(security::PiiCipher::FromKeyFile(options.key_file));
  if (const char* path = std::getenv("ORDO_PII_KEY_FILE"); path != nullptr && *path != '\0') {
    return Own(security::PiiCipher::FromKeyFile(path));
  }
  if (const char* key = std::getenv("ORDO_PII_KEY"); key != nullptr && *key != '\0') {
    return Own(security::PiiCipher::FromKeyText(key));
  }
  if (options.dev_insecure_key) {
    std::fprintf(stderr, "ordo: WARNING: --dev-insecure-key: personal data is encrypted with a publicly known key\n");
    return std::make_unique<security::PiiCipher>(security::PiiCipher::DevInsecureKey());
  }
  return core::MakeError(core::ErrorCode::kInvalidArgument,
                         "no key for personal data: give --pii-key-file, ORDO_PII_KEY_FILE or ORDO_PII_KEY "
                         "(or --dev-insecure-key for development)");
}

core::Result<OrderStore> OpenOrderStore(const std::string& db_url, const core::Clock& clock,
                                        const PiiKeyOptions& pii_key, int max_batch) {
  OrderStore opened;
  auto cipher = LoadPiiCipher(pii_key);
  if (!cipher) return std::move(cipher).error();
  opened.cipher = std::move(cipher).value();
  opened.field_cipher = std::make_unique<security::StoreFieldCipher>(*opened.cipher);
  store::StoreOptions options;
  options.url = db_url;
  options.clock = &clock;
  options.max_batch = max_batch;
  options.audit_sealer = service::MakeAuditSealer();
  options.pii_cipher = opened.field_cipher.get();
  auto store = store::Store::Open(options);
  if (!store) {
    core::Error error = std::move(store).error();
    if (error.code == core::ErrorCode::kInvalidArgument) error.code = core::ErrorCode::kUnavailable;
    error.detail = "cannot open the store: " + error.detail;
    return error;
  }
  opened.store = std::move(store).value();
  return opened;
}

}  // namespace ordo::app
