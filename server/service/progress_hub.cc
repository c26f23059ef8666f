#include "server/service/progress_hub.h"

namespace service {

int64_t ProgressHub::Subscribe(Listener listener) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (closed_) {
    listener(nullptr);
    return 0;
  }
  const int64_t id = next_id_++;
  listeners_.emplace(id, std::move(listener));
  return id;
}

void ProgressHub::Unsubscribe(int64_t id) {
  std::lock_guard<std::mutex> lock(mutex_);
  listeners_.erase(id);
}

void ProgressHub::Publish(const quiz::v1::ProgressEvent& event) {
  std::lock_guard<std::mutex> lock(mutex_);
  for (auto& [id, listener] : listeners_) listener(&event);
}

void ProgressHub::Close() {
  std::lock_guard<std::mutex> lock(mutex_);
  closed_ = true;
  for (auto& [id, listener] : listeners_) listener(nullptr);
  listeners_.clear();
}

}  // namespace service
