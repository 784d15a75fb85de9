#pragma once
// Administration of access: users (list, create, change role / scopes / disabled), API keys
// (issue — the key is shown once —, list, revoke) and reading the audit log. Blocking store
// calls run on the BlockingPool; each `done` runs once, on a pool thread. Every mutation writes
// its audit entry in the same transaction (user.create, user.update, api_key.create,
// api_key.revoke) and evicts cached principals it may have changed.
//
// Thread-safe (holds references only).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"
#include "service/authenticator.hpp"
#include "service/blocking_pool.hpp"
#include "service/order_queries.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct IssuedKey {
  store::ApiKeyRecord record;
  std::string key;  // the clear key: shown once
};

inline constexpr int kDefaultAuditPage = 100;
inline constexpr int kMaxAuditPage = 1000;

// after_seq, actor, action, from, to (RFC 3339), limit (1..1000, default 100).
// kMalformed for unknown or repeated parameters; kInvalidArgument naming the parameter.
core::Result<store::AuditFilter> BuildAuditFilter(const QueryParams& params);

class AccessAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  AccessAdmin(store::Store& store, const core::Clock& clock, BlockingPool& pool, Authenticator& authenticator)
      : store_(store), clock_(clock), pool_(pool), authenticator_(authenticator) {}

  void ListUsers(Done<std::vector<store::UserRecord>> done);
  // {"username", "password", "role", "scopes": ["province:浙江", …]}.
  void CreateUser(std::string body, security::Principal actor, std::string ip, Done<store::UserRecord> done);
  // {"role"?, "scopes"?, "disabled"?}: kNotFound, kInvalidArgument naming the field.
  void UpdateUser(std::int64_t id, std::string body, security::Principal actor, std::string ip,
                  Done<store::UserRecord> done);

  // {"name", "role"? (default integration), "scopes"? ["channel:tmall", …]}. kForbidden when
  // the role has a permission the creator lacks (no escalation through keys).
  void CreateApiKey(std::string body, security::Principal actor, std::string ip, Done<IssuedKey> done);
  void ListApiKeys(Done<std::vector<store::ApiKeyRecord>> done);
  void RevokeApiKey(std::int64_t id, security::Principal actor, std::string ip, Done<bool> done);

  void ListAudit(store::AuditFilter filter, Done<std::vector<store::AuditRecord>> done);

 private:
  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  Authenticator& authenticator_;
};

}  // namespace ordo::service
