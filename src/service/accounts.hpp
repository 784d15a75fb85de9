#pragma once
// Sign-in and the caller's own account: login (argon2id, throttled per account and per IP),
// logout, TOTP enrolment and activation, step-up. Every blocking store call and every password
// hash runs on the BlockingPool (two threads, so at most two argon2id hashes at once); each
// `done` runs once, on a pool thread.
//
// Audit: auth.login, auth.login_failed (reason only — never the password, and for an unknown
// name not the name either), auth.logout, auth.totp_enroll, auth.totp_activate, auth.step_up.
//
// Thread-safe: the IP throttle locks itself; everything else is per call.
#include <functional>
#include <string>
#include <string_view>

#include "core/result.hpp"
#include "core/time.hpp"
#include "security/login_throttle.hpp"
#include "security/principal.hpp"
#include "service/authenticator.hpp"
#include "service/blocking_pool.hpp"
#include "store/store.hpp"

namespace ordo::service {

struct LoginRequest {
  std::string username;
  std::string password;  // never logged, never stored
  std::string ip;
};

struct LoginResult {
  std::string token;  // shown once
  core::UnixMillis expires_at = 0;
  store::UserRecord user;
};

struct TotpEnrollment {
  std::string secret_base32;  // shown to its owner only
  std::string otpauth_uri;
};

// {"username": "...", "password": "..."}: kMalformed / kInvalidArgument naming the field.
core::Result<LoginRequest> ParseLoginRequest(std::string_view body);
// {"code": "123456"}: kMalformed / kInvalidArgument naming "code".
core::Result<std::string> ParseTotpCodeRequest(std::string_view body);

class Accounts {
 public:
  template <class T>
  using Done = std::function<void(core::Result<T>)>;

  // All references outlive this.
  Accounts(store::Store& store, const core::Clock& clock, BlockingPool& pool, Authenticator& authenticator)
      : store_(store), clock_(clock), pool_(pool), authenticator_(authenticator) {}

  // kUnauthorized "invalid username or password" (same answer and cost for an unknown name, a
  // wrong password and a disabled account); kUnauthorized "too_many_attempts" with a
  // retry_after_seconds field when throttled.
  void Login(LoginRequest request, Done<LoginResult> done);
  // Revokes the session of `credential` (the bearer token) and evicts it from the cache.
  void Logout(std::string credential, security::Principal principal, std::string ip, Done<bool> done);
  void GetOwnUser(security::Principal principal, Done<store::UserRecord> done);

  // A new secret for a user without an active TOTP (kConflict when one is active).
  void EnrollTotp(security::Principal principal, std::string ip, Done<TotpEnrollment> done);
  // The pending enrolment's otpauth URI as a QR code PNG (kNotFound when none is pending).
  void TotpQrPng(security::Principal principal, Done<std::string> done);
  // First code: activates TOTP and counts as a step-up for this session.
  void ActivateTotp(std::string credential, security::Principal principal, std::string code, std::string ip,
                    Done<core::UnixMillis> done);
  // A fresh code: records a step-up for this session (sensitive permissions for 5 minutes).
  // Returns the step-up time. kForbidden for API keys; kConflict when TOTP is not active;
  // kUnauthorized "invalid_totp" / "totp_replayed".
  void StepUp(std::string credential, security::Principal principal, std::string code, std::string ip,
              Done<core::UnixMillis> done);

 private:
  core::Result<LoginResult> LoginBlocking(const LoginRequest& request);
  core::Result<core::UnixMillis> StepUpBlocking(const std::string& credential, const security::Principal& principal,
                                                const std::string& code, const std::string& ip, bool activate);

  store::Store& store_;
  const core::Clock& clock_;
  BlockingPool& pool_;
  Authenticator& authenticator_;
  security::IpLoginThrottle ip_throttle_;
};

}  // namespace ordo::service
