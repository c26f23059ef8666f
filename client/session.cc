#include "client/session.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "client/tls_diagnosis.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace client {

using quiz::v1::AttemptService;
using quiz::v1::AuthService;
using quiz::v1::ProgressService;
using quiz::v1::QuizService;
using quiz::v1::UserService;

namespace {

// Login is retried, with backoff, when it fails UNAVAILABLE: a server
// shedding a flood of big requests closes connections without calls
// (auth_service.proto), and a second login can do no harm.
constexpr char kServiceConfig[] = R"({"methodConfig": [{
  "name": [{"service": "quiz.v1.AuthService", "method": "Login"}],
  "retryPolicy": {"maxAttempts": 4, "initialBackoff": "0.2s",
                  "maxBackoff": "1s", "backoffMultiplier": 2,
                  "retryableStatusCodes": ["UNAVAILABLE"]}}]})";

// Whole banks come back as one message (GetBank, ExportBank), so the
// channel takes messages up to the server's bank limit.
std::shared_ptr<grpc::Channel> Connect(const std::string& server,
                                       const ChannelSecurity& security) {
  grpc::ChannelArguments args;
  args.SetMaxReceiveMessageSize(kMaxBankMessageBytes);
  // Names the client in the server's audit trail ("quiz grpc-c++/...").
  args.SetUserAgentPrefix("quiz");
  args.SetServiceConfigJSON(kServiceConfig);
  std::shared_ptr<grpc::ChannelCredentials> credentials =
      MakeChannelCredentials(security, args);
  return grpc::CreateCustomChannel(ChannelTarget(server), credentials, args);
}

}  // namespace

Session::Session(const std::string& server, std::string token)
    : Session(server, std::move(token), ChannelSecurity()) {}

Session::Session(const std::string& server, std::string token,
                 ChannelSecurity security)
    : server_(server),
      security_(std::move(security)),
      token_(std::move(token)),
      channel_(Connect(server_, security_)),
      auth_(AuthService::NewStub(channel_)),
      quizzes_(QuizService::NewStub(channel_)),
      attempts_(AttemptService::NewStub(channel_)),
      banks_(quiz::v1::BankService::NewStub(channel_)),
      progress_(ProgressService::NewStub(channel_)),
      integration_(quiz::v1::IntegrationService::NewStub(channel_)),
      users_(UserService::NewStub(channel_)),
      audit_(quiz::v1::AuditService::NewStub(channel_)),
      courses_(quiz::v1::CourseService::NewStub(channel_)),
      gradebook_(quiz::v1::GradebookService::NewStub(channel_)),
      assignments_(quiz::v1::AssignmentService::NewStub(channel_)),
      events_(quiz::v1::EventService::NewStub(channel_)) {}

absl::Status Session::Prepare(grpc::ClientContext& context, bool authenticated,
                              absl::Duration timeout) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + timeout));
  if (!authenticated) return absl::OkStatus();
  if (token_.empty()) {
    return absl::UnauthenticatedError("not logged in");
  }
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  return absl::OkStatus();
}

absl::Status Session::Failed(const grpc::Status& status) const {
  return ExplainUnavailable(FromGrpcStatus(status), server_, security_);
}

template <typename Stub, typename Request, typename Reply>
absl::StatusOr<Reply> Session::Call(
    Stub* stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Reply*),
    const Request& request, bool authenticated, absl::Duration timeout) {
  grpc::ClientContext context;
  if (absl::Status ready = Prepare(context, authenticated, timeout);
      !ready.ok()) {
    return ready;
  }
  Reply reply;
  grpc::Status status = (stub->*method)(&context, request, &reply);
  if (!status.ok()) return Failed(status);
  return reply;
}

absl::StatusOr<quiz::v1::LoginResponse> Session::Login(
    const quiz::v1::LoginRequest& request) {
  return Call(auth_.get(), &AuthService::Stub::Login, request,
              /*authenticated=*/false);
}

absl::Status Session::Logout() {
  return Call(auth_.get(), &AuthService::Stub::Logout,
              quiz::v1::LogoutRequest(), /*authenticated=*/true)
      .status();
}

absl::StatusOr<quiz::v1::ChangePasswordResponse> Session::ChangePassword(
    const quiz::v1::ChangePasswordRequest& request) {
  return Call(auth_.get(), &AuthService::Stub::ChangePassword, request, true);
}

