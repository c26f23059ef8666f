#include "client/commands.h"

#include <iostream>

#include "CLI/CLI.hpp"
#include "cli_help/help_format.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/take.h"
#include "client/terminal.h"

namespace client {

CommandEnv RealCommandEnv() {
  CommandEnv env;
  env.in = &std::cin;
  env.out = &std::cout;
  env.err = &std::cerr;
  env.stdin_is_terminal = StdinIsTerminal();
  env.env = GetEnv;
  env.width = TerminalWidth(env.env);
  env.read_password = ReadPasswordFromTerminal;
  env.now = [] { return absl::Now(); };
  env.zone = absl::LocalTimeZone();
  env.new_request_id = RandomRequestId;
  return env;
}

int RunQuiz(int argc, const char* const* argv, const CommandEnv& env) {
  GlobalFlags flags;
  CLI::App app{
      "quiz: take medical billing and coding quizzes on a quizd server",
      "quiz"};
  // Set before any subcommand is added: they take the root's formatter.
  app.formatter(std::make_shared<cli_help::HelpFormatter>());
  app.require_subcommand(1);
  // Global options may also follow the subcommand.
  app.fallthrough();
  app.add_option("--server", flags.server,
                 "Server address host:port, or tls://host:port for TLS "
                 "verified with the system's CAs (default: config, then "
                 "$QUIZ_SERVER, then 127.0.0.1:50051)");
  app.add_option("--config", flags.config,
                 "Config file (default: $QUIZ_CONFIG, then "
                 "$XDG_CONFIG_HOME/quiz/config.json, then "
                 "~/.config/quiz/config.json)");
  app.add_option("--api-key-file", flags.api_key_file,
                 "Authenticate with the API key in FILE instead of the "
                 "login token (default: $QUIZ_API_KEY when set)");
  app.add_option("--ca", flags.tls.ca,
                 "Use TLS and verify the server with the CA certificates "
                 "in this PEM file (default: config, then $QUIZ_CA)");
  app.add_option("--cert", flags.tls.cert,
                 "Client certificate (PEM) for servers that require one "
                 "(default: config, then $QUIZ_CERT)");
  app.add_option("--key", flags.tls.key,
                 "The client certificate's private key (PEM; default: "
                 "config, then $QUIZ_KEY)");
  app.add_option("--tls-server-name", flags.tls.server_name,
                 "Name the server's certificate must hold, when not the "
                 "host of --server (default: config, then "
                 "$QUIZ_TLS_SERVER_NAME)");
  CommandList commands;
  AddAccountCommands(app, flags, commands);
  AddSessionCommands(app, flags, commands);
  AddQuizCommands(app, flags, commands);
  AddBankCommands(app, flags, commands);
  AddProgressCommands(app, flags, commands);
  AddCourseCommands(app, flags, commands);
  AddKeyCommands(app, flags, commands);
  AddAdminCommands(app, flags, commands);
  AddAuditCommands(app, flags, commands);
  AddGradebookCommands(app, flags, commands);
  AddAssignmentCommands(app, flags, commands);
  AddEventCommands(app, flags, commands);

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& error) {
    if (error.get_exit_code() == 0) return app.exit(error, *env.out, *env.err);
    *env.err << FormatError(UsageError(error.what())) << " (see quiz --help)\n";
    return kExitUsage;
  }

  Context context(env, flags);
  const Command* ran = nullptr;
  for (const Command& command : commands) {
    if (command.app->parsed()) ran = &command;
  }
  absl::Status status =
      ran != nullptr && ran->offline
          ? absl::OkStatus()
          : context.Init(ran != nullptr && ran->replaces_corrupt_config);
  if (status.ok() && ran != nullptr) status = ran->run(context);
  if (status.ok()) return kExitOk;
  // A failed login needs no advice to log in.
  // Nor does a refused API key: logging in would not change it.
  const bool hint = !(ran != nullptr && ran->app->get_name() == "login" &&
                      status.code() == absl::StatusCode::kUnauthenticated) &&
                    !context.using_api_key();
  *env.err << FormatError(status, hint) << "\n";
  return ExitCodeFor(status);
}

}  // namespace client
