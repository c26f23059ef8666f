// The command language of `quiz take`, typed at the prompt or piped in.
//
//   b | a,c | ac       choice letters as shown (several for select-all items)
//   t | f | true | false
//   cab | c,a,b        ordering: step letters, first to last
//   1b 2a | 1b,2a      matching: prompt number + answer letter
//   4                  likert: position on the scale
//   anything else      numeric / short text / code entry items take the line;
//   =TEXT              ... and "=" forces TEXT to be an answer ("=n")
//   n  p  g N  f  l  s  q  ?     next, previous, go to N, toggle flag, list,
//                                submit, quit (resumable), help
//
// Long forms (next, prev, go N, flag, list, submit, quit, help) are always
// commands. A one-letter command that is also a valid answer for the current
// item is taken as the answer: "f" is "false" on a true/false item and option
// F on a choice item with six or more options; use "flag" there.
#ifndef QUIZD_CLIENT_INPUT_H_
#define QUIZD_CLIENT_INPUT_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/attempt.pb.h"

namespace client {

struct Input {
  enum class Kind {
    kAnswer,
    kNext,
    kPrevious,
    kGoTo,
    kFlag,
    kList,
    kSubmit,
    kQuit,
    kHelp,
  };
  Kind kind = Kind::kHelp;
  quiz::v1::Response response;  // kAnswer only
  int position = 0;             // kGoTo only: 1-based, not range-checked
};

// Parses one line typed while `item` is shown. INVALID_ARGUMENT with a short
// message for the user (e.g. letters outside the option range).
absl::StatusOr<Input> ParseInput(absl::string_view line,
                                 const quiz::v1::Item& item);

// The help text for `?`, ending in a newline.
std::string InputHelp();

}  // namespace client

#endif  // QUIZD_CLIENT_INPUT_H_
