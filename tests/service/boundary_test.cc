// The service boundary over real gRPC: request ids bound to their request,
// page tokens bound to their listing, and untrusted text refused with the
// field named, nothing stored and nothing forged in the server's log.
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <fstream>
#include <functional>
#include <future>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/escaping.h"
#include "absl/strings/match.h"
#include "absl/strings/str_split.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/message.h"
#include "grpcpp/generic/generic_stub.h"
#include "quiz/v1/progress_service.grpc.pb.h"
#include "server/store/sqlite_db.h"
#include "tests/service/harness.h"

namespace quizd_test {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using quiz::v1::Attempt;

constexpr char kSecondBank[] = R"yaml(
id: second
title: TITLE
topics: [{id: t, title: T}]
items:
  - id: s1
    topic: t
    stem: Pick one.
    rationale: Because.
    single_choice: {options: [{id: a, text: A, correct: true}, {id: b, text: B}]}
quizzes:
  - {id: second-practice, title: Second practice, mode: QUIZ_MODE_PRACTICE}
)yaml";

// Everything the server writes to stderr (fd 2) while it lives.
class StderrCapture {
 public:
  explicit StderrCapture(const std::string& path) : path_(path) {
    std::fflush(stderr);
    saved_ = dup(2);
    const int fd = open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    dup2(fd, 2);
    close(fd);
  }
  ~StderrCapture() { Stop(); }
  // Restores stderr and returns what was written.
  std::string Stop() {
    if (saved_ >= 0) {
      std::fflush(stderr);
      dup2(saved_, 2);
      close(saved_);
      saved_ = -1;
    }
    std::ifstream in(path_);
    std::stringstream text;
    text << in.rdbuf();
    return text.str();
  }

 private:
  std::string path_;
  int saved_ = -1;
};

class BoundaryTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    server_.reset();
    {
      auto store = store::OpenSqliteStore({db_path()});
      ASSERT_TRUE(store.ok()) << store.status();
      AddUser(**store, "dave", quiz::v1::ROLE_INSTRUCTOR);
    }
    // A second bank, loaded twice with a change between: two versions.
    WriteSecondBank("Second bank");
    StartServer();
    WriteSecondBank("Second bank, revised");
    RestartServer();
    LoginEveryone();
    dave_ = Login("dave");
    progress_ = quiz::v1::ProgressService::NewStub(channel_);
  }

  void WriteSecondBank(const std::string& title) {
    std::string yaml = kSecondBank;
    yaml.replace(yaml.find("TITLE"), 5, title);
    std::ofstream(dir_ + "/banks/second.yaml") << yaml;
  }

  int64_t CountRows(const std::string& sql) {
    auto db = store::Db::Open(db_path(), SQLITE_OPEN_READONLY);
    EXPECT_TRUE(db.ok()) << db.status();
    auto stmt = (*db)->Prepare(sql);
    EXPECT_TRUE(stmt.ok()) << stmt.status();
    EXPECT_TRUE(*stmt->Step());
    return stmt->ColumnInt64(0);
  }

  grpc::Status StartWithId(const std::string& token, const std::string& quiz,
                           const std::string& request_id, Attempt* attempt) {
    quiz::v1::StartAttemptRequest request;
    request.set_quiz(quiz);
    request.set_request_id(request_id);
    return attempts_->StartAttempt(As(token).get(), request, attempt);
  }

  grpc::Status FinishWithId(const std::string& token, const std::string& name,
                            const std::string& request_id, Attempt* finished) {
    quiz::v1::FinishAttemptRequest request;
    request.set_name(name);
    request.set_request_id(request_id);
    return attempts_->FinishAttempt(As(token).get(), request, finished);
  }

  grpc::Status Review(const std::string& token, const std::string& item,
                      const std::string& option, const std::string& request_id,
                      quiz::v1::AnswerReviewResponse* reply) {
    quiz::v1::AnswerReviewRequest request;
    request.set_bank("banks/testbank");
    request.set_item_id(item);
    request.mutable_response()->mutable_choice()->add_option_ids(option);
    request.set_request_id(request_id);
    return progress_->AnswerReview(As(token).get(), request, reply);
  }

  std::string dave_;
  std::unique_ptr<quiz::v1::ProgressService::Stub> progress_;
};

