#include "app/pii_key.hpp"

#include <cstdio>
#include <cstdlib>

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

}  // namespace ordo::app
