// End to end: `quiz bank import-gift` as an instructor runs it, offline (no
// server), on the shipped sample and on broken files.
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "process_util.h"
#include "question_bank/src/bank_file.h"

namespace quizd_test {
namespace {

using ::testing::HasSubstr;

const std::string kSample =
    QUIZD_SOURCE_DIR "/question_bank/examples/billing-sample.gift";

class GiftImportE2eTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "quizd-gift-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }

  // Runs `quiz bank import-gift ARGS...` with its own config file and no
  // server address: the command must not need one.
  CommandResult ImportGift(std::vector<std::string> args) {
    std::vector<std::string> argv = {
        QuizBinary(), "--config", dir_ + "/config.json", "bank", "import-gift"};
    argv.insert(argv.end(), args.begin(), args.end());
    return RunCommand(argv);
  }

  std::string WriteFile(const std::string& name, const std::string& text) {
    const std::string path = dir_ + "/" + name;
    std::ofstream(path, std::ios::binary) << text;
    return path;
  }

  std::string dir_;
};

TEST_F(GiftImportE2eTest, SampleBecomesABankThatLoads) {
  const std::string out = dir_ + "/billing-sample.yaml";
  CommandResult result = ImportGift({kSample, "-o", out});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  EXPECT_THAT(result.out, HasSubstr("Wrote " + out +
                                    ": bank \"billing-sample\", 8 item(s) "
                                    "in 3 topic(s)"));
  const question_bank::ParsedBank parsed = question_bank::ParseBankFile(out);
  std::string errors;
  for (const auto& d : parsed.diagnostics) {
    if (d.severity == question_bank::Diagnostic::Severity::kError) {
      errors += d.ToString() + "\n";
    }
  }
  EXPECT_EQ(errors, "");
  EXPECT_EQ(parsed.bank.id(), "billing-sample");
  EXPECT_EQ(parsed.bank.items_size(), 8);
  EXPECT_EQ(parsed.bank.topics_size(), 3);
}

TEST_F(GiftImportE2eTest, IdAndTitleFlags) {
  const std::string out = dir_ + "/bank.yaml";
  CommandResult result = ImportGift(
      {kSample, "-o", out, "--id", "billing-gift", "--title", "From Moodle"});
  ASSERT_EQ(result.exit_code, 0) << result.err;
  const question_bank::ParsedBank parsed = question_bank::ParseBankFile(out);
  EXPECT_EQ(parsed.bank.id(), "billing-gift");
  EXPECT_EQ(parsed.bank.title(), "From Moodle");
}

TEST_F(GiftImportE2eTest, ErrorsArePrintedWithTheirLineAndNothingIsWritten) {
  const std::string gift = WriteFile("bad.gift",
                                     "::ok::Fine?{T}\n"
                                     "\n"
                                     "::bad::Owed?{#sixty}\n"
                                     "\n"
                                     "An essay.{}\n");
  const std::string out = dir_ + "/bad.yaml";
  CommandResult result = ImportGift({gift, "-o", out});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(gift + ":3:15: error: question \"bad\": "
                                           "\"sixty\" is not a number"));
  EXPECT_THAT(result.err, HasSubstr(gift + ":5:1: warning: question has an "
                                           "empty answer block {}"));
  EXPECT_THAT(result.err, HasSubstr("1 error(s); nothing written"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(GiftImportE2eTest, NonUtf8FileIsRefused) {
  const std::string gift = WriteFile("latin1.gift", "Caf\xE9?{T}\n");
  const std::string out = dir_ + "/latin1.yaml";
  CommandResult result = ImportGift({gift, "-o", out});
  EXPECT_EQ(result.exit_code, 2);
  EXPECT_THAT(result.err, HasSubstr(gift + ":1:4: error: " + gift +
                                    " is not valid UTF-8: byte 0xE9 at byte "
                                    "offset 3"));
  EXPECT_FALSE(std::filesystem::exists(out));
}

TEST_F(GiftImportE2eTest, MissingFileAndMissingOutputFlag) {
  CommandResult missing =
      ImportGift({dir_ + "/nope.gift", "-o", dir_ + "/x.yaml"});
  EXPECT_EQ(missing.exit_code, 2);
  EXPECT_THAT(missing.err, HasSubstr("cannot read the file"));
  CommandResult no_output = ImportGift({kSample});
  EXPECT_EQ(no_output.exit_code, 2);
  EXPECT_THAT(no_output.err, HasSubstr("--output"));
}

}  // namespace
}  // namespace quizd_test
