// The few terminal operations the client needs.
#ifndef QUIZD_CLIENT_TERMINAL_H_
#define QUIZD_CLIENT_TERMINAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "client/config.h"

namespace client {

// Whether standard input is a terminal (a person typing, not a pipe or file).
bool StdinIsTerminal();

// The columns to wrap text to: $COLUMNS when it is a positive number, else
// the width of the terminal on stdout (or, failing that, stderr), else
// kDefaultWidth.
int TerminalWidth(const EnvLookup& env);

// Prints `prompt` to stderr and reads one line from the terminal on stdin with
// echo turned off, restoring the terminal afterwards. The trailing newline is
// not included. Requires StdinIsTerminal(). INVALID_ARGUMENT at end of input.
absl::StatusOr<std::string> ReadPasswordFromTerminal(const std::string& prompt);

}  // namespace client

#endif  // QUIZD_CLIENT_TERMINAL_H_
