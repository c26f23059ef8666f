// Cutting a big YAML document into parts that can be loaded one at a time:
// a node tree (yaml_tree.h) of a whole bank of 100,000 items (150 MB) would
// hold every node of it at once, beside the messages filled from it, and a
// part's error stays within its item. The cut is
// textual and deliberately narrow; whatever it does not recognise as plain
// block style is left for a whole-document load.
#ifndef QUIZD_QUESTION_BANK_SRC_YAML_PARTS_H_
#define QUIZD_QUESTION_BANK_SRC_YAML_PARTS_H_

#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

namespace question_bank {

// One element of a top-level block sequence: its lines, verbatim (so columns
// are unchanged), and the 0-based line of the file it starts on. `text`
// views the yaml that was cut: a bank file of 150 MB is then not held twice.
struct YamlPart {
  int first_line = 0;
  std::string_view text;
};

struct CutYaml {
  // The document with the elements' lines emptied: its line numbers are the
  // file's, and each cut key is left with a null value.
  std::string header;
  // The elements of each cut key, in order.
  std::map<std::string, std::vector<YamlPart>> sequences;
};

// Cuts the block sequences under the top-level keys named in `keys`
// ("items:" at column 0 with nothing after it, then "- " entries, up to the
// next "key:" at column 0). nullopt when nothing was cut or the text is not
// plain enough to cut safely (tabs, document markers, a key given twice, odd
// indentation, a quoted scalar running on to another line); the caller then
// loads the whole document. Loading each part as a document of its own
// gives a one-element sequence whose marks are relative to first_line; a
// part that does not is the caller's cue to load the whole document. The
// parts view `yaml`, which must outlive them.
std::optional<CutYaml> CutTopLevelSequences(std::string_view yaml,
                                            const std::set<std::string>& keys);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_YAML_PARTS_H_
