#include "service/audit_sealer.hpp"

namespace ordo::service {

security::AuditEntry ToAuditEntry(const store::AuditRecord& record) {
  security::AuditEntry entry;
  entry.seq = record.seq;
  entry.at = record.at;
  entry.actor_kind = record.actor_kind;
  entry.actor_id = record.actor_id;
  entry.ip = record.ip;
  entry.action = record.action;
  entry.subject = record.subject;
  entry.detail_json = record.detail_json;
  entry.prev_hash = record.prev_hash;
  entry.hash = record.hash;
  return entry;
}

store::AuditSealer MakeAuditSealer() {
  return [](store::AuditRecord& record) {
    const security::AuditEntry sealed = security::SealAuditEntry(ToAuditEntry(record), record.prev_hash);
    record.hash = sealed.hash;
  };
}

}  // namespace ordo::service
