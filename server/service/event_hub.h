// Wakes WatchEvents streams when the event log grows. The log itself is
// the store's (Store::ListEvents): the hub carries no events, only the
// latest cursor, so a stream always reads what it sends from the log, in
// commit order, and a slow stream holds nothing here.
#ifndef QUIZD_SERVER_SERVICE_EVENT_HUB_H_
#define QUIZD_SERVER_SERVICE_EVENT_HUB_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <mutex>

#include "server/store/store.h"

namespace service {

class EventHub {
 public:
  // Starts at the store's latest cursor and listens to its commits
  // (Store::SetEventListener) until destroyed. `store` must outlive this.
  explicit EventHub(store::Store& store);
  ~EventHub();
  EventHub(const EventHub&) = delete;
  EventHub& operator=(const EventHub&) = delete;

  // The last cursor known to be committed. Read it after subscribing: a
  // cursor committed later wakes the subscriber.
  int64_t latest() const { return latest_.load(std::memory_order_acquire); }

  // Calls `wake` (under the hub's lock: it must not block or call back into
  // the hub) each time latest() grows. Returns an id for Unsubscribe.
  int64_t Subscribe(std::function<void()> wake);
  // After it returns, that `wake` is never called again.
  void Unsubscribe(int64_t id);

  // The log has grown to `cursor`: from the store's commits, and from Poll.
  void Advance(int64_t cursor);
  // Reads the latest cursor from the store, for events committed by another
  // process on the same database (the server clock calls it each tick).
  void Poll();

 private:
  store::Store& store_;
  std::atomic<int64_t> latest_{0};
  std::mutex mutex_;
  int64_t next_id_ = 1;
  std::map<int64_t, std::function<void()>> subscribers_;
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_EVENT_HUB_H_
