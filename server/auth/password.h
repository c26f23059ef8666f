// Password hashing (argon2id via libsodium) and bearer tokens.
#ifndef QUIZD_SERVER_AUTH_PASSWORD_H_
#define QUIZD_SERVER_AUTH_PASSWORD_H_

#include <cstdint>
#include <string>
#include <string_view>

#include "absl/status/statusor.h"

namespace auth {

// An argon2id hash string (libsodium's crypto_pwhash_str format, salt and
// parameters included). Slow on purpose: tens of milliseconds and 64 MiB, so
// callers on a gRPC callback thread must offload it.
absl::StatusOr<std::string> HashPassword(std::string_view password);

// Whether `password` matches `hash`. As slow as HashPassword, also for an
// empty hash (a user without a password), which matches nothing.
bool VerifyPassword(const std::string& hash, std::string_view password);

// A new random bearer token (32 bytes from the OS CSPRNG, hex encoded).
std::string NewToken();

// 64 random bits from the same CSPRNG. Cheap (a getrandom call), unlike
// std::random_device, whose every construction runs CPUID: a VM exit, which
// took a tenth of StartAttempt's time on the 2-core dev VM.
uint64_t RandomUint64();

// What the store keeps instead of a token: its BLAKE2b hash, hex encoded.
// Fast; tokens have full entropy, so no slow hash is needed.
std::string TokenHash(std::string_view token);

// INVALID_ARGUMENT unless 8-1024 bytes.
absl::Status CheckPasswordStrength(std::string_view password);

}  // namespace auth

#endif  // QUIZD_SERVER_AUTH_PASSWORD_H_
