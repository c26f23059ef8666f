#include "client/tls.h"

#include <filesystem>
#include <system_error>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "tls/pem.h"

namespace client {
namespace {

std::string Absolute(const std::string& path) {
  if (path.empty()) return path;
  std::error_code error;
  std::filesystem::path absolute = std::filesystem::absolute(path, error);
  return error ? path : absolute.lexically_normal().string();
}

// The first non-empty of the flag, the config's value (when it applies) and
// the environment variable; `origin` says which.
std::string Pick(const std::string& flag, const char* flag_name,
                 const std::string& configured, const char* config_key,
                 bool use_config, const EnvLookup& env, const char* variable,
                 std::string* origin = nullptr) {
  auto say = [origin](std::string where) {
    if (origin != nullptr) *origin = std::move(where);
  };
  if (!flag.empty()) {
    say(flag_name);
    return flag;
  }
  if (use_config && !configured.empty()) {
    say(absl::StrCat("the config file's \"", config_key, "\""));
    return configured;
  }
  std::string value = env(variable);
  if (!value.empty()) say(absl::StrCat("$", variable));
  return value;
}

}  // namespace

std::string ChannelTarget(const std::string& server) {
  return absl::StartsWith(server, kTlsScheme)
             ? server.substr(sizeof kTlsScheme - 1)
             : server;
}

std::string HostOf(const std::string& server) {
  std::string target = ChannelTarget(server);
  const size_t colon = target.rfind(':');
  std::string host =
      colon == std::string::npos ? target : target.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') {
    host = host.substr(1, host.size() - 2);
  }
  return host;
}

absl::StatusOr<TlsSettings> ResolveTls(const TlsFlags& flags,
                                       const std::string& server,
                                       const ClientConfig& config,
                                       const EnvLookup& env) {
  // The config's TLS settings belong to the config's server.
  const bool use_config = !config.server.empty() && server == config.server;
  TlsSettings tls;
  tls.ca_file = Absolute(Pick(flags.ca, "--ca", config.ca, "ca", use_config,
                              env, "QUIZ_CA", &tls.ca_origin));
  tls.cert_file = Absolute(Pick(flags.cert, "--cert", config.cert, "cert",
                                use_config, env, "QUIZ_CERT"));
  tls.key_file = Absolute(
      Pick(flags.key, "--key", config.key, "key", use_config, env, "QUIZ_KEY"));
  tls.server_name =
      Pick(flags.server_name, "--tls-server-name", config.tls_server_name,
           "tls_server_name", use_config, env, "QUIZ_TLS_SERVER_NAME");
  if (tls.cert_file.empty() != tls.key_file.empty()) {
    return UsageError(
        "--cert and --key go together (a client certificate and its key): "
        "give both or neither");
  }
  tls.enabled = absl::StartsWith(server, kTlsScheme) || !tls.ca_file.empty() ||
                !tls.cert_file.empty() || !tls.server_name.empty();
  return tls;
}

void SaveTls(const TlsSettings& tls, ClientConfig& config) {
  config.ca = tls.ca_file;
  config.cert = tls.cert_file;
  config.key = tls.key_file;
  config.tls_server_name = tls.server_name;
}

absl::StatusOr<ChannelSecurity> LoadChannelSecurity(
    const TlsSettings& settings) {
  ChannelSecurity security;
  security.settings = settings;
  if (!settings.enabled) return security;
  // Bad files are the user's to fix: usage errors, exit status 2.
  auto usage = [](const absl::Status& status) {
    return UsageError(std::string(status.message()));
  };
  if (!settings.ca_file.empty()) {
    absl::StatusOr<tls::Certificates> ca =
        tls::ReadCertificates({settings.ca_origin, settings.ca_file});
    if (!ca.ok()) return usage(ca.status());
    security.ca_pem = std::move(ca->pem);
  }
  if (!settings.cert_file.empty()) {
    const tls::PemSource cert_source{"--cert", settings.cert_file};
    const tls::PemSource key_source{"--key", settings.key_file};
    absl::StatusOr<tls::Certificates> cert = tls::ReadCertificates(cert_source);
    if (!cert.ok()) return usage(cert.status());
    absl::StatusOr<std::string> key = tls::ReadPrivateKey(key_source);
    if (!key.ok()) return usage(key.status());
    if (absl::Status matches =
            tls::CheckKeyMatches(cert->pem, cert_source, *key, key_source);
        !matches.ok()) {
      return usage(matches);
    }
    security.cert_pem = std::move(cert->pem);
    security.key_pem = *std::move(key);
  }
  return security;
}

std::shared_ptr<grpc::ChannelCredentials> MakeChannelCredentials(
    const ChannelSecurity& security, grpc::ChannelArguments& args) {
  if (!security.settings.enabled) return grpc::InsecureChannelCredentials();
  grpc::SslCredentialsOptions options;
  options.pem_root_certs = security.ca_pem;
  options.pem_private_key = security.key_pem;
  options.pem_cert_chain = security.cert_pem;
  if (!security.settings.server_name.empty()) {
    args.SetSslTargetNameOverride(security.settings.server_name);
  }
  return grpc::SslCredentials(options);
}

}  // namespace client
