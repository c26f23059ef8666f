// PEM files for TLS, read and checked with OpenSSL before gRPC sees them:
// gRPC takes PEM text and, given a bad file, fails every handshake later
// with nothing that names the file. Shared by quizd (--tls-cert, --tls-key,
// --tls-client-ca) and the quiz client (--ca, --cert, --key).
#ifndef QUIZD_TLS_PEM_H_
#define QUIZD_TLS_PEM_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace tls {

// Where a PEM file came from, for messages: the flag (or setting) that
// named it and its path. Errors read "--tls-cert server.pem: ...".
struct PemSource {
  std::string what;  // "--tls-cert", "--ca (from $QUIZ_CA)", ...
  std::string path;
};

// The certificates of one file (a chain, or a CA bundle), first one first.
struct Certificates {
  std::string pem;      // the file's text, as gRPC takes it
  int count = 0;        // certificates in it
  std::string subject;  // of the first: "CN=localhost"
  absl::Time not_before;
  absl::Time not_after;
};

// Files larger than this are refused unread (a CA bundle is ~200 KB).
inline constexpr int64_t kMaxPemBytes = 4 << 20;

// Reads `source.path`: INVALID_ARGUMENT naming the source when it cannot be
// read, is over kMaxPemBytes, or holds no PEM certificate or one that does
// not parse.
absl::StatusOr<Certificates> ReadCertificates(const PemSource& source);

// Reads an unencrypted PEM private key: INVALID_ARGUMENT naming the source
// when it cannot be read or holds none (an encrypted key is refused without
// prompting for its passphrase). Returns the file's text.
absl::StatusOr<std::string> ReadPrivateKey(const PemSource& source);

// INVALID_ARGUMENT naming both sources when `key_pem` is not the private key
// of the first certificate in `cert_pem`.
absl::Status CheckKeyMatches(const std::string& cert_pem, const PemSource& cert,
                             const std::string& key_pem, const PemSource& key);

// "2027-01-31 12:00 UTC".
std::string FormatUtc(absl::Time time);

}  // namespace tls

#endif  // QUIZD_TLS_PEM_H_
