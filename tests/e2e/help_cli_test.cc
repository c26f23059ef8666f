// `quiz --help`, `quizd --help` and the help of every subcommand, at any
// depth, fit 80 columns: read on terminals of any width.
#include <gtest/gtest.h>

#include <sstream>

#include "process_util.h"

namespace quizd_test {
namespace {

// The subcommand names a help text lists under "Subcommands:".
std::vector<std::string> SubcommandsIn(const std::string& help) {
  std::vector<std::string> names;
  std::istringstream lines(help);
  std::string line;
  bool listing = false;
  while (std::getline(lines, line)) {
    if (line == "Subcommands:") {
      listing = true;
    } else if (listing && line.rfind("  ", 0) == 0 && line.size() > 2 &&
               line[2] != ' ') {
      names.push_back(line.substr(2, line.find(' ', 2) - 2));
    } else if (listing && line.empty()) {
      listing = false;
    }
  }
  return names;
}

void CheckHelp(const std::string& binary, std::vector<std::string> command,
               int* checked) {
  std::vector<std::string> argv = {binary};
  argv.insert(argv.end(), command.begin(), command.end());
  argv.push_back("--help");
  const CommandResult result = RunCommand(argv);
  std::string shown;
  for (const std::string& word : command) shown += word + " ";
  ASSERT_EQ(result.exit_code, 0) << shown << result.err;
  ++*checked;
  std::istringstream lines(result.out);
  std::string line;
  while (std::getline(lines, line)) {
    EXPECT_LE(line.size(), 80u) << binary << " " << shown << "--help:\n"
                                << line;
  }
  for (const std::string& sub : SubcommandsIn(result.out)) {
    std::vector<std::string> deeper = command;
    deeper.push_back(sub);
    CheckHelp(binary, deeper, checked);
  }
}

TEST(HelpCliTest, EveryHelpFitsEightyColumns) {
  int checked = 0;
  CheckHelp(QuizBinary(), {}, &checked);
  EXPECT_GT(checked, 30);
  checked = 0;
  CheckHelp(QuizdBinary(), {}, &checked);
  EXPECT_GE(checked, 4);
}

}  // namespace
}  // namespace quizd_test
