// Control characters and terminal escapes from the server or a file never
// reach the terminal: Printable itself, then every render path fed protos
// whose every string field carries escapes.
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/input.h"
#include "client/item_render.h"
#include "client/progress_render.h"
#include "client/responses.h"
#include "client/review_session.h"
#include "client/tables.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "tests/client/sample_attempt_util.h"

namespace client {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;
using testing::Contains;

// What an attacker puts in a field: clear the screen, the 8-bit CSI (U+009B),
// a carriage return to overwrite the line, a bell, a right-to-left override
// and a byte that is not UTF-8.
const char kHostile[] =
    "\x1b[2J\x1b]0;pwned\x07\xC2\x9B"
    "31m\r\xE2\x80\xAE\xFF";

// Appends kHostile to every string field of `message`, recursively. Ids get
// the same suffix everywhere, so the references between them still hold.
void Poison(Message* message) {
  const Reflection* reflection = message->GetReflection();
  const auto* descriptor = message->GetDescriptor();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(*message, field); ++j) {
          reflection->SetRepeatedString(
              message, field, j,
              reflection->GetRepeatedString(*message, field, j) + kHostile);
        }
      } else if (reflection->HasField(*message, field) ||
                 !field->has_presence()) {
        reflection->SetString(
            message, field, reflection->GetString(*message, field) + kHostile);
      }
    } else if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      if (field->is_repeated()) {
        for (int j = 0; j < reflection->FieldSize(*message, field); ++j) {
          Poison(reflection->MutableRepeatedMessage(message, field, j));
        }
      } else if (reflection->HasField(*message, field)) {
        Poison(reflection->MutableMessage(message, field));
      }
    }
  }
}

// Passes when `text` holds no control character but "\n", no DEL, no C1
// control, no bidi override and only valid UTF-8 (U+FFFD stands for bad
// bytes).
::testing::AssertionResult SafeToPrint(const std::string& text) {
  if (text.empty()) return ::testing::AssertionFailure() << "empty output";
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = text[i];
    const bool c1 = c == 0xC2 && i + 1 < text.size() &&
                    static_cast<unsigned char>(text[i + 1]) >= 0x80 &&
                    static_cast<unsigned char>(text[i + 1]) <= 0x9F;
    const bool bidi = text.compare(i, 3, "\xE2\x80\xAE") == 0;
    if ((c < 0x20 && c != '\n') || c == 0x7F || c == 0xFF || c1 || bidi) {
      return ::testing::AssertionFailure()
             << "byte " << static_cast<int>(c) << " at " << i << " in:\n"
             << text;
    }
  }
  return ::testing::AssertionSuccess();
}

template <typename T>
T Parse(const std::string& text) {
  T message;
  EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message));
  return message;
}

TEST(PrintableTest, ShowsControlCharactersVisibly) {
  EXPECT_EQ(Printable("a\x1b[2Jb"), "a\\x1b[2Jb");
  EXPECT_EQ(Printable("x\ry\x07\x7f"), "x\\x0dy\\x07\\x7f");
  EXPECT_EQ(Printable("csi \xC2\x9B"), "csi \\x9b");
  EXPECT_EQ(Printable("rtl \xE2\x80\xAE"), "rtl \\u202e");
  EXPECT_EQ(Printable("line\nbreak"), "line\\nbreak");
  EXPECT_EQ(Printable("bad \xFF byte"), "bad \xEF\xBF\xBD byte");
}

TEST(PrintableTest, KeepsProseLineBreaksAndPlainText) {
  EXPECT_EQ(Printable("one\ntwo\tthree", LineBreaks::kKeep), "one\ntwo three");
  const std::string plain = "E11.9 \xE2\x80\x94 caf\xC3\xA9 \xE2\x96\x88 $64";
  EXPECT_EQ(Printable(plain), plain);
  EXPECT_EQ(Printable(Printable(kHostile)), Printable(kHostile));
  EXPECT_TRUE(SafeToPrint(Printable(kHostile)));
}

TEST(ElideTest, CutsLongEchoesAtACodePoint) {
  EXPECT_EQ(Elide("short"), "short");
  EXPECT_EQ(Elide(std::string(10000, 'Z')),
            std::string(40, 'Z') + "\xE2\x80\xA6");
  EXPECT_EQ(Elide("\xC3\xA9\xC3\xA9\xC3\xA9", 2),
            "\xC3\xA9\xC3\xA9\xE2\x80\xA6");
  EXPECT_EQ(Elide("\x1b[2J"), "\\x1b[2J");
}

TEST(EscapeRenderTest, WrapKeepsParagraphsAndEscapesTheRest) {
  EXPECT_EQ(Wrap("first\n\x1b[2Jsecond", 80, "> "),
            "> first\n> \\x1b[2Jsecond\n");
}

