#include "bench/setup.h"

#include <stdlib.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <future>
#include <thread>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "bench/calls.h"
#include "bench/closed_loop.h"
#include "bench/quizd_process.h"
#include "question_bank/src/bank_file.h"

namespace bench {
namespace {

// `quizd user add` processes run at once.
constexpr int kParallelUserAdds = 4;

}  // namespace

absl::StatusOr<std::string> MakeTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "quiz-bench-XXXXXX").string();
  if (mkdtemp(pattern.data()) == nullptr) {
    return absl::InternalError("cannot create a temporary directory");
  }
  return pattern;
}

absl::Status WriteBankFile(const std::string& dir, const quiz::v1::Bank& bank) {
  const std::string path = dir + "/bench.yaml";
  std::ofstream out(path);
  out << question_bank::BankToYaml(bank);
  out.close();
  if (!out) return absl::InternalError("cannot write " + path);
  return absl::OkStatus();
}

std::string StudentName(int index) {
  return absl::StrFormat("bench-student-%04d", index);
}

absl::Status CreateUsers(const std::string& quizd_binary, const std::string& db,
                         int students, bool instructor) {
  std::vector<std::pair<std::string, const char*>> users;
  if (instructor) users.emplace_back(kInstructor, "instructor");
  for (int i = 0; i < students; ++i) {
    users.emplace_back(StudentName(i), "student");
  }
  std::vector<absl::Status> results(users.size());
  auto add = [&](size_t index) {
    const auto& [name, role] = users[index];
    CommandResult added = RunCommand({quizd_binary, "user", "add", name,
                                      "--role", role, "--db", db, "--exist-ok"},
                                     std::string(kPassword) + "\n");
    if (added.exit_code != 0) {
      results[index] = absl::InternalError(
          absl::StrCat("quizd user add ", name, " failed: ", added.err));
    }
  };
  if (users.empty()) return absl::OkStatus();
  // The first creates the schema of a new database alone; the rest run a few
  // at a time, since each mostly waits for an argon2id hash and an fsync.
  add(0);
  if (!results[0].ok()) return results[0];
  std::atomic<size_t> next_index{1};
  std::vector<std::thread> workers;
  for (int i = 0; i < kParallelUserAdds; ++i) {
    workers.emplace_back([&] {
      for (size_t index = next_index++; index < users.size();
           index = next_index++) {
        add(index);
      }
    });
  }
  for (std::thread& worker : workers) worker.join();
  for (const absl::Status& result : results) {
    if (!result.ok()) return result;
  }
  return absl::OkStatus();
}

absl::StatusOr<std::vector<Student>> LoginAll(
    Clients& clients, const std::vector<std::string>& usernames) {
  std::vector<Student> students(usernames.size());
  std::atomic<size_t> next_index{0};
  const int slots = std::min<int>(4, usernames.size());
  LoopResult result = RunClosedLoop(
      slots, 0,
      [&clients, &usernames, &students, &next_index](int slot, LatencyLog* log,
                                                     Next next) {
        const size_t index = next_index++;
        if (index >= usernames.size()) {
          next(false);
          return;
        }
        Stubs& stubs = clients.For(slot);
        quiz::v1::LoginRequest request;
        request.set_username(usernames[index]);
        request.set_password(kPassword);
        Unary<quiz::v1::LoginRequest, quiz::v1::LoginResponse>(
            [&stubs](auto... a) { stubs.auth->async()->Login(a...); }, "",
            std::move(request),
            [&students, &usernames, index, log, next](
                const grpc::Status& status,
                const quiz::v1::LoginResponse& reply, double ms) {
              if (!status.ok()) {
                log->Fail(
                    absl::StrCat(usernames[index], ": ", Describe(status)));
                next(false);
                return;
              }
              students[index] = {usernames[index], reply.token()};
              next(true);
            });
      });
  if (result.log.errors > 0) {
    return absl::UnauthenticatedError(
        absl::StrCat("login failed (does the account exist with password ",
                     kPassword, "?): ", result.log.first_error));
  }
  return students;
}

absl::Status PushBank(Clients& clients, const Student& instructor,
                      const quiz::v1::Bank& bank) {
  Stubs& stubs = clients.For(0);
  quiz::v1::CreateBankVersionRequest request;
  *request.mutable_bank() = bank;
  std::promise<grpc::Status> pushed;
  Unary<quiz::v1::CreateBankVersionRequest,
        quiz::v1::CreateBankVersionResponse>(
      [&stubs](auto... a) { stubs.banks->async()->CreateBankVersion(a...); },
      instructor.token, std::move(request),
      [&pushed](const grpc::Status& status,
                const quiz::v1::CreateBankVersionResponse& reply,
                double ms) { pushed.set_value(status); });
  const grpc::Status status = pushed.get_future().get();
  if (!status.ok()) {
    return absl::InternalError("pushing the bench bank failed: " +
                               Describe(status));
  }
  return absl::OkStatus();
}

}  // namespace bench
