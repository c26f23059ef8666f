#include "question_bank/src/yaml_to_proto.h"

#include <memory>
#include <string>

#include "gmock/gmock.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/descriptor.pb.h"
#include "google/protobuf/dynamic_message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

using ::testing::ElementsAre;
using ::testing::HasSubstr;
using ::testing::Not;

std::string Describe(const YamlParseResult& result) {
  std::string text;
  for (const YamlError& error : result.errors) {
    text += std::to_string(error.position.line) + ":" +
            std::to_string(error.position.column) + ": " + error.message + "\n";
  }
  return text;
}

// ---- Errors: each kind is reported at the right line and column. ----

struct WalkerErrorCase {
  std::string name;
  std::string yaml;
  int line;
  int column;
  std::string message;  // a substring of the one expected error
};
void PrintTo(const WalkerErrorCase& c, std::ostream* os) { *os << c.name; }

class WalkerErrorTest : public ::testing::TestWithParam<WalkerErrorCase> {};

TEST_P(WalkerErrorTest, ReportsOneErrorAtPosition) {
  const WalkerErrorCase& c = GetParam();
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(c.yaml, &bank);
  ASSERT_EQ(result.errors.size(), 1u) << Describe(result);
  EXPECT_EQ(result.errors[0].position.line, c.line) << Describe(result);
  EXPECT_EQ(result.errors[0].position.column, c.column) << Describe(result);
  EXPECT_THAT(result.errors[0].message, HasSubstr(c.message));
}

INSTANTIATE_TEST_SUITE_P(
    Kinds, WalkerErrorTest,
    ::testing::Values(
        WalkerErrorCase{"UnknownFieldWithSuggestion", "id: x\ntitel: T\n", 2, 1,
                        "unknown field 'titel' in quiz.v1.Bank; did you mean "
                        "'title'?"},
        WalkerErrorCase{"UnknownNestedField",
                        "items:\n  - id: a\n    stme: S\n", 3, 5,
                        "unknown field 'stme' in quiz.v1.Item; did you mean "
                        "'stem'?"},
        WalkerErrorCase{"WrongTypeNumber", "items:\n  - points: abc\n", 2, 13,
                        "expected a number for field 'points'"},
        WalkerErrorCase{"WrongTypeInteger", "code_set_year: 20.5\n", 1, 16,
                        "expected an integer for field 'code_set_year'"},
        WalkerErrorCase{"IntegerOutOfRange", "code_set_year: 99999999999\n", 1,
                        16,
                        "value 99999999999 is out of range for field "
                        "'code_set_year'"},
        WalkerErrorCase{"WrongTypeBool",
                        "items:\n  - true_false: {answer: maybe}\n", 2, 26,
                        "expected true or false for field 'answer'"},
        WalkerErrorCase{"WrongTypeStringGotMap", "title: {a: 1}\n", 1, 8,
                        "expected a string for field 'title'"},
        WalkerErrorCase{"WrongTypeSequence", "topics: t1\n", 1, 9,
                        "expected a sequence for field 'topics'"},
        WalkerErrorCase{"WrongTypeMessage", "items:\n  - single_choice: x\n", 2,
                        20, "expected a map for field 'single_choice'"},
        WalkerErrorCase{"WrongTypeSequenceElement", "topics:\n  - t1\n", 2, 5,
                        "expected a map for each element of field 'topics'"},
        WalkerErrorCase{
            "InvalidEnum", "quizzes:\n  - mode: sometimes\n", 2, 11,
            "invalid value 'sometimes' for enum field 'mode'; allowed: "
            "QUIZ_MODE_UNSPECIFIED, QUIZ_MODE_PRACTICE, "
            "QUIZ_MODE_EXAM"},
        WalkerErrorCase{"DuplicateKey", "id: a\ntitle: T\nid: b\n", 3, 1,
                        "duplicate key 'id' (first at line 1)"},
        WalkerErrorCase{"DuplicateNestedKey",
                        "items:\n  - id: a\n    stem: S\n    stem: T\n", 4, 5,
                        "duplicate key 'stem' (first at line 3)"},
        WalkerErrorCase{
            "OneofConflict",
            "items:\n  - single_choice: {}\n    multiple_choice: {}\n", 3, 5,
            "field 'multiple_choice' conflicts with 'single_choice': "
            "both belong to oneof 'type'"},
        WalkerErrorCase{"SyntaxError", "id: a\ntitle: [x, y\n", 3, 1,
                        "YAML syntax error"},
        WalkerErrorCase{"SyntaxErrorBadIndent", "id: a\n  title: b\n", 2, 8,
                        "YAML syntax error"},
        WalkerErrorCase{"TopLevelNotMap", "- a\n- b\n", 1, 1,
                        "expected a map at the top level"},
        WalkerErrorCase{"SecondDocument", "id: a\n---\nid: b\n", 3, 1,
                        "expected a single YAML document"}),
    [](const auto& info) { return info.param.name; });

