// `quizd policy`: the access policy as an admin reads it, one line per RPC
// of every proto file, within 80 columns.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <regex>
#include <sstream>

#include "process_util.h"

namespace quizd_test {
namespace {

// "Service.Method" for every rpc line of the proto files.
std::vector<std::string> RpcsInProtoFiles() {
  std::vector<std::string> rpcs;
  const std::regex service_line(R"(^service (\w+) \{)");
  const std::regex rpc_line(R"(^\s*rpc (\w+)\()");
  for (const auto& entry : std::filesystem::directory_iterator(
           std::string(QUIZD_SOURCE_DIR) + "/proto/quiz/v1")) {
    std::ifstream file(entry.path());
    std::string line, service;
    std::smatch match;
    while (std::getline(file, line)) {
      if (std::regex_search(line, match, service_line)) service = match[1];
      if (std::regex_search(line, match, rpc_line)) {
        rpcs.push_back(service + "." + std::string(match[1]));
      }
    }
  }
  return rpcs;
}

TEST(PolicyCliTest, PrintsEveryRpcWithinEightyColumns) {
  const CommandResult result = RunCommand({QuizdBinary(), "policy"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  std::istringstream lines(result.out);
  std::string line;
  std::set<std::string> listed;
  while (std::getline(lines, line)) {
    EXPECT_LE(line.size(), 80u) << line;
    listed.insert(line.substr(0, line.find(' ')));
  }
  const std::vector<std::string> rpcs = RpcsInProtoFiles();
  ASSERT_GT(rpcs.size(), 20u);
  for (const std::string& rpc : rpcs) {
    EXPECT_EQ(listed.count(rpc), 1u) << rpc << " missing from quizd policy";
  }
  // Columns line up: each row's callers start where the header's do.
  const size_t column = result.out.find("callers");
  const size_t row = result.out.find("AttemptService.GetAttempt ");
  ASSERT_NE(row, std::string::npos);
  EXPECT_EQ(result.out.substr(row + column, 31),
            "signed in learners results.read")
      << result.out;
}

}  // namespace
}  // namespace quizd_test
