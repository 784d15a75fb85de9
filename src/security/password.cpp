#include "security/password.hpp"

#include <sodium.h>

#include "core/utf8.hpp"
#include "security/detail/sodium.hpp"
#include "security/detail/text.hpp"

namespace ordo::security {

PasswordCost InteractivePasswordCost() {
  return {crypto_pwhash_OPSLIMIT_INTERACTIVE, crypto_pwhash_MEMLIMIT_INTERACTIVE};
}

PasswordCost MinimumPasswordCostForTests() {
  return {crypto_pwhash_OPSLIMIT_MIN, crypto_pwhash_MEMLIMIT_MIN};
}

core::Result<std::string> HashPassword(std::string_view password, PasswordCost cost) {
  detail::EnsureSodium();
  char out[crypto_pwhash_STRBYTES];
  // crypto_pwhash_str uses argon2id (the library default since 1.0.15) with a random salt.
  if (crypto_pwhash_str_alg(out, password.data(), password.size(), cost.ops_limit,
                            cost.mem_limit_bytes, crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return core::MakeError(core::ErrorCode::kInternal, "password hashing failed");
  }
  return std::string(out);
}

bool VerifyPassword(std::string_view stored_hash, std::string_view password) {
  detail::EnsureSodium();
  // libsodium wants a NUL-terminated string no longer than STRBYTES.
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return false;
  if (stored_hash.rfind(crypto_pwhash_argon2id_STRPREFIX, 0) != 0) return false;
  const std::string hash(stored_hash);
  return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

void VerifyPasswordAgainstDummy(std::string_view password, PasswordCost cost) {
  // A hash of a random password made once per cost; verifying against it costs the same as a
  // real verify and always fails.
  static const std::string dummy_interactive = [] {
    auto hash = HashPassword("ordo-dummy-password", InteractivePasswordCost());
    return hash.has_value() ? std::move(hash).value() : std::string();
  }();
  const bool interactive = cost.ops_limit == InteractivePasswordCost().ops_limit &&
                           cost.mem_limit_bytes == InteractivePasswordCost().mem_limit_bytes;
  if (interactive) {
    static_cast<void>(VerifyPassword(dummy_interactive, password));
    return;
  }
  auto hash = HashPassword("ordo-dummy-password", cost);
  if (hash.has_value()) static_cast<void>(VerifyPassword(hash.value(), password));
}

bool PasswordNeedsRehash(std::string_view stored_hash, PasswordCost cost) {
  detail::EnsureSodium();
  if (stored_hash.empty() || stored_hash.size() >= crypto_pwhash_STRBYTES) return true;
  if (stored_hash.rfind(crypto_pwhash_argon2id_STRPREFIX, 0) != 0) return true;
  const std::string hash(stored_hash);
  // 1: different parameters, -1: not a valid hash — both mean "replace it".
  return crypto_pwhash_str_needs_rehash(hash.c_str(), cost.ops_limit, cost.mem_limit_bytes) != 0;
}

std::vector<core::FieldError> CheckPasswordPolicy(std::string_view password,
                                                  std::string_view username) {
  std::vector<core::FieldError> errors;
  if (password.size() > kMaxPasswordBytes) {
    errors.push_back({"password", "too_long", "password must be at most 1024 bytes"});
    return errors;
  }
  if (!core::IsValidUtf8(password)) {
    errors.push_back({"password", "invalid_utf8", "password must be valid UTF-8"});
    return errors;
  }
  if (detail::CodePointCount(password) < kMinPasswordChars) {
    errors.push_back({"password", "too_short", "password must have at least 10 characters"});
  }
  const std::string trimmed_user = detail::AsciiLower(detail::TrimAsciiSpace(username));
  if (!trimmed_user.empty() &&
      detail::AsciiLower(detail::TrimAsciiSpace(password)) == trimmed_user) {
    errors.push_back({"password", "equals_username", "password must differ from the username"});
  }
  return errors;
}

core::Status ValidatePasswordPolicy(std::string_view password, std::string_view username) {
  auto fields = CheckPasswordPolicy(password, username);
  if (fields.empty()) return core::Ok();
  return core::Error{core::ErrorCode::kInvalidArgument, "password does not meet the policy",
                     std::move(fields)};
}

}  // namespace ordo::security