absl::StatusOr<quiz::v1::ListSessionsResponse> Session::ListSessions() {
  return Call(auth_.get(), &AuthService::Stub::ListSessions,
              quiz::v1::ListSessionsRequest(), true);
}

absl::Status Session::RevokeSession(
    const quiz::v1::RevokeSessionRequest& request) {
  return Call(auth_.get(), &AuthService::Stub::RevokeSession, request, true)
      .status();
}

absl::StatusOr<quiz::v1::LogoutEverywhereResponse> Session::LogoutEverywhere(
    const quiz::v1::LogoutEverywhereRequest& request) {
  return Call(auth_.get(), &AuthService::Stub::LogoutEverywhere, request, true);
}

absl::StatusOr<quiz::v1::ListQuizzesResponse> Session::ListQuizzes(
    const quiz::v1::ListQuizzesRequest& request) {
  return Call(quizzes_.get(), &QuizService::Stub::ListQuizzes, request, true);
}

absl::StatusOr<quiz::v1::Attempt> Session::StartAttempt(
    const quiz::v1::StartAttemptRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::StartAttempt, request,
              true);
}

absl::StatusOr<quiz::v1::Attempt> Session::GetAttempt(
    const quiz::v1::GetAttemptRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::GetAttempt, request,
              true);
}

absl::StatusOr<quiz::v1::ListAttemptsResponse> Session::ListAttempts(
    const quiz::v1::ListAttemptsRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::ListAttempts, request,
              true);
}

absl::StatusOr<quiz::v1::SubmitResponseResponse> Session::SubmitResponse(
    const quiz::v1::SubmitResponseRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::SubmitResponse, request,
              true);
}

absl::StatusOr<quiz::v1::AttemptItem> Session::FlagItem(
    const quiz::v1::FlagItemRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::FlagItem, request, true);
}

absl::StatusOr<quiz::v1::Attempt> Session::FinishAttempt(
    const quiz::v1::FinishAttemptRequest& request) {
  return Call(attempts_.get(), &AttemptService::Stub::FinishAttempt, request,
              true);
}

absl::StatusOr<quiz::v1::CreateBankVersionResponse> Session::CreateBankVersion(
    const quiz::v1::CreateBankVersionRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::CreateBankVersion,
              request, true);
}

absl::StatusOr<quiz::v1::CreateBankVersionResponse> Session::UploadBankVersion(
    const quiz::v1::Bank& bank, bool validate_only, bool allow_quiz_removal) {
  grpc::ClientContext context;
  if (absl::Status ready = Prepare(context, true, kBankTransferTimeout);
      !ready.ok()) {
    return ready;
  }
  const std::string bytes = bank.SerializeAsString();
  quiz::v1::CreateBankVersionResponse reply;
  std::unique_ptr<grpc::ClientWriter<quiz::v1::UploadBankVersionRequest>>
      writer = banks_->UploadBankVersion(&context, &reply);
  quiz::v1::UploadBankVersionRequest chunk;
  chunk.set_validate_only(validate_only);
  chunk.set_allow_quiz_removal(allow_quiz_removal);
  chunk.set_bank_size(static_cast<int64_t>(bytes.size()));
  size_t offset = 0;
  do {
    chunk.set_bank_chunk(bytes.substr(offset, kBankChunkBytes));
    offset += kBankChunkBytes;
    // A failed write means the server has ended the call; Finish says why.
    if (!writer->Write(chunk)) break;
    chunk.clear_validate_only();
    chunk.clear_allow_quiz_removal();
    chunk.clear_bank_size();
  } while (offset < bytes.size());
  writer->WritesDone();
  grpc::Status status = writer->Finish();
  if (!status.ok()) return Failed(status);
  return reply;
}

absl::StatusOr<quiz::v1::ListBankVersionsResponse> Session::ListBankVersions(
    const quiz::v1::ListBankVersionsRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::ListBankVersions,
              request, true);
}

absl::StatusOr<quiz::v1::Bank> Session::ExportBank(
    const quiz::v1::ExportBankRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::ExportBank, request,
              true, kBankTransferTimeout);
}

absl::StatusOr<quiz::v1::RegradeResponse> Session::Regrade(
    const quiz::v1::RegradeRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::Regrade, request,
              true);
}

absl::StatusOr<quiz::v1::ListBankOwnersResponse> Session::ListBankOwners(
    const quiz::v1::ListBankOwnersRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::ListBankOwners,
              request, true);
}

absl::StatusOr<quiz::v1::ListBankOwnersResponse> Session::AddBankOwner(
    const quiz::v1::AddBankOwnerRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::AddBankOwner, request,
              true);
}

