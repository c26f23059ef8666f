// The gRPC services of quiz.v1, on the callback API. Handlers never block:
// reads are short SQLite reads or in-memory snapshots, writes are queued to
// the store's writer thread and the reply is sent from its completion thread
// once durable, and password checks run on the worker pool.
#ifndef QUIZD_SERVER_SERVICE_SERVICES_H_
#define QUIZD_SERVER_SERVICE_SERVICES_H_

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
#include "server/service/arena_messages.h"
#include "server/service/context.h"
#include "server/service/event_hub.h"

namespace service {

class AuthServiceImpl final : public quiz::v1::AuthService::CallbackService {
 public:
  explicit AuthServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* Login(grpc::CallbackServerContext* ctx,
                                  const quiz::v1::LoginRequest* request,
                                  quiz::v1::LoginResponse* response) override;
  grpc::ServerUnaryReactor* GetCurrentUser(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetCurrentUserRequest* request,
      quiz::v1::User* response) override;
  grpc::ServerUnaryReactor* Logout(grpc::CallbackServerContext* ctx,
                                   const quiz::v1::LogoutRequest* request,
                                   quiz::v1::LogoutResponse* response) override;
  grpc::ServerUnaryReactor* ChangePassword(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ChangePasswordRequest* request,
      quiz::v1::ChangePasswordResponse* response) override;
  grpc::ServerUnaryReactor* ListSessions(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListSessionsRequest* request,
      quiz::v1::ListSessionsResponse* response) override;
  grpc::ServerUnaryReactor* RevokeSession(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::RevokeSessionRequest* request,
      quiz::v1::RevokeSessionResponse* response) override;
  grpc::ServerUnaryReactor* LogoutEverywhere(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::LogoutEverywhereRequest* request,
      quiz::v1::LogoutEverywhereResponse* response) override;

 private:
  Context& context_;
};

class BankServiceImpl final : public quiz::v1::BankService::CallbackService {
 public:
  explicit BankServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* ListBanks(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListBanksRequest* request,
      quiz::v1::ListBanksResponse* response) override;
  grpc::ServerUnaryReactor* GetBank(grpc::CallbackServerContext* ctx,
                                    const quiz::v1::GetBankRequest* request,
                                    quiz::v1::Bank* response) override;
  grpc::ServerUnaryReactor* CreateBankVersion(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateBankVersionRequest* request,
      quiz::v1::CreateBankVersionResponse* response) override;
  grpc::ServerReadReactor<quiz::v1::UploadBankVersionRequest>*
  UploadBankVersion(grpc::CallbackServerContext* ctx,
                    quiz::v1::CreateBankVersionResponse* response) override;
  grpc::ServerUnaryReactor* ListBankVersions(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListBankVersionsRequest* request,
      quiz::v1::ListBankVersionsResponse* response) override;
  grpc::ServerUnaryReactor* ExportBank(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ExportBankRequest* request,
      quiz::v1::Bank* response) override;
  grpc::ServerUnaryReactor* Regrade(
      grpc::CallbackServerContext* ctx, const quiz::v1::RegradeRequest* request,
      quiz::v1::RegradeResponse* response) override;
  // bank_owners_service.cc
  grpc::ServerUnaryReactor* ListBankOwners(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListBankOwnersRequest* request,
      quiz::v1::ListBankOwnersResponse* response) override;
  grpc::ServerUnaryReactor* AddBankOwner(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::AddBankOwnerRequest* request,
      quiz::v1::ListBankOwnersResponse* response) override;
  grpc::ServerUnaryReactor* RemoveBankOwner(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::RemoveBankOwnerRequest* request,
      quiz::v1::ListBankOwnersResponse* response) override;

 private:
  Context& context_;
};

class QuizServiceImpl final : public quiz::v1::QuizService::CallbackService {
 public:
  explicit QuizServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* ListQuizzes(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListQuizzesRequest* request,
      quiz::v1::ListQuizzesResponse* response) override;
  grpc::ServerUnaryReactor* GetQuiz(grpc::CallbackServerContext* ctx,
                                    const quiz::v1::GetQuizRequest* request,
                                    quiz::v1::QuizSummary* response) override;

