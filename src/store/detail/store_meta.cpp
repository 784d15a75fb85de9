#include "store/detail/store_meta.hpp"

#include <optional>
#include <string>

namespace ordo::store::detail {
namespace {

constexpr std::string_view kFingerprintKey = "pii_key_fingerprint";
// Enough to tell keys apart in a message; the whole fingerprint is safe too, but a short one
// is all an operator needs and keeps logs tidy.
constexpr std::size_t kShownChars = 8;

std::string Short(std::string_view fingerprint) { return std::string(fingerprint.substr(0, kShownChars)) + "…"; }

core::Result<std::optional<std::string>> RecordedFingerprint(Connection& connection) {
  std::optional<std::string> recorded;
  ORDO_TRY(connection.Query("SELECT value FROM store_meta WHERE key = $1", {kFingerprintKey},
                            [&](const Row& row) { recorded = std::string(row.Text(0)); }));
  return recorded;
}

}  // namespace

core::Status CheckPiiKeyFingerprint(Connection& connection, const FieldCipher* cipher, bool allow_keyless) {
  if (cipher == nullptr) {
    auto recorded = RecordedFingerprint(connection);
    if (!recorded) return std::move(recorded).error();
    if (!*recorded || allow_keyless) return core::Ok();
    return core::MakeError(core::ErrorCode::kConflict,
                           "this database holds personal data encrypted with a PII key (fingerprint " +
                               Short(**recorded) + "); open it with that key");
  }
  const std::string given = cipher->KeyFingerprint();
  ORDO_TRY(connection.Exec("INSERT INTO store_meta (key, value) VALUES ($1, $2) ON CONFLICT (key) DO NOTHING",
                           {kFingerprintKey, std::string_view(given)}));
  auto recorded = RecordedFingerprint(connection);
  if (!recorded) return std::move(recorded).error();
  if (*recorded && **recorded == given) return core::Ok();
  return core::MakeError(core::ErrorCode::kConflict, "the PII key does not match this database (fingerprint " +
                                                         Short(recorded->value_or("")) + ", given " + Short(given) + ")");
}

}  // namespace ordo::store::detail
