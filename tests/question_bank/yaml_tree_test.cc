// The YAML loader on hostile input: every text ends in the tree or in one
// error at a line and column, without hanging or growing without bound.
#include "question_bank/src/yaml_tree.h"

#include <string>

#include "gmock/gmock.h"
#include "gtest/gtest.h"
#include "question_bank/src/bank_file.h"
#include "question_bank/src/yaml_to_proto.h"
#include "quiz/v1/bank.pb.h"

namespace question_bank {
namespace {

using ::testing::HasSubstr;
using ::testing::SizeIs;

// Ten levels of nine aliases each: 9^10 (3.4 billion) strings expanded.
std::string BillionLaughs() {
  std::string text = "a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n";
  char previous = 'a';
  for (char name = 'b'; name <= 'k'; ++name) {
    text += std::string(1, name) + ": &" + name + " [";
    for (int i = 0; i < 9; ++i) {
      text += std::string(i == 0 ? "*" : ", *") + previous;
    }
    text += "]\n";
    previous = name;
  }
  return text;
}

struct HostileCase {
  std::string name;
  std::string text;
  int line;
  int column;
  std::string message;  // a substring of the one error
};
void PrintTo(const HostileCase& c, std::ostream* os) { *os << c.name; }

std::vector<HostileCase> HostileCases() {
  return {
      {"Comma", ",", 1, 1, "YAML syntax error: did not find expected node"},
      {"OpenBracket", "[", 1, 2, "YAML syntax error"},
      {"OpenBrace", "{", 1, 2, "YAML syntax error"},
      {"DashBracket", "- [", 1, 4, "YAML syntax error"},
      {"DeepFlowNesting", std::string(100000, '['), 1, 65,
       "YAML refused: nesting deeper than 64 levels"},
      {"DeepFlowNestingClosed",
       std::string(100000, '[') + std::string(100000, ']'), 1, 65,
       "nesting deeper than 64 levels"},
      {"DeepBlockNesting",
       [] {
         std::string text;
         for (int i = 0; i < 1000; ++i) text += std::string(i, ' ') + "a:\n";
         return text;
       }(),
       65, 65, "nesting deeper than 64 levels"},
      {"AliasBomb", BillionLaughs(), 7, 8, "(an alias bomb?)"},
      {"RecursiveAlias", "id: &a [x, *a]\n", 1, 12,
       "alias *a is inside the node it names"},
      {"UnknownAlias", "id: a\ntitle: *nope\n", 2, 8,
       "alias *nope names no anchor &nope"},
      {"InvalidUtf8", "id: a\ntitle: caf\xe9\n", 2, 11,
       "text is not valid UTF-8"},
      {"TruncatedUtf8", "id: a\ntitle: \xe2\x82", 2, 8, "UTF-8"},
      {"NulByte", std::string("id: a\ntitle: x\0y\n", 17), 2, 9,
       "control character U+0000 is not allowed"},
      {"EscapeByte", "id: a\ntitle: \x1b[2J\n", 2, 8,
       "control character U+001B is not allowed"},
      {"TabIndentation", "id: a\nitems:\n\t- id: b\n", 3, 1,
       "this is a tab: YAML indents with spaces only"},
      {"TabBeforeKey", "id: a\n\ttitle: b\n", 2, 1, "a tab"},
      // libyaml also ends lines at U+2028, U+2029, U+0085 and a lone CR;
      // positions count LF-ended lines, as editors and the rest do.
      {"ErrorAfterLineSeparator",
       "id: \"a\xE2\x80\xA8"
       "b\"\nt\xC2\x85: [\n",
       2, 3, "could not find expected ':'"},
  };
}

class HostileYamlTest : public ::testing::TestWithParam<HostileCase> {};

TEST_P(HostileYamlTest, OneErrorAtItsPosition) {
  const HostileCase& c = GetParam();
  YamlTree tree;
  std::optional<YamlLoadError> error = YamlTree::Load(c.text, &tree);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->position.line, c.line) << error->message;
  EXPECT_EQ(error->position.column, c.column) << error->message;
  EXPECT_THAT(error->message, HasSubstr(c.message));
  EXPECT_EQ(tree.document_count(), 0u);
}

TEST_P(HostileYamlTest, ParseBankGivesFileLineColumn) {
  const HostileCase& c = GetParam();
  const ParsedBank parsed = ParseBank(c.text, "hostile.yaml");
  ASSERT_THAT(parsed.diagnostics, SizeIs(1));
  const std::string text = parsed.diagnostics[0].ToString();
  // ParseBank refuses text that is not UTF-8 before YAML sees it.
  const bool utf8 = c.message.find("UTF-8") != std::string::npos;
  EXPECT_THAT(text,
              HasSubstr(absl::StrCat("hostile.yaml:", c.line, ":",
                                     utf8 ? "" : std::to_string(c.column))))
      << text;
  EXPECT_THAT(text, HasSubstr(utf8 ? "UTF-8" : c.message)) << text;
}

INSTANTIATE_TEST_SUITE_P(Inputs, HostileYamlTest,
                         ::testing::ValuesIn(HostileCases()),
                         [](const auto& info) { return info.param.name; });

TEST(YamlTreeTest, EmptyTextAndCommentsHoldNoDocument) {
  for (const std::string text : {"", "# just a comment\n", "\n\n   \n"}) {
    YamlTree tree;
    EXPECT_FALSE(YamlTree::Load(text, &tree).has_value()) << text;
    EXPECT_EQ(tree.document_count(), 0u) << text;
  }
}

TEST(YamlTreeTest, EmptyBankFileIsAnErrorAtTheStart) {
  for (const std::string text : {"", "# just a comment\n", "\n  \n"}) {
    const ParsedBank parsed = ParseBank(text, "empty.yaml");
    ASSERT_THAT(parsed.diagnostics, SizeIs(1)) << text;
    EXPECT_THAT(parsed.diagnostics[0].ToString(),
                HasSubstr("empty.yaml:1:1: error: file holds no YAML"));
  }
}

TEST(YamlTreeTest, NodesScalarsAndNulls) {
  YamlTree tree;
  ASSERT_FALSE(YamlTree::Load("a: [x, 'null', ~, null, \"\"]\nb:\n"
                              "c: {d: 1}\n",
                              &tree)
                   .has_value());
  ASSERT_EQ(tree.document_count(), 1u);
  const YamlNode root = tree.document(0);
  ASSERT_TRUE(root.IsMap());
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root.Key(0).Scalar(), "a");
  const YamlNode list = root.Value(0);
  ASSERT_TRUE(list.IsSequence());
  ASSERT_EQ(list.size(), 5u);
  EXPECT_EQ(list.Element(0).Scalar(), "x");
  EXPECT_TRUE(list.Element(1).IsScalar());  // quoted: a string
  EXPECT_EQ(list.Element(1).Scalar(), "null");
  EXPECT_TRUE(list.Element(2).IsNull());
  EXPECT_TRUE(list.Element(3).IsNull());
  EXPECT_TRUE(list.Element(4).IsScalar());
  EXPECT_TRUE(root.Value(1).IsNull());
  EXPECT_TRUE(root.Value(2).IsMap());
  EXPECT_EQ(root.Value(2).position().line, 3);
  EXPECT_EQ(root.Value(2).position().column, 4);
}

