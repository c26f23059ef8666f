// Cutting a document's top-level sequences into parts, and loading a document
// part by part giving exactly what loading it whole gives.
#include "question_bank/src/yaml_parts.h"

#include <filesystem>
#include <fstream>
#include <sstream>
#include <string>

#include "google/protobuf/util/message_differencer.h"
#include "gtest/gtest.h"
#include "question_bank/src/yaml_to_proto.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

const std::set<std::string> kKeys = {"items", "quizzes", "topics"};

TEST(YamlPartsTest, CutsTopLevelBlockSequencesKeepingLineNumbers) {
  const std::string yaml =
      "id: b\n"          // 0
      "items:  # all\n"  // 1
      "  - id: a\n"      // 2
      "    stem: x\n"    // 3
      "  # between\n"    // 4
      "  - id: b\n"      // 5
      "    stem: |\n"    // 6
      "      two\n"      // 7
      "quizzes:\n"       // 8
      "- id: q\n"        // 9
      "  title: Q\n"     // 10
      "title: t\n";      // 11
  std::optional<CutYaml> cut = CutTopLevelSequences(yaml, kKeys);
  ASSERT_TRUE(cut.has_value());
  EXPECT_EQ(cut->header,
            "id: b\nitems:  # all\n\n\n\n\n\n\nquizzes:\n\n\ntitle: t\n");
  ASSERT_EQ(cut->sequences.at("items").size(), 2u);
  EXPECT_EQ(cut->sequences.at("items")[0].first_line, 2);
  EXPECT_EQ(cut->sequences.at("items")[0].text,
            "  - id: a\n    stem: x\n  # between\n");
  EXPECT_EQ(cut->sequences.at("items")[1].first_line, 5);
  EXPECT_EQ(cut->sequences.at("items")[1].text,
            "  - id: b\n    stem: |\n      two\n");
  ASSERT_EQ(cut->sequences.at("quizzes").size(), 1u);
  EXPECT_EQ(cut->sequences.at("quizzes")[0].first_line, 9);
  EXPECT_EQ(cut->sequences.count("topics"), 0u);
}

TEST(YamlPartsTest, LeavesAnythingUnusualWhole) {
  for (const std::string yaml : {
           "items:\n  - id: a\n\tstem: x\n",               // a tab
           "---\nitems:\n  - id: a\n",                     // a document marker
           "items:\n  - id: a\nitems:\n  - id: b\n",       // a key twice
           "items:\n  - id: a\n stem: x\n",                // between entries
           "items:\n  - id: a\n    stem: \"runs\non\"\n",  // open quote
           "items:\n  - 'a\nb: c'\n",                      // open quote
           "items:\n  - id: a\nnot a key\n",               // not a key after
           "items:\n    - id: a\n  - id: b\n",             // shallower entry
           "items: [a, b]\n",                              // flow style
           "title: no sequences\n",
       }) {
    EXPECT_FALSE(CutTopLevelSequences(yaml, kKeys).has_value()) << yaml;
  }
}

// The document loaded whole: a tab in a comment at the end of the first line
// (so that every line, and the end of the text, stays where it was) is
// harmless YAML that the cut refuses.
YamlParseResult ParseWhole(const std::string& yaml, quiz::v1::Bank* bank) {
  size_t first_break = yaml.find('\n');
  EXPECT_NE(first_break, std::string::npos);
  if (first_break > 0 && yaml[first_break - 1] == '\r') --first_break;
  std::string whole = yaml;
  whole.insert(first_break, " # \t");
  EXPECT_FALSE(CutTopLevelSequences(whole, kKeys).has_value());
  return ParseYamlToMessage(whole, bank);
}

