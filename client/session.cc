#include "client/session.h"

#include <string>
#include <utility>

#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "grpcpp/create_channel.h"
#include "grpcpp/security/credentials.h"

namespace client {

using quiz::v1::AttemptService;
using quiz::v1::AuthService;
using quiz::v1::ProgressService;
using quiz::v1::QuizService;

Session::Session(const std::string& server, std::string token)
    : token_(std::move(token)),
      channel_(grpc::CreateChannel(server, grpc::InsecureChannelCredentials())),
      auth_(AuthService::NewStub(channel_)),
      quizzes_(QuizService::NewStub(channel_)),
      attempts_(AttemptService::NewStub(channel_)),
      banks_(quiz::v1::BankService::NewStub(channel_)),
      progress_(ProgressService::NewStub(channel_)) {}

absl::Status Session::Prepare(grpc::ClientContext& context,
                              bool authenticated) const {
  context.set_deadline(absl::ToChronoTime(absl::Now() + kCallTimeout));
  if (!authenticated) return absl::OkStatus();
  if (token_.empty()) {
    return absl::UnauthenticatedError("not logged in");
  }
  context.AddMetadata("authorization", absl::StrCat("Bearer ", token_));
  return absl::OkStatus();
}

template <typename Stub, typename Request, typename Reply>
absl::StatusOr<Reply> Session::Call(
    Stub* stub,
    grpc::Status (Stub::*method)(grpc::ClientContext*, const Request&, Reply*),
    const Request& request, bool authenticated) {
  grpc::ClientContext context;
  if (absl::Status ready = Prepare(context, authenticated); !ready.ok()) {
    return ready;
  }
  Reply reply;
  grpc::Status status = (stub->*method)(&context, request, &reply);
  if (!status.ok()) return FromGrpcStatus(status);
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

absl::StatusOr<quiz::v1::ListBankVersionsResponse> Session::ListBankVersions(
    const quiz::v1::ListBankVersionsRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::ListBankVersions,
              request, true);
}

absl::StatusOr<quiz::v1::Bank> Session::ExportBank(
    const quiz::v1::ExportBankRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::ExportBank, request,
              true);
}

absl::StatusOr<quiz::v1::RegradeResponse> Session::Regrade(
    const quiz::v1::RegradeRequest& request) {
  return Call(banks_.get(), &quiz::v1::BankService::Stub::Regrade, request,
              true);
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

}  // namespace client