// Found by fuzz/yaml_tree (corpus/yaml_tree/line-separator-position): a
// node after U+2029 was placed a line below the text's end.
TEST(YamlTreeTest, PositionsCountLinesEndedByLineFeedOnly) {
  YamlTree tree;
  ASSERT_FALSE(YamlTree::Load("a: \"x\xE2\x80\xA8y\"\r\n"
                              "\xE2\x80\xA9"
                              "b\xC3\xA9: y\r z\n"
                              "c: \xC3\xA9",
                              &tree)
                   .has_value());
  ASSERT_EQ(tree.document_count(), 1u);
  const YamlNode root = tree.document(0);
  ASSERT_EQ(root.size(), 3u);
  EXPECT_EQ(root.Key(1).Scalar(), "b\xC3\xA9");
  EXPECT_EQ(root.Value(1).Scalar(), "y z");  // a lone CR folds, as LF does
  EXPECT_EQ(root.Key(1).position().line, 2);
  EXPECT_EQ(root.Key(1).position().column, 2);  // after U+2029
  EXPECT_EQ(root.Value(1).position().line, 2);
  EXPECT_EQ(root.Value(1).position().column, 6);
  EXPECT_EQ(root.Key(2).position().line, 3);
  EXPECT_EQ(root.Key(2).position().column, 1);
  EXPECT_EQ(root.Value(2).position().line, 3);
  EXPECT_EQ(root.Value(2).position().column, 4);
}

