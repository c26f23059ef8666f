#include "question_bank/src/codesets.h"

#include <filesystem>
#include <fstream>
#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"

namespace question_bank {
namespace {

using ::testing::HasSubstr;

const std::string kFixture = QUIZD_SOURCE_DIR "/tests/data/codesets";

TEST(LoadCodeSetsTest, ReadsTheFixture) {
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(kFixture);
  ASSERT_TRUE(code_sets.ok()) << code_sets.status();
  EXPECT_EQ(code_sets->icd10cm_year, 2026);
  // CRLF line ends are gone: "I10" is not "I10\r".
  EXPECT_EQ(code_sets->icd10cm_billable.size(), 8u);
  EXPECT_TRUE(code_sets->LookUpIcd10Cm("I10").billable);
  EXPECT_TRUE(code_sets->LookUpIcd10Cm("QA00101").billable);
  EXPECT_EQ(code_sets->hcpcs_codes.size(), 4u);
  EXPECT_EQ(code_sets->hcpcs_modifiers.size(), 4u);
}

TEST(LoadCodeSetsTest, TellsHeadersFromUnknownCodes) {
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(kFixture);
  ASSERT_TRUE(code_sets.ok()) << code_sets.status();
  const Icd10CmLookup category = code_sets->LookUpIcd10Cm("E11");
  EXPECT_FALSE(category.billable);
  EXPECT_EQ(category.billable_children, 3);
  EXPECT_EQ(category.first_child, "E1100");
  const Icd10CmLookup unknown = code_sets->LookUpIcd10Cm("X9999");
  EXPECT_FALSE(unknown.billable);
  EXPECT_EQ(unknown.billable_children, 0);
}

TEST(LoadCodeSetsTest, ReadsHcpcsTermination) {
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(kFixture);
  ASSERT_TRUE(code_sets.ok()) << code_sets.status();
  ASSERT_NE(code_sets->FindHcpcsCode("A4253"), nullptr);
  EXPECT_EQ(code_sets->FindHcpcsCode("A4253")->term_dt, "");
  ASSERT_NE(code_sets->FindHcpcsCode("J0135"), nullptr);
  EXPECT_EQ(code_sets->FindHcpcsCode("J0135")->term_dt, "20241231");
  EXPECT_EQ(code_sets->FindHcpcsCode("J9999"), nullptr);
  // Modifiers (recid 7) are kept apart from codes.
  EXPECT_EQ(code_sets->FindHcpcsCode("LT"), nullptr);
  ASSERT_NE(code_sets->FindHcpcsModifier("CP"), nullptr);
  EXPECT_EQ(code_sets->FindHcpcsModifier("CP")->term_dt, "20171231");
}

class BrokenCodeSetsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string pattern =
        (std::filesystem::temp_directory_path() / "codesets-XXXXXX").string();
    dir_ = mkdtemp(pattern.data());
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  void Write(const std::string& name, const std::string& text) {
    std::ofstream(dir_ + "/" + name, std::ios::binary) << text;
  }
  std::string dir_;
};

TEST_F(BrokenCodeSetsTest, MissingFileIsNamed) {
  Write(kIcd10CmCodesFile, "I10     Essential (primary) hypertension\r\n");
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(dir_);
  EXPECT_EQ(code_sets.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(code_sets.status().message(),
              HasSubstr(dir_ + "/hcpcs-2025-oct-anweb.tsv"));
}

TEST_F(BrokenCodeSetsTest, MissingDirectoryNamesTheIcdFile) {
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(dir_ + "/nowhere");
  EXPECT_EQ(code_sets.status().code(), absl::StatusCode::kNotFound);
  EXPECT_THAT(code_sets.status().message(),
              HasSubstr("nowhere/icd10cm-codes-2026.txt"));
}

TEST_F(BrokenCodeSetsTest, BadLinesAreNamed) {
  Write(kIcd10CmCodesFile, "I10     Essential\r\n12345   Not a code\r\n");
  Write(kHcpcsFile, "code\trecid\n");
  absl::StatusOr<CodeSets> code_sets = LoadCodeSets(dir_);
  EXPECT_EQ(code_sets.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_THAT(code_sets.status().message(),
              HasSubstr("icd10cm-codes-2026.txt:2: expected an undotted"));

  Write(kIcd10CmCodesFile, "I10     Essential\r\n");
  code_sets = LoadCodeSets(dir_);
  EXPECT_THAT(code_sets.status().message(),
              HasSubstr("hcpcs-2025-oct-anweb.tsv:1: header row lacks"));
}

}  // namespace
}  // namespace question_bank
