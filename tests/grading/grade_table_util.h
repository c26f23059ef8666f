// Table-driven grading tests: each item type's test file instantiates
// GradeTable with the cases it needs and RejectTable with the responses that
// must be refused.
#ifndef QUIZD_TESTS_GRADING_GRADE_TABLE_UTIL_H_
#define QUIZD_TESTS_GRADING_GRADE_TABLE_UTIL_H_

#include <ostream>
#include <string>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "quiz/v1/attempt.pb.h"
#include "quiz/v1/bank.pb.h"

namespace grading {

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
      << text;
  return message;
}

// One graded response: item and response in proto text format.
struct Case {
  std::string name;
  std::string item;
  std::string response;
  bool negative_marking;
  double score;
  quiz::v1::Correctness correctness;
  // A substring every run expects in the outcome's feedback lines, joined by
  // newlines; empty means feedback is not checked.
  std::string feedback = "";
};
void PrintTo(const Case& c, std::ostream* os);

class GradeTable : public ::testing::TestWithParam<Case> {};

// A response Grade must refuse with INVALID_ARGUMENT.
struct Refusal {
  std::string name;
  std::string item;
  std::string response;
  // A substring of the error message.
  std::string message;
};
void PrintTo(const Refusal& c, std::ostream* os);

class RejectTable : public ::testing::TestWithParam<Refusal> {};

// Names a parameterized case after its `name` field.
struct CaseName {
  template <typename T>
  std::string operator()(const ::testing::TestParamInfo<T>& info) const {
    return info.param.name;
  }
};

}  // namespace grading

#endif  // QUIZD_TESTS_GRADING_GRADE_TABLE_UTIL_H_
