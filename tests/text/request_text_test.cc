#include "server/text/request_text.h"

#include <set>
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "quiz/v1/attempt_service.pb.h"
#include "quiz/v1/audit_service.pb.h"
#include "quiz/v1/auth_service.pb.h"
#include "quiz/v1/bank_service.pb.h"
#include "quiz/v1/gradebook_service.pb.h"
#include "quiz/v1/integration_service.pb.h"
#include "quiz/v1/progress_service.pb.h"
#include "quiz/v1/quiz_service.pb.h"
#include "quiz/v1/user_service.pb.h"

namespace text {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;

constexpr FieldRule kOneLine{10, false};
constexpr FieldRule kLines{10, true};

std::string Error(absl::string_view value, const FieldRule& rule) {
  return std::string(CheckText(value, rule, "f").message());
}

TEST(CheckTextTest, PlainTextPasses) {
  EXPECT_TRUE(CheckText("E11.9, I10", {20, false}, "f").ok());
  EXPECT_TRUE(CheckText("", kOneLine, "f").ok());
  // Characters, not bytes, are counted: ten two-byte letters fit ten.
  EXPECT_TRUE(CheckText("éééééééééé", kOneLine, "f").ok());
  EXPECT_TRUE(CheckText("日本語 ✓ 😀", kOneLine, "f").ok());
}

TEST(CheckTextTest, ControlCharactersAreRefusedByCodePoint) {
  const struct {
    std::string value;
    const char* named;
  } cases[] = {
      {"\x1b[2J", "U+001B at character 1"},
      {"ab\ncd", "U+000A at character 3"},
      {std::string("a\0b", 3), "U+0000 at character 2"},
      {"a\tb", "U+0009"},
      {"a\rb", "U+000D"},
      {"a\x7f", "U+007F"},
      {"a\xc2\x85", "U+0085"},      // C1 next line
      {"a\xc2\x9b", "U+009B"},      // C1 CSI: an ANSI escape in one
      {"a\xe2\x80\xae", "U+202E"},  // right-to-left override
      {"a\xe2\x81\xa6", "U+2066"},  // left-to-right isolate
      {"a\xe2\x80\xa8", "U+2028"},  // line separator
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.named);
    absl::Status status = CheckText(c.value, kOneLine, "response.text");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message().rfind("response.text: control character", 0), 0u)
        << status.message();
    EXPECT_NE(status.message().find(c.named), std::string::npos)
        << status.message();
  }
}

TEST(CheckTextTest, LineBreakFieldsAllowNewlinesAndTabsOnly) {
  EXPECT_TRUE(CheckText("a\nb\r\n\tc", kLines, "f").ok());
  EXPECT_NE(Error("a\n\x1b[31m", kLines).find("U+001B"), std::string::npos);
  EXPECT_NE(Error(std::string("a\0", 2), kLines).find("U+0000"),
            std::string::npos);
}

TEST(CheckTextTest, InvalidUtf8IsRefusedWithItsByte) {
  for (const std::string& bad : {
           std::string("ab\x80"),             // a lone continuation byte
           std::string("a\xc0\x80"),          // an overlong NUL
           std::string("a\xed\xa0\x80"),      // a UTF-16 surrogate
           std::string("a\xf4\x90\x80\x80"),  // past U+10FFFF
           std::string("a\xe2\x82"),          // cut short
           std::string("a\xff"),
       }) {
    absl::Status status = CheckText(bad, kOneLine, "quiz");
    EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
    EXPECT_EQ(status.message().rfind("quiz: not valid UTF-8 (at byte ", 0), 0u)
        << status.message();
  }
}

TEST(CheckTextTest, LengthIsCappedPerRule) {
  EXPECT_TRUE(CheckText(std::string(10, 'x'), kOneLine, "f").ok());
  EXPECT_EQ(Error(std::string(11, 'x'), kOneLine),
            "f: longer than 10 characters");
  // A huge value is refused without echoing it.
  EXPECT_EQ(Error(std::string(1 << 20, 'x'), kOneLine).size(),
            std::string("f: longer than 10 characters").size());
}

