// A real quizd on a free loopback port with a temporary database and bank
// directory, and stubs to talk to it over TCP, in plaintext or over TLS
// (QUIZD_TEST_TLS=1 in the environment runs every suite that talks through
// these stubs over TLS: all of service_tests pass so).
#ifndef QUIZD_TESTS_SERVICE_HARNESS_H_
#define QUIZD_TESTS_SERVICE_HARNESS_H_

#include <grpcpp/grpcpp.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <future>
#include <iterator>
#include <memory>
#include <string>
#include <vector>

#include "google/protobuf/text_format.h"
#include "gtest/gtest.h"
#include "quiz/v1/attempt_service.grpc.pb.h"
#include "quiz/v1/auth_service.grpc.pb.h"
#include "quiz/v1/bank_service.grpc.pb.h"
#include "quiz/v1/progress_service.grpc.pb.h"
#include "quiz/v1/quiz_service.grpc.pb.h"
#include "server/auth/password.h"
#include "server/service/server.h"
#include "server/store/store.h"
#include "tests/service/course_members.h"
#include "tests/tls/test_certs.h"

namespace quizd_test {

// A small bank exercising every item type the core grades, three quizzes and
// two topics.
inline constexpr char kTestBank[] = R"yaml(
id: testbank
title: Test bank
topics:
  - {id: claims, title: Claims}
  - {id: codes, title: Codes}
items:
  - id: claim-form
    topic: claims
    stem: Which form is the paper version of the 837P?
    rationale: The CMS-1500 is the professional claim form.
    references: [{citation: "CMS Claims Processing Manual, Ch. 26"}]
    single_choice:
      options:
        - {id: cms1500, text: CMS-1500, correct: true, feedback: Right.}
        - {id: ub04, text: UB-04, feedback: That is the 837I.}
        - {id: ada, text: ADA dental claim}
  - id: group-codes
    topic: claims
    stem: Which group codes may leave a balance the patient owes?
    rationale: PR is patient responsibility.
    multiple_choice:
      scoring: MULTI_SELECT_PARTIAL
      options:
        - {id: pr, text: PR, correct: true}
        - {id: co, text: CO, feedback: Never bill the patient for CO.}
        - {id: pi, text: PI}
  - id: x-placeholder
    topic: codes
    stem: The placeholder X fills empty positions before a 7th character.
    rationale: Guideline I.A.4.
    true_false: {answer: true, feedback_false: "It does (T78.40XA)."}
  - id: seventh-a
    topic: codes
    stem: Which 7th character marks an initial encounter for an injury?
    rationale: A is the initial encounter.
    single_choice:
      options:
        - {id: a, text: A, correct: true}
        - {id: d, text: D}
        - {id: s, text: S}
quizzes:
  - id: practice-all
    title: Practice everything
    mode: QUIZ_MODE_PRACTICE
    pass_percent: 50
  - id: exam-shuffled
    title: Shuffled exam
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    pass_percent: 70
    time_limit_seconds: 3600
    shuffle_items: true
    shuffle_options: true
    selections:
      - {topic: claims, count: 2}
      - {topic: codes, count: 2}
  - id: timed
    title: One second
    mode: QUIZ_MODE_EXAM
    access: QUIZ_ACCESS_OPEN
    time_limit_seconds: 1
    selections: [{item_ids: [claim-form, seventh-a]}]
)yaml";

inline std::string ReadText(const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(file), {});
}

inline std::string MakeTempDir() {
  std::string pattern =
      (std::filesystem::temp_directory_path() / "quizd-test-XXXXXX").string();
  return mkdtemp(pattern.data());
}