TEST(WalkerTest, UnknownFieldFarFromAnyNameHasNoSuggestion) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage("zzzzzz: 1\n", &bank);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].message, Not(HasSubstr("did you mean")));
}

TEST(WalkerTest, LongValuesAreShortenedInMessages) {
  quiz::v1::Bank bank;
  const std::string key(1000000, 'k');
  YamlParseResult result = ParseYamlToMessage(
      "? " + key + "\n: 1\ncode_set_year: " + std::string(500, '9') + "\n",
      &bank);
  ASSERT_EQ(result.errors.size(), 2u) << Describe(result);
  EXPECT_EQ(result.errors[0].message, "unknown field '" + std::string(40, 'k') +
                                          "\u2026' in quiz.v1.Bank");
  EXPECT_EQ(result.errors[1].message,
            "value " + std::string(40, '9') +
                "\u2026 is out of range for field 'code_set_year'");
}

TEST(WalkerTest, CollectsEveryErrorAndMapsTheRest) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(R"(id: demo
titel: Demo
code_set_year: soon
items:
  - id: a
    points: lots
  - id: b
    single_choice: {}
    true_false: {}
quizzes:
  - id: q
    mode: hard
)",
                                              &bank);
  std::vector<int> lines;
  for (const YamlError& error : result.errors) {
    lines.push_back(error.position.line);
  }
  EXPECT_THAT(lines, ElementsAre(2, 3, 6, 9, 12)) << Describe(result);
  EXPECT_EQ(bank.id(), "demo");
  ASSERT_EQ(bank.items_size(), 2);
  EXPECT_EQ(bank.items(1).id(), "b");
  EXPECT_TRUE(bank.items(1).has_single_choice());
  EXPECT_EQ(bank.quizzes(0).id(), "q");
}

TEST(WalkerTest, NullMeansDefaultAndEmptyMessageSetsOneof) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(R"(id: demo
title:
description: ~
items:
  - id: a
    true_false:
)",
                                              &bank);
  EXPECT_TRUE(result.errors.empty()) << Describe(result);
  EXPECT_EQ(bank.title(), "");
  EXPECT_TRUE(bank.items(0).has_true_false());
}

TEST(WalkerTest, ScalarsOfEveryKind) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(R"(id: 2026
code_set_year: 2026
version: 9000000000
items:
  - points: 2.5
    true_false: {answer: yes}
  - points: 3
    short_text: {accepted: [one, "two", 3], case_sensitive: false}
)",
                                              &bank);
  EXPECT_TRUE(result.errors.empty()) << Describe(result);
  EXPECT_EQ(bank.id(), "2026");
  EXPECT_EQ(bank.code_set_year(), 2026);
  EXPECT_EQ(bank.version(), 9000000000);
  EXPECT_DOUBLE_EQ(bank.items(0).points(), 2.5);
  EXPECT_TRUE(bank.items(0).true_false().answer());
  EXPECT_DOUBLE_EQ(bank.items(1).points(), 3);
  EXPECT_THAT(bank.items(1).short_text().accepted(),
              ElementsAre("one", "two", "3"));
}

// ---- Enums: the value name or a unique suffix after '_', any case. ----

struct EnumCase {
  std::string yaml;
  int want;
};
void PrintTo(const EnumCase& c, std::ostream* os) { *os << c.yaml; }

class EnumFormTest : public ::testing::TestWithParam<EnumCase> {};

TEST_P(EnumFormTest, Resolves) {
  quiz::v1::Item item;
  YamlParseResult result = ParseYamlToMessage(GetParam().yaml, &item);
  ASSERT_TRUE(result.errors.empty()) << Describe(result);
  int got = 0;
  if (item.has_code_entry()) got = item.code_entry().system();
  if (item.has_multiple_choice()) got = item.multiple_choice().scoring();
  if (item.has_ordering()) got = item.ordering().scoring();
  EXPECT_EQ(got, GetParam().want) << GetParam().yaml;
}

