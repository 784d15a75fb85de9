#include "service/access_admin.hpp"

#include <charconv>
#include <optional>

#include "core/json.hpp"
#include "security/roles.hpp"
#include "security/token.hpp"
#include "service/identity.hpp"
#include "service/role_admin.hpp"

namespace ordo::service {
namespace {

// The members of a small JSON request object, each optional and type-checked.
struct Body {
  rapidjson::Document doc;
  std::vector<core::FieldError> fields;

  const rapidjson::Value* Find(const char* name) {
    const auto member = doc.FindMember(name);
    return member == doc.MemberEnd() || member->value.IsNull() ? nullptr : &member->value;
  }
  std::optional<std::string> String(const char* name, bool required, std::size_t max_bytes) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) {
      if (required) fields.push_back({name, "required", "field is required"});
      return std::nullopt;
    }
    if (!value->IsString()) {
      fields.push_back({name, "type", "must be a string"});
      return std::nullopt;
    }
    if (value->GetStringLength() > max_bytes) {
      fields.push_back({name, "too_long", "must be at most " + std::to_string(max_bytes) + " bytes"});
      return std::nullopt;
    }
    return std::string(core::AsView(*value));
  }
  std::optional<std::vector<std::string>> Strings(const char* name) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return std::nullopt;
    std::vector<std::string> items;
    if (!value->IsArray() || value->Size() > 100) {
      fields.push_back({name, "type", "must be an array of at most 100 strings"});
      return std::nullopt;
    }
    for (const auto& item : value->GetArray()) {
      if (!item.IsString() || item.GetStringLength() > 200) {
        fields.push_back({name, "type", "must be an array of strings"});
        return std::nullopt;
      }
      items.emplace_back(core::AsView(item));
    }
    return items;
  }
  std::optional<bool> Bool(const char* name) {
    const rapidjson::Value* value = Find(name);
    if (value == nullptr) return std::nullopt;
    if (!value->IsBool()) {
      fields.push_back({name, "type", "must be true or false"});
      return std::nullopt;
    }
    return value->GetBool();
  }
  void OnlyKnown(std::initializer_list<std::string_view> known) {
    for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
      const std::string_view name = core::AsView(member->name);
      bool ok = false;
      for (const std::string_view candidate : known) ok = ok || candidate == name;
      if (!ok) fields.push_back({std::string(name.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
    }
  }
  core::Status Finish() {
    if (fields.empty()) return core::Ok();
    return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors", std::move(fields)};
  }
};

core::Status ParseBody(std::string_view text, Body& body) {
  ORDO_TRY(core::ParseJson(text, body.doc));
  if (!body.doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request is a JSON object", {{"", "type", "must be a JSON object"}}};
  }
  return core::Ok();
}

core::Result<security::Scopes> ScopesFromArguments(const std::vector<std::string>& arguments) {
  security::Scopes scopes;
  std::vector<core::FieldError> fields;
  for (std::size_t scope_idx = 0; scope_idx < arguments.size(); ++scope_idx) {
    if (core::Status added = security::AddScopeArgument(scopes, arguments[scope_idx]); !added) {
      fields.push_back({"scopes/" + std::to_string(scope_idx), "invalid_scope", added.error().detail});
    }
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the scopes break the rules listed in errors", std::move(fields)};
  }
  return security::NormaliseScopes(scopes);
}

// The role `name` as a field error when it is unknown; store failures as the error itself.
core::Result<std::optional<security::Role>> LookUpRole(store::Store& db, const std::string& name,
                                                        std::vector<core::FieldError>& fields) {
  core::Result<security::Role> role = FindAnyRole(db, name);
  if (role) return std::optional<security::Role>(std::move(role).value());
  if (role.error().code != core::ErrorCode::kNotFound) return std::move(role).error();
  fields.push_back({"role", "unknown_role", "must be a built-in role or an existing custom role"});
  return std::optional<security::Role>();
}

std::string JsonString(std::string_view text) {
  core::JsonBuffer buffer;
  core::JsonWriter writer(buffer);
  core::WriteString(writer, text);
  return {buffer.GetString(), buffer.GetSize()};
}

}  // namespace

void AccessAdmin::ListUsers(Done<std::vector<store::UserRecord>> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.ListUsers()); });
}

