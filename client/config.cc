#include "client/config.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include "absl/strings/str_cat.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/json_util.h"

namespace client {
namespace {

absl::Status ErrnoError(const std::string& what, const std::string& path) {
  return absl::InternalError(
      absl::StrCat(what, " ", path, ": ", std::strerror(errno)));
}

// mkdir -p for the parent directories of `path`.
absl::Status MakeParentDirs(const std::string& path) {
  for (size_t slash = path.find('/', 1); slash != std::string::npos;
       slash = path.find('/', slash + 1)) {
    std::string dir = path.substr(0, slash);
    if (mkdir(dir.c_str(), 0700) != 0 && errno != EEXIST) {
      return ErrnoError("cannot create directory", dir);
    }
  }
  return absl::OkStatus();
}

// Returns the string value of `key`, "" when absent; error when not a string.
absl::StatusOr<std::string> StringField(const google::protobuf::Struct& root,
                                        const std::string& key,
                                        const std::string& path) {
  auto it = root.fields().find(key);
  if (it == root.fields().end()) return std::string();
  if (it->second.kind_case() != google::protobuf::Value::kStringValue) {
    return absl::DataLossError(
        absl::StrCat(path, ": \"", key, "\" must be a string"));
  }
  return it->second.string_value();
}

}  // namespace

std::string GetEnv(const char* name) {
  const char* value = std::getenv(name);
  return value == nullptr ? std::string() : std::string(value);
}

absl::StatusOr<std::string> DefaultConfigPath(const EnvLookup& env) {
  if (std::string path = env("QUIZ_CONFIG"); !path.empty()) return path;
  if (std::string xdg = env("XDG_CONFIG_HOME"); !xdg.empty()) {
    return absl::StrCat(xdg, "/quiz/config.json");
  }
  if (std::string home = env("HOME"); !home.empty()) {
    return absl::StrCat(home, "/.config/quiz/config.json");
  }
  return absl::FailedPreconditionError(
      "cannot locate the config file: set HOME, XDG_CONFIG_HOME or "
      "QUIZ_CONFIG, or pass --config");
}

std::string ResolveServer(const std::string& flag, const ClientConfig& config,
                          const EnvLookup& env) {
  if (!flag.empty()) return flag;
  if (!config.server.empty()) return config.server;
  if (std::string server = env("QUIZ_SERVER"); !server.empty()) return server;
  return kDefaultServer;
}

absl::StatusOr<ClientConfig> LoadConfig(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    if (errno == ENOENT) return ClientConfig{};
    return ErrnoError("cannot read config", path);
  }
  std::stringstream text;
  text << file.rdbuf();
  if (file.bad()) return ErrnoError("cannot read config", path);

  google::protobuf::Struct root;
  google::protobuf::util::JsonParseOptions options;
  options.ignore_unknown_fields = true;
  auto parsed =
      google::protobuf::util::JsonStringToMessage(text.str(), &root, options);
  if (!parsed.ok()) {
    return absl::DataLossError(absl::StrCat(
        path, ": not a JSON object: ", parsed.message().as_string()));
  }
  ClientConfig config;
  for (auto [key, field] :
       {std::pair{"server", &config.server},
        std::pair{"username", &config.username},
        std::pair{"token", &config.token}, std::pair{"ca", &config.ca},
        std::pair{"cert", &config.cert}, std::pair{"key", &config.key},
        std::pair{"tls_server_name", &config.tls_server_name}}) {
    absl::StatusOr<std::string> value = StringField(root, key, path);
    if (!value.ok()) return value.status();
    *field = *std::move(value);
  }
  return config;
}

absl::Status SaveConfig(const std::string& path, const ClientConfig& config) {
  google::protobuf::Struct root;
  auto& fields = *root.mutable_fields();
  if (!config.server.empty()) fields["server"].set_string_value(config.server);
  if (!config.username.empty()) {
    fields["username"].set_string_value(config.username);
  }
  if (!config.token.empty()) fields["token"].set_string_value(config.token);
  for (auto [key, value] :
       {std::pair{"ca", &config.ca}, std::pair{"cert", &config.cert},
        std::pair{"key", &config.key},
        std::pair{"tls_server_name", &config.tls_server_name}}) {
    if (!value->empty()) fields[key].set_string_value(*value);
  }
  std::string json;
  google::protobuf::util::JsonPrintOptions print;
  print.add_whitespace = true;
  auto printed =
      google::protobuf::util::MessageToJsonString(root, &json, print);
  if (!printed.ok()) {
    return absl::InternalError(printed.message().as_string());
  }

  if (absl::Status made = MakeParentDirs(path); !made.ok()) return made;
  // Write beside the target and rename, so a crash never leaves a torn file
  // and the token is never readable by others, even briefly.
  std::string temp = absl::StrCat(path, ".tmp.", getpid());
  int fd = open(temp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0600);
  if (fd < 0) return ErrnoError("cannot write config", temp);
  fchmod(fd, 0600);  // O_CREAT's mode does not apply to an existing file
  size_t written = 0;
  while (written < json.size()) {
    ssize_t n = write(fd, json.data() + written, json.size() - written);
    if (n < 0) {
      if (errno == EINTR) continue;
      absl::Status error = ErrnoError("cannot write config", temp);
      close(fd);
      unlink(temp.c_str());
      return error;
    }
    written += static_cast<size_t>(n);
  }
  if (fsync(fd) != 0 || close(fd) != 0) {
    absl::Status error = ErrnoError("cannot write config", temp);
    unlink(temp.c_str());
    return error;
  }
  if (rename(temp.c_str(), path.c_str()) != 0) {
    absl::Status error = ErrnoError("cannot replace config", path);
    unlink(temp.c_str());
    return error;
  }
  return absl::OkStatus();
}

}  // namespace client