absl::StatusOr<quiz::v1::ListBankOwnersResponse> Session::RemoveBankOwner(
    const quiz::v1::RemoveBankOwnerRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::RemoveBankOwner,
              request, true);
}

absl::StatusOr<quiz::v1::Progress> Session::GetProgress(
    const quiz::v1::GetProgressRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::GetProgress, request,
              true);
}

absl::StatusOr<quiz::v1::ListProgressResponse> Session::ListProgress(
    const quiz::v1::ListProgressRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::ListProgress, request,
              true);
}

absl::StatusOr<quiz::v1::Readiness> Session::GetReadiness(
    const quiz::v1::GetReadinessRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::GetReadiness, request,
              true);
}

absl::StatusOr<quiz::v1::ListDueReviewsResponse> Session::ListDueReviews(
    const quiz::v1::ListDueReviewsRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::ListDueReviews, request,
              true);
}

absl::StatusOr<quiz::v1::AnswerReviewResponse> Session::AnswerReview(
    const quiz::v1::AnswerReviewRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::AnswerReview, request,
              true);
}

absl::StatusOr<quiz::v1::CareerProfile> Session::GetCareerProfile(
    const quiz::v1::GetCareerProfileRequest& request) {
  return Call(progress_.get(), &ProgressService::Stub::GetCareerProfile,
              request, true);
}

using quiz::v1::IntegrationService;

absl::StatusOr<quiz::v1::ServiceAccount> Session::CreateServiceAccount(
    const quiz::v1::CreateServiceAccountRequest& request) {
  return Call(integration_.get(),
              &IntegrationService::Stub::CreateServiceAccount, request, true);
}

absl::StatusOr<quiz::v1::ListServiceAccountsResponse>
Session::ListServiceAccounts(
    const quiz::v1::ListServiceAccountsRequest& request) {
  return Call(integration_.get(),
              &IntegrationService::Stub::ListServiceAccounts, request, true);
}

absl::StatusOr<quiz::v1::DeleteServiceAccountResponse>
Session::DeleteServiceAccount(
    const quiz::v1::DeleteServiceAccountRequest& request) {
  return Call(integration_.get(),
              &IntegrationService::Stub::DeleteServiceAccount, request, true);
}

absl::StatusOr<quiz::v1::CreateApiKeyResponse> Session::CreateApiKey(
    const quiz::v1::CreateApiKeyRequest& request) {
  return Call(integration_.get(), &IntegrationService::Stub::CreateApiKey,
              request, true);
}

absl::StatusOr<quiz::v1::ListApiKeysResponse> Session::ListApiKeys(
    const quiz::v1::ListApiKeysRequest& request) {
  return Call(integration_.get(), &IntegrationService::Stub::ListApiKeys,
              request, true);
}

absl::StatusOr<quiz::v1::ApiKey> Session::RevokeApiKey(
    const quiz::v1::RevokeApiKeyRequest& request) {
  return Call(integration_.get(), &IntegrationService::Stub::RevokeApiKey,
              request, true);
}

absl::StatusOr<quiz::v1::User> Session::CreateUser(
    const quiz::v1::CreateUserRequest& request) {
  return Call(users_.get(), &UserService::Stub::CreateUser, request, true);
}

absl::StatusOr<quiz::v1::BatchUpsertUsersResponse> Session::BatchUpsertUsers(
    const quiz::v1::BatchUpsertUsersRequest& request) {
  return Call(users_.get(), &UserService::Stub::BatchUpsertUsers, request, true,
              kBatchUpsertTimeout);
}

absl::StatusOr<quiz::v1::User> Session::GetUser(
    const quiz::v1::GetUserRequest& request) {
  return Call(users_.get(), &UserService::Stub::GetUser, request, true);
}

absl::StatusOr<quiz::v1::ListUsersResponse> Session::ListUsers(
    const quiz::v1::ListUsersRequest& request) {
  return Call(users_.get(), &UserService::Stub::ListUsers, request, true);
}

absl::StatusOr<quiz::v1::User> Session::UpdateUser(
    const quiz::v1::UpdateUserRequest& request) {
  return Call(users_.get(), &UserService::Stub::UpdateUser, request, true);
}

absl::StatusOr<quiz::v1::SetPasswordResponse> Session::SetPassword(
    const quiz::v1::SetPasswordRequest& request) {
  return Call(users_.get(), &UserService::Stub::SetPassword, request, true);
}

