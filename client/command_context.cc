#include "client/command_context.h"

#include <istream>
#include <string>

#include "absl/strings/str_cat.h"
#include "client/api_key.h"
#include "client/errors.h"
#include "google/protobuf/util/json_util.h"

namespace client {

absl::Status Context::Init(bool replaces_corrupt_config) {
  if (!flags_.config.empty()) {
    config_path_ = flags_.config;
  } else {
    absl::StatusOr<std::string> path = DefaultConfigPath(env_.env);
    if (!path.ok()) return path.status();
    config_path_ = *path;
  }
  absl::StatusOr<ClientConfig> config = LoadConfig(config_path_);
  if (absl::IsDataLoss(config.status())) {
    if (!replaces_corrupt_config) {
      return absl::FailedPreconditionError(absl::StrCat(
          "the config file is corrupt: ", config.status().message(),
          ". Run `quiz login` to replace it, or delete ", config_path_));
    }
    corrupt_config_ = config.status();
    config = ClientConfig{};
  }
  if (!config.ok()) return config.status();
  config_ = *std::move(config);
  server_ = ResolveServer(flags_.server, config_, env_.env);
  absl::StatusOr<std::string> api_key =
      ResolveApiKey(flags_.api_key_file, env_.env);
  if (!api_key.ok()) return api_key.status();
  api_key_ = *std::move(api_key);
  absl::StatusOr<TlsSettings> tls =
      ResolveTls(flags_.tls, server_, config_, env_.env);
  if (!tls.ok()) return tls.status();
  absl::StatusOr<ChannelSecurity> security = LoadChannelSecurity(*tls);
  if (!security.ok()) return security.status();
  security_ = *std::move(security);
  return absl::OkStatus();
}

Session& Context::Api() {
  if (session_ == nullptr) {
    session_ = std::make_unique<Session>(
        server_, api_key_.empty() ? config_.token : api_key_, security_);
  }
  return *session_;
}

absl::Status Context::SaveConfig() {
  return client::SaveConfig(config_path_, config_);
}

absl::Status PrintJson(const google::protobuf::Message& message,
                       std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  options.add_whitespace = true;
  std::string json;
  auto status =
      google::protobuf::util::MessageToJsonString(message, &json, options);
  if (!status.ok()) return absl::InternalError(status.message().as_string());
  out << json;
  if (json.empty() || json.back() != '\n') out << "\n";
  return absl::OkStatus();
}

// Reads one line, without its line ending. INVALID_ARGUMENT at end of input.
absl::StatusOr<std::string> ReadLine(std::istream& in, const char* what) {
  std::string line;
  if (!std::getline(in, line)) {
    return UsageError(absl::StrCat("no ", what, " given on standard input"));
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  return line;
}

}  // namespace client