TEST(CheckMessageTextTest, NamesTheFieldByItsPath) {
  quiz::v1::SubmitResponseRequest request;
  request.set_attempt("attempts/a1");
  auto* part = request.mutable_response()->mutable_case_answer()->add_parts();
  part->set_item_id("p1");
  part->mutable_response()->set_text("ok");
  part = request.mutable_response()->mutable_case_answer()->add_parts();
  part->set_item_id("p2");
  part->mutable_response()->set_text("\x1b]0;pwned\x07");
  absl::Status status = CheckMessageText(request);
  EXPECT_EQ(status.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(status.message().rfind(
                "response.case_answer.parts[1].response.text: control", 0),
            0u)
      << status.message();

  quiz::v1::SubmitResponseRequest choice;
  choice.mutable_response()->mutable_choice()->add_option_ids("a");
  choice.mutable_response()->mutable_choice()->add_option_ids("b\n");
  EXPECT_EQ(CheckMessageText(choice).message().rfind(
                "response.choice.option_ids[1]: control", 0),
            0u);
}

// A bank's text is checked by the bank checks, per kind of bank field
// (tests/question_bank/bank_values_test.cc; over gRPC in boundary_test.cc).
TEST(CheckMessageTextTest, BanksAreLeftToTheBankChecks) {
  quiz::v1::CreateBankVersionRequest request;
  quiz::v1::Bank& bank = *request.mutable_bank();
  bank.set_title("A\nforged line");
  bank.add_items()->set_stem("\x1b[2J");
  EXPECT_TRUE(CheckMessageText(request).ok())
      << CheckMessageText(request).message();
}

// Collects every string field reachable from `message`, by full name.
void CollectStringFields(const Descriptor& message,
                         std::set<const Descriptor*>& seen,
                         std::set<std::string>& fields) {
  if (!seen.insert(&message).second) return;
  for (int i = 0; i < message.field_count(); ++i) {
    const FieldDescriptor& field = *message.field(i);
    if (field.type() == FieldDescriptor::TYPE_STRING) {
      fields.insert(field.full_name());
    } else if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
               field.message_type()->full_name() != kBankMessage) {
      CollectStringFields(*field.message_type(), seen, fields);
    }
  }
}

// A new string field in any request must get a rule deliberately: this
// lists every reachable field the table does not name.
TEST(FieldRulesTest, EveryStringFieldOfEveryRequestHasARule) {
  const google::protobuf::FileDescriptor* files[] = {
      quiz::v1::LoginRequest::descriptor()->file(),
      quiz::v1::StartAttemptRequest::descriptor()->file(),
      quiz::v1::ListBanksRequest::descriptor()->file(),
      quiz::v1::ListQuizzesRequest::descriptor()->file(),
      quiz::v1::GetProgressRequest::descriptor()->file(),
      quiz::v1::CreateApiKeyRequest::descriptor()->file(),
      quiz::v1::CreateUserRequest::descriptor()->file(),
      quiz::v1::ListAuditEventsRequest::descriptor()->file(),
      quiz::v1::ListResultsRequest::descriptor()->file(),
  };
  std::set<const Descriptor*> seen;
  std::set<std::string> fields;
  int methods = 0;
  for (const auto* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      for (int m = 0; m < file->service(s)->method_count(); ++m) {
        ++methods;
        CollectStringFields(*file->service(s)->method(m)->input_type(), seen,
                            fields);
      }
    }
  }
  EXPECT_GE(methods, 20);
  std::vector<std::string> unlisted;
  const google::protobuf::DescriptorPool& pool =
      *google::protobuf::DescriptorPool::generated_pool();
  for (const std::string& name : fields) {
    if (ListedRule(*pool.FindFieldByName(name)) == nullptr) {
      unlisted.push_back(name);
    }
  }
  EXPECT_TRUE(unlisted.empty())
      << "string fields without a rule in server/text/request_text.cc: "
      << ::testing::PrintToString(unlisted);
  EXPECT_TRUE(fields.count("quiz.v1.Response.text"));
  EXPECT_FALSE(fields.count("quiz.v1.Item.stem"));  // the bank checks' own
}

TEST(QuoteForLogTest, EscapesWhatCouldForgeALine) {
  EXPECT_EQ(QuoteForLog("alice"), "\"alice\"");
  EXPECT_EQ(QuoteForLog("x\nquizd: forged"), "\"x\\nquizd: forged\"");
  EXPECT_EQ(QuoteForLog("\x1b[2J\"q\""), "\"\\033[2J\\\"q\\\"\"");
  const std::string quoted = QuoteForLog(std::string(5000, 'a'));
  EXPECT_EQ(quoted, "\"" + std::string(200, 'a') + "\"...");
}

}  // namespace
}  // namespace text
