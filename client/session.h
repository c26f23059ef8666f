// The client's connection to quizd: one gRPC channel (plaintext, or TLS as
// client/tls.h sets it up), the stubs, and the bearer token sent with every
// call but Login.
#ifndef QUIZD_CLIENT_SESSION_H_
#define QUIZD_CLIENT_SESSION_H_

#include <functional>
#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "client/tls.h"
#include "grpcpp/channel.h"
#include "grpcpp/client_context.h"
#include "quiz/v1/assignment_service.grpc.pb.h"
#include "quiz/v1/attempt_service.grpc.pb.h"
#include "quiz/v1/audit_service.grpc.pb.h"
#include "quiz/v1/auth_service.grpc.pb.h"
#include "quiz/v1/bank_service.grpc.pb.h"
#include "quiz/v1/course_service.grpc.pb.h"
#include "quiz/v1/event_service.grpc.pb.h"
#include "quiz/v1/gradebook_service.grpc.pb.h"
#include "quiz/v1/integration_service.grpc.pb.h"
#include "quiz/v1/progress_service.grpc.pb.h"
#include "quiz/v1/quiz_service.grpc.pb.h"
#include "quiz/v1/user_service.grpc.pb.h"

namespace client {

// Per-call deadline: long enough for a slow group commit, short enough that a
// dead server does not hang the terminal.
inline constexpr absl::Duration kCallTimeout = absl::Seconds(30);
// Deadline of a whole bank's transfer (push or export): a bank may be
// hundreds of megabytes.
inline constexpr absl::Duration kBankTransferTimeout = absl::Minutes(5);
// The largest bank the client reads or sends: quizd's default bank limit
// (--max-bank-bytes), plus room for the message's framing.
inline constexpr int kMaxBankMessageBytes = (256 << 20) + (1 << 20);
// Bytes per UploadBankVersion message (the server's limit is 1 MiB).
inline constexpr size_t kBankChunkBytes = 1 << 20;
// Deadline of one BatchUpsertUsers call: up to 1,000 new passwords to hash.
inline constexpr absl::Duration kBatchUpsertTimeout = absl::Minutes(3);

// One method per RPC the client makes, with the proto request and reply.
// Failures carry the server's status code and message (see FromGrpcStatus).
class Session {
 public:
  // Connects lazily to `server` (host:port). An empty `token` makes every call
  // but Login fail locally with UNAUTHENTICATED, without a round trip.
  // `token` is a login token or an API key: both are bearer credentials.
  Session(const std::string& server, std::string token);
  // The same over the channel `security` describes. A call that fails as
  // UNAVAILABLE for a TLS reason says which (tls_diagnosis.h).
  Session(const std::string& server, std::string token,
          ChannelSecurity security);