void AccessAdmin::CreateUser(std::string body, security::Principal actor, std::string ip, Done<store::UserRecord> done) {
  pool_.Post([this, body = std::move(body), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    Body request;
    if (core::Status parsed = ParseBody(body, request); !parsed) return done(std::move(parsed).error());
    request.OnlyKnown({"username", "password", "role", "scopes"});
    NewUser user;
    user.username = request.String("username", true, 64).value_or("");
    user.password = request.String("password", true, security::kMaxPasswordBytes).value_or("");
    user.role = request.String("role", true, 64).value_or("");
    user.scope_args = request.Strings("scopes").value_or(std::vector<std::string>{});
    if (core::Status checked = request.Finish(); !checked) return done(std::move(checked).error());
    std::vector<std::string> custom_roles;
    if (!security::IsBuiltInRoleName(user.role)) {
      core::Result<store::Store::RoleRecord> custom = store_.GetRole(user.role);
      if (custom) {
        custom_roles.push_back(custom->name);
      } else if (custom.error().code != core::ErrorCode::kNotFound) {
        return done(std::move(custom).error());
      }
    }
    core::Result<store::UserRecord> prepared = PrepareNewUser(user, security::InteractivePasswordCost(), custom_roles);
    if (!prepared) return done(std::move(prepared).error());
    prepared->created_at = clock_.Now();
    const std::string detail = "{\"username\":" + JsonString(prepared->username) + ",\"role\":" +
                               JsonString(prepared->role) + "}";
    done(store_.CreateUser(std::move(prepared).value(), MakeAudit(actor.ToActor(), ip, "user.create", "", detail)));
  });
}

void AccessAdmin::UpdateUser(std::int64_t id, std::string body, security::Principal actor, std::string ip,
                             Done<store::UserRecord> done) {
  pool_.Post([this, id, body = std::move(body), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    Body request;
    if (core::Status parsed = ParseBody(body, request); !parsed) return done(std::move(parsed).error());
    request.OnlyKnown({"role", "scopes", "disabled"});
    const std::optional<std::string> role = request.String("role", false, 64);
    const std::optional<std::vector<std::string>> scope_args = request.Strings("scopes");
    const std::optional<bool> disabled = request.Bool("disabled");
    if (role) {
      core::Result<std::optional<security::Role>> known = LookUpRole(store_, *role, request.fields);
      if (!known) return done(std::move(known).error());
    }
    std::optional<security::Scopes> scopes;
    if (scope_args) {
      core::Result<security::Scopes> normalised = ScopesFromArguments(*scope_args);
      if (normalised) {
        scopes = std::move(normalised).value();
      } else {
        for (const core::FieldError& field : normalised.error().fields) request.fields.push_back(field);
      }
    }
    if (core::Status checked = request.Finish(); !checked) return done(std::move(checked).error());
    core::Result<store::UserRecord> user = store_.GetUser(id);
    if (!user) return done(std::move(user).error());
    std::string changed;
    const auto note = [&changed](std::string_view field) {
      changed += (changed.empty() ? "\"" : ",\"") + std::string(field) + "\"";
    };
    if (role && *role != user->role) {
      user->role = *role;
      note("role");
    }
    if (scopes) {
      user->scopes_json = ScopesJson(*scopes);
      note("scopes");
    }
    if (disabled && *disabled != user->disabled) {
      user->disabled = *disabled;
      note("disabled");
    }
    core::Status updated = store_.UpdateUser(
        *user, MakeAudit(actor.ToActor(), ip, "user.update", "user:" + std::to_string(id),
                         "{\"changed\":[" + changed + "]}"));
    if (!updated) return done(std::move(updated).error());
    // Cached principals carry the old role and scopes: drop them all (rare, cheap).
    authenticator_.ForgetAll();
    done(std::move(user).value());
  });
}

void AccessAdmin::CreateApiKey(std::string body, security::Principal actor, std::string ip, Done<IssuedKey> done) {
  pool_.Post([this, body = std::move(body), actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    Body request;
    if (core::Status parsed = ParseBody(body, request); !parsed) return done(std::move(parsed).error());
    request.OnlyKnown({"name", "role", "scopes"});
    const std::string name = request.String("name", true, 100).value_or("");
    const std::string role_name = request.String("role", false, 64).value_or(std::string(security::role::kIntegration));
    const std::vector<std::string> scope_args = request.Strings("scopes").value_or(std::vector<std::string>{});
    if (name.empty() && request.fields.empty()) request.fields.push_back({"name", "required", "must not be empty"});
    core::Result<std::optional<security::Role>> role = LookUpRole(store_, role_name, request.fields);
    if (!role) return done(std::move(role).error());
    core::Result<security::Scopes> scopes = ScopesFromArguments(scope_args);
    if (!scopes) {
      for (const core::FieldError& field : scopes.error().fields) request.fields.push_back(field);
    }
    if (core::Status checked = request.Finish(); !checked) return done(std::move(checked).error());
    for (const std::string& permission : (*role)->permissions) {
      if (!actor.HasPermission(permission)) {
        return done(core::Error{core::ErrorCode::kForbidden, "missing_permission",
                                {{"role", "escalation", "the key's role has '" + permission + "', which you lack"}}});
      }
    }
    security::IssuedApiKey issued = security::NewApiKey();
    store::ApiKeyRecord record;
    record.key_id = issued.key_id;
    record.key_hash = issued.key_hash;
    record.name = name;
    record.role = role_name;
    record.scopes_json = ScopesJson(*scopes);
    record.created_at = clock_.Now();
    core::Result<store::ApiKeyRecord> stored = store_.CreateApiKey(
        std::move(record), MakeAudit(actor.ToActor(), ip, "api_key.create", "api_key:" + issued.key_id,
                                     "{\"role\":" + JsonString(role_name) + "}"));
    if (!stored) return done(std::move(stored).error());
    done(IssuedKey{std::move(stored).value(), std::move(issued.key)});
  });
}

