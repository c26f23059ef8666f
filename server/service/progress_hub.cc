#include "server/service/progress_hub.h"

#include <set>
#include <vector>

#include "server/service/call.h"

namespace service {

int64_t ProgressHub::Subscribe(std::string token_hash, Listener listener,
                               int64_t after_cursor) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) {
    listener.on_end(absl::OkStatus());
    return 0;
  }
  const int64_t id = next_id_++;
  subscriptions_.emplace(id, Subscription{std::move(token_hash),
                                          std::move(listener), after_cursor});
  return id;
}

void ProgressHub::Unsubscribe(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscriptions_.erase(id);
}

void ProgressHub::Publish(const quiz::v1::ProgressEvent& event,
                          int64_t cursor) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, subscription] : subscriptions_) {
    if (cursor > subscription.after_cursor) {
      subscription.listener.on_event(event);
    }
  }
}

void ProgressHub::EndRevoked(
    const std::function<bool(const std::string& token_hash)>& still_valid) {
  std::set<std::string> tokens;
  {
    std::lock_guard<std::mutex> lock(mutex_);
    for (const auto& [id, subscription] : subscriptions_) {
      tokens.insert(subscription.token_hash);
    }
  }
  std::set<std::string> revoked;
  for (const std::string& token : tokens) {
    if (!still_valid(token)) revoked.insert(token);
  }
  if (revoked.empty()) return;
  const absl::Status ended = absl::UnauthenticatedError(
      "the token of this stream was logged out or expired; log in again");
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto it = subscriptions_.begin(); it != subscriptions_.end();) {
    if (revoked.count(it->second.token_hash) > 0) {
      it->second.listener.on_end(ended);
      it = subscriptions_.erase(it);
    } else {
      ++it;
    }
  }
}

void ProgressHub::Close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  for (auto& [id, subscription] : subscriptions_) {
    subscription.listener.on_end(absl::OkStatus());
  }
  subscriptions_.clear();
}

quiz::v1::ProgressEvent AttemptEvent(const store::AttemptRecord& attempt,
                                     const std::string& username,
                                     const quiz::v1::AttemptResult* previous,
                                     int64_t event_time_ms) {
  quiz::v1::ProgressEvent event;
  event.set_user("users/" + username);
  event.set_attempt("attempts/" + attempt.id);
  event.set_quiz("quizzes/" + attempt.quiz_id);
  *event.mutable_result() = attempt.result;
  SetTimestamp(attempt.finish_time_ms, event.mutable_finish_time());
  if (previous == nullptr) {
    event.set_kind(quiz::v1::ProgressEvent::KIND_FINISHED);
    SetTimestamp(attempt.finish_time_ms, event.mutable_event_time());
  } else {
    event.set_kind(quiz::v1::ProgressEvent::KIND_REGRADED);
    *event.mutable_previous_result() = *previous;
    SetTimestamp(event_time_ms, event.mutable_event_time());
  }
  return event;
}

}  // namespace service
