// Which API key the client sends: --api-key-file, then $QUIZ_API_KEY; what
// is not a key is a usage error naming where it came from, never echoing it.
#include "client/api_key.h"

#include <filesystem>
#include <fstream>
#include <map>
#include <string>

#include "absl/strings/match.h"
#include "gtest/gtest.h"

namespace client {
namespace {

const std::string kKey =
    "qzk_ab12cd34_0123456789abcdef0123456789abcdef0123456789abcdef0123456789ab"
    "cdef";

EnvLookup Env(std::map<std::string, std::string> vars) {
  return [vars](const char* name) {
    auto found = vars.find(name);
    return found == vars.end() ? std::string() : found->second;
  };
}

class ApiKeyFileTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quiz-key-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& text) {
    const std::string path = dir_ + "/key";
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }
  std::string dir_;
};

TEST_F(ApiKeyFileTest, NoKeyMeansTheLoginToken) {
  absl::StatusOr<std::string> key = ResolveApiKey("", Env({}));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, "");
}

TEST_F(ApiKeyFileTest, TheFileWinsOverTheEnvironment) {
  const std::string file = Write("  " + kKey + "\r\n\n");
  absl::StatusOr<std::string> key =
      ResolveApiKey(file, Env({{"QUIZ_API_KEY", "qzk_other"}}));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, kKey);
  key = ResolveApiKey("", Env({{"QUIZ_API_KEY", kKey}}));
  ASSERT_TRUE(key.ok()) << key.status();
  EXPECT_EQ(*key, kKey);
}

TEST_F(ApiKeyFileTest, WhatIsNotAKeyIsRefusedWithoutEchoingIt) {
  for (const std::string& text :
       {std::string(""), std::string("hunter2"), kKey + "\n" + kKey,
        std::string("qzk_\x1b[2J"), std::string(100000, 'q')}) {
    absl::StatusOr<std::string> key = ResolveApiKey(Write(text), Env({}));
    ASSERT_FALSE(key.ok());
    EXPECT_EQ(key.status().code(), absl::StatusCode::kInvalidArgument);
    EXPECT_TRUE(
        absl::StrContains(key.status().message(), "/key: not an API key"))
        << key.status();
    EXPECT_FALSE(absl::StrContains(key.status().message(), "hunter2"));
    EXPECT_FALSE(absl::StrContains(key.status().message(), "\x1b"));
  }
  absl::StatusOr<std::string> key =
      ResolveApiKey("", Env({{"QUIZ_API_KEY", "hunter2"}}));
  EXPECT_TRUE(absl::StartsWith(key.status().message(), "QUIZ_API_KEY: "))
      << key.status();
  key = ResolveApiKey(dir_ + "/missing", Env({}));
  EXPECT_TRUE(absl::StrContains(key.status().message(),
                                "missing: cannot read the API key file"))
      << key.status();
}

}  // namespace
}  // namespace client
