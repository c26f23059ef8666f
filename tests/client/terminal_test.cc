#include "client/terminal.h"

#include <unistd.h>

#include <string>

#include "client/format.h"
#include "gtest/gtest.h"

namespace client {
namespace {

EnvLookup Columns(std::string value) {
  return [value](const char* name) {
    return std::string(name) == "COLUMNS" ? value : std::string();
  };
}

TEST(TerminalWidthTest, ColumnsWins) {
  EXPECT_EQ(TerminalWidth(Columns("72")), 72);
  EXPECT_EQ(TerminalWidth(Columns("200")), 200);
}

TEST(TerminalWidthTest, UnusableColumnsFallsBack) {
  // The fallback is the terminal's width when the test runs at one.
  for (const char* value : {"", "0", "-5", "wide", "80x"}) {
    int width = TerminalWidth(Columns(value));
    EXPECT_GT(width, 0) << value;
    if (!isatty(1) && !isatty(2)) {
      EXPECT_EQ(width, kDefaultWidth) << value;
    }
  }
}

}  // namespace
}  // namespace client
