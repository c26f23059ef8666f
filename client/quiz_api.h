// The RPCs the client makes, behind an interface so the command logic can be
// tested against an in-memory fake instead of a server.
#ifndef QUIZD_CLIENT_QUIZ_API_H_
#define QUIZD_CLIENT_QUIZ_API_H_

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "quiz/v1/attempt_service.pb.h"
#include "quiz/v1/auth_service.pb.h"
#include "quiz/v1/quiz_service.pb.h"

namespace client {

// One method per RPC, with the proto request and reply. Failures carry the
// server's status code and message (see FromGrpcStatus). Implementations are
// not required to be thread-safe.
class QuizApi {
 public:
  virtual ~QuizApi() = default;

  virtual absl::StatusOr<quiz::v1::LoginResponse> Login(
      const quiz::v1::LoginRequest& request) = 0;
  virtual absl::Status Logout() = 0;

  virtual absl::StatusOr<quiz::v1::ListQuizzesResponse> ListQuizzes(
      const quiz::v1::ListQuizzesRequest& request) = 0;

  virtual absl::StatusOr<quiz::v1::Attempt> StartAttempt(
      const quiz::v1::StartAttemptRequest& request) = 0;
  virtual absl::StatusOr<quiz::v1::Attempt> GetAttempt(
      const quiz::v1::GetAttemptRequest& request) = 0;
  virtual absl::StatusOr<quiz::v1::ListAttemptsResponse> ListAttempts(
      const quiz::v1::ListAttemptsRequest& request) = 0;
  virtual absl::StatusOr<quiz::v1::SubmitResponseResponse> SubmitResponse(
      const quiz::v1::SubmitResponseRequest& request) = 0;
  virtual absl::StatusOr<quiz::v1::AttemptItem> FlagItem(
      const quiz::v1::FlagItemRequest& request) = 0;
  virtual absl::StatusOr<quiz::v1::Attempt> FinishAttempt(
      const quiz::v1::FinishAttemptRequest& request) = 0;
};

}  // namespace client

#endif  // QUIZD_CLIENT_QUIZ_API_H_
