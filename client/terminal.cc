#include "client/terminal.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>
#include <string>

namespace client {

bool StdinIsTerminal() { return isatty(STDIN_FILENO) == 1; }

absl::StatusOr<std::string> ReadPasswordFromTerminal(
    const std::string& prompt) {
  std::cerr << prompt << std::flush;
  termios saved;
  bool restore = tcgetattr(STDIN_FILENO, &saved) == 0;
  if (restore) {
    termios silent = saved;
    silent.c_lflag &= ~static_cast<tcflag_t>(ECHO);
    silent.c_lflag |= ECHONL;  // still echo the Enter so the cursor moves on
    tcsetattr(STDIN_FILENO, TCSAFLUSH, &silent);
  }
  std::string password;
  bool got = static_cast<bool>(std::getline(std::cin, password));
  if (restore) tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved);
  if (!got) return absl::InvalidArgumentError("no password given");
  return password;
}

}  // namespace client
