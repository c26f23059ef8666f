// Fuzz target for the YAML tree loader alone: YamlTree::Load
// (question_bank/src/yaml_tree.h), which every bank file and bank part goes
// through before it is mapped to a quiz.v1.Bank.
//
// Invariants: an error has a line and column inside the text and a message,
// and leaves the tree empty; a tree has nodes at positions inside the text,
// nesting within the depth limit, and scalars of valid UTF-8 (nulls have no
// text); the tree written back as flow YAML (every scalar double-quoted and
// escaped to ASCII, shared nodes as anchors and aliases) loads to the same
// tree, so no node, scalar byte or document is lost or invented.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <string>
#include <string_view>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "fuzz/fuzz_check.h"
#include "question_bank/src/utf8.h"
#include "question_bank/src/yaml_tree.h"

namespace {

using question_bank::TextPosition;
using question_bank::YamlLimits;
using question_bank::YamlNode;
using question_bank::YamlTree;

// Lines and characters of the last line, as positions count them.
TextPosition EndOf(std::string_view text) {
  TextPosition end{1, 1};
  for (unsigned char c : text) {
    if (c == '\n') {
      ++end.line;
      end.column = 1;
    } else if ((c & 0xC0) != 0x80) {
      ++end.column;
    }
  }
  return end;
}

bool Inside(TextPosition position, TextPosition end) {
  return position.line >= 1 && position.column >= 1 &&
         (position.line < end.line ||
          (position.line == end.line && position.column <= end.column));
}

uint32_t KeyOf(const YamlNode& node) { return node.id(); }

void ForEachChild(const YamlNode& node,
                  const std::function<void(const YamlNode&)>& visit) {
  if (node.IsSequence()) {
    for (size_t i = 0; i < node.size(); ++i) visit(node.Element(i));
  } else if (node.IsMap()) {
    for (size_t i = 0; i < node.size(); ++i) {
      visit(node.Key(i));
      visit(node.Value(i));
    }
  }
}

// Checks each distinct node once and counts how often each is reached (more
// than once: an alias repeats it).
class TreeChecker {
 public:
  TreeChecker(std::string_view text, const YamlLimits& limits)
      : end_(EndOf(text)), limits_(limits) {}

  void Check(const YamlNode& node, int depth) {
    if (++reached_[KeyOf(node)] > 1) return;
    FUZZ_CHECK(Inside(node.position(), end_),
               absl::StrCat("node at ", node.position().line, ":",
                            node.position().column));
    if (node.IsNull()) {
      FUZZ_CHECK(node.Scalar().empty() && node.size() == 0, "null with text");
    } else if (node.IsScalar()) {
      FUZZ_CHECK(!question_bank::FindInvalidUtf8(node.Scalar()),
                 "scalar not UTF-8");
    } else {
      FUZZ_CHECK(node.IsSequence() || node.IsMap(), "node of no kind");
      FUZZ_CHECK(depth < limits_.max_depth, "nested past the depth limit");
      ForEachChild(node,
                   [&](const YamlNode& child) { Check(child, depth + 1); });
    }
  }

  bool Shared(const YamlNode& node) const {
    return reached_.at(KeyOf(node)) > 1;
  }

 private:
  const TextPosition end_;
  const YamlLimits& limits_;
  std::map<uint32_t, int> reached_;
};

// Writes a scalar double-quoted, in ASCII: every byte outside printable ASCII
// (and '"', '\\') as an escape of its code point.
void WriteQuoted(std::string_view text, std::string* out) {
  out->push_back('"');
  for (size_t i = 0; i < text.size();) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if (c >= 0x20 && c < 0x7F && c != '"' && c != '\\') {
      out->push_back(static_cast<char>(c));
      ++i;
      continue;
    }
    if (c < 0x80) {
      absl::StrAppendFormat(out, "\\x%02X", c);
      ++i;
      continue;
    }
    const int length = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : 2;
    uint32_t code = c & (0x7F >> length);
    for (int k = 1; k < length; ++k) {
      code = (code << 6) | (static_cast<unsigned char>(text[i + k]) & 0x3F);
    }
    absl::StrAppendFormat(out, "\\U%08X", code);
    i += length;
  }
  out->push_back('"');
}

