// Feeds WatchProgress from the event log: each ATTEMPT_FINISHED and
// ATTEMPT_REGRADED event committed while the server runs becomes a
// ProgressEvent on the ProgressHub, whoever made the change (a request,
// the deadline sweeper, or another server on the same database).
#ifndef QUIZD_SERVER_SERVICE_PROGRESS_FEED_H_
#define QUIZD_SERVER_SERVICE_PROGRESS_FEED_H_

#include <condition_variable>
#include <cstdint>
#include <mutex>

#include "server/service/context.h"
#include "server/service/event_hub.h"

namespace service {

class ProgressFeed {
 public:
  // Starts after the log's latest event; reads on context.workers.
  // `context` and `events` must outlive this.
  ProgressFeed(Context& context, EventHub& events);
  // Stops listening and waits for a read in flight. Call before the worker
  // pool stops.
  ~ProgressFeed();
  ProgressFeed(const ProgressFeed&) = delete;
  ProgressFeed& operator=(const ProgressFeed&) = delete;

 private:
  // Under the hub's lock: starts a read, or asks the one running for
  // another round.
  void Wake();
  // On the worker pool: publishes every finish and regrade after cursor_.
  void Read();
  void Publish(const quiz::v1::Event& event);

  Context& context_;
  EventHub& events_;
  int64_t wake_id_ = 0;
  std::mutex mutex_;
  std::condition_variable idle_;
  int64_t cursor_;        // the log is published up to here (Read's own)
  bool reading_ = false;  // a Read is queued or running
  bool again_ = false;    // woken while reading: read once more
};

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_PROGRESS_FEED_H_
