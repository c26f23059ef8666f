// ProgressService.WatchProgress: a server stream of "attempt finished" events.
#include <deque>
#include <mutex>
#include <set>

#include "absl/strings/str_cat.h"
#include "server/service/acceptor.h"
#include "server/service/call.h"
#include "server/service/services.h"
#include "server/text/request_text.h"

namespace service {
namespace {

// One open stream. Events arrive from the hub (any thread) and go out one
// write at a time, in order. Deletes itself in OnDone.
class Watcher final : public grpc::ServerWriteReactor<quiz::v1::ProgressEvent> {
 public:
  // `users` empty: every user.
  Watcher(ProgressHub& hub, std::set<std::string> users)
      : hub_(hub), users_(std::move(users)) {
    id_ = hub_.Subscribe(
        [this](const quiz::v1::ProgressEvent* event) { Push(event); });
  }

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    queue_.pop_front();
    writing_ = false;
    if (!ok || ending_) return FinishLocked();
    if (!queue_.empty()) {
      writing_ = true;
      StartWrite(&queue_.front());
    } else if (closing_) {
      FinishLocked();
    }
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    ending_ = true;
    status_ = grpc::Status::CANCELLED;
    if (!writing_) FinishLocked();
  }

  void OnDone() override {
    hub_.Unsubscribe(id_);
    delete this;
  }

 private:
  // nullptr: the hub is closing (server shutdown).
  void Push(const quiz::v1::ProgressEvent* event) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (event == nullptr) {
      closing_ = true;
      if (!writing_) FinishLocked();
      return;
    }
    if (ending_ || (!users_.empty() && users_.count(event->user()) == 0)) {
      return;
    }
    queue_.push_back(*event);  // deque: references to queued events stay valid
    if (!writing_) {
      writing_ = true;
      StartWrite(&queue_.front());
    }
  }

  void FinishLocked() {
    if (finished_) return;
    finished_ = true;
    ending_ = true;
    queue_.clear();
    Finish(status_);
  }

  ProgressHub& hub_;
  const std::set<std::string> users_;
  int64_t id_ = 0;
  std::mutex mutex_;
  std::deque<quiz::v1::ProgressEvent> queue_;
  bool writing_ = false;
  bool closing_ = false;
  bool ending_ = false;
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

}  // namespace

grpc::ServerWriteReactor<quiz::v1::ProgressEvent>*
ProgressServiceImpl::WatchProgress(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::WatchProgressRequest* request) {
  absl::StatusOr<auth::Principal> principal = AuthenticateCall(context_, *ctx);
  std::set<std::string> users(request->users().begin(), request->users().end());
  absl::Status status = principal.status();
  if (status.ok()) status = CheckRequest(*request);
  if (status.ok() && !principal->is_staff()) {
    const std::string self = "users/" + principal->username;
    if (users.empty()) users.insert(self);
    if (users.size() != 1 || *users.begin() != self) {
      status = absl::PermissionDeniedError(
          "students may watch only their own progress");
    }
  }
  if (!status.ok()) {
    LogFailedCall("ProgressService.WatchProgress",
                  principal.ok() ? principal->username : "", *ctx, status);
    return new RefusedStream(ToGrpc(status));
  }
  return new Watcher(context_.hub, std::move(users));
}

}  // namespace service
