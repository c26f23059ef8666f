// Where the parts of a message came from in its YAML text, so that checks that
// run on the message can pin their findings to a line and column.
#ifndef QUIZD_QUESTION_BANK_SRC_SOURCE_MAP_H_
#define QUIZD_QUESTION_BANK_SRC_SOURCE_MAP_H_

#include <string>
#include <string_view>

#include "absl/container/btree_map.h"

namespace question_bank {

// A position in text, 1-based; 0 means unknown.
struct TextPosition {
  int line = 0;
  int column = 0;
};

// Maps field paths to positions. A path names fields by their proto names and
// repeated elements by 0-based index: "" is the root message,
// "items[3].single_choice.options[1]" an option of the fourth item.
class SourceMap {
 public:
  // Records `position` for `path`; the first record of a path wins.
  void Add(std::string path, TextPosition position);

  // The position of `path`, or of its nearest recorded ancestor (so a finding
  // about a field that was never written lands on the message that lacks it);
  // {0, 0} when neither is recorded.
  TextPosition Find(std::string_view path) const;

  bool empty() const { return positions_.empty(); }
  // Same paths at the same positions.
  bool operator==(const SourceMap& other) const {
    if (positions_.size() != other.positions_.size()) return false;
    for (auto a = positions_.begin(), b = other.positions_.begin();
         a != positions_.end(); ++a, ++b) {
      if (a->first != b->first || a->second.line != b->second.line ||
          a->second.column != b->second.column) {
        return false;
      }
    }
    return true;
  }

 private:
  // A b-tree keeps its entries inside its nodes rather than allocating one
  // node per path; a bank file has tens of paths per item (first-start peak
  // at 100,000 items 1,131 -> 1,047 MB).
  absl::btree_map<std::string, TextPosition, std::less<>> positions_;
};

// The parent of a path: "a.b[2]" -> "a.b" -> "a" -> "".
std::string_view ParentPath(std::string_view path);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_SOURCE_MAP_H_
