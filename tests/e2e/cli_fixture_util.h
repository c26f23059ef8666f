// A temporary directory, users, a real quizd on a free port, and the real
// `quiz` run as one of the users: what every end-to-end CLI test starts from.
#ifndef QUIZD_TESTS_E2E_CLI_FIXTURE_UTIL_H_
#define QUIZD_TESTS_E2E_CLI_FIXTURE_UTIL_H_

#include <memory>
#include <string>
#include <utility>
#include <vector>

#include "gtest/gtest.h"
#include "process_util.h"
#include "quiz/v1/attempt.pb.h"

namespace quizd_test {

// Every fixture user's password.
inline constexpr char kPassword[] = "correct-horse-1";
// The banks quizd ships.
inline const std::string kShippedBanks =
    QUIZD_SOURCE_DIR "/question_bank/banks";

class CliFixture : public ::testing::Test {
 protected:
  void SetUp() override;
  void TearDown() override;

  // Creates users with `quizd user add` (before StartServer).
  void AddUsers(
      const std::vector<std::pair<std::string, std::string>>& names_and_roles);
  // Starts quizd on the fixture database with the banks in `banks_dir`.
  void StartServer(const std::string& banks_dir,
                   const QuizdOptions& options = {});
  void Login(const std::string& user);

  std::string db() const { return dir_ + "/quizd.db"; }
  // Runs `quiz` as `user` (each user has its own config file).
  CommandResult Quiz(const std::string& user, std::vector<std::string> args,
                     const std::string& input = "");
  // Writes `text` to a file in the fixture directory; returns its path.
  std::string WriteFile(const std::string& name, const std::string& text);
  static std::string ReadFile(const std::string& path);
  static quiz::v1::Attempt ParseAttempt(const std::string& json);

  std::string dir_;
  std::unique_ptr<QuizdProcess> server_;
};

}  // namespace quizd_test

#endif  // QUIZD_TESTS_E2E_CLI_FIXTURE_UTIL_H_
