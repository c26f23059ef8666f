// The command language of `quiz take`, typed at the prompt or piped in.
//
//   b | a,c | ac       choice letters as shown (several for select-all items)
//   t | f | true | false
//   cab | c,a,b        ordering: every step letter, first to last
//   1b 2a | 1b,2a      matching: prompt number + answer letter (1=b works)
//   4                  likert: position on the scale
//   anything else      numeric / short text / code entry items take the line;
//   =TEXT              ... and "=" forces TEXT to be an answer ("=n")
//   n  p  g N  f  l  s  q  ?     next, previous, go to N, toggle flag, list,
//                                submit, quit (resumable), help
//
// A case item is answered one part (sub-item) per line, each in its own terms
// as above. The question prompt takes part 1 (or the question commands); the
// parts after it take ParsePartInput's language:
//   ANSWER  skip  back  cancel  q  ?    and Enter keeps the part's answer
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

// A line typed for one part of a case item.
struct PartInput {
  enum class Kind {
    kAnswer,  // `response` answers the part
    kSkip,    // leave the part unanswered
    kKeep,    // Enter: keep the part's current answer
    kBack,    // return to the previous part
    kCancel,  // discard the parts typed; nothing is sent
    kQuit,    // quit `quiz take` (the attempt stays open)
    kHelp,
  };
  Kind kind = Kind::kHelp;
  quiz::v1::Response response;  // kAnswer only
};

struct Input {
  enum class Kind {
    kAnswer,
    kCasePart,  // part 1 of a case item; see `part`
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
  PartInput part;               // kCasePart only
};

// Parses one line typed while `item` is shown; `current` is the item's
// current response (it lets Enter keep part 1 of a case). INVALID_ARGUMENT
// with a short message for the user (e.g. letters outside the option range).
absl::StatusOr<Input> ParseInput(
    absl::string_view line, const quiz::v1::Item& item,
    const quiz::v1::Response& current = quiz::v1::Response::default_instance());

// Parses one line typed for `part`, a sub-item of a case item. `has_answer`:
// the part has an answer that Enter keeps; without one an empty line is an
// error, so a part is left blank only by an explicit "skip". The question
// commands (n, g N, f, l, s) are refused with a message saying what works.
absl::StatusOr<PartInput> ParsePartInput(absl::string_view line,
                                         const quiz::v1::Item& part,
                                         bool has_answer);

// The help text for `?`, ending in a newline.
std::string InputHelp();

// The help text for `?` while answering a part of a case, ending in a newline.
std::string PartInputHelp();

}  // namespace client

#endif  // QUIZD_CLIENT_INPUT_H_