void ExpectRefused(const grpc::Status& status, const std::string& field) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_TRUE(absl::StartsWith(status.error_message(), field + ":"))
      << "expected the message to name " << field << ": "
      << status.error_message();
}

// INVALID_ARGUMENT from the bank checks naming `field` of the pushed bank.
void ExpectBankRefused(const grpc::Status& status, const std::string& field) {
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
      << status.error_message();
  EXPECT_TRUE(absl::StrContains(status.error_message(), ": " + field + ":"))
      << "expected the message to name " << field << ": "
      << status.error_message();
}

// --- request ids ---

TEST_F(BoundaryTest, StartAttemptRefusesARequestIdReusedForAnotherQuiz) {
  Attempt first, retry, other;
  ASSERT_TRUE(StartWithId(alice_, "quizzes/practice-all", "r1", &first).ok());
  ASSERT_TRUE(StartWithId(alice_, "quizzes/practice-all", "r1", &retry).ok());
  EXPECT_EQ(retry.name(), first.name());  // a retry gets the first reply
  ExpectRefused(StartWithId(alice_, "quizzes/exam-shuffled", "r1", &other),
                "request_id");
  // Another view is another request too.
  quiz::v1::StartAttemptRequest basic;
  basic.set_quiz("quizzes/practice-all");
  basic.set_request_id("r1");
  basic.set_view(quiz::v1::ATTEMPT_VIEW_BASIC);
  ExpectRefused(attempts_->StartAttempt(As(alice_).get(), basic, &other),
                "request_id");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM attempts"), 1);
  // Request ids are the caller's own: bob may use r1 for anything.
  EXPECT_TRUE(StartWithId(bob_, "quizzes/exam-shuffled", "r1", &other).ok());
}

TEST_F(BoundaryTest, SubmitResponseRefusesARequestIdReusedForAnotherItem) {
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  quiz::v1::SubmitResponseResponse first, retry, other;
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &first, "s1")
                  .ok());
  ASSERT_TRUE(Submit(alice_, attempt, "claim-form",
                     "choice { option_ids: 'cms1500' }", &retry, "s1")
                  .ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  // Another item, another answer, another attempt: each refused.
  ExpectRefused(Submit(alice_, attempt, "seventh-a",
                       "choice { option_ids: 'a' }", &other, "s1"),
                "request_id");
  ExpectRefused(Submit(alice_, attempt, "claim-form",
                       "choice { option_ids: 'ub04' }", &other, "s1"),
                "request_id");
  Attempt second = Start(alice_, "quizzes/practice-all");
  ExpectRefused(Submit(alice_, second, "claim-form",
                       "choice { option_ids: 'cms1500' }", &other, "s1"),
                "request_id");
  // Nothing of the refused requests was stored.
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM responses"), 1);
}

TEST_F(BoundaryTest, FinishAttemptRefusesARequestIdReusedForAnotherAttempt) {
  Attempt a = Start(alice_, "quizzes/practice-all");
  Attempt b = Start(alice_, "quizzes/exam-shuffled");
  Attempt finished;
  ASSERT_TRUE(FinishWithId(alice_, a.name(), "f1", &finished).ok());
  EXPECT_EQ(finished.state(), quiz::v1::FINISHED);
  EXPECT_TRUE(FinishWithId(alice_, a.name(), "f1", &finished).ok());
  ExpectRefused(FinishWithId(alice_, b.name(), "f1", &finished), "request_id");
  Attempt still;
  ASSERT_TRUE(Get(alice_, b.name(), &still).ok());
  EXPECT_EQ(still.state(), quiz::v1::IN_PROGRESS);
}

TEST_F(BoundaryTest, AnswerReviewRefusesARequestIdReusedForAnotherItem) {
  // Items answered in a finished practice attempt may be reviewed.
  Attempt practice = Start(alice_, "quizzes/practice-all");
  quiz::v1::SubmitResponseResponse reply;
  ASSERT_TRUE(Submit(alice_, practice, "claim-form",
                     "choice { option_ids: 'ub04' }", &reply)
                  .ok());
  ASSERT_TRUE(Submit(alice_, practice, "seventh-a",
                     "choice { option_ids: 'd' }", &reply)
                  .ok());
  Attempt finished;
  ASSERT_TRUE(Finish(alice_, practice, &finished).ok());

  quiz::v1::AnswerReviewResponse first, retry, other;
  ASSERT_TRUE(Review(alice_, "claim-form", "cms1500", "v1", &first).ok());
  ASSERT_TRUE(Review(alice_, "claim-form", "cms1500", "v1", &retry).ok());
  EXPECT_EQ(retry.SerializeAsString(), first.SerializeAsString());
  ExpectRefused(Review(alice_, "seventh-a", "a", "v1", &other), "request_id");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM review_responses"), 1);
}