TEST(EscapeRenderTest, QuestionOutcomeListAndReviewOfEveryType) {
  for (quiz::v1::Attempt attempt :
       {testing::FinishedSampleAttempt(),
        testing::AllTypesAttemptWithKeys(quiz::v1::QUIZ_MODE_PRACTICE),
        testing::SampleAttemptWithKeys(quiz::v1::QUIZ_MODE_EXAM)}) {
    Poison(&attempt);
    for (quiz::v1::AttemptItem item : attempt.items()) {
      // A graded answer to every item, with feedback to show.
      if (!HasAnswer(item) && !item.item().has_case_item()) {
        item.mutable_response()->set_text(kHostile);
      }
      item.mutable_outcome()->set_correctness(quiz::v1::INCORRECT);
      item.mutable_outcome()->set_max_score(1);
      item.mutable_outcome()->add_feedback(kHostile);
      EXPECT_TRUE(SafeToPrint(RenderQuestion(item, 9, "1:00 left", 80)));
      EXPECT_TRUE(SafeToPrint(RenderOutcome(item, 80)));
      EXPECT_TRUE(SafeToPrint(RenderReviewItem(item, 9, 80)));
      EXPECT_TRUE(
          SafeToPrint(DescribeResponse(item.item(), item.response()) + "."));
      if (item.item().has_case_item()) {
        EXPECT_TRUE(
            SafeToPrint(RenderCasePart(item, 0, 9, &item.response(), 80)));
      }
    }
    EXPECT_TRUE(SafeToPrint(RenderItemList(attempt, 1)));
    EXPECT_TRUE(
        SafeToPrint(RenderAttemptTable({attempt}, absl::UTCTimeZone())));
  }
}

TEST(EscapeRenderTest, TablesAndSummary) {
  quiz::v1::QuizSummary quiz;
  quiz.set_id("drill");
  quiz.set_title("Coding drill");
  Poison(&quiz);
  EXPECT_TRUE(SafeToPrint(RenderQuizTable({quiz})));
  quiz::v1::Attempt finished = testing::FinishedSampleAttempt();
  Poison(&finished);
  EXPECT_TRUE(SafeToPrint(RenderSummary(finished)));
  EXPECT_TRUE(SafeToPrint(RenderTable({kHostile}, {{kHostile}, {"x"}})));
}

TEST(EscapeRenderTest, ProgressReadinessStudentsCareerAndReview) {
  auto progress = Parse<quiz::v1::Progress>(R"pb(
    user: "users/alice"
    topics { bank: "banks/b" topic: "icd" title: "ICD" responses: 2 }
    history {
      attempt: "attempts/a1"
      quiz: "quizzes/q"
      quiz_title: "Drill"
      percent: 50
      finish_time { seconds: 1740830400 }
    }
  )pb");
  Poison(&progress);
  EXPECT_TRUE(SafeToPrint(RenderProgress(progress, true, 80)));
  EXPECT_TRUE(SafeToPrint(RenderProgress(progress, false, 80)));
  EXPECT_TRUE(SafeToPrint(RenderHistory(progress, {}, absl::UTCTimeZone())));

  auto readiness = Parse<quiz::v1::Readiness>(R"pb(
    quiz: "quizzes/q"
    user: "users/alice"
    pass_percent: 70
    topics { topic: "icd" title: "ICD" items: 2 weight: 1 gain_if_mastered: 9 }
  )pb");
  Poison(&readiness);
  EXPECT_TRUE(SafeToPrint(RenderReadiness(readiness)));

  auto student = Parse<quiz::v1::StudentSummary>(R"pb(user: "users/alice"
                                                      weakest_topic: "b/icd"
                                                      responses: 1)pb");
  Poison(&student);
  EXPECT_TRUE(SafeToPrint(RenderStudentTable({student})));

  auto profile = Parse<quiz::v1::CareerProfile>(R"pb(
    user: "users/alice"
    latest {
      attempt: "attempts/a9"
      fit: "coding"
      traits { trait: "coding" normalized: 0.5 }
    }
    summary: "You may prefer coding."
    certifications: "CPC"
    first_roles: "coder"
    change: "none"
  )pb");
  Poison(&profile);
  EXPECT_TRUE(SafeToPrint(RenderCareerProfile(profile, absl::UTCTimeZone())));

  ReviewResult result;
  quiz::v1::AnswerReviewResponse reply;
  Poison(&reply);
  result.replies.push_back(reply);
  EXPECT_TRUE(SafeToPrint(
      RenderReviewSummary(result, testing::TestNow(), absl::UTCTimeZone())));
}

TEST(EscapeRenderTest, ErrorsFromTheServerAndFromInput) {
  grpc::Status server(grpc::StatusCode::INVALID_ARGUMENT,
                      absl::StrCat("item ", kHostile, "\nforged line"));
  const std::string shown = FormatError(FromGrpcStatus(server));
  EXPECT_TRUE(SafeToPrint(shown));
  EXPECT_FALSE(Contains(shown, "\n"));

  // What a student types is echoed escaped and cut short.
  quiz::v1::Attempt attempt =
      testing::AllTypesAttempt(quiz::v1::QUIZ_MODE_EXAM);
  const quiz::v1::Item& matching = attempt.items(1).item();
  absl::StatusOr<Input> input =
      ParseInput(absl::StrCat("1", kHostile), matching);
  ASSERT_FALSE(input.ok());
  EXPECT_TRUE(SafeToPrint(std::string(input.status().message())));

  const quiz::v1::Item& tf =
      testing::SampleAttempt(quiz::v1::QUIZ_MODE_EXAM).items(2).item();
  absl::StatusOr<quiz::v1::Response> response =
      ResponseFromIds(tf, std::string(10000, 'x') + kHostile);
  ASSERT_FALSE(response.ok());
  EXPECT_LT(response.status().message().size(), 200u);
  EXPECT_TRUE(SafeToPrint(std::string(response.status().message())));
}

}  // namespace
}  // namespace client
