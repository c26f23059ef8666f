#include "question_bank/src/yaml_tree.h"

#include <yaml.h>

#include <algorithm>
#include <limits>
#include <map>
#include <utility>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace question_bank {

bool YamlNode::IsNull() const {
  return tree_->nodes_[index_].kind == YamlTree::Kind::kNull;
}
bool YamlNode::IsScalar() const {
  return tree_->nodes_[index_].kind == YamlTree::Kind::kScalar;
}
bool YamlNode::IsSequence() const {
  return tree_->nodes_[index_].kind == YamlTree::Kind::kSequence;
}
bool YamlNode::IsMap() const {
  return tree_->nodes_[index_].kind == YamlTree::Kind::kMap;
}

std::string_view YamlNode::Scalar() const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  if (node.kind != YamlTree::Kind::kScalar) return {};
  return std::string_view(tree_->text_).substr(node.begin, node.length);
}

size_t YamlNode::size() const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  switch (node.kind) {
    case YamlTree::Kind::kSequence:
      return node.length;
    case YamlTree::Kind::kMap:
      return node.length / 2;
    default:
      return 0;
  }
}

YamlNode YamlNode::Element(size_t i) const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return YamlNode(tree_, tree_->children_[node.begin + i]);
}

YamlNode YamlNode::Key(size_t i) const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return YamlNode(tree_, tree_->children_[node.begin + 2 * i]);
}

YamlNode YamlNode::Value(size_t i) const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return YamlNode(tree_, tree_->children_[node.begin + 2 * i + 1]);
}

TextPosition YamlNode::position() const {
  const YamlTree::Node& node = tree_->nodes_[index_];
  return {node.line, node.column};
}

namespace {

bool IsNullText(std::string_view text) {
  return text.empty() || text == "~" || text == "null" || text == "Null" ||
         text == "NULL";
}

// Adds without overflowing: sizes with aliases expanded can exceed any
// integer (64 levels of ten aliases each), and only their order matters.
uint64_t SaturatingAdd(uint64_t a, uint64_t b) {
  constexpr uint64_t kMax = std::numeric_limits<uint64_t>::max() / 2;
  return a >= kMax || b >= kMax || a + b >= kMax ? kMax : a + b;
}

// The position (1-based, columns in characters) of the byte at `offset`.
TextPosition PositionOfByte(std::string_view text, size_t offset) {
  int line = 1;
  int column = 1;
  for (size_t i = 0; i < offset && i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c == '\n') {
      ++line;
      column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++column;
    }
  }
  return {line, column};
}

// The byte at a 1-based line and character column, or -1 past the end.
int ByteAt(std::string_view text, TextPosition position) {
  size_t i = 0;
  for (int line = 1; line < position.line; ++line) {
    i = text.find('\n', i);
    if (i == std::string_view::npos) return -1;
    ++i;
  }
  for (int column = 1; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;
    if (column++ == position.column) return c;
  }
  return -1;
}

}  // namespace

// Builds a YamlTree from libyaml's events, checking the limits as it goes.
class YamlTreeBuilder {
 public:
  YamlTreeBuilder(std::string_view text, YamlTree* tree,
                  const YamlLimits& limits)
      : text_(text),
        tree_(tree),
        limits_(limits),
        alias_budget_(std::max<uint64_t>(limits.max_alias_expansion,
                                         uint64_t{4} * text.size())) {
    size_t characters = 0;
    for (const char c : text) {
      if ((static_cast<unsigned char>(c) & 0xC0) == 0x80) continue;
      ++characters;
      if (c == '\n') line_starts_.push_back(characters);
    }
  }

  std::optional<YamlLoadError> Run() {
    yaml_parser_t parser;
    if (!yaml_parser_initialize(&parser)) {
      return YamlLoadError{{}, "out of memory reading YAML"};
    }
    yaml_parser_set_input_string(
        &parser, reinterpret_cast<const unsigned char*>(text_.data()),
        text_.size());
    yaml_parser_set_encoding(&parser, YAML_UTF8_ENCODING);
    std::optional<YamlLoadError> error;
    while (!error) {
      yaml_event_t event;
      if (!yaml_parser_parse(&parser, &event)) {
        error = ParserError(parser);
        break;
      }
      const bool end = event.type == YAML_STREAM_END_EVENT;
      error = OnEvent(event);
      yaml_event_delete(&event);
      if (end) break;
    }
    yaml_parser_delete(&parser);
    return error;
  }

 private:
  // A collection whose end has not been seen yet.
  struct Open {
    uint32_t node;
    std::vector<uint32_t> children;
    uint64_t expanded;  // its size with aliases expanded, so far
  };

