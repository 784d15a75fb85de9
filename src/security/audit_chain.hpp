#pragma once
// The audit log's hash chain: each entry's hash covers the previous entry's hash and the
// entry's canonical bytes, so changing, removing or reordering any stored row breaks every
// hash after it and VerifyAuditChain names the first broken sequence number.
//
//   hash(n) = hex(SHA-256( prev_hash(n) || CanonicalAuditBytes(entry n) ))
//   prev_hash(1) = 64 × '0';   prev_hash(n) = hash(n-1)
//
// Canonical bytes: a compact JSON object with the fields in this fixed order, written by
// RapidJSON: {"seq":N,"at":N,"actor_kind":"…","actor_id":"…","ip":"…","action":"…",
// "subject":"…","detail":"<detail_json as a string>"}. detail_json is embedded as a string, not
// re-serialised, so its exact bytes are what is protected. Pure; thread-safe (the verifier
// class is a value that one thread feeds).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

#include "core/time.hpp"

namespace ordo::security {

inline constexpr std::string_view kAuditGenesisHash =
    "0000000000000000000000000000000000000000000000000000000000000000";

struct AuditEntry {
  std::int64_t seq = 0;          // 1, 2, 3, … without gaps
  core::UnixMillis at = 0;
  std::string actor_kind;        // "user", "api_key", "system"
  std::string actor_id;
  std::string ip;                // client address, "" for system actions
  std::string action;            // "auth.login", "auth.login_failed", "pii.view_clear", …
  std::string subject;           // "order:42", "user:7", "" when none
  std::string detail_json;       // a JSON object; never personal data in clear
  std::string prev_hash;         // hex, 64 chars
  std::string hash;              // hex, 64 chars
  bool operator==(const AuditEntry&) const = default;
};

std::string CanonicalAuditBytes(const AuditEntry& entry);  // ignores prev_hash and hash
std::string ComputeAuditHash(std::string_view prev_hash, const AuditEntry& entry);

// Returns `entry` with prev_hash and hash set, to append after an entry whose hash is
// `prev_hash` (kAuditGenesisHash for the first). The caller assigns seq and serialises appends.
AuditEntry SealAuditEntry(AuditEntry entry, std::string_view prev_hash);

enum class ChainBreakKind {
  kSeqGap,        // seq is not the previous seq + 1 (or the first is not `first_seq`)
  kWrongPrevHash, // prev_hash differs from the previous entry's hash (or from genesis)
  kWrongHash,     // hash differs from ComputeAuditHash: the row was altered
};
std::string_view ChainBreakKindName(ChainBreakKind kind);  // "seq_gap", "wrong_prev_hash", …

struct ChainBreak {
  std::int64_t seq = 0;    // the first broken entry's seq (for a gap: the seq found)
  ChainBreakKind kind = ChainBreakKind::kWrongHash;
  std::string message;     // "audit chain broken at seq 17: hash mismatch" (no entry contents)
};

struct ChainVerdict {
  std::int64_t entries_checked = 0;   // entries before the break, or all when intact
  std::optional<ChainBreak> first_break;
  bool ok() const { return !first_break.has_value(); }
};

// Streams a chain in seq order, page by page, without holding it in memory. Stops at the first
// break (later Feed calls return the same break). Not thread-safe; one verifier per walk.
class AuditChainVerifier {
 public:
  // For a chain that starts at `first_seq` after `prev_hash` (defaults: a whole chain). A walk
  // that resumes from a trusted checkpoint passes that entry's seq + 1 and hash.
  explicit AuditChainVerifier(std::int64_t first_seq = 1,
                              std::string_view prev_hash = kAuditGenesisHash);
  // Returns the break found at this entry, or nullopt if the chain is intact so far.
  std::optional<ChainBreak> Feed(const AuditEntry& entry);
  ChainVerdict Verdict() const;

 private:
  std::int64_t expected_seq_;
  std::string expected_prev_hash_;
  std::int64_t checked_ = 0;
  std::optional<ChainBreak> break_;
};

// The whole chain at once (entries in seq order).
ChainVerdict VerifyAuditChain(std::span<const AuditEntry> entries);

}  // namespace ordo::security
