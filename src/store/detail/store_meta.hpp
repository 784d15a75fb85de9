#pragma once
// store_meta: facts about the database itself, as key → value rows. Today one key,
// "pii_key_fingerprint": which PII key encrypted the personal data here (the fingerprint is
// not secret; see PiiCipher::KeyFingerprint).
#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/field_cipher.hpp"

namespace ordo::store::detail {

// Run once at Open, after migrations. With `cipher`: records its fingerprint when none is
// recorded (ON CONFLICT DO NOTHING, so nodes starting together agree on the first one), then
// compares — kConflict "the PII key does not match this database (fingerprint <8 hex>…, given
// <8 hex>…)". Without: kConflict when a fingerprint is recorded, unless `allow_keyless`.
core::Status CheckPiiKeyFingerprint(Connection& connection, const FieldCipher* cipher, bool allow_keyless);

}  // namespace ordo::store::detail
