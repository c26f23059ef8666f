// The client's config file: a small JSON object remembering the server (and
// how to reach it over TLS), the logged-in user and their bearer token
// between runs.
#ifndef QUIZD_CLIENT_CONFIG_H_
#define QUIZD_CLIENT_CONFIG_H_

#include <functional>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace client {

// Server address used when neither the flag, the config nor QUIZ_SERVER names
// one.
inline constexpr char kDefaultServer[] = "127.0.0.1:50051";

// Contents of the config file. Empty strings mean "not set".
struct ClientConfig {
  std::string server;    // host:port
  std::string username;  // last user to log in
  std::string token;     // bearer token; empty when logged out
  // TLS for `server` (see client/tls.h); absolute paths. Saved by login
  // with the server they belong to, and used only with that server.
  std::string ca;               // PEM CA(s) to verify the server with
  std::string cert;             // PEM client certificate (mutual TLS)
  std::string key;              // its PEM private key
  std::string tls_server_name;  // name to check instead of the host's
};

// Looks up an environment variable; returns "" when unset. Injected so tests
// need not touch the process environment.
using EnvLookup = std::function<std::string(const char* name)>;

// The real environment.
std::string GetEnv(const char* name);

// Where the config lives when --config is not given: $QUIZ_CONFIG, else
// $XDG_CONFIG_HOME/quiz/config.json, else $HOME/.config/quiz/config.json.
// FAILED_PRECONDITION when none of these variables is set.
absl::StatusOr<std::string> DefaultConfigPath(const EnvLookup& env);

// The server to talk to: `flag` when non-empty, else the config's, else
// $QUIZ_SERVER, else kDefaultServer.
std::string ResolveServer(const std::string& flag, const ClientConfig& config,
                          const EnvLookup& env);

// Reads the config at `path`. A missing file is an empty config, not an
// error; an unreadable file is (naming the path), and a corrupt one (not a
// JSON object, a key that is not a string) is DATA_LOSS naming the path.
// Unknown keys are ignored so newer clients can add some.
absl::StatusOr<ClientConfig> LoadConfig(const std::string& path);

// Writes the config atomically (temp file + rename) with mode 0600, creating
// missing parent directories with mode 0700.
absl::Status SaveConfig(const std::string& path, const ClientConfig& config);

}  // namespace client

#endif  // QUIZD_CLIENT_CONFIG_H_
