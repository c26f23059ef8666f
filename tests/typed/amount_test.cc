#include "question_bank/typed/amount.h"

#include <cmath>
#include <limits>
#include <string>

#include "gtest/gtest.h"

namespace typed {
namespace {

struct AmountCase {
  std::string text;
  std::string unit;
  double want;  // NaN: refused
};
void PrintTo(const AmountCase& c, std::ostream* os) {
  *os << '"' << c.text << "\" " << c.unit;
}

class AmountTable : public ::testing::TestWithParam<AmountCase> {};

TEST_P(AmountTable, Reads) {
  const AmountCase& c = GetParam();
  absl::StatusOr<double> value = ParseAmount(c.text, c.unit);
  if (std::isnan(c.want)) {
    EXPECT_FALSE(value.ok()) << *value;
  } else {
    ASSERT_TRUE(value.ok()) << value.status();
    EXPECT_DOUBLE_EQ(*value, c.want);
  }
}

constexpr double kRefused = std::numeric_limits<double>::quiet_NaN();

INSTANTIATE_TEST_SUITE_P(
    Amounts, AmountTable,
    ::testing::Values(
        AmountCase{"64", "", 64}, AmountCase{"$64", "", 64},
        AmountCase{"-$5.50", "", -5.5}, AmountCase{"$-5.50", "", -5.5},
        AmountCase{"+3", "", 3}, AmountCase{".5", "", 0.5},
        AmountCase{"5.", "", 5}, AmountCase{"1,234,567.89", "", 1234567.89},
        AmountCase{"20%", "%", 20}, AmountCase{"20 %", "%", 20},
        AmountCase{"4 units", "units", 4}, AmountCase{"$4", "units", kRefused},
        AmountCase{"", "", kRefused}, AmountCase{".", "", kRefused},
        AmountCase{"1,23", "", kRefused}, AmountCase{",123", "", kRefused},
        AmountCase{"1,2345", "", kRefused}, AmountCase{"--5", "", kRefused},
        AmountCase{"$$5", "", kRefused}, AmountCase{"5-", "", kRefused},
        AmountCase{"inf", "", kRefused}, AmountCase{"nan", "", kRefused},
        AmountCase{"0x10", "", kRefused}, AmountCase{"1.2.3", "", kRefused}));

TEST(ParseAmount, SaysWhyCommasAreWrong) {
  absl::StatusOr<double> value = ParseAmount("12,34", "USD");
  EXPECT_EQ(value.status().message(),
            "\"12,34\" is not a number of USD: commas must group thousands, "
            "e.g. 1,234.50");
  EXPECT_EQ(ParseAmount("sixty", "").status().message(),
            "\"sixty\" is not a number");
}

}  // namespace
}  // namespace typed
