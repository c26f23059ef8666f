// Fans out "attempt finished" events to WatchProgress streams.
#ifndef QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_
#define QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_

#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "quiz/v1/progress_service.pb.h"

namespace service {

class ProgressHub {
 public:
  // Called with each event, under the hub's lock: must not block or call
  // back into the hub. Called with nullptr once when the hub closes.
  using Listener = std::function<void(const quiz::v1::ProgressEvent*)>;

  // Returns an id for Unsubscribe. A closed hub calls `listener(nullptr)` at
  // once and returns 0.
  int64_t Subscribe(Listener listener);
  // After it returns, the listener is never called again.
  void Unsubscribe(int64_t id);
  void Publish(const quiz::v1::ProgressEvent& event);
  // Tells every listener the hub is closing (server shutdown) and refuses new
  // ones, so open streams end before the server waits for them.
  void Close();

 private:
  std::mutex mutex_;
  bool closed_ = false;
  int64_t next_id_ = 1;
  std::map<int64_t, Listener> listeners_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_PROGRESS_HUB_H_