  absl::StatusOr<quiz::v1::LoginResponse> Login(
      const quiz::v1::LoginRequest& request);
  absl::Status Logout();
  absl::StatusOr<quiz::v1::ChangePasswordResponse> ChangePassword(
      const quiz::v1::ChangePasswordRequest& request);
  absl::StatusOr<quiz::v1::ListSessionsResponse> ListSessions();
  absl::Status RevokeSession(const quiz::v1::RevokeSessionRequest& request);
  absl::StatusOr<quiz::v1::LogoutEverywhereResponse> LogoutEverywhere(
      const quiz::v1::LogoutEverywhereRequest& request);
  absl::StatusOr<quiz::v1::ListQuizzesResponse> ListQuizzes(
      const quiz::v1::ListQuizzesRequest& request);
  absl::StatusOr<quiz::v1::Attempt> StartAttempt(
      const quiz::v1::StartAttemptRequest& request);
  absl::StatusOr<quiz::v1::Attempt> GetAttempt(
      const quiz::v1::GetAttemptRequest& request);
  absl::StatusOr<quiz::v1::ListAttemptsResponse> ListAttempts(
      const quiz::v1::ListAttemptsRequest& request);
  absl::StatusOr<quiz::v1::SubmitResponseResponse> SubmitResponse(
      const quiz::v1::SubmitResponseRequest& request);
  absl::StatusOr<quiz::v1::AttemptItem> FlagItem(
      const quiz::v1::FlagItemRequest& request);
  absl::StatusOr<quiz::v1::Attempt> FinishAttempt(
      const quiz::v1::FinishAttemptRequest& request);
  absl::StatusOr<quiz::v1::CreateBankVersionResponse> CreateBankVersion(
      const quiz::v1::CreateBankVersionRequest& request);
  // Streams `bank` through UploadBankVersion in kBankChunkBytes chunks, so
  // banks above gRPC's 4 MiB message limit can be pushed.
  absl::StatusOr<quiz::v1::CreateBankVersionResponse> UploadBankVersion(
      const quiz::v1::Bank& bank, bool validate_only, bool allow_quiz_removal);
  absl::StatusOr<quiz::v1::ListBankVersionsResponse> ListBankVersions(
      const quiz::v1::ListBankVersionsRequest& request);
  absl::StatusOr<quiz::v1::Bank> ExportBank(
      const quiz::v1::ExportBankRequest& request);
  absl::StatusOr<quiz::v1::RegradeResponse> Regrade(
      const quiz::v1::RegradeRequest& request);
  absl::StatusOr<quiz::v1::ListBankOwnersResponse> ListBankOwners(
      const quiz::v1::ListBankOwnersRequest& request);
  absl::StatusOr<quiz::v1::ListBankOwnersResponse> AddBankOwner(
      const quiz::v1::AddBankOwnerRequest& request);
  absl::StatusOr<quiz::v1::ListBankOwnersResponse> RemoveBankOwner(
      const quiz::v1::RemoveBankOwnerRequest& request);
  absl::StatusOr<quiz::v1::Progress> GetProgress(
      const quiz::v1::GetProgressRequest& request);
  absl::StatusOr<quiz::v1::ListProgressResponse> ListProgress(
      const quiz::v1::ListProgressRequest& request);
  absl::StatusOr<quiz::v1::Readiness> GetReadiness(
      const quiz::v1::GetReadinessRequest& request);
  absl::StatusOr<quiz::v1::ListDueReviewsResponse> ListDueReviews(
      const quiz::v1::ListDueReviewsRequest& request);
  absl::StatusOr<quiz::v1::AnswerReviewResponse> AnswerReview(
      const quiz::v1::AnswerReviewRequest& request);
  absl::StatusOr<quiz::v1::CareerProfile> GetCareerProfile(
      const quiz::v1::GetCareerProfileRequest& request);
  // IntegrationService (admins).
  absl::StatusOr<quiz::v1::ServiceAccount> CreateServiceAccount(
      const quiz::v1::CreateServiceAccountRequest& request);
  absl::StatusOr<quiz::v1::ListServiceAccountsResponse> ListServiceAccounts(
      const quiz::v1::ListServiceAccountsRequest& request);
  absl::StatusOr<quiz::v1::DeleteServiceAccountResponse> DeleteServiceAccount(
      const quiz::v1::DeleteServiceAccountRequest& request);
  absl::StatusOr<quiz::v1::CreateApiKeyResponse> CreateApiKey(
      const quiz::v1::CreateApiKeyRequest& request);
  absl::StatusOr<quiz::v1::ListApiKeysResponse> ListApiKeys(
      const quiz::v1::ListApiKeysRequest& request);
  absl::StatusOr<quiz::v1::ApiKey> RevokeApiKey(
      const quiz::v1::RevokeApiKeyRequest& request);
  // UserService (admins). BatchUpsertUsers may hash passwords of new users
  // (tens of milliseconds each), so it waits up to kBatchUpsertTimeout.
  absl::StatusOr<quiz::v1::User> CreateUser(
      const quiz::v1::CreateUserRequest& request);
  absl::StatusOr<quiz::v1::BatchUpsertUsersResponse> BatchUpsertUsers(
      const quiz::v1::BatchUpsertUsersRequest& request);
  absl::StatusOr<quiz::v1::User> GetUser(
      const quiz::v1::GetUserRequest& request);
  absl::StatusOr<quiz::v1::ListUsersResponse> ListUsers(
      const quiz::v1::ListUsersRequest& request);
  absl::StatusOr<quiz::v1::User> UpdateUser(
      const quiz::v1::UpdateUserRequest& request);
  absl::StatusOr<quiz::v1::SetPasswordResponse> SetPassword(
      const quiz::v1::SetPasswordRequest& request);
  absl::StatusOr<quiz::v1::DeleteUserResponse> DeleteUser(
      const quiz::v1::DeleteUserRequest& request);
  absl::StatusOr<quiz::v1::ListAuditEventsResponse> ListAuditEvents(
      const quiz::v1::ListAuditEventsRequest& request);
  // CourseService.
  absl::StatusOr<quiz::v1::Course> CreateCourse(
      const quiz::v1::CreateCourseRequest& request);
  absl::StatusOr<quiz::v1::Course> GetCourse(
      const quiz::v1::GetCourseRequest& request);
  absl::StatusOr<quiz::v1::ListCoursesResponse> ListCourses(
      const quiz::v1::ListCoursesRequest& request);
  absl::StatusOr<quiz::v1::Course> UpdateCourse(
      const quiz::v1::UpdateCourseRequest& request);
  absl::StatusOr<quiz::v1::BatchUpdateMembersResponse> BatchUpdateMembers(
      const quiz::v1::BatchUpdateMembersRequest& request);
  absl::StatusOr<quiz::v1::ListMembersResponse> ListMembers(
      const quiz::v1::ListMembersRequest& request);
  absl::StatusOr<quiz::v1::ListResultsResponse> ListResults(
      const quiz::v1::ListResultsRequest& request);
  // AssignmentService (instructors; learners read).
  absl::StatusOr<quiz::v1::Assignment> CreateAssignment(
      const quiz::v1::CreateAssignmentRequest& request);
  absl::StatusOr<quiz::v1::Assignment> GetAssignment(
      const quiz::v1::GetAssignmentRequest& request);
  absl::StatusOr<quiz::v1::ListAssignmentsResponse> ListAssignments(
      const quiz::v1::ListAssignmentsRequest& request);
  absl::StatusOr<quiz::v1::Assignment> UpdateAssignment(
      const quiz::v1::UpdateAssignmentRequest& request);
  absl::StatusOr<quiz::v1::DeleteAssignmentResponse> DeleteAssignment(
      const quiz::v1::DeleteAssignmentRequest& request);
  absl::StatusOr<quiz::v1::AssignmentOverride> SetOverride(
      const quiz::v1::SetOverrideRequest& request);
  absl::StatusOr<quiz::v1::ListOverridesResponse> ListOverrides(
      const quiz::v1::ListOverridesRequest& request);
  absl::StatusOr<quiz::v1::ListEventsResponse> ListEvents(
      const quiz::v1::ListEventsRequest& request);
  // Opens WatchEvents and hands each event to `on_event` until it returns
  // false (then OK) or the stream ends (its status: OK when the server
  // closed it). No deadline: a follower runs until stopped.
  absl::Status WatchEvents(
      const quiz::v1::WatchEventsRequest& request,
      const std::function<bool(const quiz::v1::Event&)>& on_event);

