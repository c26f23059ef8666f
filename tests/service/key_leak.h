// Walks any message and reports every answer key, feedback or rationale field
// that is set inside an Item, and any Outcome: what a student must not see
// before an attempt reveals outcomes.
#ifndef QUIZD_TESTS_SERVICE_KEY_LEAK_H_
#define QUIZD_TESTS_SERVICE_KEY_LEAK_H_

#include <set>
#include <string>
#include <vector>

#include "google/protobuf/message.h"

namespace quizd_test {

inline void FindLeaks(const google::protobuf::Message& message, bool in_item,
                      const std::string& path,
                      std::vector<std::string>& leaks) {
  static const std::set<std::string> kKeyFields = {
      "correct",       "feedback",       "rationale",      "references",
      "answer",        "feedback_true",  "feedback_false", "answer_id",
      "accepted",      "case_sensitive", "expected",       "sequence_matters",
      "credit",        "weights",        "reverse_keyed",  "tolerance",
      "tolerance_kind"};
  const auto* descriptor = message.GetDescriptor();
  const auto* reflection = message.GetReflection();
  in_item = in_item || descriptor->full_name() == "quiz.v1.Item";
  if (descriptor->full_name() == "quiz.v1.Outcome") {
    leaks.push_back(path + " (an outcome)");
    return;
  }
  std::vector<const google::protobuf::FieldDescriptor*> fields;
  reflection->ListFields(message, &fields);
  for (const auto* field : fields) {
    const std::string here = path + "." + field->name();
    if (in_item && kKeyFields.count(field->name()) > 0) {
      leaks.push_back(here);
      continue;
    }
    if (field->cpp_type() !=
        google::protobuf::FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    if (field->is_repeated()) {
      for (int i = 0; i < reflection->FieldSize(message, field); ++i) {
        FindLeaks(reflection->GetRepeatedMessage(message, field, i), in_item,
                  here + "[" + std::to_string(i) + "]", leaks);
      }
    } else {
      FindLeaks(reflection->GetMessage(message, field), in_item, here, leaks);
    }
  }
}

// The paths of leaked fields in `message`; empty when it is safe to show.
inline std::vector<std::string> KeyLeaks(
    const google::protobuf::Message& message) {
  std::vector<std::string> leaks;
  FindLeaks(message, false, message.GetDescriptor()->name(), leaks);
  return leaks;
}

}  // namespace quizd_test

#endif  // QUIZD_TESTS_SERVICE_KEY_LEAK_H_