void ExpectSameAsWhole(const std::string& yaml, const std::string& what) {
  quiz::v1::Bank in_parts, whole;
  YamlParseResult parts_result = ParseYamlToMessage(yaml, &in_parts);
  YamlParseResult whole_result = ParseWhole(yaml, &whole);
  EXPECT_TRUE(
      google::protobuf::util::MessageDifferencer::Equals(in_parts, whole))
      << what;
  EXPECT_TRUE(parts_result.source_map == whole_result.source_map) << what;
  ASSERT_EQ(parts_result.errors.size(), whole_result.errors.size()) << what;
  for (size_t i = 0; i < parts_result.errors.size(); ++i) {
    EXPECT_EQ(parts_result.errors[i].message, whole_result.errors[i].message)
        << what;
    EXPECT_EQ(parts_result.errors[i].position.line,
              whole_result.errors[i].position.line)
        << what << ": " << parts_result.errors[i].message;
    EXPECT_EQ(parts_result.errors[i].position.column,
              whole_result.errors[i].position.column)
        << what;
  }
}

TEST(YamlPartsTest, ShippedBanksLoadTheSameInParts) {
  const std::filesystem::path dir =
      std::filesystem::path(QUIZD_SOURCE_DIR) / "question_bank" / "banks";
  int files = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (entry.path().extension() != ".yaml") continue;
    std::ifstream in(entry.path());
    std::stringstream text;
    text << in.rdbuf();
    ASSERT_TRUE(CutTopLevelSequences(text.str(), kKeys).has_value())
        << entry.path();
    ExpectSameAsWhole(text.str(), entry.path().string());
    ++files;
  }
  EXPECT_GE(files, 3);
}

TEST(YamlPartsTest, ErrorsInPartsAreReportedAtTheirFileLines) {
  const std::string yaml =
      "id: b\n"
      "title: T\n"
      "items:\n"
      "  - id: a\n"
      "    stem: fine\n"
      "  - id: b\n"
      "    stme: typo\n"        // line 7: unknown field
      "    difficulty: hard\n"  // line 8: not a number
      "    id: again\n"         // line 9: duplicate key
      "  - just a scalar\n"     // line 10: not a map
      "quizzes:\n"
      "  - id: q\n"
      "    mode: nonsense\n";  // line 13: bad enum
  ExpectSameAsWhole(yaml, "errors");
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(yaml, &bank);
  ASSERT_GE(result.errors.size(), 4u);
  EXPECT_EQ(result.errors[0].position.line, 7);
  EXPECT_EQ(result.errors.back().position.line, 13);
}

TEST(YamlPartsTest, WhatPartsCannotHoldFallsBackToTheWholeDocument) {
  // An anchor in one item used by the next; a quoted scalar running on at
  // column 0; a syntax error inside an item: each gives the whole
  // document's result (and its error line).
  ExpectSameAsWhole(
      "items:\n  - id: a\n    stem: &s shared\n  - id: b\n    stem: *s\n",
      "alias");
  ExpectSameAsWhole("items:\n  - id: a\n    stem: \"runs\non\"\n", "quoted");
  ExpectSameAsWhole("items:\n  - id: a\n    stem: \"runs\nNote: x\"\n",
                    "quoted key");
  // Closed quotes, escapes and block scalars with quotes in them are cut.
  const std::string closed =
      "items:\n  - id: a\n    stem: 'it''s: \"fine\"'\n"
      "    rationale: \"a\\\" b\"\n  - id: b\n    stem: >-\n"
      "      \"quoted\n      text\n    rationale: |\n      'x\n";
  EXPECT_TRUE(CutTopLevelSequences(closed, kKeys).has_value());
  ExpectSameAsWhole(closed, "closed quotes");
  // Windows line breaks.
  const std::string crlf =
      "id: b\r\nitems:\r\n  - id: a\r\n    stem: x\r\n  - id: b\r\n"
      "    stme: y\r\ntitle: T\r\n";
  EXPECT_TRUE(CutTopLevelSequences(crlf, kKeys).has_value());
  ExpectSameAsWhole(crlf, "crlf");
  ExpectSameAsWhole("items:\n  - id: a\n    stem: [unclosed\n", "syntax");
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(
      "items:\n  - id: a\n    stem: &s shared\n  - id: b\n    stem: *s\n",
      &bank);
  EXPECT_TRUE(result.errors.empty());
  ASSERT_EQ(bank.items_size(), 2);
  EXPECT_EQ(bank.items(1).stem(), "shared");
}

}  // namespace
}  // namespace question_bank
