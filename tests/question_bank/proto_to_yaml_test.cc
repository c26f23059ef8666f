#include "question_bank/src/proto_to_yaml.h"

#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/struct.pb.h"
#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "question_bank/src/yaml_to_proto.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

using ::google::protobuf::util::MessageDifferencer;
using ::testing::HasSubstr;

// Writes, reads back and expects an equal message and no errors.
template <typename T>
void ExpectRoundTrip(const T& message) {
  const std::string yaml = MessageToYaml(message);
  T back;
  YamlParseResult result = ParseYamlToMessage(yaml, &back);
  EXPECT_TRUE(result.errors.empty()) << result.errors[0].message << "\n"
                                     << yaml;
  EXPECT_TRUE(MessageDifferencer::Equals(message, back)) << "wrote:\n"
                                                         << yaml << "read:\n"
                                                         << back.DebugString();
}

class StringRoundTripTest : public ::testing::TestWithParam<std::string> {};

TEST_P(StringRoundTripTest, SurvivesAsStemAndAsListElement) {
  quiz::v1::Item item;
  item.set_stem(GetParam());
  item.mutable_short_text()->add_accepted(GetParam());
  item.mutable_short_text()->add_accepted("plain");
  ExpectRoundTrip(item);
}

INSTANTIATE_TEST_SUITE_P(
    Tricky, StringRoundTripTest,
    ::testing::Values(
        "plain", "null", "~", "Null", "", " leading", "trailing ", "a: b",
        "#hash", "- dash", "[x]", "{y}", "tab\there", "cr\rhere", "bell\x07",
        "123", "1.5e3", "true", "no", "'single", "\"double", "x #y", "@at",
        "%pct", "café ☕", "line one\nline two\n",
        "no trailing newline\nsecond line", "two trailing\nnewlines\n\n",
        "\nleading newline\n", "  indented first\nsecond\n",
        "a\n\nblank line inside\n", "  \n", "ends with space \nx\n",
        "trailing tab\t\n", std::string("nul\0byte", 8), "\x1b[2J escape",
        "del\x7f", "c1 \xc2\x85 nel \xc2\x9b csi",
        "ls \xe2\x80\xa8 ps \xe2\x80\xa9", "bom \xef\xbb\xbf", "\xef\xbb\xbf",
        "back\\slash \"q\"", "-5", ":colon", "ends:", "?q", "!bang", "*star",
        "&amp", "|pipe", ">gt", "`tick", "a\tb\nc\n", "... dots", "--- dashes",
        "---\n...\n", "lines\n  # not a comment\n- nor a list\n",
        "nel inside\xc2\x85"
        "block\n",
        std::string(5000, 'x'), "{a: [b, c]}", "a,b", "key: value\n"));

// Map fields, keys that need quotes, and a key too long to be written as a
// simple key, through a message of the well-known types.
TEST(ProtoToYamlTest, MapFieldsWithAnyKey) {
  google::protobuf::Struct message;
  auto& fields = *message.mutable_fields();
  fields["plain"].set_string_value("v");
  fields["needs: quotes"].set_number_value(2.5);
  fields[""].set_bool_value(true);
  fields[std::string(1500, 'k')].set_string_value("long key");
  fields["nested"].mutable_struct_value()->mutable_fields()->insert(
      {"inner", google::protobuf::Value()});
  ExpectRoundTrip(message);
  EXPECT_THAT(MessageToYaml(message), HasSubstr("? kkk"));
}

TEST(ProtoToYamlTest, TextThatIsNotUtf8StillWritesReadableYaml) {
  quiz::v1::Item item;
  item.set_stem("caf\xe9");
  const std::string yaml = MessageToYaml(item);
  quiz::v1::Item back;
  YamlParseResult result = ParseYamlToMessage(yaml, &back);
  EXPECT_TRUE(result.errors.empty()) << yaml;
  EXPECT_EQ(back.stem(), "caf\xc3\xa9");  // the byte's own character
}