TEST(YamlTreeTest, ByteOrderMarkIsSkipped) {
  quiz::v1::Bank bank;
  YamlParseResult result =
      ParseYamlToMessage("\xEF\xBB\xBFid: a\ntitle: T\ntitel: x\n", &bank);
  ASSERT_EQ(result.errors.size(), 1u);
  EXPECT_EQ(result.errors[0].position.line, 3);
  EXPECT_EQ(result.errors[0].position.column, 1);
  EXPECT_EQ(bank.id(), "a");
  EXPECT_EQ(bank.title(), "T");
}

TEST(YamlTreeTest, AliasesShareTheirAnchorsNode) {
  YamlTree tree;
  ASSERT_FALSE(
      YamlTree::Load("a: &ref {citation: x}\nb: *ref\n", &tree).has_value());
  const YamlNode root = tree.document(0);
  EXPECT_TRUE(root.Value(1).IsMap());
  EXPECT_EQ(root.Value(1).Value(0).Scalar(), "x");
  EXPECT_EQ(root.Value(1).position().line, 1);  // the anchor's node
}

TEST(YamlTreeTest, ModestAliasUseIsWithinTheLimit) {
  // A shared reference list used by 2,000 items.
  std::string text =
      "refs: &refs [{citation: CMS Claims Processing Manual}]\n"
      "items:\n";
  for (int i = 0; i < 2000; ++i) {
    text += "  - {id: i" + std::to_string(i) + ", references: *refs}\n";
  }
  YamlTree tree;
  EXPECT_FALSE(YamlTree::Load(text, &tree).has_value());
}

TEST(YamlTreeTest, LimitsAreConfigurable) {
  YamlLimits limits;
  limits.max_depth = 2;
  YamlTree tree;
  EXPECT_FALSE(YamlTree::Load("a: [1]", &tree, limits).has_value());
  EXPECT_TRUE(YamlTree::Load("a: [[1]]", &tree, limits).has_value());

  limits = YamlLimits();
  limits.max_nodes = 3;
  EXPECT_FALSE(YamlTree::Load("[a, b]", &tree, limits).has_value());
  std::optional<YamlLoadError> error =
      YamlTree::Load("[a, b, c]", &tree, limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message, HasSubstr("more than 3 nodes"));
  EXPECT_EQ(error->position.column, 8);

  limits = YamlLimits();
  limits.max_scalar_bytes = 4;
  EXPECT_FALSE(YamlTree::Load("abcd", &tree, limits).has_value());
  error = YamlTree::Load("x: abcde", &tree, limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message, HasSubstr("a scalar longer than 4 bytes"));
  EXPECT_EQ(error->position.column, 4);
}

TEST(YamlTreeTest, AliasBudgetCountsExpandedBytes) {
  // The budget is the larger of max_alias_expansion and 4 bytes per byte of
  // text; each *a repeats 200 bytes and one node (16).
  YamlLimits limits;
  limits.max_alias_expansion = 100;
  YamlTree tree;
  const std::string anchor = "a: &a " + std::string(200, 'x') + "\n";
  // 4 * 216 = 864 <= 4 * 227.
  EXPECT_FALSE(YamlTree::Load(anchor + "b: [*a, *a, *a, *a]\n", &tree, limits)
                   .has_value());
  // 5 * 216 = 1080 > 4 * 231.
  std::optional<YamlLoadError> error =
      YamlTree::Load(anchor + "b: [*a, *a, *a, *a, *a]\n", &tree, limits);
  ASSERT_TRUE(error.has_value());
  EXPECT_EQ(error->position.line, 2);
  EXPECT_EQ(error->position.column, 21);
}

TEST(YamlTreeTest, AnchorsBelongToTheirDocument) {
  YamlTree tree;
  std::optional<YamlLoadError> error =
      YamlTree::Load("a: &x 1\n---\nb: *x\n", &tree);
  ASSERT_TRUE(error.has_value());
  EXPECT_THAT(error->message, HasSubstr("names no anchor"));
}

TEST(YamlTreeTest, WalkerReadsAliasedMessagesAndKeepsErrorsPositioned) {
  quiz::v1::Bank bank;
  YamlParseResult result = ParseYamlToMessage(
      "id: b\nitems:\n  - id: a\n    references: &r [{citation: C}]\n"
      "  - id: b\n    references: *r\n",
      &bank);
  EXPECT_TRUE(result.errors.empty());
  ASSERT_EQ(bank.items_size(), 2);
  EXPECT_EQ(bank.items(1).references(0).citation(), "C");
}

}  // namespace
}  // namespace question_bank
