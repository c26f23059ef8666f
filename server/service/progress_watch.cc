// ProgressService.WatchProgress: a server stream of progress events (an
// attempt finished or regraded), for as long as the caller's token holds.
#include <deque>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/service/acceptor.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/services.h"
#include "server/text/request_text.h"

namespace service {
namespace {

// One open stream. Events arrive from the hub (any thread) and go out one
// write at a time, in order, after the headers. Deletes itself in OnDone.
class Watcher final : public grpc::ServerWriteReactor<quiz::v1::ProgressEvent> {
 public:
  // `users` empty: every user. `token_hash`: the caller's token; the hub
  // ends the stream when it is logged out or expires.
  // `after_cursor`: the event log's latest cursor, read before subscribing
  // (see ProgressHub::Subscribe).
  Watcher(ProgressHub& hub, const std::string& token_hash,
          std::set<std::string> users, int64_t after_cursor)
      : hub_(hub), users_(std::move(users)) {
    id_ = hub_.Subscribe(
        token_hash,
        {[this](const quiz::v1::ProgressEvent& event) { Push(event); },
         [this](const absl::Status& status) { End(status); }},
        after_cursor);
    // Subscribed: the headers tell the client that every event from now on
    // reaches it. gRPC takes them before any write.
    std::lock_guard<std::mutex> lock(mutex_);
    subscribed_ = true;
    if (!ending_ && !closing_) StartSendInitialMetadata();
    PumpLocked();
  }

  void OnSendInitialMetadataDone(bool ok) override {}

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.pop_front();
    writing_ = false;
    if (!ok) ending_ = true;
    PumpLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    ending_ = true;
    status_ = grpc::Status::CANCELLED;
    PumpLocked();
  }

  void OnDone() override {
    hub_.Unsubscribe(id_);
    delete this;
  }

 private:
  void Push(const quiz::v1::ProgressEvent& event) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (ending_ || closing_ ||
        (!users_.empty() && users_.count(event.user()) == 0)) {
      return;
    }
    queue_.push_back(event);  // deque: references to queued events stay valid
    PumpLocked();
  }

  // The hub ended the subscription: OK when the server shuts down (the
  // queued events still go out), an error when the token no longer holds
  // (nothing more goes out).
  void End(const absl::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status.ok()) {
      closing_ = true;
    } else {
      ending_ = true;
      status_ = ToGrpc(status);
    }
    PumpLocked();
  }

  // Moves the stream on when no write is in flight: finishes it when it is
  // ending, or closing with nothing left to send; otherwise writes the next
  // queued event.
  void PumpLocked() {
    if (finished_ || writing_ || !subscribed_) return;
    if (ending_ || (closing_ && queue_.empty())) {
      finished_ = true;
      queue_.clear();
      Finish(status_);
    } else if (!queue_.empty()) {
      writing_ = true;
      StartWrite(&queue_.front());
    }
  }

  ProgressHub& hub_;
  const std::set<std::string> users_;
  int64_t id_ = 0;
  std::mutex mutex_;
  std::deque<quiz::v1::ProgressEvent> queue_;
  bool subscribed_ = false;  // the constructor has subscribed
  bool writing_ = false;
  bool closing_ = false;  // the hub closed: send what is queued, then finish
  bool ending_ = false;   // finish as soon as no write is in flight
  bool finished_ = false;
  grpc::Status status_ = grpc::Status::OK;
};

// A stream refused before it starts: finishes at once with `status`.
class RefusedStream final
    : public grpc::ServerWriteReactor<quiz::v1::ProgressEvent> {
 public:
  explicit RefusedStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

// For a caller acting on their own learners only: checks that every user
// `users` names is one (PERMISSION_DENIED otherwise, the same for a user who
// does not exist) and names each as events do ("users/{username}"), or when
// it names none, fills it with the learners they have now (and the caller,
// so that it never means everyone).
absl::Status OwnLearners(Context& context, const auth::Principal& principal,
                         std::set<std::string>& users) {
  std::set<std::string> named;
  for (const std::string& name : users) {
    absl::StatusOr<store::UserRecord> user =
        ResolveLearner(context, principal, name);
    if (absl::IsNotFound(user.status())) {
      return absl::PermissionDeniedError(absl::StrCat(
          "users: instructors may watch only their own learners (active "
          "learners of a course they teach); ",
          typed::ShownText(name), " is not one"));
    }
    if (!user.ok()) return user.status();
    named.insert("users/" + user->username);
  }
  if (!named.empty()) {
    users = std::move(named);
    return absl::OkStatus();
  }
  users.insert("users/" + principal.username);
  std::string after;
  while (true) {
    constexpr int kPage = 500;
    absl::StatusOr<std::vector<store::UserRecord>> learners =
        context.store.ListLearnersOf(principal.user_id, after, kPage);
    if (!learners.ok()) return learners.status();
    for (const store::UserRecord& learner : *learners) {
      users.insert("users/" + learner.username);
    }
    if (static_cast<int>(learners->size()) < kPage) return absl::OkStatus();
    after = learners->back().username;
  }
}

}  // namespace

grpc::ServerWriteReactor<quiz::v1::ProgressEvent>*
ProgressServiceImpl::WatchProgress(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::WatchProgressRequest* request) {
  absl::StatusOr<auth::Principal> principal =
      AuthenticateCall(context_, *ctx, "ProgressService.WatchProgress");
  std::set<std::string> users(request->users().begin(), request->users().end());
  absl::Status status = principal.status();
  if (status.ok()) status = CheckRequest(*request);
  if (status.ok() &&
      principal->related == auth::Principal::Related::kOwnLearners) {
    status = OwnLearners(context_, *principal, users);
  } else if (status.ok() && !principal->may_act_on_others) {
    const std::string self = "users/" + principal->username;
    if (users.empty()) users.insert(self);
    if (users.size() != 1 || *users.begin() != self) {
      status = absl::PermissionDeniedError(
          "students may watch only their own progress");
    }
  }
  // Finishes already committed (their replies may be out) are not news to
  // this stream, even when the feed publishes them after it subscribed.
  absl::StatusOr<int64_t> latest =
      status.ok() ? context_.store.LatestEventCursor() : status;
  if (!latest.ok()) {
    LogFailedCall("ProgressService.WatchProgress",
                  principal.ok() ? principal->username : "", *ctx,
                  latest.status());
    return new RefusedStream(ToGrpc(latest.status()));
  }
  return new Watcher(context_.hub, principal->token_hash, std::move(users),
                     *latest);
}

}  // namespace service