// Strings drawn from the characters that matter to YAML (indicators,
// spaces, line breaks, controls, the breaks and marks of Unicode), with a
// fixed seed: each is written and read back unchanged.
TEST(ProtoToYamlTest, RandomStringsRoundTrip) {
  const std::vector<std::string> pieces = {"a",
                                           "Z",
                                           "0",
                                           "-",
                                           "?",
                                           ":",
                                           ",",
                                           "[",
                                           "]",
                                           "{",
                                           "}",
                                           "#",
                                           "&",
                                           "*",
                                           "!",
                                           "|",
                                           ">",
                                           "'",
                                           "\"",
                                           "%",
                                           "@",
                                           "`",
                                           " ",
                                           "  ",
                                           "\n",
                                           "\t",
                                           "\r",
                                           std::string(1, '\0'),
                                           "\x1b",
                                           "\x7f",
                                           "\xc2\x85",
                                           "\xc2\xa0",
                                           "\xe2\x80\xa8",
                                           "\xef\xbb\xbf",
                                           "\\",
                                           "---",
                                           "...",
                                           "~",
                                           "null",
                                           "true",
                                           "1e3",
                                           ": ",
                                           " #",
                                           "\xc3\xa9",
                                           "\xf0\x9f\x98\x80"};
  std::mt19937 random(19);
  for (int i = 0; i < 3000; ++i) {
    std::string text;
    const int length = static_cast<int>(random() % 12);
    for (int j = 0; j < length; ++j) text += pieces[random() % pieces.size()];
    quiz::v1::Item item;
    item.set_stem(text);
    item.mutable_short_text()->add_accepted(text);
    const std::string yaml = MessageToYaml(item);
    quiz::v1::Item back;
    const YamlParseResult result = ParseYamlToMessage(yaml, &back);
    ASSERT_TRUE(result.errors.empty()) << result.errors[0].message << "\n"
                                       << yaml;
    ASSERT_TRUE(MessageDifferencer::Equals(item, back)) << yaml;
  }
}

TEST(ProtoToYamlTest, MultiLineTextIsALiteralBlock) {
  quiz::v1::Item item;
  item.set_stem("A 45-year-old patient\npresents with chest pain.\n");
  const std::string yaml = MessageToYaml(item);
  EXPECT_THAT(yaml, HasSubstr("stem: |\n  A 45-year-old patient\n"));
}

TEST(ProtoToYamlTest, WritesOnlySetFieldsAndEnumNames) {
  quiz::v1::Quiz quiz;
  quiz.set_id("q");
  quiz.set_mode(quiz::v1::QUIZ_MODE_EXAM);
  quiz.set_pass_percent(0.1);
  EXPECT_EQ(MessageToYaml(quiz),
            "id: q\nmode: QUIZ_MODE_EXAM\npass_percent: 0.1\n");
}

TEST(ProtoToYamlTest, EmptyOneofMemberIsKept) {
  quiz::v1::Item item;
  item.set_id("tf");
  item.mutable_true_false();
  EXPECT_THAT(MessageToYaml(item), HasSubstr("true_false:"));
  ExpectRoundTrip(item);
}

TEST(ProtoToYamlTest, EmptyMessage) {
  quiz::v1::Bank bank;
  ExpectRoundTrip(bank);
}

TEST(ProtoToYamlTest, NumbersRoundTripExactly) {
  for (double value : {0.1, 1.0 / 3, 1e-300, 12.5, 64.0, -0.0001, 1e21,
                       std::numeric_limits<double>::max(),
                       std::numeric_limits<double>::infinity(),
                       -std::numeric_limits<double>::infinity()}) {
    quiz::v1::Item item;
    item.set_points(value);
    item.mutable_numeric()->set_answer(-value);
    ExpectRoundTrip(item);
  }
  quiz::v1::Item item;
  item.mutable_numeric()->set_answer(std::nan(""));
  quiz::v1::Item back;
  ParseYamlToMessage(MessageToYaml(item), &back);
  EXPECT_TRUE(std::isnan(back.numeric().answer()));
}

}  // namespace
}  // namespace question_bank
