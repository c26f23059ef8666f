#include "client/tls_diagnosis.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <openssl/err.h>
#include <openssl/pem.h>
#include <openssl/ssl.h>
#include <openssl/x509_vfy.h>
#include <openssl/x509v3.h>
#include <poll.h>
#include <pthread.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>
#include <ctime>
#include <memory>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace client {
namespace {

// How long the probe waits for the server at each step.
constexpr int kProbeTimeoutMs = 5000;
// How long it waits, after a handshake, for the server to refuse the client
// certificate (TLS 1.3 servers do so after the handshake).
constexpr int kRefusalWaitMs = 1000;

void SetReceiveTimeout(int fd, int ms) {
  timeval wait{ms / 1000, (ms % 1000) * 1000};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &wait, sizeof wait);
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &wait, sizeof wait);
}

// A blocking TCP connection to `server` ("host:port"), or -1.
int ConnectTcp(const std::string& server) {
  const std::string target = ChannelTarget(server);
  const size_t colon = target.rfind(':');
  if (colon == std::string::npos) return -1;
  const std::string host = HostOf(server);
  const std::string port = target.substr(colon + 1);
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_NUMERICSERV;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), port.c_str(), &hints, &found) != 0) return -1;
  int fd = -1;
  for (addrinfo* info = found; info != nullptr && fd < 0;
       info = info->ai_next) {
    fd = socket(info->ai_family, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK,
                info->ai_protocol);
    if (fd < 0) continue;
    int result = connect(fd, info->ai_addr, info->ai_addrlen);
    if (result != 0 && errno == EINPROGRESS) {
      pollfd wait = {fd, POLLOUT, 0};
      int error = 0;
      socklen_t size = sizeof error;
      if (poll(&wait, 1, kProbeTimeoutMs) == 1 &&
          getsockopt(fd, SOL_SOCKET, SO_ERROR, &error, &size) == 0 &&
          error == 0) {
        result = 0;
      }
    }
    if (result != 0) {
      close(fd);
      fd = -1;
    }
  }
  freeaddrinfo(found);
  if (fd >= 0) {
    fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
    SetReceiveTimeout(fd, kProbeTimeoutMs);
  }
  return fd;
}

enum class Outcome {
  kUnreachable,  // no TCP connection
  kAccepted,     // a TLS session the server kept
  kUnverified,   // the server's certificate failed verification
  kNotTls,       // the server answered, but not in TLS
  kClosed,       // the server closed the connection during the handshake
  kRefused,      // the server sent an alert (e.g. client certificate)
  kFailed,       // another handshake failure
};

struct Probe {
  Outcome outcome = Outcome::kUnreachable;
  std::string detail;  // OpenSSL's words for the failure
};

struct CtxFree {
  void operator()(SSL_CTX* ctx) const { SSL_CTX_free(ctx); }
};
struct SslFree {
  void operator()(SSL* ssl) const { SSL_free(ssl); }
};

void AddCertificates(SSL_CTX* ctx, const std::string& pem) {
  BIO* bio = BIO_new_mem_buf(pem.data(), static_cast<int>(pem.size()));
  X509_STORE* store = SSL_CTX_get_cert_store(ctx);
  while (X509* cert = PEM_read_bio_X509(bio, nullptr, nullptr, nullptr)) {
    X509_STORE_add_cert(store, cert);
    X509_free(cert);
  }
  BIO_free(bio);
  ERR_clear_error();
}

void UseClientCertificate(SSL_CTX* ctx, const ChannelSecurity& security) {
  if (security.cert_pem.empty()) return;
  BIO* cert_bio = BIO_new_mem_buf(security.cert_pem.data(),
                                  static_cast<int>(security.cert_pem.size()));
  BIO* key_bio = BIO_new_mem_buf(security.key_pem.data(),
                                 static_cast<int>(security.key_pem.size()));
  if (X509* cert = PEM_read_bio_X509(cert_bio, nullptr, nullptr, nullptr)) {
    SSL_CTX_use_certificate(ctx, cert);
    X509_free(cert);
  }
  if (EVP_PKEY* key =
          PEM_read_bio_PrivateKey(key_bio, nullptr, nullptr, nullptr)) {
    SSL_CTX_use_PrivateKey(ctx, key);
    EVP_PKEY_free(key);
  }
  BIO_free(cert_bio);
  BIO_free(key_bio);
  ERR_clear_error();
}

