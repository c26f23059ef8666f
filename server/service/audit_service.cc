// AuditService: reading the audit trail. What is recorded, and when, is in
// audit_record.h and Call::Finish.
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

absl::StatusOr<store::AuditFilter> ToFilter(
    const quiz::v1::ListAuditEventsRequest& request) {
  store::AuditFilter filter;
  filter.actor = request.actor();
  if (!filter.actor.empty() && filter.actor != "system" &&
      filter.actor.rfind("users/", 0) != 0) {
    filter.actor = absl::StrCat("users/", filter.actor);
  }
  filter.method = request.method();
  filter.resource_prefix = request.resource_prefix();
  absl::StatusOr<int64_t> start = FilterTimeMs(
      request.start_time(), request.has_start_time(), "start_time");
  if (!start.ok()) return start.status();
  absl::StatusOr<int64_t> end =
      FilterTimeMs(request.end_time(), request.has_end_time(), "end_time");
  if (!end.ok()) return end.status();
  filter.start_time_ms = *start;
  filter.end_time_ms = *end;
  if (request.has_end_time() && filter.end_time_ms == 0) {
    // An end at the epoch itself: nothing is before it.
    filter.end_time_ms = -1;
  }
  return filter;
}

void ToProto(const store::AuditEventRecord& record, quiz::v1::AuditEvent* out) {
  out->set_name(absl::StrCat("auditEvents/", record.id));
  SetTimestamp(record.time_ms, out->mutable_time());
  out->set_actor(record.actor);
  out->set_actor_role(record.actor_role);
  out->set_api_key_id(record.api_key_id);
  out->set_method(record.method);
  out->set_resource(record.resource);
  out->set_summary(record.summary);
  out->set_peer(record.peer);
  out->set_user_agent(record.user_agent);
  out->set_status(absl::StatusCodeToString(
      static_cast<absl::StatusCode>(record.status_code)));
}

}  // namespace

grpc::ServerUnaryReactor* AuditServiceImpl::ListAuditEvents(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListAuditEventsRequest* request,
    quiz::v1::ListAuditEventsResponse* response) {
  auto* call =
      new Call(context_, ctx, "AuditService.ListAuditEvents", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  // Admins only: the access policy's rule, checked by Authenticate.
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::AuditFilter> filter = ToFilter(*request);
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  absl::StatusOr<std::string> cursor = call->PageCursor();
  absl::Status status = !filter.ok()      ? filter.status()
                        : !page_size.ok() ? page_size.status()
                                          : cursor.status();
  int64_t before_id = 0;
  if (status.ok() && !cursor->empty() &&
      (!absl::SimpleAtoi(*cursor, &before_id) || before_id < 1)) {
    status = absl::InvalidArgumentError("page_token: not an event cursor");
  }
  if (!status.ok()) {
    call->Finish(status);
    return reactor;
  }
  // One more than a page tells whether another page follows.
  absl::StatusOr<std::vector<store::AuditEventRecord>> events =
      context_.store.ListAuditEvents(*filter, before_id, *page_size + 1);
  if (!events.ok()) {
    call->Finish(events.status());
    return reactor;
  }
  const bool more = static_cast<int>(events->size()) > *page_size;
  if (more) events->resize(*page_size);
  for (const store::AuditEventRecord& event : *events) {
    ToProto(event, response->add_events());
  }
  if (more) {
    response->set_next_page_token(
        call->NextPageToken(absl::StrCat(events->back().id)));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

}  // namespace service
