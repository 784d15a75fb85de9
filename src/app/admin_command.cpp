// `ordo admin create-user`: bootstraps a user from the shell (the first admin, scripts). The
// password is checked against the policy and hashed with argon2id; the row and its audit entry
// (`user.create`, actor system) are written in one transaction.
#include <cstdio>

#include "app/commands.hpp"
#include "security/roles.hpp"
#include "service/audit_sealer.hpp"
#include "service/identity.hpp"
#include "store/store.hpp"

namespace ordo::app {
namespace {

void PrintFieldErrors(const core::Error& error) {
  std::fprintf(stderr, "ordo admin create-user: %s\n", error.detail.c_str());
  // Messages name the rule, never the value (no password ever reaches the terminal).
  for (const core::FieldError& field : error.fields) {
    std::fprintf(stderr, "  %s: %s (%s)\n", field.field.c_str(), field.message.c_str(), field.code.c_str());
  }
}

}  // namespace

core::Result<store::UserRecord> CreateUserWithAudit(store::Store& db, const service::NewUser& request,
                                                    core::UnixMillis now) {
  // A custom role must already be stored (built-in roles need no lookup).
  std::vector<std::string> custom_roles;
  if (!security::IsBuiltInRoleName(request.role)) {
    core::Result<store::Store::RoleRecord> custom = db.GetRole(request.role);
    if (custom) {
      custom_roles.push_back(custom->name);
    } else if (custom.error().code != core::ErrorCode::kNotFound) {
      return std::move(custom).error();
    }
  }
  core::Result<store::UserRecord> user =
      service::PrepareNewUser(request, security::InteractivePasswordCost(), custom_roles);
  if (!user) return std::move(user).error();
  user->created_at = now;
  const std::string detail = "{\"username\":\"" + user->username + "\",\"role\":\"" + user->role + "\"}";
  return db.CreateUser(std::move(user).value(),
                       service::MakeAudit(core::SystemActor(), "", "user.create", "", detail));
}

int RunAdminCreateUser(const AdminCreateUserOptions& options) {
  store::StoreOptions store_options;
  store_options.url = options.db_url;
  store_options.reader_threads = 1;
  store_options.audit_sealer = service::MakeAuditSealer();
  // A new user has no TOTP secret yet and no personal data: no PII key needed.
  store_options.allow_keyless = true;
  auto opened = store::Store::Open(store_options);
  if (!opened) {
    std::fprintf(stderr, "ordo admin create-user: cannot open the store: %s\n", opened.error().detail.c_str());
    return 1;
  }
  const service::NewUser request{options.username, options.password, options.role, options.scopes};
  core::Result<store::UserRecord> created = CreateUserWithAudit(**opened, request, core::SystemClock().Now());
  if (!created) {
    PrintFieldErrors(created.error());
    return created.error().code == core::ErrorCode::kInvalidArgument ? 2 : 1;
  }
  std::printf("ordo admin create-user: created user %lld (%s, role %s)\n", static_cast<long long>(created->id),
              created->username.c_str(), created->role.c_str());
  return 0;
}

}  // namespace ordo::app
