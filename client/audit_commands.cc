// `quiz admin audit`: reading the server's audit trail (admins only).
#include <algorithm>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"
#include "client/when.h"

namespace client {
namespace {

struct AuditFlags {
  std::string actor;
  std::string method;
  std::string resource;
  std::string since;
  std::string until;
  int limit = 50;
};

// The largest --limit: a trail longer than this is read with filters.
constexpr int kMaxAuditLimit = 10000;

absl::StatusOr<quiz::v1::ListAuditEventsRequest> ToRequest(
    const AuditFlags& flags, absl::TimeZone zone) {
  if (flags.limit < 1 || flags.limit > kMaxAuditLimit) {
    return UsageError(
        absl::StrCat("--limit: must be from 1 to ", kMaxAuditLimit));
  }
  quiz::v1::ListAuditEventsRequest request;
  request.set_actor(flags.actor);
  request.set_method(flags.method);
  request.set_resource_prefix(flags.resource);
  if (!flags.since.empty()) {
    absl::StatusOr<absl::Time> since = ParseWhen(flags.since, zone, "--since");
    if (!since.ok()) return since.status();
    SetTime(*since, request.mutable_start_time());
  }
  if (!flags.until.empty()) {
    absl::StatusOr<absl::Time> until = ParseWhen(flags.until, zone, "--until");
    if (!until.ok()) return until.status();
    SetTime(*until, request.mutable_end_time());
  }
  return request;
}

absl::Status RunAudit(Context& context, const AuditFlags& flags) {
  absl::StatusOr<quiz::v1::ListAuditEventsRequest> request =
      ToRequest(flags, context.env().zone);
  if (!request.ok()) return request.status();
  std::vector<quiz::v1::AuditEvent> events;
  bool more = false;
  // Pages until --limit events are read (ReadAllPages reads every page).
  for (int page = 0; page < kMaxListPages; ++page) {
    const int wanted = flags.limit - static_cast<int>(events.size());
    request->set_page_size(std::min(wanted, context.env().list_page_size));
    absl::StatusOr<quiz::v1::ListAuditEventsResponse> reply =
        context.Api().ListAuditEvents(*request);
    if (!reply.ok()) return reply.status();
    for (const quiz::v1::AuditEvent& event : reply->events()) {
      if (static_cast<int>(events.size()) < flags.limit)
        events.push_back(event);
    }
    more = !reply->next_page_token().empty();
    if (!more || static_cast<int>(events.size()) >= flags.limit) break;
    request->set_page_token(reply->next_page_token());
  }
  if (context.flags().json) {
    quiz::v1::ListAuditEventsResponse all;
    all.mutable_events()->Add(events.begin(), events.end());
    return PrintJson(all, context.out());
  }
  if (events.empty()) {
    context.out() << "No audit events match.\n";
    return absl::OkStatus();
  }
  context.out() << RenderAuditTable(events, context.env().zone);
  if (more) {
    context.out() << "The " << events.size()
                  << " newest shown; --limit N shows more, --since and "
                     "filters fewer.\n";
  }
  return absl::OkStatus();
}

}  // namespace

void AddAuditCommands(CLI::App& app, GlobalFlags& flags,
                      CommandList& commands) {
  auto audit_flags = std::make_shared<AuditFlags>();
  CLI::App* audit = AdminGroup(app)->add_subcommand(
      "audit",
      "Show the audit trail, newest first: who changed what, when, from "
      "where (admins only)");
  audit->add_option("--actor", audit_flags->actor,
                    "Only events of USER (or \"system\")");
  audit->add_option("--method", audit_flags->method,
                    "Only calls of METHOD (Regrade, or "
                    "BankService.CreateBankVersion)");
  audit->add_option("--resource", audit_flags->resource,
                    "Only events on resources starting with PREFIX (e.g. "
                    "banks/)");
  audit->add_option("--since", audit_flags->since,
                    "Only events at or after DATE (2026-12-01, local time)");
  audit->add_option("--until", audit_flags->until,
                    "Only events before DATE (2026-12-01, local time)");
  audit->add_option("--limit", audit_flags->limit,
                    "Show at most N events (default 50)");
  audit->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({audit, [audit_flags](Context& context) {
                        return RunAudit(context, *audit_flags);
                      }});
}

}  // namespace client
