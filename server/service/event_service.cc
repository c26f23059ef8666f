// EventService: the event log, as a page (ListEvents) and as a stream that
// replays from a cursor and then follows new commits (WatchEvents). Both
// read the log from the store; the hub only says when it grew.
#include <deque>
#include <mutex>
#include <string>
#include <utility>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

// ListEvents page sizes; also the events one WatchEvents read fetches, so
// that a stream holds at most this many in memory.
constexpr int kDefaultEventPage = 100;
constexpr int kMaxEventPage = 1000;
constexpr int kWatchPage = 100;

// What `filter` and the caller's visibility select. INVALID_ARGUMENT naming
// the field, PERMISSION_DENIED for a student asking for another user's
// events, NOT_FOUND for an unknown user.
absl::StatusOr<store::EventQuery> ToQuery(store::Store& store,
                                          const auth::Principal& caller,
                                          const quiz::v1::EventFilter& filter,
                                          const char* field) {
  store::EventQuery query;
  query.see_all = caller.role == quiz::v1::ROLE_ADMIN ||
                  caller.role == quiz::v1::ROLE_SERVICE_ACCOUNT;
  query.viewer_user_id = caller.user_id;
  if (!filter.course().empty()) {
    absl::string_view id = filter.course();
    absl::ConsumePrefix(&id, "courses/");
    if (id.empty() || absl::StrContains(id, '/')) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".course: expected \"courses/{id}\", got \"",
                       filter.course(), "\""));
    }
    query.course_id = std::string(id);
  }
  if (!filter.user().empty()) {
    absl::string_view name = filter.user();
    absl::ConsumePrefix(&name, "users/");
    if (absl::Status valid =
            auth::CheckUsername(std::string_view(name.data(), name.size()));
        !valid.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".user: ", valid.message()));
    }
    if (!caller.may_act_on_others && name != caller.username) {
      return absl::PermissionDeniedError(
          "students may read only their own events");
    }
    absl::StatusOr<store::UserRecord> user =
        store.GetUserByName(std::string(name));
    if (!user.ok()) {
      if (absl::IsNotFound(user.status())) {
        return absl::NotFoundError(absl::StrCat("users/", name, " not found"));
      }
      return user.status();
    }
    query.user_id = user->id;
  }
  for (int type : filter.types()) {
    if (type == quiz::v1::EVENT_TYPE_UNSPECIFIED ||
        !quiz::v1::EventType_IsValid(type) || type >= 32) {
      return absl::InvalidArgumentError(
          absl::StrCat(field, ".types: unknown event type ", type));
    }
    query.type_mask |= 1u << type;
  }
  return query;
}

absl::Status CheckCursor(int64_t after_cursor) {
  if (after_cursor < 0) {
    return absl::InvalidArgumentError(absl::StrCat(
        "after_cursor: must be 0 or a cursor, got ", after_cursor));
  }
  return absl::OkStatus();
}

// One open WatchEvents stream. Reads a page of the log after its cursor on
// the worker pool, writes it out one event at a time, and reads the next
// page once the last write is done and the log has grown past its cursor
// (the hub wakes it when it does). So every event after the starting
// cursor goes out once, in cursor order, and a slow client holds at most
// one page here. Deletes itself in OnDone.
class EventStream final : public grpc::ServerWriteReactor<quiz::v1::Event> {
 public:
  EventStream(Context& context, EventHub& events, const std::string& token_hash,
              store::EventQuery query, int64_t after_cursor)
      : context_(context),
        events_(events),
        query_(std::move(query)),
        position_(after_cursor) {
    // Ends the stream when the token no longer holds, or the server shuts
    // down; its progress events are not this stream's business.
    end_id_ = context_.hub.Subscribe(
        token_hash, {[](const quiz::v1::ProgressEvent&) {},
                     [this](const absl::Status& status) { End(status); }});
    wake_id_ = events_.Subscribe([this] {
      std::lock_guard<std::mutex> lock(mutex_);
      PumpLocked();
    });
    std::lock_guard<std::mutex> lock(mutex_);
    started_ = true;
    if (!ending_ && !closing_) StartSendInitialMetadata();
    PumpLocked();
  }

  void OnSendInitialMetadataDone(bool ok) override {}

  void OnWriteDone(bool ok) override {
    std::lock_guard<std::mutex> lock(mutex_);
    buffer_.pop_front();
    writing_ = false;
    if (!ok) ending_ = true;
    PumpLocked();
  }

  void OnCancel() override {
    std::lock_guard<std::mutex> lock(mutex_);
    ending_ = true;
    status_ = grpc::Status::CANCELLED;
    PumpLocked();
  }

  void OnDone() override {
    context_.hub.Unsubscribe(end_id_);
    events_.Unsubscribe(wake_id_);
    delete this;
  }

