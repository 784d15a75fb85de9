#pragma once
// Custom roles: list (built-in and custom), create, change permissions, delete. Names and
// permissions are checked by security::MakeCustomRole; a role may only hold permissions its
// creator holds (no escalation through a role). Blocking store calls run on the BlockingPool;
// each `done` runs once, on a pool thread. Each mutation writes its audit entry in the same
// transaction (role.create, role.update, role.delete) and, for changes and deletions, evicts
// every cached principal (they carry resolved permissions).
//
// Thread-safe (holds references only).
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/principal.hpp"
#include "security/roles.hpp"
#include "service/authenticator.hpp"
#include "service/blocking_pool.hpp"
#include "store/store.hpp"

namespace ordo::service {

// A role as the API shows it. Built-in roles have no timestamps (0).
struct RoleView {
  std::string name;
  std::vector<std::string> permissions;  // sorted
  bool built_in = false;
  core::UnixMillis created_at = 0;
  core::UnixMillis updated_at = 0;
};

// A built-in role, else the custom role stored under `name` (blocking). kNotFound "unknown
// role" when it is neither; store failures pass through.
core::Result<security::Role> FindAnyRole(store::Store& db, const std::string& name);

class RoleAdmin {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // All references outlive this.
  RoleAdmin(store::Store& store, BlockingPool& pool, Authenticator& authenticator)
      : store_(store), pool_(pool), authenticator_(authenticator) {}

  // Built-in roles (in their documented order), then custom roles by name.
  void ListRoles(Done<std::vector<RoleView>> done);
  // {"name": "...", "permissions": ["orders.read", …]}: kInvalidArgument naming the field
  // (MakeCustomRole's codes), kForbidden "missing_permission" (field "permissions", code
  // "escalation") for a permission the actor lacks, kConflict when the name is taken.
  void CreateRole(std::string body, security::Principal actor, std::string ip, Done<RoleView> done);
  // {"permissions": [...]}: replaces the permissions of an existing custom role (kNotFound;
  // a built-in name is kInvalidArgument "reserved_role_name").
  void UpdateRole(std::string name, std::string body, security::Principal actor, std::string ip, Done<RoleView> done);
  // kNotFound; kConflict while a user or an unrevoked API key has the role.
  void DeleteRole(std::string name, security::Principal actor, std::string ip, Done<bool> done);

 private:
  store::Store& store_;
  BlockingPool& pool_;
  Authenticator& authenticator_;
};

}  // namespace ordo::service
