#include "security/audit_chain.hpp"

#include <gtest/gtest.h>

#include <vector>

namespace ordo::security {
namespace {

AuditEntry Entry(std::int64_t seq) {
  AuditEntry entry;
  entry.seq = seq;
  entry.at = 1'700'000'000'000 + seq;
  entry.actor_kind = "user";
  entry.actor_id = "alice";
  entry.ip = "10.0.0.1";
  entry.action = "pii.view_clear";
  entry.subject = "order:" + std::to_string(seq);
  entry.detail_json = R"({"fields":["phone"],"purpose":"courier"})";
  return entry;
}

std::vector<AuditEntry> Chain(int length) {
  std::vector<AuditEntry> chain;
  std::string prev(kAuditGenesisHash);
  for (int seq = 1; seq <= length; ++seq) {
    chain.push_back(SealAuditEntry(Entry(seq), prev));
    prev = chain.back().hash;
  }
  return chain;
}

TEST(AuditChain, CanonicalBytesHaveAFixedFieldOrder) {
  AuditEntry entry = Entry(1);
  entry.detail_json = R"({"a":1})";
  EXPECT_EQ(CanonicalAuditBytes(entry),
            R"({"seq":1,"at":1700000000001,"actor_kind":"user","actor_id":"alice",)"
            R"("ip":"10.0.0.1","action":"pii.view_clear","subject":"order:1",)"
            R"("detail":"{\"a\":1}"})");
}

TEST(AuditChain, CanonicalBytesIgnoreTheHashesThemselves) {
  AuditEntry entry = Entry(1);
  const std::string before = CanonicalAuditBytes(entry);
  entry.prev_hash = "x";
  entry.hash = "y";
  EXPECT_EQ(CanonicalAuditBytes(entry), before);
}

TEST(AuditChain, HashIsHexSha256OverPrevHashAndCanonicalBytes) {
  const std::string hash = ComputeAuditHash(kAuditGenesisHash, Entry(1));
  EXPECT_EQ(hash.size(), 64u);
  EXPECT_NE(hash, ComputeAuditHash(std::string(64, '1'), Entry(1)));
  EXPECT_EQ(hash, ComputeAuditHash(kAuditGenesisHash, Entry(1)));
}

TEST(AuditChain, IntactChainVerifies) {
  const std::vector<AuditEntry> chain = Chain(10);
  EXPECT_EQ(chain[0].prev_hash, kAuditGenesisHash);
  const ChainVerdict verdict = VerifyAuditChain(chain);
  EXPECT_TRUE(verdict.ok());
  EXPECT_EQ(verdict.entries_checked, 10);
}

TEST(AuditChain, EmptyChainVerifies) { EXPECT_TRUE(VerifyAuditChain({}).ok()); }

TEST(AuditChain, AlteredEntryIsNamedByItsSeq) {
  std::vector<AuditEntry> chain = Chain(10);
  chain[6].actor_id = "mallory";  // seq 7
  const ChainVerdict verdict = VerifyAuditChain(chain);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.first_break->seq, 7);
  EXPECT_EQ(verdict.first_break->kind, ChainBreakKind::kWrongHash);
  EXPECT_EQ(verdict.first_break->message, "audit chain broken at seq 7: hash mismatch, the entry was altered");
  EXPECT_EQ(verdict.entries_checked, 6);
}

TEST(AuditChain, RehashedAlteredEntryBreaksTheNextLink) {
  std::vector<AuditEntry> chain = Chain(10);
  chain[6].detail_json = "{}";
  chain[6] = SealAuditEntry(chain[6], chain[6].prev_hash);  // the forger recomputes seq 7
  const ChainVerdict verdict = VerifyAuditChain(chain);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.first_break->seq, 8);
  EXPECT_EQ(verdict.first_break->kind, ChainBreakKind::kWrongPrevHash);
}

TEST(AuditChain, DeletedEntryIsAGap) {
  std::vector<AuditEntry> chain = Chain(10);
  chain.erase(chain.begin() + 4);  // seq 5
  const ChainVerdict verdict = VerifyAuditChain(chain);
  ASSERT_FALSE(verdict.ok());
  EXPECT_EQ(verdict.first_break->seq, 6);
  EXPECT_EQ(verdict.first_break->kind, ChainBreakKind::kSeqGap);
}

TEST(AuditChain, ChainNotStartingAtGenesisIsRefused) {
  std::vector<AuditEntry> chain = Chain(3);
  chain.erase(chain.begin());
  EXPECT_EQ(VerifyAuditChain(chain).first_break->kind, ChainBreakKind::kSeqGap);
}

TEST(AuditChainVerifier, ResumesFromACheckpointAndStaysBroken) {
  std::vector<AuditEntry> chain = Chain(6);
  AuditChainVerifier verifier(4, chain[2].hash);
  EXPECT_FALSE(verifier.Feed(chain[3]).has_value());
  chain[4].ip = "10.9.9.9";
  EXPECT_EQ(verifier.Feed(chain[4])->seq, 5);
  EXPECT_EQ(verifier.Feed(chain[5])->seq, 5);  // the first break sticks
  EXPECT_EQ(verifier.Verdict().entries_checked, 1);
  EXPECT_EQ(ChainBreakKindName(verifier.Verdict().first_break->kind), "wrong_hash");
}

}  // namespace
}  // namespace ordo::security
