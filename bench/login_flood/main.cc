// login-flood: the password-guessing scenario against a running
// quizd, measured from outside (see bench/README.md, "Login flood").
//
//   login-flood --server HOST:PORT --pid PID --user alice --password P
//               [--guessers 8] [--seconds 20] [--guess-user]
//     Guessers log in with wrong passwords in a loop (as other, made-up
//     usernames; with --guess-user, as the real user) while the real user
//     logs in with the right one twice a second. Prints the real user's
//     login latency and outcomes, and the cores quizd used.
//   login-flood --server HOST:PORT --pid PID --big-passwords 200
//               [--user alice --password P]
//     200 logins at once with 3.9 MB passwords; prints quizd's RSS before,
//     its peak, and after, what the callers got, and (with --password) what
//     the real user saw logging in meanwhile.
#include <grpcpp/grpcpp.h>
#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "CLI/CLI.hpp"
#include "quiz/v1/auth_service.grpc.pb.h"

namespace {

using Clock = std::chrono::steady_clock;

// quizd's user + system CPU time, in seconds.
double CpuSeconds(int pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), {});
  std::istringstream fields(stat.substr(stat.rfind(')') + 2));
  std::string field;
  double ticks = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14 || i == 15) ticks += std::stod(field);
  }
  return ticks / static_cast<double>(sysconf(_SC_CLK_TCK));
}

// A "VmRSS"-style field of /proc/PID/status, in MB.
double StatusMb(int pid, const std::string& key) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  for (std::string line; std::getline(in, line);) {
    if (line.rfind(key + ":", 0) == 0) {
      return std::stod(line.substr(key.size() + 1)) / 1024.0;
    }
  }
  return -1;
}

grpc::Status Login(quiz::v1::AuthService::Stub& stub, const std::string& user,
                   const std::string& password) {
  grpc::ClientContext context;
  context.set_deadline(std::chrono::system_clock::now() +
                       std::chrono::seconds(60));
  quiz::v1::LoginRequest request;
  request.set_username(user);
  request.set_password(password);
  quiz::v1::LoginResponse reply;
  return stub.Login(&context, request, &reply);
}

std::shared_ptr<grpc::Channel> Connect(const std::string& server) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);  // a connection each
  args.SetMaxSendMessageSize(8 << 20);
  return grpc::CreateCustomChannel(server, grpc::InsecureChannelCredentials(),
                                   args);
}

// The real user logging in with the right password twice a second while
// an attack runs, and what they saw.
class RealUser {
 public:
  RealUser(const std::string& server, std::string user, std::string password)
      : stub_(quiz::v1::AuthService::NewStub(Connect(server))),
        user_(std::move(user)),
        password_(std::move(password)) {}

  // Logs in until `stop` says so (checked between logins).
  template <typename Stop>
  void LogInWhile(const Stop& go_on) {
    while (go_on()) {
      const Clock::time_point t0 = Clock::now();
      grpc::Status status = Login(*stub_, user_, password_);
      latencies_ms_.push_back(
          std::chrono::duration<double, std::milli>(Clock::now() - t0).count());
      ++outcomes_[status.ok() ? "OK"
                              : std::to_string(status.error_code()) + " " +
                                    status.error_message().substr(0, 50)];
      std::this_thread::sleep_for(std::chrono::milliseconds(500));
    }
  }
  void LogInUntil(Clock::time_point end) {
    LogInWhile([end] { return Clock::now() < end; });
  }

  void Print() {
    if (latencies_ms_.empty()) return;
    std::sort(latencies_ms_.begin(), latencies_ms_.end());
    std::printf("real user's logins: %zu, latency p50 %.0f ms, max %.0f ms\n",
                latencies_ms_.size(), latencies_ms_[latencies_ms_.size() / 2],
                latencies_ms_.back());
    for (const auto& [what, n] : outcomes_) {
      std::printf("  real: %4d x %s\n", n, what.c_str());
    }
  }

 private:
  std::unique_ptr<quiz::v1::AuthService::Stub> stub_;
  std::string user_;
  std::string password_;
  std::vector<double> latencies_ms_;
  std::map<std::string, int> outcomes_;
};

