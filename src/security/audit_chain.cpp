#include "security/audit_chain.hpp"

#include <sodium.h>

#include <array>

#include "core/json.hpp"
#include "security/detail/sodium.hpp"
#include "security/encoding.hpp"

namespace ordo::security {
namespace {

void WriteStringField(core::JsonWriter& writer, std::string_view key, std::string_view value) {
  core::WriteKey(writer, key);
  core::WriteString(writer, value);
}

std::string BreakMessage(std::int64_t seq, std::string_view what) {
  return "audit chain broken at seq " + std::to_string(seq) + ": " + std::string(what);
}

}  // namespace

std::string CanonicalAuditBytes(const AuditEntry& entry) {
  // Invariant: this field order and these types never change; changing them would invalidate
  // every stored hash. A new field means a new canonical version, not an edit here.
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  writer.StartObject();
  core::WriteKey(writer, "seq");
  writer.Int64(entry.seq);
  core::WriteKey(writer, "at");
  writer.Int64(entry.at);
  WriteStringField(writer, "actor_kind", entry.actor_kind);
  WriteStringField(writer, "actor_id", entry.actor_id);
  WriteStringField(writer, "ip", entry.ip);
  WriteStringField(writer, "action", entry.action);
  WriteStringField(writer, "subject", entry.subject);
  WriteStringField(writer, "detail", entry.detail_json);
  writer.EndObject();
  return {buffer.GetString(), buffer.GetSize()};
}

std::string ComputeAuditHash(std::string_view prev_hash, const AuditEntry& entry) {
  detail::EnsureSodium();
  const std::string canonical = CanonicalAuditBytes(entry);
  crypto_hash_sha256_state state;
  crypto_hash_sha256_init(&state);
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(prev_hash.data()),
                            prev_hash.size());
  crypto_hash_sha256_update(&state, reinterpret_cast<const unsigned char*>(canonical.data()),
                            canonical.size());
  std::array<unsigned char, crypto_hash_sha256_BYTES> digest{};
  crypto_hash_sha256_final(&state, digest.data());
  return ToHex({reinterpret_cast<const char*>(digest.data()), digest.size()});
}

AuditEntry SealAuditEntry(AuditEntry entry, std::string_view prev_hash) {
  entry.prev_hash = std::string(prev_hash);
  entry.hash = ComputeAuditHash(prev_hash, entry);
  return entry;
}

std::string_view ChainBreakKindName(ChainBreakKind kind) {
  switch (kind) {
    case ChainBreakKind::kSeqGap: return "seq_gap";
    case ChainBreakKind::kWrongPrevHash: return "wrong_prev_hash";
    case ChainBreakKind::kWrongHash: return "wrong_hash";
  }
  return "wrong_hash";
}

AuditChainVerifier::AuditChainVerifier(std::int64_t first_seq, std::string_view prev_hash)
    : expected_seq_(first_seq), expected_prev_hash_(prev_hash) {}

std::optional<ChainBreak> AuditChainVerifier::Feed(const AuditEntry& entry) {
  if (break_.has_value()) return break_;
  if (entry.seq != expected_seq_) {
    break_ = ChainBreak{entry.seq, ChainBreakKind::kSeqGap,
                        BreakMessage(entry.seq, "expected seq " + std::to_string(expected_seq_))};
  } else if (entry.prev_hash != expected_prev_hash_) {
    break_ = ChainBreak{entry.seq, ChainBreakKind::kWrongPrevHash,
                        BreakMessage(entry.seq, "prev_hash does not match the previous entry")};
  } else if (entry.hash != ComputeAuditHash(entry.prev_hash, entry)) {
    break_ = ChainBreak{entry.seq, ChainBreakKind::kWrongHash,
                        BreakMessage(entry.seq, "hash mismatch, the entry was altered")};
  }
  if (break_.has_value()) return break_;
  ++checked_;
  ++expected_seq_;
  expected_prev_hash_ = entry.hash;
  return std::nullopt;
}

ChainVerdict AuditChainVerifier::Verdict() const { return ChainVerdict{checked_, break_}; }

ChainVerdict VerifyAuditChain(std::span<const AuditEntry> entries) {
  AuditChainVerifier verifier;
  for (const AuditEntry& entry : entries) {
    if (verifier.Feed(entry).has_value()) break;
  }
  return verifier.Verdict();
}

}  // namespace ordo::security