// --- page tokens ---

// One page of size 1 of a listing, as `token`'s owner, and its next token.
using Lister = std::function<grpc::Status(const std::string& token,
                                          const std::string& page_token,
                                          int page_size, std::string* next)>;

std::map<std::string, Lister> Listings(
    BoundaryTest* t, quiz::v1::AttemptService::Stub* attempts,
    quiz::v1::QuizService::Stub* quizzes, quiz::v1::BankService::Stub* banks,
    quiz::v1::ProgressService::Stub* progress,
    const std::string& user = "users/alice",
    const std::string& bank = "second") {
  std::map<std::string, Lister> listings;
  listings["ListAttempts"] = [=](const std::string& token,
                                 const std::string& page_token, int size,
                                 std::string* next) {
    quiz::v1::ListAttemptsRequest request;
    request.set_user(user);
    request.set_page_token(page_token);
    request.set_page_size(size);
    quiz::v1::ListAttemptsResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = attempts->ListAttempts(&context, request, &response);
    *next = response.next_page_token();
    return status;
  };
  listings["ListQuizzes"] = [=](const std::string& token,
                                const std::string& page_token, int size,
                                std::string* next) {
    quiz::v1::ListQuizzesRequest request;
    request.set_page_token(page_token);
    request.set_page_size(size);
    quiz::v1::ListQuizzesResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = quizzes->ListQuizzes(&context, request, &response);
    *next = response.next_page_token();
    return status;
  };
  listings["ListBanks"] = [=](const std::string& token,
                              const std::string& page_token, int size,
                              std::string* next) {
    quiz::v1::ListBanksRequest request;
    request.set_page_token(page_token);
    request.set_page_size(size);
    quiz::v1::ListBanksResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = banks->ListBanks(&context, request, &response);
    *next = response.next_page_token();
    return status;
  };
  listings["ListBankVersions"] = [=](const std::string& token,
                                     const std::string& page_token, int size,
                                     std::string* next) {
    quiz::v1::ListBankVersionsRequest request;
    request.set_bank(bank);
    request.set_page_token(page_token);
    request.set_page_size(size);
    quiz::v1::ListBankVersionsResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = banks->ListBankVersions(&context, request, &response);
    *next = response.next_page_token();
    return status;
  };
  listings["ListProgress"] = [=](const std::string& token,
                                 const std::string& page_token, int size,
                                 std::string* next) {
    quiz::v1::ListProgressRequest request;
    request.set_page_token(page_token);
    request.set_page_size(size);
    quiz::v1::ListProgressResponse response;
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + token);
    grpc::Status status = progress->ListProgress(&context, request, &response);
    *next = response.next_page_token();
    return status;
  };
  return listings;
}

TEST_F(BoundaryTest, PageTokensWorkOnlyForTheirListingCallerAndFilter) {
  Start(alice_, "quizzes/practice-all");
  Start(alice_, "quizzes/exam-shuffled");
  Start(bob_, "quizzes/practice-all");
  auto listings = Listings(this, attempts_.get(), quizzes_.get(), banks_.get(),
                           progress_.get());
  ASSERT_EQ(listings.size(), 5u);  // every List RPC
  // Carol's first page of each listing, and its token.
  std::map<std::string, std::string> tokens;
  for (auto& [name, list] : listings) {
    std::string next;
    grpc::Status status = list(carol_, "", 1, &next);
    ASSERT_TRUE(status.ok()) << name << ": " << status.error_message();
    ASSERT_FALSE(next.empty()) << name << " has one page only";
    tokens[name] = next;
  }
  for (auto& [name, list] : listings) {
    SCOPED_TRACE(name);
    std::string next;
    // Its own token continues it, also with another page size.
    EXPECT_TRUE(list(carol_, tokens[name], 1, &next).ok());
    EXPECT_TRUE(list(carol_, tokens[name], 5, &next).ok());
    // Another caller's token is refused (dave may list all of these).
    ExpectRefused(list(dave_, tokens[name], 1, &next), "page_token");
    // Every other listing's token is refused.
    for (auto& [other, token] : tokens) {
      if (other == name) continue;
      SCOPED_TRACE("token of " + other);
      ExpectRefused(list(carol_, token, 1, &next), "page_token");
    }
    // A token changed in one character is refused.
    std::string changed = tokens[name];
    changed[changed.size() / 2] =
        changed[changed.size() / 2] == 'A' ? 'B' : 'A';
    ExpectRefused(list(carol_, changed, 1, &next), "page_token");
  }
  // Another filter is another listing.
  auto for_bob = Listings(this, attempts_.get(), quizzes_.get(), banks_.get(),
                          progress_.get(), "users/bob", "testbank");
  std::string next;
  ExpectRefused(
      for_bob["ListAttempts"](carol_, tokens["ListAttempts"], 1, &next),
      "page_token");
  ExpectRefused(
      for_bob["ListBankVersions"](carol_, tokens["ListBankVersions"], 1, &next),
      "page_token");
}

