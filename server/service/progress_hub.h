// Fans out progress events (an attempt finished or regraded) to
// WatchProgress streams, and ends streams whose token no longer holds.
#ifndef QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_
#define QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>
#include <string>

#include "absl/status/status.h"
#include "quiz/v1/progress_service.pb.h"
#include "server/store/store.h"

namespace service {

class ProgressHub {
 public:
  // What a subscriber is told, under the hub's lock: neither may block or
  // call back into the hub.
  struct Listener {
    // Each event published while subscribed.
    std::function<void(const quiz::v1::ProgressEvent&)> on_event;
    // Once, when the hub ends the subscription: OK when the hub closes
    // (server shutdown), UNAUTHENTICATED when its token no longer holds.
    // No event follows.
    std::function<void(const absl::Status&)> on_end;
  };

  // Subscribes on behalf of the holder of `token_hash` (see EndRevoked),
  // to the events published with a cursor above `after_cursor` (the event
  // log's, read before subscribing: what committed before is not news).
  // Returns an id for Unsubscribe. A closed hub calls `on_end(OK)` at once
  // and returns 0.
  int64_t Subscribe(std::string token_hash, Listener listener,
                    int64_t after_cursor = 0);
  // After it returns, the listener is never called again.
  void Unsubscribe(int64_t id);
  // `cursor`: the position in the event log of the event it comes from.
  void Publish(const quiz::v1::ProgressEvent& event, int64_t cursor);
  // Ends, with UNAUTHENTICATED, every subscription whose token
  // `still_valid` rejects (logged out or expired). Calls `still_valid` once
  // per distinct token, without the hub's lock held, so it may read the
  // store.
  void EndRevoked(
      const std::function<bool(const std::string& token_hash)>& still_valid);
  // Tells every listener the hub is closing (server shutdown) and refuses new
  // ones, so open streams end before the server waits for them.
  void Close();

 private:
  struct Subscription {
    std::string token_hash;
    Listener listener;
    int64_t after_cursor = 0;
  };

  std::mutex mutex_;
  bool closed_ = false;
  int64_t next_id_ = 1;
  std::map<int64_t, Subscription> subscriptions_;
};

// The event announcing `attempt` of `username`: KIND_FINISHED for a finish
// (`previous` null), KIND_REGRADED with the result before for a regrade at
// `event_time_ms`.
quiz::v1::ProgressEvent AttemptEvent(
    const store::AttemptRecord& attempt, const std::string& username,
    const quiz::v1::AttemptResult* previous = nullptr,
    int64_t event_time_ms = 0);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_