// OpenSSL's reason for the last failure, and a clean error queue.
std::string LastReason() {
  const char* reason = ERR_reason_error_string(ERR_peek_last_error());
  ERR_clear_error();
  return reason == nullptr ? "" : reason;
}

Probe Classify(SSL* ssl, int result, bool verify) {
  Probe probe;
  if (verify) {
    const long verified = SSL_get_verify_result(ssl);
    if (verified != X509_V_OK) {
      probe.outcome = Outcome::kUnverified;
      probe.detail = X509_verify_cert_error_string(verified);
      ERR_clear_error();
      return probe;
    }
  }
  const int error = SSL_get_error(ssl, result);
  probe.detail = LastReason();
  if (absl::StrContains(probe.detail, "alert")) {
    probe.outcome = Outcome::kRefused;
  } else if (absl::StrContains(probe.detail, "wrong version number") ||
             absl::StrContains(probe.detail, "packet length too long") ||
             absl::StrContains(probe.detail, "record layer failure")) {
    probe.outcome = Outcome::kNotTls;
  } else if (error == SSL_ERROR_SYSCALL || error == SSL_ERROR_ZERO_RETURN ||
             absl::StrContains(probe.detail, "unexpected eof")) {
    probe.outcome = Outcome::kClosed;
  } else {
    probe.outcome = Outcome::kFailed;
  }
  if (probe.detail.empty()) probe.detail = "the connection was closed";
  return probe;
}

// One TLS handshake with `server` as the channel makes it (ALPN h2, the
// server name checked, the client certificate), verifying the server's
// certificate when `verify`.
Probe ProbeTls(const std::string& server, const ChannelSecurity& security,
               bool verify) {
  const int fd = ConnectTcp(server);
  if (fd < 0) return Probe{};
  std::unique_ptr<SSL_CTX, CtxFree> ctx(SSL_CTX_new(TLS_client_method()));
  if (verify) {
    SSL_CTX_set_verify(ctx.get(), SSL_VERIFY_PEER, nullptr);
    if (security.ca_pem.empty()) {
      SSL_CTX_set_default_verify_paths(ctx.get());
    } else {
      AddCertificates(ctx.get(), security.ca_pem);
    }
  }
  UseClientCertificate(ctx.get(), security);
  std::unique_ptr<SSL, SslFree> ssl(SSL_new(ctx.get()));
  static const unsigned char kAlpn[] = {2, 'h', '2'};
  SSL_set_alpn_protos(ssl.get(), kAlpn, sizeof kAlpn);
  const std::string name = security.settings.server_name.empty()
                               ? HostOf(server)
                               : security.settings.server_name;
  unsigned char address[sizeof(in6_addr)];
  const bool is_ip = inet_pton(AF_INET, name.c_str(), address) == 1 ||
                     inet_pton(AF_INET6, name.c_str(), address) == 1;
  X509_VERIFY_PARAM* param = SSL_get0_param(ssl.get());
  if (is_ip) {
    X509_VERIFY_PARAM_set1_ip_asc(param, name.c_str());
  } else {
    SSL_set_tlsext_host_name(ssl.get(), name.c_str());
    X509_VERIFY_PARAM_set1_host(param, name.c_str(), 0);
  }
  SSL_set_fd(ssl.get(), fd);
  ERR_clear_error();
  Probe probe;
  const int connected = SSL_connect(ssl.get());
  if (connected != 1) {
    probe = Classify(ssl.get(), connected, verify);
  } else {
    // A TLS 1.3 server checks the client's certificate after the client has
    // finished its handshake; gRPC's then closes the connection (with an
    // alert, or without). A server that accepts sends its HTTP/2 settings
    // instead, or nothing for a while.
    SetReceiveTimeout(fd, kRefusalWaitMs);
    char byte = 0;
    const int read = SSL_read(ssl.get(), &byte, 1);
    const int read_errno = errno;
    probe.outcome = Outcome::kAccepted;
    if (read <= 0) {
      const int error = SSL_get_error(ssl.get(), read);
      std::string reason = LastReason();
      const bool timed_out =
          error == SSL_ERROR_WANT_READ ||
          (error == SSL_ERROR_SYSCALL &&
           (read_errno == EAGAIN || read_errno == EWOULDBLOCK));
      if (!timed_out) {
        probe.outcome = Outcome::kRefused;
        probe.detail = absl::StrContains(reason, "alert")
                           ? std::move(reason)
                           : "it closed the connection after the handshake";
      }
    }
  }
  ssl.reset();
  close(fd);
  return probe;
}