// Starts a server on a fresh database with kTestBank and three users: alice
// and bob (students) and carol (instructor), password "password-1".
class ServerFixture : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = MakeTempDir();
    std::filesystem::create_directory(dir_ + "/banks");
    std::ofstream(dir_ + "/banks/test.yaml") << BankYaml();
    {
      auto store = store::OpenSqliteStore({db_path()});
      ASSERT_TRUE(store.ok()) << store.status();
      AddUser(**store, "alice", quiz::v1::ROLE_STUDENT);
      AddUser(**store, "bob", quiz::v1::ROLE_STUDENT);
      AddUser(**store, "carol", quiz::v1::ROLE_INSTRUCTOR);
      AddMoreUsers(**store);
    }
    AddCoursesAndOwners();
    StartServer();
  }

  void TearDown() override {
    server_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::string db_path() const { return dir_ + "/quizd.db"; }

  // Lets a suite add users of its own before the server starts.
  virtual void AddMoreUsers(store::Store& store) const {}
  // Course memberships and bank owners the suite starts with (written once
  // the users exist, before the server starts). By default carol is the
  // instructor of alice and bob (course "school") and an owner of testbank:
  // suites that are not about who teaches whom, or who owns which bank, act
  // as before courses and owners existed.
  virtual void AddCoursesAndOwners() const {
    for (const char* user : {"carol", "alice", "bob"}) {
      SetCourseMember(db_path(), "school", user,
                      std::string(user) == "carol"
                          ? quiz::v1::COURSE_ROLE_INSTRUCTOR
                          : quiz::v1::COURSE_ROLE_LEARNER);
    }
    AddTestBankOwner(db_path(), "testbank", "carol");
  }
  // The one bank the server loads.
  virtual std::string BankYaml() const { return kTestBank; }
  // Lets a suite set limits or code sets before the server starts.
  virtual void AdjustOptions(service::ServerOptions& options) const {}
  // How often the server's own clock ticks (ServerOptions::clock_period):
  // fixtures testing the clock shorten it, those testing what a request
  // does to an overdue attempt lengthen it past the test.
  virtual absl::Duration ClockPeriod() const {
    return service::ServerOptions().clock_period;
  }
  // Whether quizd serves TLS with certificates made for the test (pki_) and
  // the stubs verify it with pki_.ca. Off unless QUIZD_TEST_TLS=1 is in the
  // environment, which runs any suite over TLS; TLS suites turn it on.
  virtual bool OverTls() const {
    const char* tls = std::getenv("QUIZD_TEST_TLS");
    return tls != nullptr && std::string(tls) == "1";
  }
  // With OverTls(): quizd requires client certificates signed by pki_.ca,
  // and the stubs present pki_.client_cert.
  virtual bool MutualTls() const { return false; }

  // "127.0.0.1:PORT" of the running server.
  std::string address() const {
    return "127.0.0.1:" + std::to_string(server_->port());
  }
  // What the fixture's stubs connect with: TLS verified with pki_.ca (and
  // pki_.client_cert with MutualTls()), or plaintext.
  std::shared_ptr<grpc::ChannelCredentials> ClientCredentials() const {
    if (!OverTls()) return grpc::InsecureChannelCredentials();
    grpc::SslCredentialsOptions tls;
    tls.pem_root_certs = ReadText(pki_.ca);
    if (MutualTls()) {
      tls.pem_cert_chain = ReadText(pki_.client_cert);
      tls.pem_private_key = ReadText(pki_.client_key);
    }
    return grpc::SslCredentials(tls);
  }

  void StartServer() {
    service::ServerOptions options;
    options.listen = "127.0.0.1:0";
    options.db_path = db_path();
    options.banks_dir = dir_ + "/banks";
    options.clock_period = ClockPeriod();
    if (OverTls()) {
      if (pki_.ca.empty()) pki_ = MakeTestPki(dir_);
      options.tls.cert_file = pki_.server_cert;
      options.tls.key_file = pki_.server_key;
      if (MutualTls()) options.tls.client_ca_file = pki_.ca;
    }
    AdjustOptions(options);
    auto server = service::QuizServer::Start(options);
    ASSERT_TRUE(server.ok()) << server.status();
    server_ = *std::move(server);
    channel_ = grpc::CreateChannel(address(), ClientCredentials());
    auth_ = quiz::v1::AuthService::NewStub(channel_);
    quizzes_ = quiz::v1::QuizService::NewStub(channel_);
    banks_ = quiz::v1::BankService::NewStub(channel_);
    attempts_ = quiz::v1::AttemptService::NewStub(channel_);
    progress_ = quiz::v1::ProgressService::NewStub(channel_);
  }

  void RestartServer() {
    server_.reset();
    StartServer();
  }

  static void AddUser(store::Store& store, const std::string& name,
                      quiz::v1::Role role) {
    store::UserRecord user;
    user.username = name;
    user.role = role;
    user.password_hash = *auth::HashPassword("password-1");
    std::promise<absl::StatusOr<int64_t>> done;
    store.CreateUser(user, [&](absl::StatusOr<int64_t> id) {
      done.set_value(std::move(id));
    });
    ASSERT_TRUE(done.get_future().get().ok());
  }

  // Logs in the three fixture users into alice_, bob_ and carol_.
  void LoginEveryone() {
    alice_ = Login("alice");
    bob_ = Login("bob");
    carol_ = Login("carol");
  }

  // A bearer token for `name`.
  std::string Login(const std::string& name) {
    grpc::ClientContext context;
    quiz::v1::LoginRequest request;
    request.set_username(name);
    request.set_password("password-1");
    quiz::v1::LoginResponse response;
    grpc::Status status = auth_->Login(&context, request, &response);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return response.token();
  }

  // A client context carrying `token`.
  static std::unique_ptr<grpc::ClientContext> As(const std::string& token) {
    auto context = std::make_unique<grpc::ClientContext>();
    context->AddMetadata("authorization", "Bearer " + token);
    return context;
  }

  quiz::v1::Attempt Start(const std::string& token, const std::string& quiz,
                          const std::string& request_id = "") {
    quiz::v1::StartAttemptRequest request;
    request.set_quiz(quiz);
    request.set_request_id(request_id);
    quiz::v1::Attempt attempt;
    grpc::Status status =
        attempts_->StartAttempt(As(token).get(), request, &attempt);
    EXPECT_TRUE(status.ok()) << status.error_message();
    return attempt;
  }

  // Submits `text`, a Response in proto text format.
  grpc::Status Submit(const std::string& token,
                      const quiz::v1::Attempt& attempt,
                      const std::string& item_id, const std::string& text,
                      quiz::v1::SubmitResponseResponse* reply,
                      const std::string& request_id = "") {
    quiz::v1::SubmitResponseRequest request;
    request.set_attempt(attempt.name());
    request.set_item_id(item_id);
    request.set_request_id(request_id);
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(
        text, request.mutable_response()))
        << text;
    return attempts_->SubmitResponse(As(token).get(), request, reply);
  }

  grpc::Status Get(const std::string& token, const std::string& name,
                   quiz::v1::Attempt* attempt) {
    quiz::v1::GetAttemptRequest request;
    request.set_name(name);
    return attempts_->GetAttempt(As(token).get(), request, attempt);
  }

  grpc::Status Finish(const std::string& token,
                      const quiz::v1::Attempt& attempt,
                      quiz::v1::Attempt* finished) {
    quiz::v1::FinishAttemptRequest request;
    request.set_name(attempt.name());
    return attempts_->FinishAttempt(As(token).get(), request, finished);
  }

  // Opens a WatchProgress stream on `context` as `token` (watching `users`)
  // and returns once the server has subscribed it (its headers arrived), so
  // that every later event reaches it. The stream gives up after a minute,
  // so that a missing event fails the test instead of hanging it.
  std::unique_ptr<grpc::ClientReader<quiz::v1::ProgressEvent>> Watch(
      grpc::ClientContext& context, const std::string& token,
      const std::vector<std::string>& users = {}) {
    context.AddMetadata("authorization", "Bearer " + token);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(1));
    quiz::v1::WatchProgressRequest request;
    for (const std::string& user : users) request.add_users(user);
    auto stream = progress_->WatchProgress(&context, request);
    stream->WaitForInitialMetadata();
    return stream;
  }

  std::string dir_;
  // Certificates, made in dir_ when OverTls().
  TestPki pki_;
  // Tokens, after LoginEveryone().
  std::string alice_, bob_, carol_;
  std::unique_ptr<service::QuizServer> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<quiz::v1::AuthService::Stub> auth_;
  std::unique_ptr<quiz::v1::QuizService::Stub> quizzes_;
  std::unique_ptr<quiz::v1::BankService::Stub> banks_;
  std::unique_ptr<quiz::v1::AttemptService::Stub> attempts_;
  std::unique_ptr<quiz::v1::ProgressService::Stub> progress_;
};

}  // namespace quizd_test

#endif  // QUIZD_TESTS_SERVICE_HARNESS_H_
