#include "server/auth/password.h"

#include <sodium.h>

#include <cstdlib>

#include "absl/status/status.h"

namespace auth {
namespace {

// sodium_init is idempotent and thread-safe; calling it before each use keeps
// this module usable without a separate init step.
void EnsureSodium() {
  if (sodium_init() < 0) std::abort();  // no usable randomness: cannot go on
}

std::string Hex(const unsigned char* bytes, size_t size) {
  std::string hex(size * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), bytes, size);
  hex.pop_back();
  return hex;
}

}  // namespace

absl::StatusOr<std::string> HashPassword(std::string_view password) {
  EnsureSodium();
  char hash[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str_alg(hash, password.data(), password.size(),
                            crypto_pwhash_OPSLIMIT_INTERACTIVE,
                            crypto_pwhash_MEMLIMIT_INTERACTIVE,
                            crypto_pwhash_ALG_ARGON2ID13) != 0) {
    return absl::ResourceExhaustedError("out of memory hashing a password");
  }
  return std::string(hash);
}

bool VerifyPassword(const std::string& hash, std::string_view password) {
  EnsureSodium();
  if (hash.empty()) {
    // A user without a password (a service account) never matches, and
    // costs a full check like everyone else: the time taken does not tell
    // such a username from another.
    static const std::string* const kDecoy =
        new std::string(HashPassword("no-password-decoy").value_or(""));
    crypto_pwhash_str_verify(kDecoy->c_str(), password.data(), password.size());
    return false;
  }
  return crypto_pwhash_str_verify(hash.c_str(), password.data(),
                                  password.size()) == 0;
}

std::string NewToken() {
  EnsureSodium();
  unsigned char bytes[32];
  randombytes_buf(bytes, sizeof bytes);
  return Hex(bytes, sizeof bytes);
}

uint64_t RandomUint64() {
  EnsureSodium();
  uint64_t value;
  randombytes_buf(&value, sizeof value);
  return value;
}

std::string TokenHash(std::string_view token) {
  EnsureSodium();
  unsigned char digest[crypto_generichash_BYTES];
  crypto_generichash(digest, sizeof digest,
                     reinterpret_cast<const unsigned char*>(token.data()),
                     token.size(), nullptr, 0);
  return Hex(digest, sizeof digest);
}

absl::Status CheckPasswordStrength(std::string_view password) {
  if (password.size() < 8 || password.size() > 1024) {
    return absl::InvalidArgumentError(
        "password: must be 8 to 1024 characters long");
  }
  return absl::OkStatus();
}

}  // namespace auth
