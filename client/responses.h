// Building a Response for an item from text that names things by id (the
// answers-file syntax), and helpers about item types shared with the
// interactive input.
#ifndef QUIZD_CLIENT_RESPONSES_H_
#define QUIZD_CLIENT_RESPONSES_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/repeated_ptr_field.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace client {

// The options of a single- or multiple-choice item, in the order the server
// sent them; nullptr for other item types.
const google::protobuf::RepeatedPtrField<quiz::v1::Option>* ChoiceOptions(
    const quiz::v1::Item& item);

// Number of points on a likert item's scale (5 when the scale is left empty).
int LikertScaleSize(const quiz::v1::Item& item);

// The label of a 1-based likert position: the item's own scale, or "Strongly
// disagree", "Disagree", "Neutral", "Agree", "Strongly agree" when it has
// none. "" outside the scale.
std::string LikertLabel(const quiz::v1::Item& item, int position);

// An example entry of the item's code system, as the hint under the question
// and error messages show it: "E11.9, I10", "99213-25, 36415",
// "J1745-JZ x35, A4253".
std::string CodeEntryExample(quiz::v1::CodeSystem system);

// Checks typed text the way the grader reads it, so a typing slip is caught
// before it is sent: numbers ("64", "$64", "1,234.5", optionally followed by
// the item's unit) and code lists (codes of the item's system, see
// question_bank/typed/code_list.h). INVALID_ARGUMENT saying what is wrong.
absl::Status CheckNumeric(const quiz::v1::Item& item, absl::string_view text);
absl::Status CheckCodes(const quiz::v1::Item& item, absl::string_view text);

// The longest typed answer (numeric, short text, code entry) the server
// grades, in bytes (grading::kMaxTypedAnswer, documented on Response);
// ResponseFromIds refuses a longer one before anything is sent.
inline constexpr size_t kMaxTypedAnswerBytes = 1000;

// Parses `text` as an answer to `item`, naming options and steps by id:
//   single choice     "b"                 exactly one option id
//   multiple choice   "a, c"              one or more option ids
//   true/false        "true" / "false"    also "t" / "f", any case
//   ordering          "s3, s1, s2"        every step id, first to last
//   matching          "p1=x, p2=y"        prompt id = answer id pairs; prompts
//                                         left out are unanswered
//   likert            "4"                 1-based position on the scale
//   numeric           "$1,234.50"         checked by CheckNumeric
//   code entry        "E11.9, I10"        checked by CheckCodes
//   short text                            the text as typed
// Case items are answered per sub-item (see answers_file.h), not here.
// INVALID_ARGUMENT with a message suitable after "file:line: " otherwise.
absl::StatusOr<quiz::v1::Response> ResponseFromIds(const quiz::v1::Item& item,
                                                   absl::string_view text);

// Splits "a, b ,c" into trimmed, non-empty pieces.
std::vector<std::string> SplitList(absl::string_view text);

}  // namespace client

#endif  // QUIZD_CLIENT_RESPONSES_H_