 private:
  // Fills `context` with the deadline and, when `authenticated`, the
  // authorization header. Fails when a token is needed and there is none.
  absl::Status Prepare(grpc::ClientContext& context, bool authenticated,
                       absl::Duration timeout = kCallTimeout) const;

  // Runs one unary call on a fresh context.
  template <typename Stub, typename Request, typename Reply>
  absl::StatusOr<Reply> Call(Stub* stub,
                             grpc::Status (Stub::*method)(grpc::ClientContext*,
                                                          const Request&,
                                                          Reply*),
                             const Request& request, bool authenticated,
                             absl::Duration timeout = kCallTimeout);

  // FromGrpcStatus, with TLS failures explained.
  absl::Status Failed(const grpc::Status& status) const;

  std::string server_;
  ChannelSecurity security_;
  std::string token_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<quiz::v1::AuthService::Stub> auth_;
  std::unique_ptr<quiz::v1::QuizService::Stub> quizzes_;
  std::unique_ptr<quiz::v1::AttemptService::Stub> attempts_;
  std::unique_ptr<quiz::v1::BankService::Stub> banks_;
  std::unique_ptr<quiz::v1::ProgressService::Stub> progress_;
  std::unique_ptr<quiz::v1::IntegrationService::Stub> integration_;
  std::unique_ptr<quiz::v1::UserService::Stub> users_;
  std::unique_ptr<quiz::v1::AuditService::Stub> audit_;
  std::unique_ptr<quiz::v1::CourseService::Stub> courses_;
  std::unique_ptr<quiz::v1::GradebookService::Stub> gradebook_;
  std::unique_ptr<quiz::v1::AssignmentService::Stub> assignments_;
  std::unique_ptr<quiz::v1::EventService::Stub> events_;
};

}  // namespace client

#endif  // QUIZD_CLIENT_SESSION_H_
