#include "question_bank/typed/code_format.h"

#include <string>

#include "gtest/gtest.h"
#include "tests/typed/code_systems_util.h"

namespace typed {
namespace {

struct CodeCase {
  quiz::v1::CodeSystem system;
  std::string code;
  bool well_formed;
};
void PrintTo(const CodeCase& c, std::ostream* os) { *os << c.code; }

class CodeFormatTest : public ::testing::TestWithParam<CodeCase> {};

TEST_P(CodeFormatTest, Shape) {
  EXPECT_EQ(IsWellFormedCode(GetParam().system, GetParam().code),
            GetParam().well_formed)
      << GetParam().code;
}

INSTANTIATE_TEST_SUITE_P(
    Codes, CodeFormatTest,
    ::testing::Values(
        CodeCase{kIcd, "E11.9", true}, CodeCase{kIcd, "E119", true},
        CodeCase{kIcd, "e11.9", true}, CodeCase{kIcd, "I10", true},
        CodeCase{kIcd, "S52.521A", true}, CodeCase{kIcd, "T36.0X1A", true},
        CodeCase{kIcd, "E11.", false}, CodeCase{kIcd, "E1", false},
        CodeCase{kIcd, "1E1.9", false}, CodeCase{kIcd, "S52.521AB", false},
        CodeCase{kIcd, "E11-9", false}, CodeCase{kIcd, "", false},
        CodeCase{kCpt, "99213", true}, CodeCase{kCpt, "3008F", true},
        CodeCase{kCpt, "0042t", true}, CodeCase{kCpt, "9921", false},
        CodeCase{kCpt, "992133", false}, CodeCase{kCpt, "0042U", true},
        CodeCase{kCpt, "A9921", false}, CodeCase{kHcpcs, "J1885", true},
        CodeCase{kHcpcs, "g0008", true}, CodeCase{kHcpcs, "12345", false},
        CodeCase{kHcpcs, "J188", false}, CodeCase{kHcpcs, "JJ885", false},
        CodeCase{quiz::v1::CODE_SYSTEM_UNSPECIFIED, "99213", false}));

TEST(CanonicalCodeTest, UndottedUpperCase) {
  EXPECT_EQ(CanonicalCode(" s52.521a "), "S52521A");
  EXPECT_EQ(CanonicalCode("99213"), "99213");
}

// Found by fuzz/code_list_fuzzer.cc: spaces that a dot separated from the
// ends were kept, so canonical forms were not canonical (" 0," -> " 0,").
TEST(CanonicalCodeTest, SpacesBehindDotsAreSurroundingSpaces) {
  EXPECT_EQ(CanonicalCode(". 0,"), "0,");
  EXPECT_EQ(CanonicalCode("E11 ."), "E11");
  EXPECT_EQ(CanonicalCode(" . e11.9 . "), "E119");
  EXPECT_EQ(CanonicalCode(CanonicalCode("1. 0,")), CanonicalCode("1. 0,"));
}

TEST(ModifierTest, TwoLettersOrDigits) {
  EXPECT_TRUE(IsWellFormedModifier("25"));
  EXPECT_TRUE(IsWellFormedModifier("lt"));
  EXPECT_FALSE(IsWellFormedModifier("2"));
  EXPECT_FALSE(IsWellFormedModifier("-25"));
}

}  // namespace
}  // namespace typed