TEST_F(BoundaryTest, ForgedPageTokensTellNothingAboutOthersAttempts) {
  Attempt bobs = Start(bob_, "quizzes/practice-all");
  Start(alice_, "quizzes/practice-all");
  auto listings = Listings(this, attempts_.get(), quizzes_.get(), banks_.get(),
                           progress_.get(), "");
  const std::string bob_id = bobs.name().substr(bobs.name().find('/') + 1);
  std::string next;
  // The cursor formats earlier servers used, for an id that exists (bob's)
  // and one that does not: refused alike.
  std::vector<std::string> messages;
  for (const std::string& cursor : {bob_id, std::string("no-such-attempt")}) {
    for (const std::string& forged :
         {absl::WebSafeBase64Escape("v1:" + cursor),
          absl::WebSafeBase64Escape("p2" + std::string(32, 'x') + cursor),
          cursor}) {
      grpc::Status status = listings["ListAttempts"](alice_, forged, 1, &next);
      ExpectRefused(status, "page_token");
      messages.push_back(status.error_message());
    }
  }
  for (const std::string& message : messages) EXPECT_EQ(message, messages[0]);
}

// --- untrusted text ---

// Sets the first string field reachable from `message` (depth first) to
// `value`; returns its path, e.g. "response.numeric", or "" when none.
std::string SetFirstString(Message* message, const std::string& value,
                           int depth = 0) {
  if (depth > 4) return "";
  const auto* descriptor = message->GetDescriptor();
  const auto* reflection = message->GetReflection();
  for (int i = 0; i < descriptor->field_count(); ++i) {
    const FieldDescriptor* field = descriptor->field(i);
    const std::string index = field->is_repeated() ? "[0]" : "";
    if (field->type() == FieldDescriptor::TYPE_STRING) {
      if (field->is_repeated()) {
        reflection->AddString(message, field, value);
      } else {
        reflection->SetString(message, field, value);
      }
      return field->name() + index;
    }
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      Message* child = field->is_repeated()
                           ? reflection->AddMessage(message, field)
                           : reflection->MutableMessage(message, field);
      std::string path = SetFirstString(child, value, depth + 1);
      if (!path.empty()) return field->name() + index + "." + path;
      if (field->is_repeated()) {
        reflection->RemoveLast(message, field);
      } else {
        reflection->ClearField(message, field);
      }
    }
  }
  return "";
}

