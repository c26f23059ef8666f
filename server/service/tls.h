// TLS for quizd: the files named by --tls-cert, --tls-key and
// --tls-client-ca, read and checked when the server starts, so that a bad
// file is an error naming the flag and the file rather than handshakes that
// fail later; and the rule that plaintext is served on loopback only.
#ifndef QUIZD_SERVER_SERVICE_TLS_H_
#define QUIZD_SERVER_SERVICE_TLS_H_

#include <grpcpp/security/server_credentials.h>

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace service {

struct TlsFiles {
  std::string cert_file;  // PEM: the server's certificate chain, leaf first
  std::string key_file;   // PEM: its private key, unencrypted
  std::string client_ca_file;  // PEM: when set, clients must present a
                               // certificate signed by one of these CAs
  bool enabled() const { return !cert_file.empty() || !key_file.empty(); }
};

struct ServerTls {
  std::shared_ptr<grpc::ServerCredentials> credentials;
  // For the startup log: "certificate CN=..., valid until ...; client
  // certificates required (CA in FILE)".
  std::string summary;
  // Said on the log when the certificate has expired or is not yet valid
  // (quizd still serves it: renewing it must not need a restart order).
  std::string warning;
};

// Reads and checks the files: INVALID_ARGUMENT naming the flag and the file
// when one cannot be read, holds no PEM certificate or key (an encrypted key
// counts as none: quizd cannot prompt for its passphrase), or when the key
// is not the certificate's. Either of cert and key without the other, or a
// client CA without them, is INVALID_ARGUMENT too.
absl::StatusOr<ServerTls> LoadServerTls(const TlsFiles& files);

// Whether every address `listen` ("host:port") resolves to is a loopback
// address (127.0.0.0/8, ::1). An empty host, 0.0.0.0 or :: (every
// interface) is not. An address that does not resolve counts as loopback
// here: binding it fails with its own error.
bool ListensOnLoopbackOnly(const std::string& listen);

// OK unless `listen` reaches beyond this machine, `tls` is off and
// `insecure` is not set: then FAILED_PRECONDITION naming --tls-cert,
// --tls-key and --insecure.
absl::Status CheckPlaintextAllowed(const std::string& listen, bool tls,
                                   bool insecure);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_TLS_H_
