#pragma once
// The store's audit sealer: hashes each appended audit row into the chain with
// security::SealAuditEntry. Whoever opens a store (serve, demo, admin, audit, tests) passes
//   store_options.audit_sealer = service::MakeAuditSealer();
// Thread-safe (stateless).
#include "store/store.hpp"
#include "security/audit_chain.hpp"

namespace ordo::service {

store::AuditSealer MakeAuditSealer();

// The same fields, as the security module sees them (for VerifyAuditChain).
security::AuditEntry ToAuditEntry(const store::AuditRecord& record);

}  // namespace ordo::service
