// The few terminal operations the client needs.
#ifndef QUIZD_CLIENT_TERMINAL_H_
#define QUIZD_CLIENT_TERMINAL_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "client/config.h"

namespace client {

// Whether standard input is a terminal (a person typing, not a pipe or file).
bool StdinIsTerminal();

// The columns to wrap text to: $COLUMNS when it is a positive number, else
// the width of the terminal on stdout (or, failing that, stderr), else
// kDefaultWidth.
int TerminalWidth(const EnvLookup& env);

// The width tables fit: kTableWidth (80), or $COLUMNS when it is wider.
int TableWidth(const EnvLookup& env);

// Writes `text` to `out`, through a pager when `out` is the process's stdout
// and stdout is a terminal: $PAGER when set, else `less -FRX` (which exits at
// once when the text fits one screen). The text must already be Printable.
// Falls back to writing `out` directly when no pager can be started.
void WritePaged(const std::string& text, std::ostream& out,
                const EnvLookup& env);

// Prints `prompt` to stderr and reads one line from the terminal on stdin with
// echo turned off, restoring the terminal afterwards. The trailing newline is
// not included. Requires StdinIsTerminal(). INVALID_ARGUMENT at end of input.
absl::StatusOr<std::string> ReadPasswordFromTerminal(const std::string& prompt);

// Waits until `fd` has a line to read (a terminal in canonical mode reports
// input only once Enter is pressed), is at end of input or fails, or until
// `timeout` passes. True unless the timeout passed first.
bool WaitForInput(int fd, absl::Duration timeout);

// The bytes that rewrite the line above the cursor with `text` (made
// Printable) and put the cursor back where it was: the status line above a
// prompt is updated while the person types on the prompt line, whose typed
// text (held by the terminal) stays as it is.
std::string RewriteLineAbove(absl::string_view text);

// Drops what was typed on the terminal `fd` but not yet read (a line left
// unfinished when the time ran out), so it is not taken as the next command.
void DiscardTypedInput(int fd);

}  // namespace client

#endif  // QUIZD_CLIENT_TERMINAL_H_
