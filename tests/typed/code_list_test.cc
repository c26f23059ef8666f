#include "question_bank/typed/code_list.h"

#include <string>
#include <vector>

#include "absl/strings/str_join.h"
#include "gtest/gtest.h"
#include "tests/typed/code_systems_util.h"

namespace typed {
namespace {

// Each entry as "CODE-MOD-MOD*UNITS" plus "!" when malformed.
std::string Summary(quiz::v1::CodeSystem system, const std::string& text) {
  std::vector<std::string> parts;
  for (const EnteredCode& entry : ParseCodeList(system, text)) {
    std::string part = entry.code;
    for (const std::string& modifier : entry.modifiers) part += "-" + modifier;
    if (entry.units > 0) part += "*" + std::to_string(entry.units);
    if (!entry.well_formed) part += "!";
    parts.push_back(part);
  }
  return absl::StrJoin(parts, " ");
}

struct ListCase {
  quiz::v1::CodeSystem system;
  std::string text;
  std::string want;
};
void PrintTo(const ListCase& c, std::ostream* os) { *os << c.text; }

class CodeListTable : public ::testing::TestWithParam<ListCase> {};

TEST_P(CodeListTable, Reads) {
  EXPECT_EQ(Summary(GetParam().system, GetParam().text), GetParam().want);
}

INSTANTIATE_TEST_SUITE_P(
    Lists, CodeListTable,
    ::testing::Values(ListCase{kIcd, "E11.9, I10", "E119 I10"},
                      ListCase{kIcd, "e11.9;i10\nZ79.4", "E119 I10 Z794"},
                      ListCase{kIcd, "  E11.9   I10  ", "E119 I10"},
                      ListCase{kIcd, "T78.40XA", "T7840XA"},
                      ListCase{kIcd, "T36.0X1",
                               "T360X1"},  // X1 is no unit count here
                      ListCase{kIcd, "E11.65-25", "E1165-25!"},
                      ListCase{kIcd, "E1.65", "E165!"},
                      ListCase{kIcd, "E11..9", "E119!"}, ListCase{kIcd, "", ""},
                      ListCase{kIcd, ",,;", ""},
                      ListCase{kCpt, "99213-25", "99213-25"},
                      ListCase{kCpt, "99213-25-59, 20610", "99213-25-59 20610"},
                      ListCase{kCpt, "99213 -25 20610", "99213-25 20610"},
                      ListCase{kCpt, "99213 25", "99213 25!"},
                      ListCase{kCpt, "99213--25", "99213--25!"},
                      ListCase{kCpt, "99213-2", "99213-2!"},
                      ListCase{kCpt, "0001U 1234F 0042T", "0001U 1234F 0042T"},
                      ListCase{kCpt, "99213x2", "99213*2"},
                      ListCase{kHcpcs, "J1885 x4", "J1885*4"},
                      ListCase{kHcpcs, "J1885 x 4", "J1885*4"},
                      ListCase{kHcpcs, "j1885*4-rt", "J1885*4-RT!"},
                      ListCase{kHcpcs, "E0114-RT x2", "E0114-RT*2"},
                      ListCase{kHcpcs, "J1885x0", "J1885!"},
                      ListCase{kHcpcs, "J1885x99999", "J1885*99999!"},
                      ListCase{kHcpcs, "x4", "X4!"}));

TEST(DisplayCode, IcdGetsItsDotBack) {
  EXPECT_EQ(DisplayCode(kIcd, "E1165"), "E11.65");
  EXPECT_EQ(DisplayCode(kIcd, "I10"), "I10");
  EXPECT_EQ(DisplayCode(kCpt, "99213"), "99213");
}

}  // namespace
}  // namespace typed