// Runs `probe` with SIGPIPE blocked on this thread, so that a server closing
// the connection under a write cannot kill the client, and discards a
// SIGPIPE raised meanwhile.
template <typename Function>
Probe WithoutSigpipe(Function probe) {
  sigset_t pipe, old;
  sigemptyset(&pipe);
  sigaddset(&pipe, SIGPIPE);
  pthread_sigmask(SIG_BLOCK, &pipe, &old);
  Probe result = probe();
  const timespec now = {0, 0};
  while (sigtimedwait(&pipe, nullptr, &now) > 0) {
  }
  pthread_sigmask(SIG_SETMASK, &old, nullptr);
  return result;
}

std::string CaText(const TlsSettings& settings) {
  if (settings.ca_file.empty()) {
    return "the system's CAs (give the CA that signed it with --ca FILE)";
  }
  return absl::StrCat("the CA in ", settings.ca_file, " (", settings.ca_origin,
                      ")");
}

}  // namespace

absl::Status ExplainUnavailable(const absl::Status& status,
                                const std::string& server,
                                const ChannelSecurity& security) {
  if (status.code() != absl::StatusCode::kUnavailable) return status;
  const TlsSettings& settings = security.settings;
  const std::string target = ChannelTarget(server);
  if (!settings.enabled) {
    const Probe probe =
        WithoutSigpipe([&] { return ProbeTls(server, security, false); });
    if (probe.outcome != Outcome::kAccepted &&
        probe.outcome != Outcome::kRefused) {
      return status;
    }
    return absl::UnavailableError(absl::StrCat(
        "the server at ", target,
        " speaks TLS, and this client connected without it: give the CA "
        "that signed its certificate with --ca FILE (or $QUIZ_CA, or \"ca\" "
        "in the config file), or connect to ",
        kTlsScheme, target, " if a public CA signed it"));
  }
  const Probe probe =
      WithoutSigpipe([&] { return ProbeTls(server, security, true); });
  switch (probe.outcome) {
    case Outcome::kUnreachable:
    case Outcome::kAccepted:
      return status;
    case Outcome::kUnverified: {
      std::string text =
          absl::StrCat("the server's certificate could not be verified with ",
                       CaText(settings), ": ", probe.detail);
      if (absl::StrContains(probe.detail, "mismatch")) {
        const std::string name = settings.server_name.empty()
                                     ? HostOf(server)
                                     : settings.server_name;
        absl::StrAppend(&text, " (it does not name ", name,
                        "; connect by a name it has, or give "
                        "--tls-server-name NAME)");
      }
      return absl::UnavailableError(text);
    }
    case Outcome::kNotTls:
      return absl::UnavailableError(absl::StrCat(
          "the server at ", target, " does not speak TLS (", probe.detail,
          "); if it serves plaintext, connect without --ca, --cert and "
          "tls://"));
    case Outcome::kClosed:
      return absl::UnavailableError(absl::StrCat(
          "the server at ", target,
          " closed the connection during the TLS handshake: it may be at its "
          "connection limit (try again shortly), or not serve TLS"));
    case Outcome::kRefused:
      if (settings.cert_file.empty()) {
        return absl::UnavailableError(absl::StrCat(
            "the server at ", target, " refused the connection (", probe.detail,
            "): it requires a client certificate; give --cert FILE and "
            "--key FILE (or $QUIZ_CERT and $QUIZ_KEY)"));
      }
      return absl::UnavailableError(absl::StrCat(
          "the server at ", target, " refused the client certificate in ",
          settings.cert_file, " (", probe.detail,
          "): it is not signed by a CA the server trusts, or has expired"));
    case Outcome::kFailed:
      break;
  }
  return absl::UnavailableError(absl::StrCat("the TLS handshake with ", target,
                                             " failed: ", probe.detail));
}

}  // namespace client
