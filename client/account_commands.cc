// login and logout.
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

struct LoginOptions {
  std::string username;
  bool password_stdin = false;
};

absl::Status RunLogin(Context& context, const LoginOptions& flags) {
  const CommandEnv& env = context.env();
  std::string username = flags.username;
  if (username.empty()) {
    if (flags.password_stdin) {
      return UsageError("--password-stdin needs the username as an argument");
    }
    if (env.stdin_is_terminal) *env.err << "Username: " << std::flush;
    absl::StatusOr<std::string> line = ReadLine(*env.in, "username");
    if (!line.ok()) return line.status();
    username = std::string(absl::StripAsciiWhitespace(*line));
    if (username.empty()) return UsageError("empty username");
  }
  absl::StatusOr<std::string> password;
  if (!flags.password_stdin && env.stdin_is_terminal) {
    password = env.read_password("Password: ");
  } else {
    password = ReadLine(*env.in, "password");
  }
  if (!password.ok()) return password.status();
  if (password->empty()) return UsageError("empty password");

  quiz::v1::LoginRequest request;
  request.set_username(username);
  request.set_password(*password);
  absl::StatusOr<quiz::v1::LoginResponse> reply = context.Api().Login(request);
  if (!reply.ok()) return reply.status();

  ClientConfig& config = context.config();
  config.server = context.server();
  SaveTls(context.tls(), config);
  config.username =
      reply->user().username().empty() ? username : reply->user().username();
  config.token = reply->token();
  if (absl::Status saved = context.SaveConfig(); !saved.ok()) return saved;
  if (!context.corrupt_config().ok()) {
    *env.err << "Replaced the corrupt config file "
             << Printable(context.config_path()) << " ("
             << Printable(context.corrupt_config().message()) << ").\n";
  }
  context.out() << "Logged in as " << Printable(config.username) << " ("
                << RoleName(reply->user().role()) << ") until "
                << FormatTimestamp(reply->expire_time(), env.zone) << "\n";
  return absl::OkStatus();
}

absl::Status RunLogout(Context& context) {
  if (!context.corrupt_config().ok()) {
    // No token can be read from it, so none can be revoked: remove the file.
    if (std::remove(context.config_path().c_str()) != 0) {
      return absl::InternalError(
          absl::StrCat("cannot remove the corrupt config file ",
                       context.config_path(), ": ", std::strerror(errno)));
    }
    context.out() << "Removed the corrupt config file "
                  << Printable(context.config_path())
                  << "; a token in it expires on its own.\nLogged out.\n";
    return absl::OkStatus();
  }
  if (context.config().token.empty()) {
    context.out() << "Not logged in.\n";
    return absl::OkStatus();
  }
  absl::Status revoked = context.Api().Logout();
  // Forget the token whatever the server said: the user asked to be logged
  // out here, and an expired token (UNAUTHENTICATED) is as good as revoked.
  context.config().token.clear();
  if (absl::Status saved = context.SaveConfig(); !saved.ok()) return saved;
  context.out() << "Logged out.\n";
  if (!revoked.ok() && revoked.code() != absl::StatusCode::kUnauthenticated) {
    *context.env().err << "The server could not revoke the token; it expires "
                          "on its own.\n";
    return revoked;
  }
  return absl::OkStatus();
}

}  // namespace

void AddAccountCommands(CLI::App& app, GlobalFlags& flags,
                        CommandList& commands) {
  auto options = std::make_shared<LoginOptions>();
  CLI::App* login =
      app.add_subcommand("login", "Log in and remember the token");
  login->add_option("username", options->username,
                    "Login name (asked if missing)");
  login->add_flag("--password-stdin", options->password_stdin,
                  "Read the password from the first line of stdin");
  Command login_command{login, [options](Context& context) {
                          return RunLogin(context, *options);
                        }};
  login_command.replaces_corrupt_config = true;
  commands.push_back(login_command);
  CLI::App* logout =
      app.add_subcommand("logout", "Revoke the token and forget it");
  Command logout_command{logout, RunLogout};
  logout_command.replaces_corrupt_config = true;
  commands.push_back(logout_command);
}

}  // namespace client
