// TLS for the quiz client: which CA, client certificate and server name to
// use (from flags, the config file or the environment), the channel
// credentials they make, and, when a connection fails for a TLS reason, a
// message that says which (tls_diagnosis.h).
//
// TLS is on when any of a CA, a client certificate or a server name is
// given, or when the server address starts with "tls://" (then the system's
// CAs verify the server unless a CA is given). The server's certificate must
// name the host of the address (a DNS name or an IP address in its subject
// alternative names), or the name given with --tls-server-name.
#ifndef QUIZD_CLIENT_TLS_H_
#define QUIZD_CLIENT_TLS_H_

#include <grpcpp/security/credentials.h>
#include <grpcpp/support/channel_arguments.h>

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "client/config.h"

namespace client {

// The scheme that asks for TLS without a CA file (the system's CAs).
inline constexpr char kTlsScheme[] = "tls://";

// The TLS flags of `quiz` (global options).
struct TlsFlags {
  std::string ca;           // --ca FILE
  std::string cert;         // --cert FILE
  std::string key;          // --key FILE
  std::string server_name;  // --tls-server-name NAME
};

struct TlsSettings {
  bool enabled = false;
  // Absolute paths; ca_file empty with `enabled`: the system's CAs.
  std::string ca_file;
  std::string cert_file;
  std::string key_file;
  std::string server_name;  // empty: the host of the address
  // Where ca_file came from, for messages: "--ca", "$QUIZ_CA" or
  // "the config file's \"ca\"".
  std::string ca_origin;
};

// `server` as gRPC takes it: without the "tls://" prefix.
std::string ChannelTarget(const std::string& server);

// The host part of `server` ("[::1]:5" gives "::1"), for certificate checks.
std::string HostOf(const std::string& server);

// Each setting from its flag, else from the config when `server` is the
// config's server (they were saved with it), else from $QUIZ_CA, $QUIZ_CERT,
// $QUIZ_KEY or $QUIZ_TLS_SERVER_NAME. Paths are made absolute. A
// certificate without its key, or a key without its certificate, is a
// usage error.
absl::StatusOr<TlsSettings> ResolveTls(const TlsFlags& flags,
                                       const std::string& server,
                                       const ClientConfig& config,
                                       const EnvLookup& env);

// Stores `tls` in `config` (for the server being saved with it).
void SaveTls(const TlsSettings& tls, ClientConfig& config);

// The settings with their files read and checked.
struct ChannelSecurity {
  TlsSettings settings;
  std::string ca_pem;  // empty: the system's CAs
  std::string cert_pem;
  std::string key_pem;
};

// Reads the files: a usage error (exit 2) naming the option and the file
// when one cannot be read or is not PEM, or when the key is not the
// certificate's.
absl::StatusOr<ChannelSecurity> LoadChannelSecurity(
    const TlsSettings& settings);

// Insecure credentials when TLS is off; else SSL credentials, and the
// server name override in `args` when one is set.
std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(
    const ChannelSecurity& security, grpc::ChannelArguments& args);

}  // namespace client

#endif  // QUIZD_CLIENT_TLS_H_
