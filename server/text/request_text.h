// Untrusted text at the service boundary: every string field of every
// request is checked here, by one reflection-based walk, against a per-field
// rule (a table in request_text.cc). A field the table does not name gets
// the strictest rule, and a test fails for every unnamed field a request can
// reach, so a new field cannot be forgotten.
#ifndef QUIZD_SERVER_TEXT_REQUEST_TEXT_H_
#define QUIZD_SERVER_TEXT_REQUEST_TEXT_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"

namespace text {

// What a string field may hold. Every field must be valid UTF-8 of at most
// max_chars code points and hold no control character: none of U+0000-U+001F,
// U+007F-U+009F, the line and paragraph separators U+2028/U+2029 or the
// bidirectional overrides U+202A-U+202E and U+2066-U+2069. A field with
// line_breaks allows line feed, carriage return and tab.
struct FieldRule {
  int max_chars = 0;
  bool line_breaks = false;
};

// Banks (this message, wherever a request holds one) are left to the bank
// checks, which have a rule per kind of bank field.
inline constexpr absl::string_view kBankMessage = "quiz.v1.Bank";

// The rule for fields the table does not name: one line of 200 characters.
inline constexpr FieldRule kDefaultRule{200, false};

// The rule the table gives `field`, or nullptr when it names none.
const FieldRule* ListedRule(const google::protobuf::FieldDescriptor& field);

// INVALID_ARGUMENT naming `path` when `value` breaks `rule`. The message
// never repeats the value (it may be a password, or hostile).
absl::Status CheckText(absl::string_view value, const FieldRule& rule,
                       absl::string_view path);

// Checks every string field of `message`, nested messages and repeated
// fields included (a quiz.v1.Bank excepted), against its rule. INVALID_ARGUMENT
// naming the first bad field by its path from the message, e.g. "response.text"
// or "bank.items[3].stem".
absl::Status CheckMessageText(const google::protobuf::Message& message);

// `value` quoted and C-escaped for a log line: a newline, an ANSI escape or
// invalid UTF-8 becomes visible escapes, never a line or a terminal command.
// Values over 200 bytes are cut, with "..." after the closing quote.
std::string QuoteForLog(absl::string_view value);

}  // namespace text

#endif  // QUIZD_SERVER_TEXT_REQUEST_TEXT_H_
