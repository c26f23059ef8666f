// Authentication, catalog browsing, health checking and reflection over real
// gRPC.
#include <grpcpp/generic/generic_stub.h>

#include "grpc/health/v1/health.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.pb.h"
#include "harness.h"
#include "key_leak.h"

namespace quizd_test {
namespace {

using ServerTest = ServerFixture;

TEST_F(ServerTest, HealthCheckNeedsNoToken) {
  auto health = grpc::health::v1::Health::NewStub(channel_);
  grpc::ClientContext context;
  grpc::health::v1::HealthCheckResponse response;
  ASSERT_TRUE(
      health->Check(&context, grpc::health::v1::HealthCheckRequest(), &response)
          .ok());
  EXPECT_EQ(response.status(), grpc::health::v1::HealthCheckResponse::SERVING);
}

TEST_F(ServerTest, ReflectionListsTheServices) {
  using quizd_test::reflection::ServerReflectionRequest;
  using quizd_test::reflection::ServerReflectionResponse;
  grpc::TemplatedGenericStub<ServerReflectionRequest, ServerReflectionResponse>
      stub(channel_);
  grpc::CompletionQueue queue;
  grpc::ClientContext context;
  auto stream = stub.PrepareCall(
      &context,
      "/grpc.reflection.v1alpha.ServerReflection/ServerReflectionInfo", &queue);
  // Each step is one tag on the queue; wait for it before the next.
  auto step = [&queue](intptr_t tag) {
    void* got = nullptr;
    bool ok = false;
    EXPECT_TRUE(queue.Next(&got, &ok));
    EXPECT_EQ(reinterpret_cast<intptr_t>(got), tag);
    return ok;
  };
  stream->StartCall(reinterpret_cast<void*>(1));
  ASSERT_TRUE(step(1));
  ServerReflectionRequest request;
  request.set_list_services("");
  stream->Write(request, reinterpret_cast<void*>(2));
  ASSERT_TRUE(step(2));
  stream->WritesDone(reinterpret_cast<void*>(3));
  ASSERT_TRUE(step(3));
  ServerReflectionResponse response;
  stream->Read(&response, reinterpret_cast<void*>(4));
  ASSERT_TRUE(step(4));
  grpc::Status status;
  stream->Finish(&status, reinterpret_cast<void*>(5));
  step(5);
  EXPECT_TRUE(status.ok()) << status.error_message();
  queue.Shutdown();
  std::set<std::string> names;
  for (const auto& service : response.list_services_response().service()) {
    names.insert(service.name());
  }
  for (const char* name : {"quiz.v1.AuthService", "quiz.v1.BankService",
                           "quiz.v1.QuizService", "quiz.v1.AttemptService"}) {
    EXPECT_EQ(names.count(name), 1u) << name;
  }
}

TEST_F(ServerTest, LoginChecksThePassword) {
  quiz::v1::LoginRequest request;
  request.set_username("alice");
  request.set_password("wrong-password");
  quiz::v1::LoginResponse response;
  grpc::ClientContext wrong;
  grpc::Status status = auth_->Login(&wrong, request, &response);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(status.error_message(), "wrong username or password");

  request.set_username("nobody");
  grpc::ClientContext unknown;
  EXPECT_EQ(auth_->Login(&unknown, request, &response).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  request.set_username("");
  grpc::ClientContext empty;
  EXPECT_EQ(auth_->Login(&empty, request, &response).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);

  const std::string token = Login("alice");
  EXPECT_EQ(token.size(), 64u);
  quiz::v1::User user;
  ASSERT_TRUE(auth_
                  ->GetCurrentUser(As(token).get(),
                                   quiz::v1::GetCurrentUserRequest(), &user)
                  .ok());
  EXPECT_EQ(user.name(), "users/alice");
  EXPECT_EQ(user.role(), quiz::v1::ROLE_STUDENT);
}

TEST_F(ServerTest, EveryServiceRefusesMissingOrWrongTokens) {
  quiz::v1::ListQuizzesResponse quizzes;
  grpc::ClientContext none;
  grpc::Status status =
      quizzes_->ListQuizzes(&none, quiz::v1::ListQuizzesRequest(), &quizzes);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_NE(status.error_message().find("authorization"), std::string::npos);

  const std::string bad = std::string(64, 'f');
  EXPECT_EQ(
      quizzes_
          ->ListQuizzes(As(bad).get(), quiz::v1::ListQuizzesRequest(), &quizzes)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  quiz::v1::Attempt attempt;
  quiz::v1::StartAttemptRequest start;
  start.set_quiz("practice-all");
  EXPECT_EQ(
      attempts_->StartAttempt(As(bad).get(), start, &attempt).error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
  quiz::v1::ListBanksResponse banks;
  EXPECT_EQ(
      banks_->ListBanks(As(bad).get(), quiz::v1::ListBanksRequest(), &banks)
          .error_code(),
      grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServerTest, LogoutRevokesTheToken) {
  const std::string token = Login("alice");
  quiz::v1::LogoutResponse out;
  ASSERT_TRUE(
      auth_->Logout(As(token).get(), quiz::v1::LogoutRequest(), &out).ok());
  quiz::v1::User user;
  EXPECT_EQ(auth_
                ->GetCurrentUser(As(token).get(),
                                 quiz::v1::GetCurrentUserRequest(), &user)
                .error_code(),
            grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(ServerTest, ListsQuizzesPageByPage) {
  const std::string token = Login("alice");
  std::vector<std::string> ids;
  quiz::v1::ListQuizzesRequest request;
  request.set_page_size(2);
  for (int page = 0; page < 4; ++page) {
    quiz::v1::ListQuizzesResponse response;
    ASSERT_TRUE(
        quizzes_->ListQuizzes(As(token).get(), request, &response).ok());
    for (const auto& quiz : response.quizzes()) ids.push_back(quiz.id());
    if (response.next_page_token().empty()) break;
    request.set_page_token(response.next_page_token());
  }
  EXPECT_EQ(ids, (std::vector<std::string>{"exam-shuffled", "practice-all",
                                           "timed"}));

  quiz::v1::GetQuizRequest get;
  get.set_name("quizzes/exam-shuffled");
  quiz::v1::QuizSummary summary;
  ASSERT_TRUE(quizzes_->GetQuiz(As(token).get(), get, &summary).ok());
  EXPECT_EQ(summary.item_count(), 4);
  EXPECT_EQ(summary.mode(), quiz::v1::QUIZ_MODE_EXAM);
  EXPECT_EQ(summary.bank(), "banks/testbank");
  get.set_name("quizzes/none");
  EXPECT_EQ(quizzes_->GetQuiz(As(token).get(), get, &summary).error_code(),
            grpc::StatusCode::NOT_FOUND);
  request.set_page_size(-1);
  quiz::v1::ListQuizzesResponse response;
  EXPECT_EQ(
      quizzes_->ListQuizzes(As(token).get(), request, &response).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
}

TEST_F(ServerTest, WholeBanksWithKeysAreForStaffOnly) {
  quiz::v1::ListBanksResponse banks;
  ASSERT_TRUE(banks_
                  ->ListBanks(As(Login("alice")).get(),
                              quiz::v1::ListBanksRequest(), &banks)
                  .ok());
  ASSERT_EQ(banks.banks_size(), 1);
  EXPECT_EQ(banks.banks(0).item_count(), 4);
  EXPECT_EQ(banks.banks(0).version(), 1);
  EXPECT_EQ(banks.banks(0).created_by(), "system");
  EXPECT_TRUE(KeyLeaks(banks).empty());

  quiz::v1::GetBankRequest request;
  request.set_name("banks/testbank");
  quiz::v1::Bank bank;
  EXPECT_EQ(
      banks_->GetBank(As(Login("alice")).get(), request, &bank).error_code(),
      grpc::StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(banks_->GetBank(As(Login("carol")).get(), request, &bank).ok());
  EXPECT_EQ(bank.items_size(), 4);
}

TEST_F(ServerTest, UnchangedBanksKeepTheirVersionAcrossRestarts) {
  RestartServer();
  quiz::v1::ListBanksResponse banks;
  ASSERT_TRUE(banks_
                  ->ListBanks(As(Login("alice")).get(),
                              quiz::v1::ListBanksRequest(), &banks)
                  .ok());
  EXPECT_EQ(banks.banks(0).version(), 1);
}

// quizd returns freed memory in after_load: it runs once per start, and not
// when the banks do not load.
TEST_F(ServerTest, AfterLoadRunsOnceBanksHaveLoaded) {
  server_.reset();
  int runs = 0;
  service::ServerOptions options;
  options.listen = "127.0.0.1:0";
  options.db_path = db_path();
  options.banks_dir = dir_ + "/banks";
  options.after_load = [&runs] { ++runs; };
  auto server = service::QuizServer::Start(options);
  ASSERT_TRUE(server.ok()) << server.status();
  EXPECT_EQ(runs, 1);
  server->reset();

  std::ofstream(dir_ + "/banks/broken.yaml") << "id: [unclosed\n";
  server = service::QuizServer::Start(options);
  EXPECT_FALSE(server.ok());
  EXPECT_EQ(runs, 1);
}

}  // namespace
}  // namespace quizd_test