  std::optional<YamlLoadError> OnEvent(const yaml_event_t& event) {
    const TextPosition position = PositionOf(event.start_mark);
    switch (event.type) {
      case YAML_DOCUMENT_START_EVENT:
        anchors_.clear();  // an alias names an anchor of its own document
        return std::nullopt;
      case YAML_ALIAS_EVENT:
        return OnAlias(reinterpret_cast<const char*>(event.data.alias.anchor),
                       position);
      case YAML_SCALAR_EVENT: {
        const auto& scalar = event.data.scalar;
        if (scalar.length > limits_.max_scalar_bytes) {
          return LimitError(position,
                            absl::StrCat("a scalar longer than ",
                                         limits_.max_scalar_bytes, " bytes"));
        }
        const std::string_view value(
            reinterpret_cast<const char*>(scalar.value), scalar.length);
        const bool null = scalar.style == YAML_PLAIN_SCALAR_STYLE &&
                          scalar.tag == nullptr && IsNullText(value);
        std::optional<uint32_t> node = NewNode(
            null ? YamlTree::Kind::kNull : YamlTree::Kind::kScalar, position);
        if (!node) return NodeLimitError(position);
        YamlTree::Node& added = tree_->nodes_[*node];
        if (!null) {
          added.begin = tree_->text_.size();
          added.length = static_cast<uint32_t>(value.size());
          tree_->text_.append(value);
        }
        expanded_.push_back(kAliasNodeCost + added.length);
        Anchor(scalar.anchor, *node);
        Attach(*node);
        return std::nullopt;
      }
      case YAML_SEQUENCE_START_EVENT:
      case YAML_MAPPING_START_EVENT: {
        if (open_.size() >= static_cast<size_t>(limits_.max_depth)) {
          return LimitError(
              position, absl::StrCat("nesting deeper than ", limits_.max_depth,
                                     " levels"));
        }
        const bool map = event.type == YAML_MAPPING_START_EVENT;
        std::optional<uint32_t> node = NewNode(
            map ? YamlTree::Kind::kMap : YamlTree::Kind::kSequence, position);
        if (!node) return NodeLimitError(position);
        expanded_.push_back(0);  // 0: not complete yet
        Anchor(map ? event.data.mapping_start.anchor
                   : event.data.sequence_start.anchor,
               *node);
        open_.push_back({*node, {}, kAliasNodeCost});
        return std::nullopt;
      }
      case YAML_SEQUENCE_END_EVENT:
      case YAML_MAPPING_END_EVENT: {
        Open done = std::move(open_.back());
        open_.pop_back();
        YamlTree::Node& node = tree_->nodes_[done.node];
        node.begin = tree_->children_.size();
        node.length = static_cast<uint32_t>(done.children.size());
        tree_->children_.insert(tree_->children_.end(), done.children.begin(),
                                done.children.end());
        expanded_[done.node] = done.expanded;
        Attach(done.node);
        return std::nullopt;
      }
      default:
        return std::nullopt;
    }
  }

  std::optional<YamlLoadError> OnAlias(const char* name,
                                       TextPosition position) {
    auto anchor = anchors_.find(name);
    if (anchor == anchors_.end()) {
      return YamlLoadError{
          position, absl::StrCat("alias *", name, " names no anchor &", name,
                                 " before it in this document")};
    }
    const uint32_t target = anchor->second;
    if (expanded_[target] == 0) {
      return YamlLoadError{position,
                           absl::StrCat("alias *", name,
                                        " is inside the node it names: it "
                                        "would repeat without end")};
    }
    alias_expansion_ = SaturatingAdd(alias_expansion_, expanded_[target]);
    if (alias_expansion_ > alias_budget_) {
      return LimitError(
          position,
          absl::StrCat("aliases that expand to more than ", alias_budget_,
                       " bytes (an alias bomb?); repeat less, or write the "
                       "text out"));
    }
    Attach(target);
    return std::nullopt;
  }

  std::optional<uint32_t> NewNode(YamlTree::Kind kind, TextPosition position) {
    if (tree_->nodes_.size() >= limits_.max_nodes) return std::nullopt;
    YamlTree::Node node;
    node.kind = kind;
    node.line = position.line;
    node.column = position.column;
    tree_->nodes_.push_back(node);
    return static_cast<uint32_t>(tree_->nodes_.size() - 1);
  }

  void Anchor(const unsigned char* name, uint32_t node) {
    if (name != nullptr) {
      anchors_[reinterpret_cast<const char*>(name)] = node;  // latest wins
    }
  }

