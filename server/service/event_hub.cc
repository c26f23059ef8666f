#include "server/service/event_hub.h"

#include <utility>

namespace service {

EventHub::EventHub(store::Store& store) : store_(store) {
  store_.SetEventListener([this](int64_t cursor) { Advance(cursor); });
  Poll();
}

EventHub::~EventHub() { store_.SetEventListener(nullptr); }

int64_t EventHub::Subscribe(std::function<void()> wake) {
  std::lock_guard<std::mutex> lock(mutex_);
  const int64_t id = next_id_++;
  subscribers_.emplace(id, std::move(wake));
  return id;
}

void EventHub::Unsubscribe(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  subscribers_.erase(id);
}

void EventHub::Advance(int64_t cursor) {
  std::lock_guard<std::mutex> lock(mutex_);
  // Under the lock, so that cursors only grow and every subscriber that
  // read an older latest() is woken after the new one is visible.
  if (cursor <= latest_.load(std::memory_order_relaxed)) return;
  latest_.store(cursor, std::memory_order_release);
  for (auto& [id, wake] : subscribers_) wake();
}

void EventHub::Poll() {
  absl::StatusOr<int64_t> latest = store_.LatestEventCursor();
  // A failed read is tried again at the next tick.
  if (latest.ok()) Advance(*latest);
}

}  // namespace service
