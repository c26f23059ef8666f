#include "server/service/server_clock.h"

#include <chrono>
#include <cstdio>

#include "server/service/call.h"
#include "server/service/deadline_sweeper.h"

namespace service {

ServerClock::ServerClock(Context& context, absl::Duration period,
                         EventHub* events)
    : context_(context),
      events_(events),
      period_(period),
      thread_([this] { Run(); }) {}

ServerClock::~ServerClock() {
  {
    std::lock_guard<std::mutex> lock(mutex_);
    stopping_ = true;
  }
  wake_.notify_all();
  thread_.join();
}

void ServerClock::Run() {
  const auto period = absl::ToChronoNanoseconds(period_);
  std::unique_lock<std::mutex> lock(mutex_);
  while (!stopping_) {
    lock.unlock();
    Tick();
    lock.lock();
    wake_.wait_for(lock, period, [this] { return stopping_; });
  }
}

void ServerClock::Tick() {
  const int64_t now = NowMs();
  absl::StatusOr<int> swept = FinishOverdueAttempts(context_, now);
  // A failure that repeats every tick is logged once.
  if (!swept.ok() && swept.status() != last_error_) {
    std::fprintf(stderr, "quizd: deadline sweep: %s\n",
                 swept.status().ToString().c_str());
  }
  last_error_ = swept.status();
  if (events_ != nullptr) events_->Poll();
  // A token the store cannot confirm for another reason (busy, I/O) keeps
  // its stream; the next tick asks again.
  context_.hub.EndRevoked([this](const std::string& token_hash) {
    return !absl::IsNotFound(
        auth::CheckCredential(context_.store, token_hash, NowMs()));
  });
}

}  // namespace service
