#include "client/terminal.h"

#include <poll.h>
#include <sys/ioctl.h>
#include <termios.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstdint>
#include <cstdio>
#include <iostream>
#include <string>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "client/format.h"
#include "client/tables.h"

namespace client {
namespace {

// The terminal settings to restore if Ctrl-C arrives while echo is off.
termios saved_terminal;

void RestoreTerminalAndDie(int signal_number) {
  tcsetattr(STDIN_FILENO, TCSANOW, &saved_terminal);  // async-signal-safe
  std::signal(signal_number, SIG_DFL);
  std::raise(signal_number);
}

}  // namespace

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

int TerminalWidth(const EnvLookup& env) {
  int columns = 0;
  if (absl::SimpleAtoi(env("COLUMNS"), &columns) && columns > 0) {
    return columns;
  }
  for (int fd : {STDOUT_FILENO, STDERR_FILENO}) {
    winsize size{};
    if (isatty(fd) == 1 && ioctl(fd, TIOCGWINSZ, &size) == 0 &&
        size.ws_col > 0) {
      return size.ws_col;
    }
  }
  return kDefaultWidth;
}

void WritePaged(const std::string& text, std::ostream& out,
                const EnvLookup& env) {
  if (&out != &std::cout || isatty(STDOUT_FILENO) != 1) {
    out << text;
    return;
  }
  std::string pager = env("PAGER");
  if (pager.empty()) pager = "less -FRX";
  out.flush();
  // A reader who quits the pager early closes the pipe: not a reason to die.
  using Handler = void (*)(int);
  Handler previous = std::signal(SIGPIPE, SIG_IGN);
  std::FILE* pipe = popen(pager.c_str(), "w");
  if (pipe == nullptr) {
    std::signal(SIGPIPE, previous);
    out << text;
    return;
  }
  std::fwrite(text.data(), 1, text.size(), pipe);
  pclose(pipe);
  std::signal(SIGPIPE, previous);
}

int TableWidth(const EnvLookup& env) {
  int columns = 0;
  if (absl::SimpleAtoi(env("COLUMNS"), &columns) && columns > kTableWidth) {
    return columns;
  }
  return kTableWidth;
}

absl::StatusOr<std::string> ReadPasswordFromTerminal(
    const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios& saved = saved_terminal;
  bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
  using Handler = void (*)(int);
  Handler previous_int = SIG_DFL;
  Handler previous_term = SIG_DFL;
  if (restore) {
    previous_int = std::signal(SIGINT, RestoreTerminalAndDie);
    previous_term = std::signal(SIGTERM, RestoreTerminalAndDie);
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    silent.c_lflag |= ECHONL;  // still echo the Enter so the cursor moves on
    tcsetattr(STDIN_FILENO, TCSANOW, &silent);
  }
  std::string password;
  bool got = static_cast<bool>(std::getline(std::cin, password));
  if (restore) {
    tcsetattr(STDIN_FILENO, TCSANOW, &saved);
    std::signal(SIGINT, previous_int);
    std::signal(SIGTERM, previous_term);
  }
  if (!got) return absl::InvalidArgumentError("no password given");
  return password;
}

bool WaitForInput(int fd, absl::Duration timeout) {
  pollfd watched{};
  watched.fd = fd;
  watched.events = POLLIN;
  const int millis = static_cast<int>(
      std::max<int64_t>(0, absl::ToInt64Milliseconds(timeout)));
  const int ready = poll(&watched, 1, millis);
  // An interrupted wait (a window resize) is a tick like a timeout; any other
  // error reads as "input", so the caller's read reports it.
  if (ready < 0) return errno != EINTR;
  return ready > 0;
}

std::string RewriteLineAbove(absl::string_view text) {
  // Save the cursor, go up one line to its start, write, clear the rest of
  // the line, restore the cursor (DEC save/restore: ESC 7, ESC 8).
  return absl::StrCat(
      "\x1b"
      "7\x1b[1A\r",
      Printable(text),
      "\x1b[K\x1b"
      "8");
}

void DiscardTypedInput(int fd) { tcflush(fd, TCIFLUSH); }

}  // namespace client
