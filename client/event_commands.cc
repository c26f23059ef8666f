// `quiz events`: the event log, one line per event, and --follow to keep
// printing new events as they commit.
#include <chrono>
#include <memory>
#include <string>
#include <thread>

#include "absl/strings/str_cat.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/event_render.h"
#include "client/format.h"
#include "google/protobuf/util/json_util.h"

namespace client {
namespace {

struct EventFlags {
  int64_t after = 0;
  std::string course;
  std::string user;
  std::vector<std::string> types;
  bool follow = false;
  int limit = 1000;
};

// The largest --limit of one listing; more is read with --after.
constexpr int kMaxEventLimit = 100000;

absl::StatusOr<quiz::v1::EventFilter> ToFilter(const EventFlags& flags) {
  quiz::v1::EventFilter filter;
  filter.set_course(flags.course);
  filter.set_user(flags.user);
  for (const std::string& name : flags.types) {
    quiz::v1::EventType type;
    if (!quiz::v1::EventType_Parse(name, &type) ||
        type == quiz::v1::EVENT_TYPE_UNSPECIFIED) {
      return UsageError(absl::StrCat(
          "--type: \"", Elide(name),
          "\" is not an event type (ATTEMPT_STARTED, RESPONSE_SUBMITTED, "
          "ATTEMPT_FINISHED, ATTEMPT_REGRADED, MEMBERSHIP_CHANGED, "
          "ASSIGNMENT_CHANGED, BANK_VERSION_PUBLISHED, COURSE_CHANGED)"));
    }
    filter.add_types(type);
  }
  return filter;
}

// One event: a line, or with --json one JSON object per line.
absl::Status PrintEvent(Context& context, const quiz::v1::Event& event) {
  if (context.flags().json) {
    google::protobuf::util::JsonPrintOptions options;
    options.preserve_proto_field_names = true;
    std::string json;
    auto status =
        google::protobuf::util::MessageToJsonString(event, &json, options);
    if (!status.ok()) return absl::InternalError(status.message().as_string());
    context.out() << json << "\n";
  } else {
    context.out() << RenderEventLine(event, context.env().zone) << "\n";
  }
  context.out().flush();
  return absl::OkStatus();
}

absl::Status RunList(Context& context, const EventFlags& flags,
                     const quiz::v1::EventFilter& filter) {
  quiz::v1::ListEventsRequest request;
  request.set_after_cursor(flags.after);
  *request.mutable_filter() = filter;
  int printed = 0;
  bool more = false;
  for (int page = 0; page < kMaxListPages && printed < flags.limit; ++page) {
    request.set_page_size(
        std::min(flags.limit - printed, context.env().list_page_size));
    absl::StatusOr<quiz::v1::ListEventsResponse> reply =
        context.Api().ListEvents(request);
    if (!reply.ok()) return reply.status();
    for (const quiz::v1::Event& event : reply->events()) {
      if (absl::Status shown = PrintEvent(context, event); !shown.ok()) {
        return shown;
      }
      ++printed;
    }
    request.set_after_cursor(reply->next_cursor());
    more = reply->more();
    if (!more) break;
  }
  if (printed == 0) context.human() << "No new events.\n";
  context.human() << (more ? "More follow; continue" : "Resume")
                  << " with: quiz events --after " << request.after_cursor()
                  << "\n";
  return absl::OkStatus();
}

// Prints everything after --after, then each new event, until stopped.
// When the connection breaks or the server restarts, reconnects after the
// last event printed, so nothing is missed or printed twice.
absl::Status RunFollow(Context& context, const EventFlags& flags,
                       const quiz::v1::EventFilter& filter) {
  quiz::v1::WatchEventsRequest request;
  request.set_after_cursor(flags.after);
  *request.mutable_filter() = filter;
  absl::Status printed;
  while (true) {
    absl::Status status =
        context.Api().WatchEvents(request, [&](const quiz::v1::Event& event) {
          printed = PrintEvent(context, event);
          request.set_after_cursor(event.cursor());
          return printed.ok();
        });
    if (!printed.ok()) return printed;
    if (!status.ok() && !absl::IsUnavailable(status)) return status;
    // The server went away (or shut the stream down): try again.
    std::this_thread::sleep_for(std::chrono::seconds(1));
  }
}

absl::Status RunEvents(Context& context, const EventFlags& flags) {
  if (flags.after < 0) return UsageError("--after: must be 0 or a cursor");
  if (flags.limit < 1 || flags.limit > kMaxEventLimit) {
    return UsageError(
        absl::StrCat("--limit: must be from 1 to ", kMaxEventLimit));
  }
  absl::StatusOr<quiz::v1::EventFilter> filter = ToFilter(flags);
  if (!filter.ok()) return filter.status();
  return flags.follow ? RunFollow(context, flags, *filter)
                      : RunList(context, flags, *filter);
}

}  // namespace

void AddEventCommands(CLI::App& app, GlobalFlags& flags,
                      CommandList& commands) {
  auto event_flags = std::make_shared<EventFlags>();
  CLI::App* events = app.add_subcommand(
      "events",
      "Show the event log, oldest first, one line per event starting with "
      "its cursor: attempts started, answered, finished and regraded, banks "
      "published, course changes (what you may see)");
  events->add_option("--after", event_flags->after,
                     "Only events after CURSOR (the first number of a "
                     "line; default 0: from the start)");
  events->add_option("--course", event_flags->course,
                     "Only events of COURSE (courses/ID or ID)");
  events->add_option("--user", event_flags->user,
                     "Only events about USER (users/NAME or NAME)");
  events->add_option("--type", event_flags->types,
                     "Only events of TYPE (ATTEMPT_FINISHED, ...); repeat "
                     "for more");
  events->add_option("--limit", event_flags->limit,
                     "Show at most N events (default 1000)");
  events->add_flag("--follow,-f", event_flags->follow,
                   "Keep printing new events as they happen, until "
                   "stopped; reconnects after the last event printed");
  events->add_flag("--json", flags.json, "Print one JSON object per line");
  commands.push_back({events, [event_flags](Context& context) {
                        return RunEvents(context, *event_flags);
                      }});
}

}  // namespace client