absl::StatusOr<quiz::v1::DeleteUserResponse> Session::DeleteUser(
    const quiz::v1::DeleteUserRequest& request) {
  return Call(users_.get(), &UserService::Stub::DeleteUser, request, true);
}

absl::StatusOr<quiz::v1::ListAuditEventsResponse> Session::ListAuditEvents(
    const quiz::v1::ListAuditEventsRequest& request) {
  return Call(audit_.get(), &quiz::v1::AuditService::Stub::ListAuditEvents,
              request, true);
}

using quiz::v1::CourseService;

absl::StatusOr<quiz::v1::Course> Session::CreateCourse(
    const quiz::v1::CreateCourseRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::CreateCourse, request,
              true);
}

absl::StatusOr<quiz::v1::Course> Session::GetCourse(
    const quiz::v1::GetCourseRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::GetCourse, request, true);
}

absl::StatusOr<quiz::v1::ListCoursesResponse> Session::ListCourses(
    const quiz::v1::ListCoursesRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::ListCourses, request, true);
}

absl::StatusOr<quiz::v1::Course> Session::UpdateCourse(
    const quiz::v1::UpdateCourseRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::UpdateCourse, request,
              true);
}

absl::StatusOr<quiz::v1::BatchUpdateMembersResponse>
Session::BatchUpdateMembers(
    const quiz::v1::BatchUpdateMembersRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::BatchUpdateMembers, request,
              true);
}

absl::StatusOr<quiz::v1::ListMembersResponse> Session::ListMembers(
    const quiz::v1::ListMembersRequest& request) {
  return Call(courses_.get(), &CourseService::Stub::ListMembers, request, true);
}

absl::StatusOr<quiz::v1::ListResultsResponse> Session::ListResults(
    const quiz::v1::ListResultsRequest& request) {
  return Call(gradebook_.get(), &quiz::v1::GradebookService::Stub::ListResults,
              request, true);
}

absl::StatusOr<quiz::v1::Assignment> Session::CreateAssignment(
    const quiz::v1::CreateAssignmentRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::CreateAssignment, request,
              true);
}

absl::StatusOr<quiz::v1::Assignment> Session::GetAssignment(
    const quiz::v1::GetAssignmentRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::GetAssignment, request, true);
}

absl::StatusOr<quiz::v1::ListAssignmentsResponse> Session::ListAssignments(
    const quiz::v1::ListAssignmentsRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::ListAssignments, request,
              true);
}

absl::StatusOr<quiz::v1::Assignment> Session::UpdateAssignment(
    const quiz::v1::UpdateAssignmentRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::UpdateAssignment, request,
              true);
}

absl::StatusOr<quiz::v1::DeleteAssignmentResponse> Session::DeleteAssignment(
    const quiz::v1::DeleteAssignmentRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::DeleteAssignment, request,
              true);
}

absl::StatusOr<quiz::v1::AssignmentOverride> Session::SetOverride(
    const quiz::v1::SetOverrideRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::SetOverride, request, true);
}

absl::StatusOr<quiz::v1::ListOverridesResponse> Session::ListOverrides(
    const quiz::v1::ListOverridesRequest& request) {
  return Call(assignments_.get(),
              &quiz::v1::AssignmentService::Stub::ListOverrides, request, true);
}

absl::StatusOr<quiz::v1::ListEventsResponse> Session::ListEvents(
    const quiz::v1::ListEventsRequest& request) {
  return Call(events_.get(), &quiz::v1::EventService::Stub::ListEvents, request,
              true);
}

absl::Status Session::WatchEvents(
    const quiz::v1::WatchEventsRequest& request,
    const std::function<bool(const quiz::v1::Event&)>& on_event) {
  grpc::ClientContext context;
  // A year stands for "no deadline" (gRPC needs a finite one).
  if (absl::Status ready = Prepare(context, true, absl::Hours(24 * 365));
      !ready.ok()) {
    return ready;
  }
  std::unique_ptr<grpc::ClientReader<quiz::v1::Event>> stream =
      events_->WatchEvents(&context, request);
  quiz::v1::Event event;
  while (stream->Read(&event)) {
    if (!on_event(event)) {
      context.TryCancel();
      while (stream->Read(&event)) {
      }
      stream->Finish().error_code();
      return absl::OkStatus();
    }
  }
  grpc::Status status = stream->Finish();
  if (!status.ok()) return Failed(status);
  return absl::OkStatus();
}

}  // namespace client
