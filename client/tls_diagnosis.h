// Why a connection to quizd failed, when TLS is the reason. gRPC reports
// every failed handshake as UNAVAILABLE with text that names neither the CA
// file nor the cause; this probes the server once with OpenSSL, as the
// channel would have connected, and says what went wrong in words.
#ifndef QUIZD_CLIENT_TLS_DIAGNOSIS_H_
#define QUIZD_CLIENT_TLS_DIAGNOSIS_H_

#include <string>

#include "absl/status/status.h"
#include "client/tls.h"

namespace client {

// For an UNAVAILABLE `status` from a call to `server`: when the server can be
// reached and TLS explains the failure, UNAVAILABLE saying so, e.g.
//   the server's certificate could not be verified with the CA in
//   /etc/quiz/ca.pem (--ca): certificate has expired
// or that the server speaks TLS and this client did not (give --ca), that it
// does not speak TLS, or that it refused the client certificate. Otherwise
// `status` unchanged. Blocks for at most a few seconds.
absl::Status ExplainUnavailable(const absl::Status& status,
                                const std::string& server,
                                const ChannelSecurity& security);

}  // namespace client

#endif  // QUIZD_CLIENT_TLS_DIAGNOSIS_H_