// Writes the tree as flow YAML; nodes reached more than once get an anchor
// where first written and are aliases after that, as in the text (an alias
// only names a node that ended before it).
class FlowWriter {
 public:
  explicit FlowWriter(const TreeChecker& checker) : checker_(checker) {}

  void Write(const YamlNode& node, std::string* out) {
    if (checker_.Shared(node)) {
      auto [anchor, first] = anchors_.emplace(KeyOf(node), anchors_.size());
      if (!first) {
        absl::StrAppend(out, "*a", anchor->second, " ");
        return;
      }
      absl::StrAppend(out, "&a", anchor->second, " ");
    }
    if (node.IsNull()) {
      out->append("~");
    } else if (node.IsScalar()) {
      WriteQuoted(node.Scalar(), out);
    } else if (node.IsSequence()) {
      out->append("[");
      for (size_t i = 0; i < node.size(); ++i) {
        if (i > 0) out->append(", ");
        Write(node.Element(i), out);
      }
      out->append("]");
    } else {
      out->append("{");
      for (size_t i = 0; i < node.size(); ++i) {
        if (i > 0) out->append(", ");
        out->append("? ");
        Write(node.Key(i), out);
        out->append(" : ");
        Write(node.Value(i), out);
      }
      out->append("}");
    }
  }

 private:
  const TreeChecker& checker_;
  std::map<uint32_t, size_t> anchors_;
};

// Whether two trees hold the same nodes (positions aside), each distinct pair
// compared once.
class SameTree {
 public:
  bool operator()(const YamlNode& a, const YamlNode& b) {
    auto [pair, first] = compared_.emplace(KeyOf(a), KeyOf(b));
    if (!first) return pair->second == KeyOf(b);
    if (a.IsNull() != b.IsNull() || a.IsScalar() != b.IsScalar() ||
        a.IsSequence() != b.IsSequence() || a.IsMap() != b.IsMap() ||
        a.Scalar() != b.Scalar() || a.size() != b.size()) {
      return false;
    }
    for (size_t i = 0; i < a.size(); ++i) {
      if (a.IsSequence() && !(*this)(a.Element(i), b.Element(i))) return false;
      if (a.IsMap() &&
          (!(*this)(a.Key(i), b.Key(i)) || !(*this)(a.Value(i), b.Value(i)))) {
        return false;
      }
    }
    return true;
  }

 private:
  std::map<uint32_t, uint32_t> compared_;
};

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  const YamlLimits limits;
  YamlTree tree;
  if (auto error = YamlTree::Load(text, &tree, limits)) {
    FUZZ_CHECK(!error->message.empty(), "error without a message");
    FUZZ_CHECK(Inside(error->position, EndOf(text)),
               absl::StrCat(error->position.line, ":", error->position.column,
                            ": ", error->message));
    FUZZ_CHECK(tree.document_count() == 0, "failed load left a tree");
    return 0;
  }

  TreeChecker checker(text, limits);
  std::string written;
  for (size_t i = 0; i < tree.document_count(); ++i) {
    checker.Check(tree.document(i), 0);
  }
  for (size_t i = 0; i < tree.document_count(); ++i) {
    written.append("--- ");
    FlowWriter(checker).Write(tree.document(i), &written);
    written.append("\n...\n");
  }

  YamlTree again;
  if (auto error = YamlTree::Load(written, &again, limits)) {
    FUZZ_CHECK(false,
               absl::StrCat("the tree written back does not load: ",
                            error->position.line, ":", error->position.column,
                            ": ", error->message, "\n", written));
  }
  FUZZ_CHECK(again.document_count() == tree.document_count(),
             absl::StrCat("documents ", tree.document_count(), " then ",
                          again.document_count(), "\n", written));
  for (size_t i = 0; i < tree.document_count(); ++i) {
    FUZZ_CHECK(SameTree()(tree.document(i), again.document(i)),
               absl::StrCat("the tree written back loads differently (",
                            "document ", i + 1, ")\n", written));
  }
  return 0;
}
