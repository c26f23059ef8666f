#include "client/config.h"

#include <sys/stat.h>
#include <unistd.h>

#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "gtest/gtest.h"

namespace client {
namespace {

// A fresh directory under the test temp dir, removed afterwards.
class ConfigTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quiz-config-XXXXXX")
            .string();
    ASSERT_NE(mkdtemp(pattern.data()), nullptr);
    dir_ = pattern;
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  std::string dir_;
};

EnvLookup FakeEnv(std::map<std::string, std::string> values) {
  return [values](const char* name) {
    auto it = values.find(name);
    return it == values.end() ? std::string() : it->second;
  };
}

TEST_F(ConfigTest, SaveLoadRoundTripCreatesDirsWithPrivateMode) {
  std::string path = dir_ + "/nested/quiz/config.json";
  ClientConfig config{"quiz.example:50051", "stu", "secret-token"};
  ASSERT_TRUE(SaveConfig(path, config).ok());

  struct stat info;
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
  ASSERT_EQ(stat((dir_ + "/nested").c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0700);

  absl::StatusOr<ClientConfig> loaded = LoadConfig(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->server, "quiz.example:50051");
  EXPECT_EQ(loaded->username, "stu");
  EXPECT_EQ(loaded->token, "secret-token");

  // Overwriting keeps the mode and drops cleared fields.
  config.token.clear();
  ASSERT_TRUE(SaveConfig(path, config).ok());
  loaded = LoadConfig(path);
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->token, "");
  EXPECT_EQ(loaded->username, "stu");
  ASSERT_EQ(stat(path.c_str(), &info), 0);
  EXPECT_EQ(info.st_mode & 0777, 0600);
}

TEST_F(ConfigTest, MissingFileIsEmptyConfig) {
  absl::StatusOr<ClientConfig> loaded = LoadConfig(dir_ + "/absent.json");
  ASSERT_TRUE(loaded.ok());
  EXPECT_TRUE(loaded->token.empty());
}

TEST_F(ConfigTest, MalformedFileIsAnErrorNamingThePath) {
  std::string path = dir_ + "/config.json";
  std::ofstream(path) << "{\"token\": 42}";
  absl::StatusOr<ClientConfig> loaded = LoadConfig(path);
  ASSERT_FALSE(loaded.ok());
  EXPECT_NE(loaded.status().message().find(path), absl::string_view::npos);

  std::ofstream(path) << "not json";
  EXPECT_FALSE(LoadConfig(path).ok());

  std::ofstream(path) << "{\"token\": \"t\", \"future_key\": true}";
  loaded = LoadConfig(path);
  ASSERT_TRUE(loaded.ok()) << loaded.status();
  EXPECT_EQ(loaded->token, "t");
}

TEST(DefaultConfigPathTest, Precedence) {
  EXPECT_EQ(*DefaultConfigPath(FakeEnv({{"QUIZ_CONFIG", "/c.json"},
                                        {"XDG_CONFIG_HOME", "/xdg"},
                                        {"HOME", "/home/u"}})),
            "/c.json");
  EXPECT_EQ(*DefaultConfigPath(
                FakeEnv({{"XDG_CONFIG_HOME", "/xdg"}, {"HOME", "/home/u"}})),
            "/xdg/quiz/config.json");
  EXPECT_EQ(*DefaultConfigPath(FakeEnv({{"HOME", "/home/u"}})),
            "/home/u/.config/quiz/config.json");
  EXPECT_FALSE(DefaultConfigPath(FakeEnv({})).ok());
}

TEST(ResolveServerTest, FlagThenConfigThenEnvThenDefault) {
  ClientConfig config;
  EnvLookup env = FakeEnv({{"QUIZ_SERVER", "env:1"}});
  EXPECT_EQ(ResolveServer("", config, FakeEnv({})), "127.0.0.1:50051");
  EXPECT_EQ(ResolveServer("", config, env), "env:1");
  config.server = "config:2";
  EXPECT_EQ(ResolveServer("", config, env), "config:2");
  EXPECT_EQ(ResolveServer("flag:3", config, env), "flag:3");
}

}  // namespace
}  // namespace client
