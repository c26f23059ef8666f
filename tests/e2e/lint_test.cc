// End to end: the real `quiz bank lint` on files with planted mistakes, with
// no server running and no config file.
#include <stdlib.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "process_util.h"

namespace quizd_test {
namespace {

using ::testing::ElementsAre;
using ::testing::StartsWith;

const std::string kData = QUIZD_SOURCE_DIR "/tests/data";
const std::string kPlanted = kData + "/lint/planted.yaml";
const std::string kSecond = kData + "/lint/second.yaml";

// Runs quiz with a config path that does not exist and a server address
// nothing listens on, so any need for either would show.
CommandResult RunLint(std::vector<std::string> args) {
  std::vector<std::string> argv = {
      "/usr/bin/env", "QUIZ_CONFIG=/nonexistent/quiz.json",
      QuizBinary(),   "--server",
      "127.0.0.1:1",  "bank",
      "lint"};
  argv.insert(argv.end(), args.begin(), args.end());
  return RunCommand(argv);
}

std::vector<std::string> Lines(const std::string& text) {
  return absl::StrSplit(text, '\n', absl::SkipEmpty());
}

TEST(LintTest, PlantedMistakesAreReportedWithPositions) {
  CommandResult result =
      RunLint({kPlanted, kSecond, "--codesets", kData + "/codesets"});
  EXPECT_EQ(result.exit_code, 1);
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_EQ(lines.size(), 12u) << result.out;
  const std::vector<std::string> prefixes = {
      kPlanted + ":18:5: error: items[1] (id \"dup\").id: duplicate item id",
      kPlanted +
          ":23:5: error: items[1] (id \"dup\").single_choice: no "
          "option is marked correct",
      kPlanted + ":29:5: error: items[2] (id \"dx-codes\").points:",
      kPlanted +
          ":37:11: error: items[2] (id \"dx-codes\").code_entry."
          "expected[1].code: X99.99 is not in the FY2026 ICD-10-CM "
          "code set",
      kPlanted +
          ":38:11: error: items[2] (id \"dx-codes\").code_entry."
          "expected[2].code: E11 is not a billable ICD-10-CM code (it "
          "is a category;",
      kPlanted +
          ":39:5: warning: items[3] (id \"supply\").rationale: item "
          "has no rationale",
      kPlanted +
          ":41:5: error: items[3] (id \"supply\").stem: looks like a "
          "pasted CPT descriptor",
      kPlanted +
          ":49:12: error: items[3] (id \"supply\").code_entry."
          "expected[0].code: J0135 is terminated (term_dt 20241231)",
      kPlanted +
          ":62:25: error: items[4] (id \"case\").case_item.items[0] "
          "(id \"case-dx\").code_entry.expected[0].code: E11.6 is not "
          "a billable ICD-10-CM code (it is a subcategory;",
      kPlanted +
          ":67:27: error: quizzes[0] (id \"planted-drill\")."
          "selections[0].count: cannot draw 2 items from topic "
          "\"supplies\", which has 1",
      kSecond +
          ":18:5: error: quizzes[0] (id \"planted-drill\").id: quiz id "
          "\"planted-drill\" is also used by " +
          kPlanted + ":64:5",
      "2 files, 10 errors, 1 warning",
  };
  for (size_t i = 0; i < prefixes.size(); ++i) {
    EXPECT_THAT(lines[i], StartsWith(prefixes[i]));
  }
  EXPECT_THAT(Lines(result.err),
              ElementsAre("quiz: FAILED_PRECONDITION: bank lint found 10 "
                          "errors"));
}

TEST(LintTest, ShippedBanksPassWithoutCodeSets) {
  CommandResult result =
      RunLint({QUIZD_SOURCE_DIR "/question_bank/banks/billing.yaml",
               QUIZD_SOURCE_DIR "/question_bank/banks/coding.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  EXPECT_EQ(result.out, "2 files, 0 errors, 0 warnings\n");
  EXPECT_EQ(result.err, "");
}

TEST(LintTest, WarningsAloneExitZero) {
  CommandResult result = RunLint({kData + "/every_type.yaml"});
  EXPECT_EQ(result.exit_code, 0) << result.out << result.err;
  const std::vector<std::string> lines = Lines(result.out);
  ASSERT_FALSE(lines.empty());
  EXPECT_THAT(lines.front(), StartsWith(kData + "/every_type.yaml:"));
  EXPECT_THAT(lines.back(),
              ::testing::MatchesRegex("1 file, 0 errors, [0-9]+ warnings?"));
}

TEST(LintTest, MissingCodeSetFileIsAUsageError) {
  CommandResult result = RunLint({kPlanted, "--codesets", kData + "/lint"});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_EQ(result.out, "");
  EXPECT_THAT(result.err,
              ::testing::HasSubstr("--codesets " + kData +
                                   "/lint: code-set "
                                   "file " +
                                   kData +
                                   "/lint/icd10cm-codes-2026.txt cannot be "
                                   "read"));
}

// A directory of its own for files a test writes, removed afterwards.
class ScratchDir {
 public:
  ScratchDir() {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "lint-test-XXXXXX").string();
    path_ = mkdtemp(pattern.data());
  }
  ~ScratchDir() { std::filesystem::remove_all(path_); }
  std::string Write(const std::string& name, const std::string& text) const {
    const std::string file = path_ + "/" + name;
    std::ofstream(file, std::ios::binary) << text;
    return file;
  }
  const std::string& path() const { return path_; }

 private:
  std::string path_;
};

struct HostileFile {
  std::string name;
  std::string text;
  std::string error;  // the one line expected after "FILE:"
};
void PrintTo(const HostileFile& c, std::ostream* os) { *os << c.name; }

std::string AliasBomb() {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  for (char name = 'b', previous = 'a'; name <= 'k'; previous = name++) {
    text += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i)
      text += (i == 0 ? "*" : ", *") + std::string(1, previous);
    text += "]\n";
  }
  return text;
}

class HostileLintTest : public ::testing::TestWithParam<HostileFile> {};

// Each file is one clear error at its line and column, and lint ends at
// once: a hang or a blow-up would hit the time or memory cap of the run.
TEST_P(HostileLintTest, OneErrorWithPosition) {
  const HostileFile& c = GetParam();
  ScratchDir dir;
  const std::string file = dir.Write("hostile.yaml", c.text);
  const char* capped =
      kMemoryBoundsHold ? "ulimit -v 2000000 && exec \"$@\"" : "exec \"$@\"";
  CommandResult result =
      RunCommand({"/usr/bin/timeout", "20", "/bin/sh", "-c", capped, "sh",
                  QuizBinary(), "bank", "lint", file});
  EXPECT_EQ(result.exit_code, 1) << result.out << result.err;
  EXPECT_THAT(Lines(result.out), ElementsAre(StartsWith(file + ":" + c.error),
                                             "1 file, 1 error, 0 warnings"))
      << result.out;
}

INSTANTIATE_TEST_SUITE_P(
    Files, HostileLintTest,
    ::testing::Values(
        HostileFile{"Comma", ",", "1:1: error: YAML syntax error"},
        HostileFile{"OpenBracket", "[", "1:2: error: YAML syntax error"},
        HostileFile{"OpenBrace", "{", "1:2: error: YAML syntax error"},
        HostileFile{"DashBracket", "- [", "1:4: error: YAML syntax error"},
        HostileFile{"DeepNesting", std::string(100000, '['),
                    "1:65: error: YAML refused: nesting deeper than 64 "
                    "levels"},
        HostileFile{"AliasBomb", AliasBomb(),
                    "7:8: error: YAML refused: aliases that expand to more "
                    "than"},
        HostileFile{"InvalidUtf8", "id: a\ntitle: caf\xe9\n",
                    "2:11: error: file is not valid UTF-8"},
        HostileFile{"NulByte", std::string("id: a\ntitle: x\0y\n", 17),
                    "2:9: error: YAML syntax error: control character U+0000 "
                    "is not allowed"},
        HostileFile{"Tab", "id: a\nitems:\n\t- id: b\n",
                    "3:1: error: YAML syntax error: found character that "
                    "cannot start any token"},
        HostileFile{"Empty", "", "1:1: error: file holds no YAML"},
        HostileFile{"OnlyAComment", "# nothing here\n",
                    "1:1: error: file holds no YAML"},
        HostileFile{"HugeTitle",
                    "id: a\ntitle: " + std::string(100000, 'T') + "\n",
                    "2:1: error: title: is 100000 characters long, more than "
                    "the 200 allowed for titles"},
        HostileFile{"EscapedNul", "id: a\ntitle: \"x\\0y\"\n",
                    "2:1: error: title: has the control character U+0000"}),
    [](const auto& info) { return info.param.name; });

// quizd refuses to start on such a file, at once and naming it, rather than
// hanging at start (as it did on "," with yaml-cpp).
TEST(QuizdStartTest, RefusesAHostileBankFileAtOnce) {
  ScratchDir dir;
  std::filesystem::create_directory(dir.path() + "/banks");
  const std::string file = dir.Write("banks/comma.yaml", ",");
  CommandResult result = RunCommand(
      {"/usr/bin/timeout", "20", QuizdBinary(), "--listen", "127.0.0.1:0",
       "--db", dir.path() + "/quizd.db", "--banks", dir.path() + "/banks"});
  EXPECT_NE(result.exit_code, 0);
  EXPECT_NE(result.exit_code, 124) << "timed out";
  EXPECT_THAT(result.err,
              ::testing::HasSubstr(file + ":1:1: error: YAML syntax error"));
}

TEST(LintTest, NoFilesIsAUsageError) {
  CommandResult result = RunLint({});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, ::testing::HasSubstr("files is required"));
}

}  // namespace
}  // namespace quizd_test
