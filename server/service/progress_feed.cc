#include "server/service/progress_feed.h"

#include <string>
#include <vector>

#include "server/service/progress_hub.h"

namespace service {
namespace {

constexpr int kPage = 100;

// "users/alice" -> "alice".
std::string Username(const std::string& user) {
  return user.substr(user.find('/') + 1);
}

}  // namespace

ProgressFeed::ProgressFeed(Context& context, EventHub& events)
    : context_(context), events_(events), cursor_(events.latest()) {
  wake_id_ = events_.Subscribe([this] { Wake(); });
  // A commit between latest() and Subscribe woke no one.
  std::lock_guard<std::mutex> lock(mutex_);
  if (events_.latest() > cursor_) {
    reading_ = true;
    context_.workers.Run([this] { Read(); });
  }
}

ProgressFeed::~ProgressFeed() {
  events_.Unsubscribe(wake_id_);
  std::unique_lock<std::mutex> lock(mutex_);
  idle_.wait(lock, [this] { return !reading_; });
}

void ProgressFeed::Wake() {
  std::lock_guard<std::mutex> lock(mutex_);
  if (reading_) {
    again_ = true;
    return;
  }
  reading_ = true;
  context_.workers.Run([this] { Read(); });
}

void ProgressFeed::Read() {
  store::EventQuery query;
  query.see_all = true;
  query.type_mask =
      (1u << quiz::v1::ATTEMPT_FINISHED) | (1u << quiz::v1::ATTEMPT_REGRADED);
  while (true) {
    absl::StatusOr<store::EventPage> page =
        context_.store.ListEvents(query, cursor_, kPage);
    // A failed read is tried again at the next commit (or poll).
    if (page.ok()) {
      for (const quiz::v1::Event& event : page->events) Publish(event);
      cursor_ = page->next_cursor;
    }
    std::lock_guard<std::mutex> lock(mutex_);
    if (page.ok() && (page->more || again_)) {
      again_ = false;
      continue;
    }
    again_ = false;
    reading_ = false;
    idle_.notify_all();
    return;
  }
}

void ProgressFeed::Publish(const quiz::v1::Event& event) {
  const std::string attempt_id =
      event.attempt().substr(event.attempt().find('/') + 1);
  absl::StatusOr<store::AttemptRecord> attempt =
      context_.store.GetAttempt(attempt_id);
  if (!attempt.ok()) return;
  const std::string username = Username(event.user());
  if (event.type() == quiz::v1::ATTEMPT_FINISHED) {
    context_.hub.Publish(AttemptEvent(*attempt, username), event.cursor());
    return;
  }
  absl::StatusOr<std::vector<store::RegradeRecord>> regrades =
      context_.store.ListRegrades(attempt_id);
  if (!regrades.ok()) return;
  for (const store::RegradeRecord& regrade : *regrades) {
    if (regrade.to_version != event.bank_version()) continue;
    store::AttemptRecord regraded = *attempt;
    regraded.bank_version = regrade.to_version;
    regraded.result = regrade.new_result;
    context_.hub.Publish(AttemptEvent(regraded, username, &regrade.old_result,
                                      regrade.regrade_time_ms),
                         event.cursor());
    return;
  }
}

}  // namespace service