// Every unary RPC of every service, called as a generic client would with
// an ANSI escape in a string field of its request, is refused naming that
// field: no handler can skip the check.
TEST_F(BoundaryTest, EveryRpcRefusesControlCharactersNamingTheField) {
  grpc::GenericStub generic(channel_);
  const google::protobuf::FileDescriptor* files[] = {
      quiz::v1::LoginRequest::descriptor()->file(),
      quiz::v1::StartAttemptRequest::descriptor()->file(),
      quiz::v1::ListBanksRequest::descriptor()->file(),
      quiz::v1::ListQuizzesRequest::descriptor()->file(),
      quiz::v1::GetProgressRequest::descriptor()->file(),
  };
  int checked = 0;
  for (const auto* file : files) {
    for (int s = 0; s < file->service_count(); ++s) {
      const auto* service = file->service(s);
      for (int m = 0; m < service->method_count(); ++m) {
        const auto* method = service->method(m);
        if (method->client_streaming() || method->server_streaming()) continue;
        std::unique_ptr<Message> request(
            google::protobuf::MessageFactory::generated_factory()
                ->GetPrototype(method->input_type())
                ->New());
        const std::string path = SetFirstString(request.get(), "a\x1b[2Jb");
        if (path.empty()) continue;  // nothing to type into
        SCOPED_TRACE(method->full_name() + " " + path);
        grpc::ClientContext context;
        context.AddMetadata("authorization", "Bearer " + carol_);
        const std::string bytes = request->SerializeAsString();
        grpc::Slice slice(bytes);
        grpc::ByteBuffer send(&slice, 1), received;
        std::promise<grpc::Status> done;
        generic.UnaryCall(
            &context, "/" + service->full_name() + "/" + method->name(),
            grpc::StubOptions(), &send, &received,
            [&done](grpc::Status status) { done.set_value(status); });
        grpc::Status status = done.get_future().get();
        // A pushed bank's text is the bank checks' (one table for banks).
        if (absl::StartsWith(path, "bank.")) {
          ExpectBankRefused(status, path.substr(5));
        } else {
          ExpectRefused(status, path);
        }
        EXPECT_TRUE(absl::StrContains(status.error_message(), "U+001B"))
            << status.error_message();
        ++checked;
      }
    }
  }
  EXPECT_GE(checked, 20);
}

TEST_F(BoundaryTest, WatchProgressRefusesControlCharacters) {
  quiz::v1::WatchProgressRequest request;
  request.add_users("users/alice\n");
  grpc::ClientContext context;
  context.AddMetadata("authorization", "Bearer " + carol_);
  auto reader = progress_->WatchProgress(&context, request);
  quiz::v1::ProgressEvent event;
  EXPECT_FALSE(reader->Read(&event));
  ExpectRefused(reader->Finish(), "users[0]");
}

TEST_F(BoundaryTest, BadTextInAnswersIsRefusedAndNothingIsStored) {
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  quiz::v1::SubmitResponseResponse reply;
  const struct {
    std::string response;
    std::string field;
  } cases[] = {
      {"text: '\\033[2J\\033[31mpwned'", "response.text"},
      {"text: 'one\\ntwo'", "response.text"},
      {"codes: 'E11.9\\000'", "response.codes"},
      {"numeric: '" + std::string(1001, '6') + "'", "response.numeric"},
      {"choice { option_ids: 'cms1500\\r' }", "response.choice.option_ids[0]"},
      {"case_answer { parts { item_id: 'p' response { text: '\\302\\233' } } }",
       "response.case_answer.parts[0].response.text"},
  };
  for (const auto& c : cases) {
    SCOPED_TRACE(c.response.substr(0, 60));
    ExpectRefused(Submit(alice_, attempt, "claim-form", c.response, &reply),
                  c.field);
  }
  // The item id, too.
  ExpectRefused(Submit(alice_, attempt, std::string("claim-form\0x", 12),
                       "choice { option_ids: 'cms1500' }", &reply),
                "item_id");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM responses"), 0);
}

TEST_F(BoundaryTest, OverLongIdsAreRefused) {
  Attempt attempt;
  ExpectRefused(
      StartWithId(alice_, "quizzes/" + std::string(200, 'q'), "", &attempt),
      "quiz");
  quiz::v1::GetAttemptRequest get;
  get.set_name(std::string(100000, 'a'));
  grpc::Status status = attempts_->GetAttempt(As(alice_).get(), get, &attempt);
  ExpectRefused(status, "name");
  EXPECT_LT(status.error_message().size(), 200u);  // the value is not echoed
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM attempts"), 0);
}

