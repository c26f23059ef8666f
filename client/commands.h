// The `quiz` command line: flag parsing and the subcommands. main() only
// calls RunQuiz with the real environment.
#ifndef QUIZD_CLIENT_COMMANDS_H_
#define QUIZD_CLIENT_COMMANDS_H_

#include <functional>
#include <iosfwd>
#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/config.h"
#include "client/quiz_api.h"

namespace client {

// Everything the commands touch outside their arguments, so tests can run
// them against a fake server and string streams. Streams are not owned.
struct CommandEnv {
  std::istream* in = nullptr;
  std::ostream* out = nullptr;  // results (tables, JSON)
  std::ostream* err = nullptr;  // errors, prompts and, with --json, the rest
  bool stdin_is_terminal = false;
  EnvLookup env;
  // Opens a connection to `server` carrying `token` (empty before login).
  std::function<std::unique_ptr<QuizApi>(const std::string& server,
                                         const std::string& token)>
      connect;
  // Reads a password without echo; only called when stdin is a terminal.
  std::function<absl::StatusOr<std::string>(const std::string& prompt)>
      read_password;
  std::function<absl::Time()> now;
  absl::TimeZone zone;
  std::function<std::string()> new_request_id;
};

// The process's own stdin/stdout/stderr, environment, clock, local time zone
// and a gRPC connection.
CommandEnv RealCommandEnv();

// Parses argv, runs the subcommand and returns the exit code: 0 on success,
// 1 for server errors, 2 for usage errors. Errors are printed to env.err as
// "quiz: CODE: message".
int RunQuiz(int argc, const char* const* argv, const CommandEnv& env);

}  // namespace client

#endif  // QUIZD_CLIENT_COMMANDS_H_
