// Loading YAML text into a compact, read-only node tree with libyaml's event
// parser, within limits that hold on hostile input: whatever the text, the
// load ends in time linear in its length, with memory bounded by its length,
// and either gives the tree or one error at a line and column.
//
// Aliases share the node their anchor names (as in yaml-cpp, whose loader this
// replaced): the tree stays the size of the text, and the limit on what
// aliases may add is checked against each node's size with aliases expanded,
// so an alias bomb ("billion laughs") is refused before anything expands it.
#ifndef QUIZD_QUESTION_BANK_SRC_YAML_TREE_H_
#define QUIZD_QUESTION_BANK_SRC_YAML_TREE_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "question_bank/src/source_map.h"

namespace question_bank {

// The limits of one load. The defaults are far above any bank (a bank nests
// about 12 levels and aliases little) and far below what would hurt a server.
struct YamlLimits {
  // Collections inside collections.
  int max_depth = 64;
  // Nodes in the text (scalars, sequences, maps; an alias is not a node):
  // about 300 MB of tree at most. A bank of 100,000 items loaded whole has
  // about 5.5 million (bank files are usually loaded item by item, see
  // yaml_parts.h).
  size_t max_nodes = 8 * 1024 * 1024;
  // Bytes of one scalar.
  size_t max_scalar_bytes = 16 * 1024 * 1024;
  // What all aliases together add to the document once expanded, counted as
  // the bytes of the scalars they repeat plus kAliasNodeCost per node: at
  // most this many, or 4 times the text's length when that is more.
  size_t max_alias_expansion = 16 * 1024 * 1024;
};

// Each node an alias repeats counts this many bytes towards
// YamlLimits::max_alias_expansion (its own share of a tree walk and of the
// message it fills), besides the bytes of a scalar's text.
inline constexpr size_t kAliasNodeCost = 16;

// The first problem of a load: a syntax error, bytes that are not UTF-8 or
// not allowed in YAML, an unknown or recursive alias, or a limit passed.
struct YamlLoadError {
  TextPosition position;
  std::string message;
};

class YamlTree;

// A node of a YamlTree; cheap to copy, valid while its tree lives.
class YamlNode {
 public:
  // A plain scalar "", "~", "null", "Null" or "NULL" (so also "key:" with no
  // value) is null, as YAML's core schema has it; a quoted one is a string.
  bool IsNull() const;
  bool IsScalar() const;
  bool IsSequence() const;
  bool IsMap() const;

  // A scalar's text; empty for other nodes.
  std::string_view Scalar() const;
  // Elements of a sequence, entries of a map; 0 for scalars and nulls.
  size_t size() const;
  // The `i`th element of a sequence.
  YamlNode Element(size_t i) const;
  // The key and the value of the `i`th entry of a map, in document order.
  YamlNode Key(size_t i) const;
  YamlNode Value(size_t i) const;

  // Where the node starts in the text (1-based; columns count characters).
  // An alias's node is its anchor's, at the anchor's position.
  TextPosition position() const;

  // A number unique to the node within its tree (an alias's is its
  // anchor's), for telling shared nodes apart.
  uint32_t id() const { return index_; }

 private:
  friend class YamlTree;
  YamlNode(const YamlTree* tree, uint32_t index) : tree_(tree), index_(index) {}

  const YamlTree* tree_;
  uint32_t index_;
};

// The documents of a YAML stream.
class YamlTree {
 public:
  // Parses `text` (UTF-8; a byte order mark is skipped). On failure returns
  // the error and leaves `*tree` empty.
  static std::optional<YamlLoadError> Load(std::string_view text,
                                           YamlTree* tree,
                                           const YamlLimits& limits = {});

  // The documents' roots, in order. An empty text, or one of only comments,
  // has none.
  size_t document_count() const { return documents_.size(); }
  YamlNode document(size_t i) const { return YamlNode(this, documents_[i]); }

 private:
  friend class YamlNode;
  friend class YamlTreeBuilder;

  enum class Kind : uint8_t { kNull, kScalar, kSequence, kMap };
  // 24 bytes: the tree of a whole 150 MB bank (about 5.5 million nodes)
  // stays near the text's own size.
  struct Node {
    // A scalar's text in text_, or a collection's children in children_
    // (a map's as key, value, key, value, ...).
    size_t begin = 0;
    int line = 0;
    int column = 0;
    uint32_t length = 0;
    Kind kind = Kind::kNull;
  };

  std::vector<Node> nodes_;
  std::string text_;
  std::vector<uint32_t> children_;
  std::vector<uint32_t> documents_;
};

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_YAML_TREE_H_
