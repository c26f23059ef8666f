#include "cli_fixture_util.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "google/protobuf/util/json_util.h"

namespace quizd_test {

void CliFixture::SetUp() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "quizd-e2e-XXXXXX").string();
  dir_ = mkdtemp(pattern.data());
}

void CliFixture::TearDown() {
  server_.reset();
  std::filesystem::remove_all(dir_);
}

void CliFixture::AddUsers(
    const std::vector<std::pair<std::string, std::string>>& names_and_roles) {
  for (const auto& [name, role] : names_and_roles) {
    CommandResult added = RunCommand(
        {QuizdBinary(), "user", "add", name, "--role", role, "--db", db()},
        std::string(kPassword) + "\n");
    ASSERT_EQ(added.exit_code, 0) << added.err;
  }
}

void CliFixture::StartServer(const std::string& banks_dir,
                             const QuizdOptions& options) {
  server_ = std::make_unique<QuizdProcess>(db(), banks_dir, options);
  ASSERT_TRUE(server_->started()) << server_->log();
}

void CliFixture::Login(const std::string& user) {
  CommandResult login = Quiz(user, {"login", user, "--password-stdin"},
                             std::string(kPassword) + "\n");
  ASSERT_EQ(login.exit_code, 0) << login.err;
}

CommandResult CliFixture::Quiz(const std::string& user,
                               std::vector<std::string> args,
                               const std::string& input) {
  std::vector<std::string> argv = {QuizBinary(), "--server", server_->address(),
                                   "--config", dir_ + "/" + user + ".json"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv, input);
}

std::string CliFixture::WriteFile(const std::string& name,
                                  const std::string& text) {
  const std::string path = dir_ + "/" + name;
  std::ofstream(path) << text;
  return path;
}

std::string CliFixture::ReadFile(const std::string& path) {
  std::ifstream file(path);
  std::stringstream text;
  text << file.rdbuf();
  return text.str();
}

quiz::v1::Attempt CliFixture::ParseAttempt(const std::string& json) {
  quiz::v1::Attempt attempt;
  auto status = google::protobuf::util::JsonStringToMessage(json, &attempt);
  EXPECT_TRUE(status.ok()) << status.ToString() << "\n" << json;
  return attempt;
}

}  // namespace quizd_test