INSTANTIATE_TEST_SUITE_P(
    Forms, EnumFormTest,
    ::testing::Values(
        EnumCase{"code_entry: {system: CODE_SYSTEM_ICD10CM}",
                 quiz::v1::CODE_SYSTEM_ICD10CM},
        EnumCase{"code_entry: {system: icd10cm}",
                 quiz::v1::CODE_SYSTEM_ICD10CM},
        EnumCase{"code_entry: {system: ICD10CM}",
                 quiz::v1::CODE_SYSTEM_ICD10CM},
        EnumCase{"code_entry: {system: code_system_hcpcs}",
                 quiz::v1::CODE_SYSTEM_HCPCS},
        EnumCase{"code_entry: {system: System_Cpt}", quiz::v1::CODE_SYSTEM_CPT},
        EnumCase{"code_entry: {system: 2}", quiz::v1::CODE_SYSTEM_CPT},
        EnumCase{"multiple_choice: {scoring: partial}",
                 quiz::v1::MULTI_SELECT_PARTIAL},
        EnumCase{"multiple_choice: {scoring: all_or_nothing}",
                 quiz::v1::MULTI_SELECT_ALL_OR_NOTHING},
        EnumCase{"multiple_choice: {scoring: all-or-nothing}",
                 quiz::v1::MULTI_SELECT_ALL_OR_NOTHING},
        EnumCase{"ordering: {scoring: longest_subsequence}",
                 quiz::v1::ORDERING_LONGEST_SUBSEQUENCE}));

TEST(EnumTest, QuizModeShortAndLongForms) {
  for (const char* text : {"mode: exam", "mode: EXAM", "mode: QUIZ_MODE_EXAM",
                           "mode: quiz_mode_exam", "mode: Mode_Exam"}) {
    quiz::v1::Quiz quiz;
    YamlParseResult result = ParseYamlToMessage(text, &quiz);
    EXPECT_TRUE(result.errors.empty()) << text << "\n" << Describe(result);
    EXPECT_EQ(quiz.mode(), quiz::v1::QUIZ_MODE_EXAM) << text;
  }
}

TEST(EnumTest, SuffixMustStartAfterUnderscore) {
  quiz::v1::Quiz quiz;
  // "XAM" is a suffix of QUIZ_MODE_EXAM but not after an '_'.
  YamlParseResult result = ParseYamlToMessage("mode: xam", &quiz);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].message, HasSubstr("invalid value 'xam'"));
}

TEST(EnumTest, UndeclaredNumberIsRejected) {
  quiz::v1::Quiz quiz;
  YamlParseResult result = ParseYamlToMessage("mode: 7", &quiz);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_THAT(result.errors[0].message, HasSubstr("invalid value '7'"));
}

// ---- Genericity: a message built at run time, unrelated to banks. ----

constexpr char kSampleProto[] = R"pb(
  name: "sample.proto"
  package: "sample"
  syntax: "proto3"
  message_type {
    name: "Sample"
    field { name: "ratio" number: 1 type: TYPE_FLOAT label: LABEL_OPTIONAL }
    field { name: "count" number: 2 type: TYPE_UINT32 label: LABEL_OPTIONAL }
    field { name: "big" number: 3 type: TYPE_UINT64 label: LABEL_OPTIONAL }
    field { name: "ids" number: 4 type: TYPE_INT64 label: LABEL_REPEATED }
    field {
      name: "color"
      number: 5
      type: TYPE_ENUM
      label: LABEL_OPTIONAL
      type_name: ".sample.Color"
    }
    field {
      name: "labels"
      number: 6
      type: TYPE_MESSAGE
      label: LABEL_REPEATED
      type_name: ".sample.Sample.LabelsEntry"
    }
    field {
      name: "children"
      number: 7
      type: TYPE_MESSAGE
      label: LABEL_REPEATED
      type_name: ".sample.Sample"
    }
    field {
      name: "colors"
      number: 8
      type: TYPE_ENUM
      label: LABEL_REPEATED
      type_name: ".sample.Color"
    }
    field { name: "flags" number: 9 type: TYPE_BOOL label: LABEL_REPEATED }
    nested_type {
      name: "LabelsEntry"
      field { name: "key" number: 1 type: TYPE_STRING label: LABEL_OPTIONAL }
      field { name: "value" number: 2 type: TYPE_INT32 label: LABEL_OPTIONAL }
      options { map_entry: true }
    }
  }
  enum_type {
    name: "Color"
    value { name: "COLOR_UNSPECIFIED" number: 0 }
    value { name: "COLOR_DARK_RED" number: 1 }
    value { name: "COLOR_LIGHT_RED" number: 2 }
    value { name: "COLOR_BLUE" number: 3 }
  }
)pb";