int Flood(const std::string& server, int pid, const std::string& user,
          const std::string& password, int guessers, int seconds,
          bool guess_user) {
  std::atomic<bool> stop{false};
  std::mutex mu;
  std::map<std::string, int> guess_outcomes;
  std::vector<std::thread> threads;
  const double cpu_before = CpuSeconds(pid);
  const Clock::time_point start = Clock::now();
  for (int g = 0; g < guessers; ++g) {
    threads.emplace_back([&, g] {
      auto stub = quiz::v1::AuthService::NewStub(Connect(server));
      for (int i = 0; !stop.load(); ++i) {
        const std::string name =
            guess_user ? user : "victim" + std::to_string((g * 7919 + i) % 50);
        grpc::Status status = Login(*stub, name, "guess-" + std::to_string(i));
        std::lock_guard<std::mutex> lock(mu);
        ++guess_outcomes[std::to_string(status.error_code())];
      }
    });
  }
  RealUser real(server, user, password);
  real.LogInUntil(start + std::chrono::seconds(seconds));
  stop = true;
  for (std::thread& t : threads) t.join();
  const double wall =
      std::chrono::duration<double>(Clock::now() - start).count();
  const double cpu = CpuSeconds(pid) - cpu_before;
  std::printf("guessers %d (%s) for %.1f s\n", guessers,
              guess_user ? "guessing the real user" : "guessing 50 others",
              wall);
  std::printf("quizd CPU: %.2f cores\n", cpu / wall);
  real.Print();
  for (const auto& [code, n] : guess_outcomes) {
    std::printf("  guesses: %6d x code %s\n", n, code.c_str());
  }
  return 0;
}

int BigPasswords(const std::string& server, int pid, int count,
                 const std::string& user, const std::string& password) {
  const double before = StatusMb(pid, "VmRSS");
  const std::string big(3900 * 1000, 'x');
  std::vector<std::thread> threads;
  std::map<int, int> outcomes;
  std::map<int, std::string> messages;  // one message per code
  std::mutex mu;
  for (int i = 0; i < count; ++i) {
    threads.emplace_back([&] {
      auto stub = quiz::v1::AuthService::NewStub(Connect(server));
      grpc::Status status = Login(*stub, "alice", big);
      std::lock_guard<std::mutex> lock(mu);
      ++outcomes[status.error_code()];
      messages.emplace(status.error_code(), status.error_message());
    });
  }
  double peak_seen = before;
  std::atomic<bool> done{false};
  std::thread sampler([&] {
    while (!done.load()) {
      peak_seen = std::max(peak_seen, StatusMb(pid, "VmRSS"));
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
  });
  RealUser real(server, user, password);
  std::thread real_user([&] {
    if (!password.empty()) real.LogInWhile([&] { return !done.load(); });
  });
  for (std::thread& t : threads) t.join();
  done = true;
  sampler.join();
  real_user.join();
  std::printf("%d logins with 3.9 MB passwords\n", count);
  std::printf(
      "quizd RSS: before %.0f MB, peak %.0f MB (sampled), "
      "VmHWM %.0f MB, after %.0f MB\n",
      before, peak_seen, StatusMb(pid, "VmHWM"), StatusMb(pid, "VmRSS"));
  for (const auto& [code, n] : outcomes) {
    std::printf("  %4d x code %d: %s\n", n, code,
                messages[code].substr(0, 50).c_str());
  }
  real.Print();
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"login-flood: password guessing against a running quizd"};
  std::string server = "127.0.0.1:50051";
  int pid = 0;
  std::string user = "alice";
  std::string password;
  int guessers = 8;
  int seconds = 20;
  bool guess_user = false;
  int big = 0;
  app.add_option("--server", server);
  app.add_option("--pid", pid, "quizd's process id")->required();
  app.add_option("--user", user);
  app.add_option("--password", password);
  app.add_option("--guessers", guessers);
  app.add_option("--seconds", seconds);
  app.add_flag("--guess-user", guess_user);
  app.add_option("--big-passwords", big);
  CLI11_PARSE(app, argc, argv);
  if (big > 0) return BigPasswords(server, pid, big, user, password);
  return Flood(server, pid, user, password, guessers, seconds, guess_user);
}