void AccessAdmin::ListApiKeys(Done<std::vector<store::ApiKeyRecord>> done) {
  pool_.Post([this, done = std::move(done)] { done(store_.ListApiKeys()); });
}

void AccessAdmin::RevokeApiKey(std::int64_t id, security::Principal actor, std::string ip, Done<bool> done) {
  pool_.Post([this, id, actor = std::move(actor), ip = std::move(ip), done = std::move(done)] {
    core::Result<std::vector<store::ApiKeyRecord>> keys = store_.ListApiKeys();
    if (!keys) return done(std::move(keys).error());
    const store::ApiKeyRecord* found = nullptr;
    for (const store::ApiKeyRecord& key : *keys) {
      if (key.id == id) found = &key;
    }
    if (found == nullptr) return done(core::MakeError(core::ErrorCode::kNotFound, "no API key with this id"));
    core::Status revoked =
        store_.RevokeApiKey(id, MakeAudit(actor.ToActor(), ip, "api_key.revoke", "api_key:" + found->key_id));
    authenticator_.Forget(found->key_hash);
    if (!revoked) return done(std::move(revoked).error());
    done(true);
  });
}

void AccessAdmin::ListAudit(store::AuditFilter filter, Done<std::vector<store::AuditRecord>> done) {
  pool_.Post([this, filter = std::move(filter), done = std::move(done)] { done(store_.ListAudit(filter)); });
}

core::Result<store::AuditFilter> BuildAuditFilter(const QueryParams& params) {
  store::AuditFilter filter;
  filter.limit = kDefaultAuditPage;
  std::vector<core::FieldError> fields;
  std::vector<std::string> seen;
  bool malformed = false;
  const auto parse_int = [](const std::string& text, std::int64_t& out) {
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), out);
    return ec == std::errc() && end == text.data() + text.size();
  };
  for (const auto& [name, value] : params) {
    for (const std::string& earlier : seen) {
      if (earlier == name) {
        malformed = true;
        fields.push_back({name.substr(0, 64), "repeated", "give this parameter once"});
      }
    }
    seen.push_back(name);
    std::int64_t number = 0;
    if (name == "after_seq") {
      if (!parse_int(value, number) || number < 0) {
        fields.push_back({name, "format", "must be a non-negative integer"});
      } else {
        filter.after_seq = number;
      }
    } else if (name == "actor") {
      if (value.size() > 200) fields.push_back({name, "too_long", "must be at most 200 bytes"});
      filter.actor_id = value;
    } else if (name == "action") {
      if (value.size() > 100) fields.push_back({name, "too_long", "must be at most 100 bytes"});
      filter.action = value;
    } else if (name == "from" || name == "to") {
      auto millis = core::ParseRfc3339(value);
      if (!millis) {
        fields.push_back({name, "format", "must be an RFC 3339 date-time such as 2026-11-28T00:00:00Z"});
      } else if (name == "from") {
        filter.from = *millis;
      } else {
        filter.to = *millis;
      }
    } else if (name == "limit") {
      if (!parse_int(value, number) || number < 1 || number > kMaxAuditPage) {
        fields.push_back({name, "range", "must be an integer from 1 to " + std::to_string(kMaxAuditPage)});
      } else {
        filter.limit = static_cast<int>(number);
      }
    } else {
      malformed = true;
      fields.push_back({name.substr(0, 64), "unknown_parameter", "not a parameter of this list"});
    }
  }
  if (malformed) return core::Error{core::ErrorCode::kMalformed, "the query string cannot be used", std::move(fields)};
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "query parameters break the rules listed in errors",
                       std::move(fields)};
  }
  return filter;
}

}  // namespace ordo::service