 private:
  // OK: the server shuts down (what was read still goes out); an error:
  // the token no longer holds (nothing more goes out).
  void End(const absl::Status& status) {
    std::lock_guard<std::mutex> lock(mutex_);
    if (status.ok()) {
      closing_ = true;
    } else {
      ending_ = true;
      status_ = ToGrpc(status);
    }
    PumpLocked();
  }

  // Moves the stream on: finishes it when it is ending (once no read or
  // write is in flight), writes the next event read, or reads the next
  // page when everything read went out and the log holds more.
  void PumpLocked() {
    if (!started_ || finished_ || writing_) return;
    if (ending_ || (closing_ && buffer_.empty())) {
      if (fetching_) return;  // the read's end pumps again
      finished_ = true;
      buffer_.clear();
      Finish(status_);
      return;
    }
    if (!buffer_.empty()) {
      writing_ = true;
      StartWrite(&buffer_.front());
      return;
    }
    if (fetching_ || closing_) return;
    if (more_ || events_.latest() > position_) {
      fetching_ = true;
      const int64_t after = position_;
      context_.workers.Run([this, after] { Fetch(after); });
    }
    // Otherwise idle until the hub wakes it.
  }

  // On the worker pool: reads the page after `after`.
  void Fetch(int64_t after) {
    absl::StatusOr<store::EventPage> page =
        context_.store.ListEvents(query_, after, kWatchPage);
    std::lock_guard<std::mutex> lock(mutex_);
    fetching_ = false;
    if (!page.ok()) {
      ending_ = true;
      status_ = ToGrpc(page.status());
    } else {
      // deque: references to events being written stay valid.
      for (quiz::v1::Event& event : page->events) {
        buffer_.push_back(std::move(event));
      }
      position_ = page->next_cursor;
      more_ = page->more;
    }
    PumpLocked();
  }

  Context& context_;
  EventHub& events_;
  const store::EventQuery query_;
  int64_t end_id_ = 0;
  int64_t wake_id_ = 0;
  std::mutex mutex_;
  std::deque<quiz::v1::Event> buffer_;  // read, not yet written
  int64_t position_;                    // the log is read up to here
  bool more_ = false;                   // the last read filled its page
  bool started_ = false;                // the constructor has subscribed
  bool fetching_ = false;  // a read is in flight on the worker pool
  bool writing_ = false;
  bool closing_ = false;  // server shutdown: send what was read, then finish
  bool ending_ = false;   // finish as soon as nothing is in flight
  bool finished_ = false;
  grpc::Status status_ = grpc::Status::OK;
};

// A stream refused before it starts: finishes at once with `status`.
class RefusedEventStream final
    : public grpc::ServerWriteReactor<quiz::v1::Event> {
 public:
  explicit RefusedEventStream(const grpc::Status& status) { Finish(status); }
  void OnDone() override { delete this; }
};

}  // namespace

grpc::ServerUnaryReactor* EventServiceImpl::ListEvents(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListEventsRequest* request,
    quiz::v1::ListEventsResponse* response) {
  auto* call = new Call(context_, ctx, "EventService.ListEvents", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::Status status = CheckCursor(request->after_cursor());
  if (status.ok() && request->page_size() < 0) {
    status = absl::InvalidArgumentError(absl::StrCat(
        "page_size: must not be negative, got ", request->page_size()));
  }
  absl::StatusOr<store::EventQuery> query =
      status.ok() ? ToQuery(context_.store, call->principal(),
                            request->filter(), "filter")
                  : status;
  if (!query.ok()) {
    call->Finish(query.status());
    return reactor;
  }
  const int page_size =
      request->page_size() == 0
          ? kDefaultEventPage
          : std::min<int>(request->page_size(), kMaxEventPage);
  absl::StatusOr<store::EventPage> page =
      context_.store.ListEvents(*query, request->after_cursor(), page_size);
  if (!page.ok()) {
    call->Finish(page.status());
    return reactor;
  }
  for (quiz::v1::Event& event : page->events) {
    *response->add_events() = std::move(event);
  }
  response->set_next_cursor(page->next_cursor);
  response->set_more(page->more);
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerWriteReactor<quiz::v1::Event>* EventServiceImpl::WatchEvents(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::WatchEventsRequest* request) {
  constexpr char kMethod[] = "EventService.WatchEvents";
  absl::StatusOr<auth::Principal> principal =
      AuthenticateCall(context_, *ctx, kMethod);
  absl::Status status = principal.status();
  if (status.ok()) status = CheckRequest(*request);
  if (status.ok()) status = CheckCursor(request->after_cursor());
  absl::StatusOr<store::EventQuery> query =
      status.ok()
          ? ToQuery(context_.store, *principal, request->filter(), "filter")
          : status;
  if (!query.ok()) {
    LogFailedCall(kMethod, principal.ok() ? principal->username : "", *ctx,
                  query.status());
    return new RefusedEventStream(ToGrpc(query.status()));
  }
  return new EventStream(context_, events_, principal->token_hash,
                         *std::move(query), request->after_cursor());
}

}  // namespace service
