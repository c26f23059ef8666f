#include "process_util.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <regex>
#include <thread>

namespace quizd_test {
namespace {

int ExitCode(int status) {
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

[[noreturn]] void Exec(const std::vector<std::string>& argv) {
  std::vector<char*> args;
  for (const std::string& arg : argv)
    args.push_back(const_cast<char*>(arg.c_str()));
  args.push_back(nullptr);
  execv(args[0], args.data());
  std::fprintf(stderr, "exec %s: %s\n", args[0], std::strerror(errno));
  _exit(127);
}

}  // namespace

std::string QuizdBinary() { return QUIZD_BINARY_DIR "/quizd"; }
std::string QuizBinary() { return QUIZD_BINARY_DIR "/quiz"; }

CommandResult RunCommand(const std::vector<std::string>& argv,
                         const std::string& input) {
  int in[2], out[2], err[2];
  if (pipe(in) != 0 || pipe(out) != 0 || pipe(err) != 0) return {};
  pid_t pid = fork();
  if (pid == 0) {
    dup2(in[0], 0);
    dup2(out[1], 1);
    dup2(err[1], 2);
    for (int fd : {in[0], in[1], out[0], out[1], err[0], err[1]}) close(fd);
    Exec(argv);
  }
  close(in[0]);
  close(out[1]);
  close(err[1]);
  // Feed stdin and drain stdout/stderr together, so no pipe fills up.
  CommandResult result;
  size_t written = 0;
  if (input.empty()) close(in[1]);
  int in_fd = input.empty() ? -1 : in[1];
  signal(SIGPIPE, SIG_IGN);
  int open_outputs = 2;
  while (open_outputs > 0 || in_fd >= 0) {
    pollfd fds[3] = {
        {out[0], POLLIN, 0}, {err[0], POLLIN, 0}, {in_fd, POLLOUT, 0}};
    poll(fds, in_fd >= 0 ? 3 : 2, 30000);
    for (int i = 0; i < 2; ++i) {
      if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP))) continue;
      char buffer[4096];
      ssize_t n = read(fds[i].fd, buffer, sizeof buffer);
      if (n > 0) {
        (i == 0 ? result.out : result.err).append(buffer, n);
      } else {
        close(fds[i].fd);
        (i == 0 ? out[0] : err[0]) = -1;
        --open_outputs;
      }
    }
    if (in_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
      ssize_t n = write(in_fd, input.data() + written, input.size() - written);
      if (n > 0) written += n;
      if (n <= 0 || written == input.size()) {
        close(in_fd);
        in_fd = -1;
      }
    }
    if (open_outputs == 0 && in_fd >= 0) {
      close(in_fd);
      in_fd = -1;
    }
  }
  int status = 0;
  waitpid(pid, &status, 0);
  result.exit_code = ExitCode(status);
  return result;
}

QuizdProcess::QuizdProcess(const std::string& db, const std::string& banks,
                           const QuizdOptions& options) {
  int err[2];
  if (pipe(err) != 0) return;
  pid_ = fork();
  if (pid_ == 0) {
    dup2(err[1], 2);
    int null = open("/dev/null", O_RDWR);
    dup2(null, 0);
    dup2(null, 1);
    close(err[0]);
    close(err[1]);
    if (options.max_files > 0) {
      const rlimit files = {static_cast<rlim_t>(options.max_files),
                            static_cast<rlim_t>(options.max_files)};
      setrlimit(RLIMIT_NOFILE, &files);
    }
    std::vector<std::string> argv = {
        QuizdBinary(), "--listen", "127.0.0.1:0", "--db", db, "--banks", banks};
    argv.insert(argv.end(), options.args.begin(), options.args.end());
    Exec(argv);
  }
  close(err[1]);
  stderr_fd_ = err[0];
  ReadLog(true);
}

QuizdProcess::~QuizdProcess() {
  if (pid_ > 0) Stop(SIGTERM);
}

std::string QuizdProcess::address() const {
  return "127.0.0.1:" + std::to_string(port_);
}

void QuizdProcess::ReadLog(bool until_listening) {
  static const std::regex kListening("listening on [0-9.]+:([0-9]+)");
  const auto give_up =
      std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (stderr_fd_ >= 0) {
    pollfd fd = {stderr_fd_, POLLIN, 0};
    const int timeout_ms = until_listening ? 200 : 0;
    if (poll(&fd, 1, timeout_ms) <= 0) {
      if (!until_listening || std::chrono::steady_clock::now() > give_up)
        return;
      continue;
    }
    char buffer[4096];
    ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      close(stderr_fd_);
      stderr_fd_ = -1;
      return;
    }
    log_.append(buffer, n);
    std::smatch match;
    if (until_listening && std::regex_search(log_, match, kListening)) {
      port_ = std::stoi(match[1]);
      return;
    }
  }
}

std::string QuizdProcess::log() {
  ReadLog(false);
  return log_;
}

int QuizdProcess::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  // Collect the last lines (the shutdown log).
  while (stderr_fd_ >= 0) {
    char buffer[4096];
    ssize_t n = read(stderr_fd_, buffer, sizeof buffer);
    if (n <= 0) {
      close(stderr_fd_);
      stderr_fd_ = -1;
    } else {
      log_.append(buffer, n);
    }
  }
  return ExitCode(status);
}

}  // namespace quizd_test
