// The `quiz` command line: flag parsing and the subcommands. main() only
// calls RunQuiz with the real environment.
#ifndef QUIZD_CLIENT_COMMANDS_H_
#define QUIZD_CLIENT_COMMANDS_H_

#include <functional>
#include <iosfwd>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/config.h"
#include "client/format.h"

namespace client {

// Everything the commands touch outside their arguments, so tests can run
// them on string streams with a fixed environment. Streams are not owned.
struct CommandEnv {
  std::istream* in = nullptr;
  std::ostream* out = nullptr;  // results (tables, JSON)
  std::ostream* err = nullptr;  // errors, prompts and, with --json, the rest
  bool stdin_is_terminal = false;
  EnvLookup env;
  // Columns to word-wrap question text to (see TerminalWidth).
  int width = kDefaultWidth;
  // Page size of the list calls that read every page; tests shrink it to
  // exercise paging.
  int list_page_size = 200;
  // Reads a password without echo; only called when stdin is a terminal.
  std::function<absl::StatusOr<std::string>(const std::string& prompt)>
      read_password;
  std::function<absl::Time()> now;
  absl::TimeZone zone;
  std::function<std::string()> new_request_id;
};

// The process's own stdin/stdout/stderr, environment, terminal width, clock
// and local time zone.
CommandEnv RealCommandEnv();

// Parses argv, runs the subcommand and returns the exit code: 0 on success,
// 1 for server errors, 2 for usage errors. Errors are printed to env.err as
// "quiz: CODE: message".
int RunQuiz(int argc, const char* const* argv, const CommandEnv& env);

}  // namespace client

#endif  // QUIZD_CLIENT_COMMANDS_H_
