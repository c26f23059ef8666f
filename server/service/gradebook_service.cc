// GradebookService: the store's gradebook rows (store/gradebook_rows.h) put
// through grading::ComputeResult, one Result per learner and assignment.
#include <algorithm>
#include <map>
#include <optional>
#include <tuple>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/grading/gradebook.h"
#include "server/service/call.h"
#include "server/service/services.h"

namespace service {
namespace {

// Which rows of a course a caller may read.
enum class View { kAll, kOwn, kNone };

// Whose rows a caller reads in `course`, as the policy says: admins and
// keys everyone's (may_act_on_others), instructor accounts those of the
// courses they teach or assist actively (related kOwnLearners), a learner
// of the course their own.
View ViewOf(const auth::Principal& principal,
            const store::GradebookCourse& course) {
  // Admins and keys with results.read: every course.
  if (principal.may_act_on_others) return View::kAll;
  // Instructors: the courses they teach (as instructor or TA).
  if (principal.related == auth::Principal::Related::kOwnLearners) {
    const bool staff =
        course.viewer_role == quiz::v1::COURSE_ROLE_INSTRUCTOR ||
        course.viewer_role == quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT;
    if (staff && course.viewer_status == quiz::v1::MEMBER_STATUS_ACTIVE) {
      return View::kAll;
    }
  }
  if (course.viewer_role == quiz::v1::COURSE_ROLE_LEARNER) return View::kOwn;
  return View::kNone;
}

// The listing's parent: a course id, or an assignment id.
struct Parent {
  std::string course_id;
  std::string assignment_id;
};

absl::StatusOr<Parent> ParseParent(const std::string& parent) {
  Parent parsed;
  const size_t slash = parent.find('/');
  const std::string collection = parent.substr(0, slash);
  const std::string id =
      slash == std::string::npos ? "" : parent.substr(slash + 1);
  if (id.empty() || id.find('/') != std::string::npos ||
      (collection != "courses" && collection != "assignments")) {
    return absl::InvalidArgumentError(
        "parent: must be \"courses/{id}\" or \"assignments/{id}\"");
  }
  (collection == "courses" ? parsed.course_id : parsed.assignment_id) = id;
  return parsed;
}

// Where a page resumes: after the row of (username, assignment id).
struct Cursor {
  std::string username;
  std::string assignment_id;
};

std::string EncodeCursor(const Cursor& cursor) {
  // Usernames hold no control characters (request_text.h).
  return absl::StrCat(cursor.username, "\n", cursor.assignment_id);
}

absl::StatusOr<std::optional<Cursor>> DecodeCursor(const std::string& text) {
  if (text.empty()) return std::nullopt;
  std::vector<std::string> parts = absl::StrSplit(text, '\n');
  if (parts.size() != 2 || parts[0].empty() || parts[1].empty()) {
    return absl::InvalidArgumentError("page_token: not a gradebook cursor");
  }
  return Cursor{parts[0], parts[1]};
}

grading::GradebookRegrade ToRegrade(const store::RegradeRecord& record) {
  grading::GradebookRegrade regrade;
  regrade.attempt_id = record.attempt_id;
  regrade.from_version = record.from_version;
  regrade.to_version = record.to_version;
  regrade.old_percent = record.old_result.percent();
  regrade.new_percent = record.new_result.percent();
  regrade.regraded_by = record.regraded_by;
  regrade.regrade_time_ms = record.regrade_time_ms;
  return regrade;
}

// Every row of `rows` in order (learner, then assignment) after `after`,
// whose update time is after `since_ms` (0: any), appended to `out`.
void AppendResults(const store::GradebookRows& rows, bool course_archived,
                   const std::optional<Cursor>& after, int64_t since_ms,
                   int64_t now_ms, std::vector<quiz::v1::Result>& out) {
  using Key = std::pair<int64_t, std::string>;  // user id, assignment id
  std::map<Key, const store::GradebookOverrideRow*> overrides;
  for (const store::GradebookOverrideRow& o : rows.overrides) {
    overrides[{o.user_id, o.assignment_id}] = &o;
  }
  std::map<Key, std::vector<grading::GradebookAttempt>> attempts;
  std::map<std::string, Key> attempt_keys;
  for (const store::GradebookAttemptRow& row : rows.attempts) {
    grading::GradebookAttempt attempt;
    attempt.id = row.id;
    attempt.state = row.state;
    attempt.start_time_ms = row.start_time_ms;
    attempt.finish_time_ms = row.finish_time_ms;
    attempt.percent = row.percent;
    attempt.answered = row.answered > 0;
    attempt.last_answer_time_ms = row.last_answer_time_ms;
    const Key key{row.user_id, row.assignment_id};
    attempts[key].push_back(std::move(attempt));
    attempt_keys[row.id] = key;
  }
  std::map<Key, std::vector<grading::GradebookRegrade>> regrades;
  for (const store::RegradeRecord& record : rows.regrades) {
    auto key = attempt_keys.find(record.attempt_id);
    if (key != attempt_keys.end()) {
      regrades[key->second].push_back(ToRegrade(record));
    }
  }
  for (const store::GradebookMemberRow& member : rows.learners) {
    for (const store::GradebookAssignmentRow& row : rows.assignments) {
      const std::string& assignment_id = row.id;
      if (after.has_value() &&
          std::tie(member.username, assignment_id) <=
              std::tie(after->username, after->assignment_id)) {
        continue;
      }
      const Key key{member.user_id, assignment_id};
      auto own = attempts.find(key);
      if (member.status == quiz::v1::MEMBER_STATUS_DELETED &&
          own == attempts.end()) {
        continue;  // a removed learner keeps only the rows they attempted
      }
      grading::GradebookLearner learner;
      learner.username = member.username;
      learner.external_id = member.external_id;
      learner.display_name = member.display_name;
      learner.status = member.status;
      learner.member_update_time_ms = member.update_time_ms;
      learner.course_archived = course_archived;
      if (auto o = overrides.find(key); o != overrides.end()) {
        learner.override = o->second->override;
        learner.override_update_time_ms = o->second->update_time_ms;
      }
      if (own != attempts.end()) learner.attempts = own->second;
      if (auto r = regrades.find(key); r != regrades.end()) {
        learner.regrades = r->second;
      }
      quiz::v1::Result result = grading::ComputeResult(
          row.assignment, row.update_time_ms, learner, now_ms);
      const int64_t updated = result.update_time().seconds() * 1000 +
                              result.update_time().nanos() / 1000000;
      if (since_ms > 0 && updated <= since_ms) continue;
      out.push_back(std::move(result));
    }
  }
}

// The rows of one page: up to page_size Results after `after`, and whether
// more follow.
absl::StatusOr<bool> ReadPage(store::Store& store, bool course_archived,
                              store::GradebookQuery query,
                              std::optional<Cursor> after, int page_size,
                              int64_t now_ms,
                              std::vector<quiz::v1::Result>& page) {
  if (after.has_value()) query.first_username = after->username;
  // Learners per read: most learners give at least one row.
  query.limit = page_size + 1;
  while (true) {
    absl::StatusOr<store::GradebookRows> rows = store.ReadGradebook(query);
    if (!rows.ok()) return rows.status();
    AppendResults(*rows, course_archived, after, query.updated_after_ms, now_ms,
                  page);
    if (static_cast<int>(page.size()) > page_size) {
      page.resize(page_size);
      return true;
    }
    if (static_cast<int>(rows->learners.size()) < query.limit) return false;
    // The next read starts after the last learner read: "\x01" sorts below
    // any character a username may hold.
    query.first_username = rows->learners.back().username + "\x01";
    after.reset();
  }
}

}  // namespace

grpc::ServerUnaryReactor* GradebookServiceImpl::ListResults(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListResultsRequest* request,
    quiz::v1::ListResultsResponse* response) {
  auto* call =
      new Call(context_, ctx, "GradebookService.ListResults", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const int64_t now_ms = NowMs();
  absl::Status status = [&]() -> absl::Status {
    const auth::Principal& principal = call->principal();
    std::string username;  // of the user filter
    if (!request->user().empty()) {
      absl::StatusOr<std::string> id =
          ResourceId(request->user(), "users", "user");
      if (!id.ok()) return id.status();
      username = *id;
      // A student names only themselves; instructors are checked against
      // the course below (ViewOf).
      if (!principal.may_act_on_others &&
          principal.related == auth::Principal::Related::kNone &&
          username != principal.username) {
        return absl::PermissionDeniedError(
            "user: a learner may read only their own results");
      }
    }
    absl::StatusOr<Parent> parent = ParseParent(request->parent());
    if (!parent.ok()) return parent.status();
    absl::StatusOr<int64_t> since =
        FilterTimeMs(request->updated_since(), request->has_updated_since(),
                     "updated_since");
    if (!since.ok()) return since.status();
    absl::StatusOr<int> page_size = PageSize(request->page_size());
    if (!page_size.ok()) return page_size.status();
    absl::StatusOr<std::string> token = call->PageCursor();
    if (!token.ok()) return token.status();
    absl::StatusOr<std::optional<Cursor>> cursor = DecodeCursor(*token);
    if (!cursor.ok()) return cursor.status();

    absl::StatusOr<store::GradebookCourse> course =
        context_.store.FindGradebookCourse(
            parent->course_id, parent->assignment_id, principal.user_id);
    if (!course.ok()) return course.status();
    const View view = ViewOf(principal, *course);
    if (view == View::kNone) {
      return absl::PermissionDeniedError(absl::StrCat(
          "results of courses/", course->course_id,
          " are for its instructors and teaching assistants (with an "
          "instructor account) and its learners"));
    }
    store::GradebookQuery query;
    query.course_id = course->course_id;
    query.assignment_id = parent->assignment_id;
    query.updated_after_ms = *since;
    if (!username.empty()) {
      if (view == View::kOwn && username != principal.username) {
        return absl::PermissionDeniedError(
            "user: a learner may read only their own results");
      }
      absl::StatusOr<store::UserRecord> user =
          context_.store.GetUserByName(username);
      if (!user.ok()) {
        return user.status().code() == absl::StatusCode::kNotFound
                   ? absl::NotFoundError(
                         absl::StrCat("user: users/", username, " not found"))
                   : user.status();
      }
      query.user_id = user->id;
    } else if (view == View::kOwn) {
      query.user_id = principal.user_id;
    }
    std::vector<quiz::v1::Result> page;
    absl::StatusOr<bool> more =
        ReadPage(context_.store, course->archived, query, *cursor, *page_size,
                 now_ms, page);
    if (!more.ok()) return more.status();
    if (*more) {
      // The cursor names the last row by its resource names' ids.
      const quiz::v1::Result& last = page.back();
      response->set_next_page_token(call->NextPageToken(EncodeCursor(
          {last.user().substr(sizeof("users/") - 1),
           last.assignment().substr(sizeof("assignments/") - 1)})));
    }
    for (quiz::v1::Result& result : page) {
      *response->add_results() = std::move(result);
    }
    SetTimestamp(now_ms, response->mutable_read_time());
    return absl::OkStatus();
  }();
  call->Finish(status);
  return reactor;
}

}  // namespace service
