#include "bench/quizd_process.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <regex>

namespace bench {
namespace {

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

// NULL-terminated argv pointing into `argv`, made before fork() so that the
// child, a copy of a threaded process, only calls exec-safe functions.
std::vector<char*> ArgvOf(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv) {
    args.push_back(const_cast<char*>(arg.c_str()));
  }
  args.push_back(nullptr);
  return args;
}

// In the child: stdin from `in_fd` (or /dev/null when -1), stdout to
// /dev/null, stderr to `err_fd`, then exec. The child is killed when the
// thread that forked it ends (RunCommand reaps its child first; QuizdProcess
// runs on the main thread), so an interrupted run leaves no quizd behind.
[[noreturn]] void Exec(const std::vector<char*>& args, int in_fd, int err_fd) {
  prctl(PR_SET_PDEATHSIG, SIGKILL);
  const int null = open("/dev/null", O_RDWR | O_CLOEXEC);
  dup2(in_fd >= 0 ? in_fd : null, 0);
  dup2(null, 1);
  dup2(err_fd, 2);
  execv(args[0], args.data());
  _exit(127);
}

// Appends what `fd` holds to `out`; returns false at end of file.
bool ReadSome(int fd, std::string* out) {
  char buffer[4096];
  const ssize_t n = read(fd, buffer, sizeof buffer);
  if (n <= 0) return false;
  out->append(buffer, n);
  return true;
}

}  // namespace

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input) {
  int in[2], err[2];
  if (pipe(in) != 0) return {};
  if (pipe(err) != 0) {
    close(in[0]);
    close(in[1]);
    return {};
  }
  const std::vector<char*> args = ArgvOf(argv);
  const pid_t pid = fork();
  if (pid == 0) {
    close(in[1]);
    close(err[0]);
    Exec(args, in[0], err[1]);
  }
  close(in[0]);
  close(err[1]);
  // The input is one short line, far below the pipe's capacity.
  signal(SIGPIPE, SIG_IGN);
  if (write(in[1], input.data(), input.size()) < 0) {
    // The command exited early; its stderr says why.
  }
  close(in[1]);
  CommandResult result;
  while (ReadSome(err[0], &result.err)) {
  }
  close(err[0]);
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCode(status);
  return result;
}

QuizdProcess::QuizdProcess(std::string binary, std::string db,
                           std::string banks, std::string log_file)
    : binary_(std::move(binary)),
      db_(std::move(db)),
      banks_(std::move(banks)),
      log_file_(std::move(log_file)) {}

QuizdProcess::~QuizdProcess() { Stop(SIGTERM); }

bool QuizdProcess::Start() {
  static const std::regex kListening("listening on [0-9.]+:([0-9]+)");
  const int log_fd =
      open(log_file_.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0644);
  if (log_fd < 0) return false;
  const size_t log_start = log().size();
  const std::vector<std::string> argv = {
      binary_, "--listen", "127.0.0.1:0", "--db", db_, "--banks", banks_};
  const std::vector<char*> args = ArgvOf(argv);
  pid_ = fork();
  if (pid_ == 0) Exec(args, -1, log_fd);
  close(log_fd);
  port_ = 0;
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(60);
  while (std::chrono::steady_clock::now() < give_up) {
    std::smatch match;
    const std::string started = log().substr(log_start);
    if (std::regex_search(started, match, kListening)) {
      port_ = std::stoi(match[1]);
      return true;
    }
    int status = 0;
    if (waitpid(pid_, &status, WNOHANG) == pid_) {
      pid_ = -1;  // exited before listening; the log says why
      return false;
    }
    usleep(50 * 1000);
  }
  Stop(SIGKILL);
  return false;
}

std::string QuizdProcess::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

std::string QuizdProcess::log() const {
  std::string text;
  const int fd = open(log_file_.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return text;
  while (ReadSome(fd, &text)) {
  }
  close(fd);
  return text;
}

void QuizdProcess::Stop(int signal) {
  if (pid_ <= 0) return;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  port_ = 0;
}

}  // namespace bench
