// How messages quote a value: short, and with nothing that could forge a
// line or drive a terminal.
#include "question_bank/typed/shown_text.h"

#include <string>

#include "gtest/gtest.h"

namespace typed {
namespace {

TEST(ShownTextTest, ShortTextIsUnchanged) {
  EXPECT_EQ(ShownText(""), "");
  EXPECT_EQ(ShownText("E11.65"), "E11.65");
  EXPECT_EQ(ShownText(std::string(40, 'x')), std::string(40, 'x'));
}

TEST(ShownTextTest, LongTextIsCutToFortyCharactersAndAnEllipsis) {
  EXPECT_EQ(ShownText(std::string(10000, 'E')),
            std::string(40, 'E') + "\u2026");
  // Characters, not bytes: 41 two-byte characters keep 40 of them.
  std::string accents;
  for (int i = 0; i < 41; ++i) accents += "\u00e9";
  EXPECT_EQ(ShownText(accents), accents.substr(0, 80) + "\u2026");
}

TEST(ShownTextTest, ControlCharactersAndStrayBytesAreEscaped) {
  EXPECT_EQ(ShownText("a\nb\r\x1b[2J\x7f"), "a\\x0Ab\\x0D\\x1B[2J\\x7F");
  EXPECT_EQ(ShownText("\xC2\x9B"
                      "31m"),
            "\\u009B31m");  // the 8-bit CSI
  EXPECT_EQ(ShownText("ok\xFF\xC3"), "ok\\xFF\\xC3");
  // An escape counts as one character of the forty.
  EXPECT_EQ(ShownText(std::string(45, '\n')), [] {
    std::string s;
    for (int i = 0; i < 40; ++i) s += "\\x0A";
    return s + "\u2026";
  }());
}

}  // namespace
}  // namespace typed