class DynamicMessageTest : public ::testing::Test {
 protected:
  void SetUp() override {
    google::protobuf::FileDescriptorProto file;
    ASSERT_TRUE(
        google::protobuf::TextFormat::ParseFromString(kSampleProto, &file));
    ASSERT_NE(pool_.BuildFile(file), nullptr);
    const google::protobuf::Descriptor* type =
        pool_.FindMessageTypeByName("sample.Sample");
    ASSERT_NE(type, nullptr);
    message_.reset(factory_.GetPrototype(type)->New());
  }

  google::protobuf::DescriptorPool pool_;
  google::protobuf::DynamicMessageFactory factory_;
  std::unique_ptr<google::protobuf::Message> message_;
};

TEST_F(DynamicMessageTest, MapsEveryShape) {
  YamlParseResult result = ParseYamlToMessage(R"(ratio: 0.25
count: 7
big: 18446744073709551615
ids: [-1, 2]
color: blue
labels: {a: 1, b: 2}
children:
  - count: 1
  - {}
colors: [dark_red, COLOR_LIGHT_RED]
flags: [true, false, ~]
)",
                                              message_.get());
  EXPECT_TRUE(result.errors.empty()) << Describe(result);
  EXPECT_EQ(message_->ShortDebugString(),
            "ratio: 0.25 count: 7 big: 18446744073709551615 ids: -1 ids: 2 "
            "color: COLOR_BLUE labels { key: \"a\" value: 1 } labels { key: "
            "\"b\" value: 2 } children { count: 1 } children { } colors: "
            "COLOR_DARK_RED colors: COLOR_LIGHT_RED flags: true flags: false "
            "flags: false");
}

TEST_F(DynamicMessageTest, AmbiguousSuffixListsMatches) {
  YamlParseResult result = ParseYamlToMessage("color: red\n", message_.get());
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].message,
            "value 'red' for enum field 'color' is ambiguous: it matches "
            "COLOR_DARK_RED, COLOR_LIGHT_RED");
}

TEST_F(DynamicMessageTest, RangeAndMapErrors) {
  YamlParseResult result = ParseYamlToMessage(R"(count: -1
ratio: 1e100
labels: {a: 1, a: 2, b: x}
)",
                                              message_.get());
  ASSERT_EQ(result.errors.size(), 4u) << Describe(result);
  EXPECT_THAT(result.errors[0].message, HasSubstr("out of range"));
  EXPECT_THAT(result.errors[1].message, HasSubstr("out of range"));
  EXPECT_THAT(result.errors[2].message, HasSubstr("duplicate key 'a'"));
  EXPECT_THAT(result.errors[3].message,
              HasSubstr("expected an integer for field 'value'"));
}

// ---- The source map. ----

TEST(SourceMapTest, RecordsFieldsAndElements) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(R"(id: demo
items:
  - id: a
  - id: b
    single_choice:
      options:
        - id: x
        - id: y
          correct: true
)",
                                              &bank);
  ASSERT_TRUE(result.errors.empty()) << Describe(result);
  const SourceMap& map = result.source_map;
  auto at = [&](const std::string& path) {
    TextPosition p = map.Find(path);
    return std::to_string(p.line) + ":" + std::to_string(p.column);
  };
  EXPECT_EQ(at(""), "1:1");
  EXPECT_EQ(at("id"), "1:1");
  EXPECT_EQ(at("items"), "2:1");
  EXPECT_EQ(at("items[1]"), "4:5");
  EXPECT_EQ(at("items[1].single_choice"), "5:5");
  EXPECT_EQ(at("items[1].single_choice.options[1]"), "8:11");
  EXPECT_EQ(at("items[1].single_choice.options[1].correct"), "9:11");
  // Paths never written fall back to their nearest written ancestor.
  EXPECT_EQ(at("items[1].single_choice.options[1].feedback"), "8:11");
  EXPECT_EQ(at("items[0].stem"), "3:5");
  EXPECT_EQ(at("quizzes[0].id"), "1:1");
}

TEST(SourceMapTest, ParentPath) {
  EXPECT_EQ(ParentPath("a.b[2].c"), "a.b[2]");
  EXPECT_EQ(ParentPath("a.b[2]"), "a.b");
  EXPECT_EQ(ParentPath("a"), "");
  EXPECT_EQ(ParentPath(""), "");
}

TEST(EditDistanceTest, CountsEditsIgnoringCase) {
  EXPECT_EQ(EditDistance("stem", "stem"), 0);
  EXPECT_EQ(EditDistance("STEM", "stem"), 0);
  EXPECT_EQ(EditDistance("stme", "stem"), 2);
  EXPECT_EQ(EditDistance("titel", "title"), 2);
  EXPECT_EQ(EditDistance("", "abc"), 3);
  EXPECT_EQ(EditDistance("option", "options"), 1);
}

}  // namespace
}  // namespace question_bank
