#include "bench/session.h"

namespace bench {

void AttemptPool::Add(OpenAttempt attempt) {
  std::lock_guard<std::mutex> lock(mutex_);
  if (attempt.answered == 0) {
    fresh_.push_back(std::move(attempt));
  } else if (attempt.answered < attempt.item_ids.size()) {
    partial_.push_back(std::move(attempt));
  } else {
    answered_.push_back(std::move(attempt));
  }
}

namespace {

std::optional<OpenAttempt> PopFront(std::deque<OpenAttempt>& queue) {
  if (queue.empty()) return std::nullopt;
  OpenAttempt attempt = std::move(queue.front());
  queue.pop_front();
  return attempt;
}

}  // namespace

std::optional<OpenAttempt> AttemptPool::TakeToAnswer() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto attempt = PopFront(fresh_)) return attempt;
  return PopFront(partial_);
}

std::optional<OpenAttempt> AttemptPool::TakeToFinish() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (auto attempt = PopFront(answered_)) return attempt;
  if (auto attempt = PopFront(partial_)) return attempt;
  return PopFront(fresh_);
}

void AckLog::Add(Ack ack) {
  std::lock_guard<std::mutex> lock(mutex_);
  acks_.push_back(std::move(ack));
}

std::vector<Ack> AckLog::Take() {
  std::lock_guard<std::mutex> lock(mutex_);
  std::vector<Ack> taken;
  taken.swap(acks_);
  return taken;
}

size_t AckLog::size() {
  std::lock_guard<std::mutex> lock(mutex_);
  return acks_.size();
}

}  // namespace bench
