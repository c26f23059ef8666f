// A generic YAML -> protobuf mapping driven by reflection: it knows nothing of
// any particular message. YAML keys are proto field names; scalars fill scalar
// fields, sequences fill repeated fields, maps fill message fields (and map
// fields). Enum fields take the value name, or case-insensitively a unique
// suffix of it that starts after an '_' ("exam" for QUIZ_MODE_EXAM). A null
// value ("key:" or "~") means the field's default.
#ifndef QUIZD_QUESTION_BANK_SRC_YAML_TO_PROTO_H_
#define QUIZD_QUESTION_BANK_SRC_YAML_TO_PROTO_H_

#include <string>
#include <string_view>
#include <vector>

#include "google/protobuf/message.h"
#include "question_bank/src/source_map.h"

namespace question_bank {

// A problem with the YAML text or with how it fits the message.
struct YamlError {
  TextPosition position;
  std::string message;
};

// At most this many errors are recorded; past it, one more error (with no
// position) says how many were left out, so that a hostile document cannot
// fill memory with errors.
inline constexpr size_t kMaxYamlErrors = 1000;

struct YamlParseResult {
  // Every problem found, in document order, up to kMaxYamlErrors. The walk
  // goes on past errors: a value that does not fit is skipped and the rest
  // of the document is still mapped. A YAML syntax error or a limit of
  // yaml_tree.h ends the parse, so it is the only error.
  std::vector<YamlError> errors;
  // Positions of the root (""), of every field that was written (the position
  // of its key) and of every element of a repeated field.
  SourceMap source_map;
};

// Clears `message` and fills it from the single YAML document in `yaml`. An
// empty document leaves the message empty. Never throws.
YamlParseResult ParseYamlToMessage(std::string_view yaml,
                                   google::protobuf::Message* message);

// Case-insensitive Levenshtein distance, for "did you mean" suggestions.
int EditDistance(std::string_view a, std::string_view b);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_YAML_TO_PROTO_H_
