#include "service/accounts.hpp"

#include <charconv>

#include "core/json.hpp"
#include "security/password.hpp"
#include "security/qr_code.hpp"
#include "security/token.hpp"
#include "security/totp.hpp"
#include "service/identity.hpp"

namespace ordo::service {
namespace {

core::Error BadCredentials() {
  return core::MakeError(core::ErrorCode::kUnauthorized, "invalid username or password");
}

// Reads a JSON object whose members are all strings named in `names` (each required).
core::Status ReadStringFields(std::string_view body, std::initializer_list<std::pair<std::string_view, std::string*>> names,
                              std::size_t max_bytes) {
  rapidjson::Document doc;
  ORDO_TRY(core::ParseJson(body, doc));
  if (!doc.IsObject()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request is a JSON object", {{"", "type", "must be a JSON object"}}};
  }
  std::vector<core::FieldError> fields;
  for (auto member = doc.MemberBegin(); member != doc.MemberEnd(); ++member) {
    const std::string_view name = core::AsView(member->name);
    bool known = false;
    for (const auto& [expected, out] : names) known = known || expected == name;
    if (!known) fields.push_back({std::string(name.substr(0, 64)), "unknown_field", "field is not part of the request schema"});
  }
  for (const auto& [name, out] : names) {
    const auto member = doc.FindMember(rapidjson::StringRef(name.data(), name.size()));
    if (member == doc.MemberEnd() || member->value.IsNull()) {
      fields.push_back({std::string(name), "required", "field is required"});
    } else if (!member->value.IsString()) {
      fields.push_back({std::string(name), "type", "must be a string"});
    } else if (member->value.GetStringLength() > max_bytes) {
      fields.push_back({std::string(name), "too_long", "must be at most " + std::to_string(max_bytes) + " bytes"});
    } else {
      *out = std::string(core::AsView(member->value));
    }
  }
  if (!fields.empty()) {
    return core::Error{core::ErrorCode::kInvalidArgument, "the request breaks the rules listed in errors", std::move(fields)};
  }
  return core::Ok();
}

std::string ReasonJson(std::string_view reason) { return "{\"reason\":\"" + std::string(reason) + "\"}"; }

}  // namespace

core::Result<LoginRequest> ParseLoginRequest(std::string_view body) {
  LoginRequest request;
  ORDO_TRY(ReadStringFields(body, {{"username", &request.username}, {"password", &request.password}},
                            security::kMaxPasswordBytes));
  return request;
}

core::Result<std::string> ParseTotpCodeRequest(std::string_view body) {
  std::string code;
  ORDO_TRY(ReadStringFields(body, {{"code", &code}}, 16));
  return code;
}

core::Result<LoginResult> Accounts::LoginBlocking(const LoginRequest& request) {
  const core::UnixMillis now = clock_.Now();
  if (const security::ThrottleVerdict verdict = ip_throttle_.Check(request.ip, now); !verdict.allowed) {
    return verdict.ToError();
  }
  core::Result<store::UserRecord> found = store_.FindUserByName(request.username);
  if (!found) {
    if (found.error().code != core::ErrorCode::kNotFound) return std::move(found).error();
    security::VerifyPasswordAgainstDummy(request.password);
    ip_throttle_.RecordFailure(request.ip, now);
    // The name someone typed may be a password typed in the wrong box: it is not recorded.
    (void)store_.AppendAudit(MakeAudit({"anonymous", ""}, request.ip, "auth.login_failed", "", ReasonJson("unknown_user")));
    return BadCredentials();
  }
  store::UserRecord user = std::move(found).value();
  const core::Actor actor{"user", user.username};
  const std::string subject = "user:" + std::to_string(user.id);
  security::AccountThrottleState state{user.failed_logins, std::nullopt};
  if (user.locked_until > 0) state.locked_until = user.locked_until;
  // The lock is checked before the password, so a locked account does not reveal a right guess.
  if (const security::ThrottleVerdict verdict = security::CheckAccountThrottle(state, now); !verdict.allowed) {
    ip_throttle_.RecordFailure(request.ip, now);
    (void)store_.AppendAudit(MakeAudit(actor, request.ip, "auth.login_failed", subject, ReasonJson("locked")));
    return verdict.ToError();
  }
  const bool password_ok = security::VerifyPassword(user.password_hash, request.password);
  if (!password_ok || user.disabled) {
    ip_throttle_.RecordFailure(request.ip, now);
    const security::AccountThrottleState next = security::RecordAccountFailure(state, now);
    user.failed_logins = next.consecutive_failures;
    user.locked_until = next.locked_until.value_or(0);
    ORDO_TRY(store_.UpdateUser(user, MakeAudit(actor, request.ip, "auth.login_failed", subject,
                                               ReasonJson(user.disabled ? "disabled" : "wrong_password"))));
    return BadCredentials();
  }
  bool changed = user.failed_logins != 0 || user.locked_until != 0;
  user.failed_logins = 0;
  user.locked_until = 0;
  // A hash made with an older cost is upgraded now, while the clear password is at hand.
  if (security::PasswordNeedsRehash(user.password_hash)) {
    if (core::Result<std::string> rehashed = security::HashPassword(request.password)) {
      user.password_hash = std::move(rehashed).value();
      changed = true;
    }
  }
  if (changed) ORDO_TRY(store_.UpdateUser(user, std::nullopt));
  security::IssuedSessionToken token = security::NewSessionToken();
  store::SessionRecord session;
  session.token_hash = token.token_hash;
  session.user_id = user.id;
  session.created_at = now;
  session.expires_at = now + kSessionLifetimeMillis;
  session.ip = request.ip;
  core::Result<store::SessionRecord> created =
      store_.CreateSession(std::move(session), MakeAudit(actor, request.ip, "auth.login", subject));
  if (!created) return std::move(created).error();
  return LoginResult{std::move(token.token), created->expires_at, std::move(user)};
}

void Accounts::Login(LoginRequest request, Done<LoginResult> done) {
  pool_.Post([this, request = std::move(request), done = std::move(done)] { done(LoginBlocking(request)); });
}

void Accounts::Logout(std::string credential, security::Principal principal, std::string ip, Done<bool> done) {
  pool_.Post([this, credential = std::move(credential), principal = std::move(principal), ip = std::move(ip),
              done = std::move(done)] {
    if (principal.kind != security::PrincipalKind::kUser) {
      return done(core::MakeError(core::ErrorCode::kForbidden, "API keys are revoked, not logged out"));
    }
    const std::string token_hash = security::HashToken(credential);
    authenticator_.Forget(token_hash);
    core::Status revoked = store_.RevokeSession(
        token_hash, MakeAudit(principal.ToActor(), ip, "auth.logout", "user:" + principal.id));
    authenticator_.Forget(token_hash);  // again: a request in flight may have re-cached it
    if (!revoked) return done(std::move(revoked).error());
    done(true);
  });
}

namespace {

core::Result<std::int64_t> UserIdOf(const security::Principal& principal) {
  if (principal.kind != security::PrincipalKind::kUser) {
    return core::MakeError(core::ErrorCode::kForbidden, "only users have an account here, not API keys");
  }
  std::int64_t id = 0;
  const auto [end, ec] = std::from_chars(principal.id.data(), principal.id.data() + principal.id.size(), id);
  if (ec != std::errc() || end != principal.id.data() + principal.id.size()) {
    return core::MakeError(core::ErrorCode::kInternal, "principal has no numeric user id");
  }
  return id;
}

}  // namespace

void Accounts::GetOwnUser(security::Principal principal, Done<store::UserRecord> done) {
  pool_.Post([this, principal = std::move(principal), done = std::move(done)] {
    core::Result<std::int64_t> id = UserIdOf(principal);
    if (!id) return done(std::move(id).error());
    done(store_.GetUser(*id));
  });
}

void Accounts::EnrollTotp(security::Principal principal, std::string ip, Done<TotpEnrollment> done) {
  pool_.Post([this, principal = std::move(principal), ip = std::move(ip), done = std::move(done)] {
    core::Result<std::int64_t> id = UserIdOf(principal);
    if (!id) return done(std::move(id).error());
    core::Result<store::UserRecord> user = store_.GetUser(*id);
    if (!user) return done(std::move(user).error());
    if (user->totp_enabled) {
      return done(core::MakeError(core::ErrorCode::kConflict, "TOTP is already active for this account"));
    }
    user->totp_secret = security::NewTotpSecretBase32();
    user->totp_last_step.reset();
    core::Status updated =
        store_.UpdateUser(*user, MakeAudit(principal.ToActor(), ip, "auth.totp_enroll", "user:" + principal.id));
    if (!updated) return done(std::move(updated).error());
    done(TotpEnrollment{user->totp_secret, security::TotpProvisioningUri(user->username, user->totp_secret)});
  });
}

void Accounts::TotpQrPng(security::Principal principal, Done<std::string> done) {
  pool_.Post([this, principal = std::move(principal), done = std::move(done)] {
    core::Result<std::int64_t> id = UserIdOf(principal);
    if (!id) return done(std::move(id).error());
    core::Result<store::UserRecord> user = store_.GetUser(*id);
    if (!user) return done(std::move(user).error());
    if (user->totp_secret.empty() || user->totp_enabled) {
      return done(core::MakeError(core::ErrorCode::kNotFound, "no TOTP enrolment is pending"));
    }
    done(security::QrCodePng(security::TotpProvisioningUri(user->username, user->totp_secret)));
  });
}

core::Result<core::UnixMillis> Accounts::StepUpBlocking(const std::string& credential,
                                                        const security::Principal& principal, const std::string& code,
                                                        const std::string& ip, bool activate) {
  core::Result<std::int64_t> id = UserIdOf(principal);
  if (!id) {
    return core::MakeError(core::ErrorCode::kForbidden, "step_up_unavailable");
  }
  core::Result<store::UserRecord> user = store_.GetUser(*id);
  if (!user) return std::move(user).error();
  if (user->totp_secret.empty() || user->totp_enabled == activate) {
    return core::MakeError(core::ErrorCode::kConflict,
                           activate ? "no TOTP enrolment is pending" : "TOTP is not active for this account");
  }
  const core::UnixMillis now = clock_.Now();
  core::Result<std::int64_t> step = security::VerifyTotp(user->totp_secret, code, now, user->totp_last_step);
  const std::string subject = "user:" + principal.id;
  if (!step) {
    (void)store_.AppendAudit(MakeAudit(principal.ToActor(), ip, "auth.step_up_failed", subject,
                                       ReasonJson(step.error().detail == "totp_replayed" ? "totp_replayed" : "invalid_totp")));
    return std::move(step).error();
  }
  user->totp_last_step = *step;
  user->totp_enabled = true;
  ORDO_TRY(store_.UpdateUser(*user, MakeAudit(principal.ToActor(), ip, activate ? "auth.totp_activate" : "auth.step_up",
                                               subject)));
  const std::string token_hash = security::HashToken(credential);
  ORDO_TRY(store_.RecordStepUp(token_hash, now));
  authenticator_.Forget(token_hash);
  return now;
}

void Accounts::ActivateTotp(std::string credential, security::Principal principal, std::string code, std::string ip,
                            Done<core::UnixMillis> done) {
  pool_.Post([this, credential = std::move(credential), principal = std::move(principal), code = std::move(code),
              ip = std::move(ip), done = std::move(done)] {
    done(StepUpBlocking(credential, principal, code, ip, true));
  });
}

void Accounts::StepUp(std::string credential, security::Principal principal, std::string code, std::string ip,
                      Done<core::UnixMillis> done) {
  pool_.Post([this, credential = std::move(credential), principal = std::move(principal), code = std::move(code),
              ip = std::move(ip), done = std::move(done)] {
    done(StepUpBlocking(credential, principal, code, ip, false));
  });
}

}  // namespace ordo::service