 private:
  Context& context_;
};

class AttemptServiceImpl final
    : public quiz::v1::AttemptService::CallbackService {
 public:
  explicit AttemptServiceImpl(Context& context);
  grpc::ServerUnaryReactor* StartAttempt(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::StartAttemptRequest* request,
      quiz::v1::Attempt* response) override;
  grpc::ServerUnaryReactor* GetAttempt(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetAttemptRequest* request,
      quiz::v1::Attempt* response) override;
  grpc::ServerUnaryReactor* ListAttempts(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListAttemptsRequest* request,
      quiz::v1::ListAttemptsResponse* response) override;
  grpc::ServerUnaryReactor* SubmitResponse(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::SubmitResponseRequest* request,
      quiz::v1::SubmitResponseResponse* response) override;
  grpc::ServerUnaryReactor* FlagItem(grpc::CallbackServerContext* ctx,
                                     const quiz::v1::FlagItemRequest* request,
                                     quiz::v1::AttemptItem* response) override;
  grpc::ServerUnaryReactor* FinishAttempt(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::FinishAttemptRequest* request,
      quiz::v1::Attempt* response) override;

 private:
  Context& context_;
  ArenaMessages<quiz::v1::StartAttemptRequest, quiz::v1::Attempt>
      start_messages_;
  ArenaMessages<quiz::v1::GetAttemptRequest, quiz::v1::Attempt> get_messages_;
  ArenaMessages<quiz::v1::SubmitResponseRequest,
                quiz::v1::SubmitResponseResponse>
      submit_messages_;
  ArenaMessages<quiz::v1::FinishAttemptRequest, quiz::v1::Attempt>
      finish_messages_;
};

// Assignments and overrides (assignment_service.cc).
class AssignmentServiceImpl final
    : public quiz::v1::AssignmentService::CallbackService {
 public:
  explicit AssignmentServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* CreateAssignment(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateAssignmentRequest* request,
      quiz::v1::Assignment* response) override;
  grpc::ServerUnaryReactor* GetAssignment(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetAssignmentRequest* request,
      quiz::v1::Assignment* response) override;
  grpc::ServerUnaryReactor* ListAssignments(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListAssignmentsRequest* request,
      quiz::v1::ListAssignmentsResponse* response) override;
  grpc::ServerUnaryReactor* UpdateAssignment(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::UpdateAssignmentRequest* request,
      quiz::v1::Assignment* response) override;
  grpc::ServerUnaryReactor* DeleteAssignment(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::DeleteAssignmentRequest* request,
      quiz::v1::DeleteAssignmentResponse* response) override;
  grpc::ServerUnaryReactor* SetOverride(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::SetOverrideRequest* request,
      quiz::v1::AssignmentOverride* response) override;
  grpc::ServerUnaryReactor* ListOverrides(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListOverridesRequest* request,
      quiz::v1::ListOverridesResponse* response) override;
  grpc::ServerUnaryReactor* DeleteOverride(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::DeleteOverrideRequest* request,
      quiz::v1::DeleteOverrideResponse* response) override;
  grpc::ServerUnaryReactor* ReopenAttempt(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ReopenAttemptRequest* request,
      quiz::v1::Attempt* response) override;

 private:
  Context& context_;
};

class ProgressServiceImpl final
    : public quiz::v1::ProgressService::CallbackService {
 public:
  explicit ProgressServiceImpl(Context& context);
  grpc::ServerUnaryReactor* GetProgress(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetProgressRequest* request,
      quiz::v1::Progress* response) override;
  grpc::ServerUnaryReactor* ListProgress(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListProgressRequest* request,
      quiz::v1::ListProgressResponse* response) override;
  grpc::ServerUnaryReactor* GetReadiness(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetReadinessRequest* request,
      quiz::v1::Readiness* response) override;
  grpc::ServerUnaryReactor* ListDueReviews(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListDueReviewsRequest* request,
      quiz::v1::ListDueReviewsResponse* response) override;
  grpc::ServerUnaryReactor* AnswerReview(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::AnswerReviewRequest* request,
      quiz::v1::AnswerReviewResponse* response) override;
  grpc::ServerUnaryReactor* GetCareerProfile(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::GetCareerProfileRequest* request,
      quiz::v1::CareerProfile* response) override;
  grpc::ServerWriteReactor<quiz::v1::ProgressEvent>* WatchProgress(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::WatchProgressRequest* request) override;

 private:
  Context& context_;
  ArenaMessages<quiz::v1::GetProgressRequest, quiz::v1::Progress>
      progress_messages_;
};

// Service accounts, API keys and learner tokens (integration_service.cc).
class IntegrationServiceImpl final
    : public quiz::v1::IntegrationService::CallbackService {
 public:
  explicit IntegrationServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* CreateServiceAccount(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateServiceAccountRequest* request,
      quiz::v1::ServiceAccount* response) override;
  grpc::ServerUnaryReactor* ListServiceAccounts(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListServiceAccountsRequest* request,
      quiz::v1::ListServiceAccountsResponse* response) override;
  grpc::ServerUnaryReactor* DeleteServiceAccount(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::DeleteServiceAccountRequest* request,
      quiz::v1::DeleteServiceAccountResponse* response) override;
  grpc::ServerUnaryReactor* CreateApiKey(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateApiKeyRequest* request,
      quiz::v1::CreateApiKeyResponse* response) override;
  grpc::ServerUnaryReactor* ListApiKeys(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListApiKeysRequest* request,
      quiz::v1::ListApiKeysResponse* response) override;
  grpc::ServerUnaryReactor* RevokeApiKey(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::RevokeApiKeyRequest* request,
      quiz::v1::ApiKey* response) override;
  grpc::ServerUnaryReactor* IssueLearnerToken(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::IssueLearnerTokenRequest* request,
      quiz::v1::IssueLearnerTokenResponse* response) override;

 private:
  Context& context_;
};

// Admin-only account management (see user_service.proto).
class UserServiceImpl final : public quiz::v1::UserService::CallbackService {
 public:
  explicit UserServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* CreateUser(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateUserRequest* request,
      quiz::v1::User* response) override;
  grpc::ServerUnaryReactor* BatchUpsertUsers(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::BatchUpsertUsersRequest* request,
      quiz::v1::BatchUpsertUsersResponse* response) override;
  grpc::ServerUnaryReactor* GetUser(grpc::CallbackServerContext* ctx,
                                    const quiz::v1::GetUserRequest* request,
                                    quiz::v1::User* response) override;
  grpc::ServerUnaryReactor* ListUsers(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListUsersRequest* request,
      quiz::v1::ListUsersResponse* response) override;
  grpc::ServerUnaryReactor* UpdateUser(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::UpdateUserRequest* request,
      quiz::v1::User* response) override;
  grpc::ServerUnaryReactor* SetPassword(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::SetPasswordRequest* request,
      quiz::v1::SetPasswordResponse* response) override;
  grpc::ServerUnaryReactor* DeleteUser(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::DeleteUserRequest* request,
      quiz::v1::DeleteUserResponse* response) override;

