#include "server/service/tls.h"

#include <arpa/inet.h>
#include <grpcpp/security/server_credentials.h>
#include <netdb.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "tls/pem.h"

namespace service {
namespace {

bool IsLoopback(const sockaddr* address) {
  if (address->sa_family == AF_INET) {
    const auto* v4 = reinterpret_cast<const sockaddr_in*>(address);
    return (ntohl(v4->sin_addr.s_addr) >> 24) == 127;
  }
  if (address->sa_family == AF_INET6) {
    const auto* v6 = reinterpret_cast<const sockaddr_in6*>(address);
    return IN6_IS_ADDR_LOOPBACK(&v6->sin6_addr);
  }
  return false;
}

}  // namespace

absl::StatusOr<ServerTls> LoadServerTls(const TlsFiles& files) {
  const tls::PemSource cert_source{"--tls-cert", files.cert_file};
  const tls::PemSource key_source{"--tls-key", files.key_file};
  if (files.cert_file.empty() != files.key_file.empty()) {
    return absl::InvalidArgumentError(
        "--tls-cert and --tls-key go together: give both or neither");
  }
  if (!files.enabled()) {
    if (files.client_ca_file.empty()) return ServerTls{};
    return absl::InvalidArgumentError(
        "--tls-client-ca needs --tls-cert and --tls-key");
  }
  absl::StatusOr<tls::Certificates> chain = tls::ReadCertificates(cert_source);
  if (!chain.ok()) return chain.status();
  absl::StatusOr<std::string> key = tls::ReadPrivateKey(key_source);
  if (!key.ok()) return key.status();
  if (absl::Status matches =
          tls::CheckKeyMatches(chain->pem, cert_source, *key, key_source);
      !matches.ok()) {
    return matches;
  }

  ServerTls loaded;
  grpc::SslServerCredentialsOptions options(
      GRPC_SSL_DONT_REQUEST_CLIENT_CERTIFICATE);
  options.pem_key_cert_pairs.push_back({*key, chain->pem});
  loaded.summary =
      absl::StrCat("TLS, certificate ", files.cert_file, " (", chain->subject,
                   ", valid until ", tls::FormatUtc(chain->not_after), ")");
  if (!files.client_ca_file.empty()) {
    absl::StatusOr<tls::Certificates> client_ca =
        tls::ReadCertificates({"--tls-client-ca", files.client_ca_file});
    if (!client_ca.ok()) return client_ca.status();
    options.pem_root_certs = client_ca->pem;
    options.client_certificate_request =
        GRPC_SSL_REQUEST_AND_REQUIRE_CLIENT_CERTIFICATE_AND_VERIFY;
    absl::StrAppend(&loaded.summary,
                    "; client certificates required, signed by a CA in ",
                    files.client_ca_file);
  }
  const absl::Time now = absl::Now();
  if (now > chain->not_after) {
    loaded.warning = absl::StrCat(
        "the certificate in --tls-cert ", files.cert_file, " expired on ",
        tls::FormatUtc(chain->not_after), ": clients will refuse it");
  } else if (now < chain->not_before) {
    loaded.warning =
        absl::StrCat("the certificate in --tls-cert ", files.cert_file,
                     " is not valid before ", tls::FormatUtc(chain->not_before),
                     ": clients will refuse it until then");
  }
  loaded.credentials = grpc::SslServerCredentials(options);
  return loaded;
}

bool ListensOnLoopbackOnly(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  std::string host = listen.substr(0, colon == std::string::npos ? 0 : colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  if (host.empty()) return false;  // every interface
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE;
  addrinfo* found = nullptr;
  if (getaddrinfo(host.c_str(), nullptr, &hints, &found) != 0) return true;
  bool loopback = found != nullptr;
  for (addrinfo* info = found; info != nullptr; info = info->ai_next) {
    loopback = loopback && IsLoopback(info->ai_addr);
  }
  freeaddrinfo(found);
  return loopback;
}

absl::Status CheckPlaintextAllowed(const std::string& listen, bool tls,
                                   bool insecure) {
  if (tls || insecure || ListensOnLoopbackOnly(listen)) {
    return absl::OkStatus();
  }
  return absl::FailedPreconditionError(absl::StrCat(
      "refusing to serve plaintext on ", listen,
      ": it is not a loopback address, so passwords and tokens would cross "
      "the network unencrypted. Give --tls-cert FILE and --tls-key FILE, or "
      "--insecure to serve plaintext anyway (behind a TLS-terminating "
      "proxy, say)"));
}

}  // namespace service
