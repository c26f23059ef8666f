#include "client/event_render.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "client/format.h"

namespace client {
namespace {

const char* KindName(quiz::v1::EventType type) {
  switch (type) {
    case quiz::v1::ATTEMPT_STARTED:
      return "started";
    case quiz::v1::RESPONSE_SUBMITTED:
      return "answered";
    case quiz::v1::ATTEMPT_FINISHED:
      return "finished";
    case quiz::v1::ATTEMPT_REGRADED:
      return "regraded";
    case quiz::v1::MEMBERSHIP_CHANGED:
      return "member";
    case quiz::v1::ASSIGNMENT_CHANGED:
      return "assignment";
    case quiz::v1::BANK_VERSION_PUBLISHED:
      return "bank";
    case quiz::v1::COURSE_CHANGED:
      return "course";
    default:
      return "other";
  }
}

std::string RoleWord(quiz::v1::CourseRole role) {
  switch (role) {
    case quiz::v1::COURSE_ROLE_LEARNER:
      return "learner";
    case quiz::v1::COURSE_ROLE_INSTRUCTOR:
      return "instructor";
    case quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT:
      return "TA";
    default:
      return "";
  }
}

std::string StatusWord(quiz::v1::MemberStatus status) {
  switch (status) {
    case quiz::v1::MEMBER_STATUS_ACTIVE:
      return "active";
    case quiz::v1::MEMBER_STATUS_INACTIVE:
      return "inactive";
    case quiz::v1::MEMBER_STATUS_DELETED:
      return "removed";
    default:
      return "";
  }
}

// What the event is about, most telling first, so that a cut line keeps
// the part that matters.
std::string Details(const quiz::v1::Event& event) {
  std::vector<std::string> parts;
  auto add = [&parts](const std::string& part) {
    if (!part.empty()) parts.push_back(part);
  };
  add(ResourceId(event.user()));
  switch (event.type()) {
    case quiz::v1::ATTEMPT_STARTED:
      add(ResourceId(event.quiz()));
      break;
    case quiz::v1::RESPONSE_SUBMITTED:
      add(event.item_id());
      break;
    case quiz::v1::ATTEMPT_FINISHED:
      add(event.finish_reason() == quiz::v1::FINISH_TIMED_OUT ? "timed out"
                                                              : "submitted");
      add(FormatPercent(event.percent()));
      break;
    case quiz::v1::ATTEMPT_REGRADED:
      add(absl::StrCat(FormatPercent(event.old_percent()), " -> ",
                       FormatPercent(event.percent())));
      add(absl::StrCat("v", event.old_bank_version(), "->v",
                       event.bank_version()));
      break;
    case quiz::v1::MEMBERSHIP_CHANGED:
      add(RoleWord(event.member_role()));
      add(StatusWord(event.member_status()));
      break;
    case quiz::v1::BANK_VERSION_PUBLISHED:
      add(absl::StrCat(ResourceId(event.bank()), " v", event.bank_version()));
      break;
    default:
      break;
  }
  add(ResourceId(event.attempt()));
  if (!event.assignment().empty()) add(event.assignment());
  if (!event.course().empty()) add(event.course());
  if (event.actor() != event.user()) {
    add(absl::StrCat("by ", event.actor() == "system"
                                ? "system"
                                : ResourceId(event.actor())));
  }
  return absl::StrJoin(parts, "  ");
}

}  // namespace

std::string RenderEventLine(const quiz::v1::Event& event, absl::TimeZone zone,
                            int width) {
  const std::string kind = KindName(event.type());
  std::string line = absl::StrCat(
      event.cursor(), " ",
      absl::FormatTime("%m-%d %H:%M:%S", ToAbslTime(event.time()), zone), " ",
      kind, std::string(kind.size() < 10 ? 10 - kind.size() : 1, ' '),
      Printable(Details(event)));
  // Columns are code points: cut before the width-th one, for the "…".
  std::vector<size_t> starts;
  for (size_t i = 0; i < line.size(); ++i) {
    if ((static_cast<unsigned char>(line[i]) & 0xC0) != 0x80) {
      starts.push_back(i);
    }
  }
  if (static_cast<int>(starts.size()) <= width) return line;
  return line.substr(0, starts[width - 1]) + "\u2026";
}

}  // namespace client
