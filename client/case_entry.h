// Entering the parts of a case item one line at a time, as `quiz take` and
// `quiz review` both do: answers, skip, back, keep (Enter), cancel, quit.
#ifndef QUIZD_CLIENT_CASE_ENTRY_H_
#define QUIZD_CLIENT_CASE_ENTRY_H_

#include <functional>
#include <ostream>
#include <string>
#include <vector>

#include "client/input.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace client {

struct CaseEntryIo {
  std::ostream* out = nullptr;
  // Reads one line; false at end of input.
  std::function<bool(std::string& line)> read_line;
  // Shows part `part` (0-based) with its current answer.
  std::function<void(int part, const quiz::v1::Response& answer)> show_part;
  // Called before each read (e.g. a time warning); may be empty.
  std::function<void()> before_read;
};

struct CaseEntry {
  enum class End { kDone, kCancelled, kQuit, kEndOfInput };
  End end = End::kDone;
  // The part reached when the entry ended.
  int part = 0;
  // One answer per part; an empty Response is a part left blank.
  std::vector<quiz::v1::Response> answers;
};

// Runs the part loop of `case_item` from `first` (typed for part 1), starting
// from `answers` (one per part; Enter keeps a part's answer).
CaseEntry EnterCaseParts(const quiz::v1::Item& case_item,
                         std::vector<quiz::v1::Response> answers,
                         const PartInput& first, const CaseEntryIo& io);

// The case response of the answered parts; `blank` gets the 1-based numbers
// of the parts left blank.
quiz::v1::Response GatherCaseAnswer(const quiz::v1::Item& case_item,
                                    std::vector<quiz::v1::Response> answers,
                                    std::vector<int>* blank);

}  // namespace client

#endif  // QUIZD_CLIENT_CASE_ENTRY_H_