 private:
  Context& context_;
};

// The audit trail, for admins (see audit_service.proto).
class AuditServiceImpl final : public quiz::v1::AuditService::CallbackService {
 public:
  explicit AuditServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* ListAuditEvents(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListAuditEventsRequest* request,
      quiz::v1::ListAuditEventsResponse* response) override;

 private:
  Context& context_;
};

// Courses and their members (course_service.cc).
class CourseServiceImpl final
    : public quiz::v1::CourseService::CallbackService {
 public:
  explicit CourseServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* CreateCourse(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::CreateCourseRequest* request,
      quiz::v1::Course* response) override;
  grpc::ServerUnaryReactor* GetCourse(grpc::CallbackServerContext* ctx,
                                      const quiz::v1::GetCourseRequest* request,
                                      quiz::v1::Course* response) override;
  grpc::ServerUnaryReactor* ListCourses(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListCoursesRequest* request,
      quiz::v1::ListCoursesResponse* response) override;
  grpc::ServerUnaryReactor* UpdateCourse(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::UpdateCourseRequest* request,
      quiz::v1::Course* response) override;
  grpc::ServerUnaryReactor* BatchUpdateMembers(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::BatchUpdateMembersRequest* request,
      quiz::v1::BatchUpdateMembersResponse* response) override;
  grpc::ServerUnaryReactor* ListMembers(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListMembersRequest* request,
      quiz::v1::ListMembersResponse* response) override;

 private:
  Context& context_;
};

// The gradebook (see gradebook_service.proto).
class GradebookServiceImpl final
    : public quiz::v1::GradebookService::CallbackService {
 public:
  explicit GradebookServiceImpl(Context& context) : context_(context) {}
  grpc::ServerUnaryReactor* ListResults(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListResultsRequest* request,
      quiz::v1::ListResultsResponse* response) override;

 private:
  Context& context_;
};

// The event log (see event_service.proto).
class EventServiceImpl final : public quiz::v1::EventService::CallbackService {
 public:
  EventServiceImpl(Context& context, EventHub& events)
      : context_(context), events_(events) {}
  grpc::ServerUnaryReactor* ListEvents(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::ListEventsRequest* request,
      quiz::v1::ListEventsResponse* response) override;
  grpc::ServerWriteReactor<quiz::v1::Event>* WatchEvents(
      grpc::CallbackServerContext* ctx,
      const quiz::v1::WatchEventsRequest* request) override;

 private:
  Context& context_;
  EventHub& events_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_SERVICES_H_