TEST_F(BoundaryTest, PushedBanksMaySpanLinesOnlyInProse) {
  quiz::v1::CreateBankVersionRequest request;
  quiz::v1::Bank& bank = *request.mutable_bank();
  bank.set_id("pushed");
  bank.set_title("Pushed");
  bank.add_topics()->set_id("t");
  quiz::v1::Item& item = *bank.add_items();
  item.set_id("i1");
  item.set_topic("t");
  item.set_stem("A visit note:\n  line two\n");
  item.set_rationale("Because.");
  auto* choice = item.mutable_single_choice();
  auto* a = choice->add_options();
  a->set_id("a");
  a->set_text("A");
  a->set_correct(true);
  auto* b = choice->add_options();
  b->set_id("b");
  b->set_text("B");
  b->set_feedback("\x1b[2J\x1b[31mwrong");
  quiz::v1::CreateBankVersionResponse reply;
  // A pushed bank's text is checked by the bank checks, per kind of field.
  ExpectBankRefused(
      banks_->CreateBankVersion(As(carol_).get(), request, &reply),
      "items[0] (id \"i1\").single_choice.options[1] (id \"b\").feedback");
  b->set_feedback("Wrong:\nsee the manual.");
  bank.set_title("Pushed\nquizd: FORGED");
  ExpectBankRefused(
      banks_->CreateBankVersion(As(carol_).get(), request, &reply), "title");
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM bank_versions WHERE bank_id ="
                      " 'pushed'"),
            0);
  // Line breaks in prose are fine.
  bank.set_title("Pushed");
  grpc::Status status =
      banks_->CreateBankVersion(As(carol_).get(), request, &reply);
  EXPECT_TRUE(status.ok()) << status.error_message();
}

TEST_F(BoundaryTest, InvalidUtf8NeverReachesTheStore) {
  // proto3 strings must be UTF-8: protobuf's parser refuses other bytes
  // before any handler runs, and the client hears INVALID_ARGUMENT (not
  // gRPC's bare UNIMPLEMENTED).
  Attempt attempt = Start(alice_, "quizzes/practice-all");
  quiz::v1::SubmitResponseRequest request;
  request.set_attempt(attempt.name());
  request.set_item_id("claim-form");
  request.mutable_response()->set_text("caf\xe9");
  grpc::Status status;
  {
    // Serialized as bytes, so the client's own UTF-8 check stays out of it.
    grpc::GenericStub generic(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + alice_);
    const std::string bytes = request.SerializePartialAsString();
    grpc::Slice slice(bytes);
    grpc::ByteBuffer send(&slice, 1), received;
    std::promise<grpc::Status> done;
    generic.UnaryCall(&context, "/quiz.v1.AttemptService/SubmitResponse",
                      grpc::StubOptions(), &send, &received,
                      [&done](grpc::Status s) { done.set_value(s); });
    status = done.get_future().get();
  }
  ExpectRefused(status, "request");
  EXPECT_TRUE(absl::StrContains(status.error_message(),
                                "quiz.v1.SubmitResponseRequest"))
      << status.error_message();
  EXPECT_EQ(CountRows("SELECT COUNT(*) FROM responses"), 0);
}

TEST_F(BoundaryTest, LoginRefusesControlCharactersWithoutEchoingThem) {
  quiz::v1::LoginRequest request;
  request.set_username("alice");
  request.set_password(std::string("password-1\0\x1b[2J", 15));
  quiz::v1::LoginResponse response;
  grpc::ClientContext context;
  grpc::Status status = auth_->Login(&context, request, &response);
  ExpectRefused(status, "password");
  EXPECT_FALSE(absl::StrContains(status.error_message(), "password-1"));
  request.set_username("alice\nquizd: admin logged in");
  request.set_password("password-1");
  grpc::ClientContext again;
  ExpectRefused(auth_->Login(&again, request, &response), "username");
}

TEST_F(BoundaryTest, NoRequestCanForgeALineInTheServerLog) {
  StderrCapture capture(dir_ + "/stderr.log");
  Attempt attempt;
  // A newline is refused before it could reach the log...
  ExpectRefused(
      StartWithId(alice_, "x\nquizd: FORGED admin login", "", &attempt),
      "quiz");
  // ...and text that passes the check is quoted where it is logged.
  grpc::Status status = StartWithId(alice_, "a\"b/quizd: FORGED", "", &attempt);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  const std::string log = capture.Stop();
  std::vector<std::string> lines = absl::StrSplit(log, '\n', absl::SkipEmpty());
  int failures = 0;
  for (const std::string& line : lines) {
    EXPECT_FALSE(absl::StartsWith(line, "quizd: FORGED")) << log;
    if (absl::StartsWith(line, "quizd: AttemptService.StartAttempt")) {
      ++failures;
      EXPECT_TRUE(absl::StrContains(line, "user=\"alice\"")) << line;
    }
  }
  EXPECT_EQ(failures, 2) << log;
  EXPECT_TRUE(absl::StrContains(log, "a\\\"b/quizd: FORGED")) << log;
}

}  // namespace
}  // namespace quizd_test