  // Adds a finished node (or an alias's target) to the open collection, or
  // makes it a document's root.
  void Attach(uint32_t node) {
    if (open_.empty()) {
      tree_->documents_.push_back(node);
      return;
    }
    Open& parent = open_.back();
    parent.children.push_back(node);
    parent.expanded = SaturatingAdd(parent.expanded, expanded_[node]);
  }

  YamlLoadError LimitError(TextPosition position, std::string what) const {
    return {position, absl::StrCat("YAML refused: ", what)};
  }
  YamlLoadError NodeLimitError(TextPosition position) const {
    return LimitError(position, absl::StrCat("more than ", limits_.max_nodes,
                                             " nodes in one document"));
  }

  YamlLoadError ParserError(const yaml_parser_t& parser) const {
    const std::string problem =
        parser.problem != nullptr ? parser.problem : "unknown error";
    switch (parser.error) {
      case YAML_MEMORY_ERROR:
        return {{}, "out of memory reading YAML"};
      case YAML_READER_ERROR: {
        const TextPosition position =
            PositionOfByte(text_, parser.problem_offset);
        if (problem == "control characters are not allowed") {
          return {position,
                  absl::StrFormat("YAML syntax error: control character "
                                  "U+%04X is not allowed",
                                  parser.problem_value)};
        }
        if (problem.find("UTF-8") != std::string::npos) {
          return {position,
                  absl::StrCat("YAML syntax error: text is not valid UTF-8 (",
                               problem, "); save the file as UTF-8")};
        }
        return {position, absl::StrCat("YAML syntax error: ", problem)};
      }
      default: {
        const TextPosition position = Clamp(PositionOf(parser.problem_mark));
        std::string message = absl::StrCat("YAML syntax error: ", problem);
        if (parser.context != nullptr) {
          const TextPosition context = Clamp(PositionOf(parser.context_mark));
          absl::StrAppend(&message, " (", parser.context,
                          " that starts at line ", context.line, ", column ",
                          context.column, ")");
        }
        if (ByteAt(text_, position) == '\t') {
          absl::StrAppend(&message,
                          "; this is a tab: YAML indents with spaces only");
        }
        return {position, std::move(message)};
      }
    }
  }

  // The position of a libyaml mark. libyaml counts lines its own way (a lone
  // CR, U+0085, U+2028 and U+2029 end lines too), which editors, the rest of
  // quizd (PositionOfByte, FindInvalidUtf8, bank parts) and this file do
  // not: the position is found from the mark's index, which counts
  // characters, with lines ending at LF only.
  TextPosition PositionOf(const yaml_mark_t& mark) const {
    const auto after =
        std::upper_bound(line_starts_.begin(), line_starts_.end(), mark.index);
    const size_t line_start = *(after - 1);
    return {static_cast<int>(after - line_starts_.begin()),
            static_cast<int>(mark.index - line_start) + 1};
  }

  // libyaml ends a text that lacks a final line break with one of its own,
  // and may place an error there, a line below the last: such a position is
  // reported as the end of the text.
  TextPosition Clamp(TextPosition position) const {
    const TextPosition end = PositionOfByte(text_, text_.size());
    if (position.line > end.line ||
        (position.line == end.line && position.column > end.column)) {
      return end;
    }
    return position;
  }

  std::string_view text_;
  // The index (in characters) of the first character of each line.
  std::vector<size_t> line_starts_ = {0};
  YamlTree* tree_;
  const YamlLimits& limits_;
  const uint64_t alias_budget_;
  // Per node: its size with aliases expanded; 0 while it is open.
  std::vector<uint64_t> expanded_;
  std::vector<Open> open_;
  std::map<std::string, uint32_t, std::less<>> anchors_;
  uint64_t alias_expansion_ = 0;
};

std::optional<YamlLoadError> YamlTree::Load(std::string_view text,
                                            YamlTree* tree,
                                            const YamlLimits& limits) {
  *tree = YamlTree();
  // libyaml skips a byte order mark only when it detects the encoding
  // itself, which it must not (it would read other bytes as UTF-16). The
  // mark takes no column, here as in libyaml.
  constexpr std::string_view kByteOrderMark = "\xEF\xBB\xBF";
  if (text.substr(0, kByteOrderMark.size()) == kByteOrderMark) {
    text.remove_prefix(kByteOrderMark.size());
  }
  std::optional<YamlLoadError> error =
      YamlTreeBuilder(text, tree, limits).Run();
  if (error) *tree = YamlTree();
  return error;
}

}  // namespace question_bank
