// AssignmentService: assignments of quizzes to courses, and per-learner
// overrides. Who may act on which course is decided by CourseAccessOf
// below, on top of the access policy's row (which admits the caller's role
// and key scope).
#include <memory>
#include <optional>
#include <string>

#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/auth/password.h"
#include "server/service/assignment_release.h"
#include "server/service/assignment_terms.h"
#include "server/service/attempt_view.h"
#include "server/service/call.h"
#include "server/service/learner.h"
#include "server/service/services.h"

namespace service {
namespace {

using quiz::v1::Assignment;

enum class Want { kRead, kWrite };

// How the caller may see a course's assignments.
enum class CourseView {
  kStaff,    // everything
  kLearner,  // published assignments only
};

// Whether `caller` may read or change the assignments of `course_id`:
// admins and API keys (their scope was checked by the policy) on every
// course; an active instructor of the course; an active teaching assistant
// and an active learner to read. NOT_FOUND for a student outside the
// course (and for a course that does not exist), PERMISSION_DENIED for
// other staff.
absl::StatusOr<CourseView> CourseAccessOf(Context& context,
                                          const auth::Principal& caller,
                                          const std::string& course_id,
                                          Want want) {
  absl::StatusOr<store::CourseSeat> seat =
      context.store.GetCourseSeat(course_id, caller.user_id);
  if (!seat.ok()) return seat.status();
  if (caller.role == quiz::v1::ROLE_ADMIN ||
      caller.role == quiz::v1::ROLE_SERVICE_ACCOUNT) {
    return CourseView::kStaff;
  }
  const bool active = seat->status == quiz::v1::MEMBER_STATUS_ACTIVE;
  if (active && seat->role == quiz::v1::COURSE_ROLE_INSTRUCTOR) {
    return CourseView::kStaff;
  }
  if (active && seat->role == quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT) {
    if (want == Want::kRead) return CourseView::kStaff;
    return absl::PermissionDeniedError(
        absl::StrCat("teaching assistants of courses/", course_id,
                     " may read its assignments but not change them"));
  }
  if (active && seat->role == quiz::v1::COURSE_ROLE_LEARNER &&
      want == Want::kRead && caller.role == quiz::v1::ROLE_STUDENT) {
    return CourseView::kLearner;
  }
  if (caller.role == quiz::v1::ROLE_STUDENT) {
    return absl::NotFoundError(
        absl::StrCat("course \"courses/", course_id, "\" not found"));
  }
  return absl::PermissionDeniedError(
      absl::StrCat("you are not an active instructor of courses/", course_id));
}

// The assignment `name` names, as `caller` may see it with `want`.
// NOT_FOUND when absent, deleted or (for a learner) a draft.
absl::StatusOr<store::AssignmentRecord> LoadAssignment(
    Context& context, const auth::Principal& caller, const std::string& name,
    const char* field, Want want) {
  absl::StatusOr<std::string> id = ResourceId(name, "assignments", field);
  if (!id.ok()) return id.status();
  absl::StatusOr<store::AssignmentRecord> record =
      context.store.GetAssignment(*id);
  if (!record.ok()) return record.status();
  absl::StatusOr<CourseView> view =
      CourseAccessOf(context, caller, record->course_id, want);
  if (!view.ok()) return view.status();
  if (*view == CourseView::kLearner && !record->assignment.published()) {
    return absl::NotFoundError(
        absl::StrCat("assignment \"assignments/", *id, "\" not found"));
  }
  if (record->delete_time_ms != 0) {
    return absl::NotFoundError(
        absl::StrCat("assignments/", *id, " was deleted"));
  }
  return record;
}

store::EventNote NoteFor(const auth::Principal& caller,
                         const store::AssignmentRecord& record,
                         const std::string& user = "", int64_t user_id = 0) {
  store::EventNote note;
  note.event.set_type(quiz::v1::ASSIGNMENT_CHANGED);
  note.event.set_actor("users/" + caller.username);
  note.event.set_course("courses/" + record.course_id);
  note.event.set_assignment("assignments/" + record.id);
  note.event.set_quiz(record.assignment.quiz());
  note.event.set_user(user);
  note.user_id = user_id;
  return note;
}

// Fills the defaults CreateAssignment and UpdateAssignment document.
void ApplyDefaults(Assignment& assignment) {
  if (assignment.score_maximum() == 0) assignment.set_score_maximum(100);
}

// Copies the masked field `path` of `from` into `to`; INVALID_ARGUMENT
// naming update_mask for a name that cannot change.
absl::Status CopyMasked(const std::string& path, const Assignment& from,
                        Assignment& to) {
  if (path == "title") {
    to.set_title(from.title());
  } else if (path == "open_time") {
    if (from.has_open_time()) {
      *to.mutable_open_time() = from.open_time();
    } else {
      to.clear_open_time();
    }
  } else if (path == "due_time") {
    if (from.has_due_time()) {
      *to.mutable_due_time() = from.due_time();
    } else {
      to.clear_due_time();
    }
  } else if (path == "close_time") {
    if (from.has_close_time()) {
      *to.mutable_close_time() = from.close_time();
    } else {
      to.clear_close_time();
    }
  } else if (path == "max_attempts") {
    to.set_max_attempts(from.max_attempts());
  } else if (path == "time_limit_seconds") {
    to.set_time_limit_seconds(from.time_limit_seconds());
  } else if (path == "scoring_policy") {
    to.set_scoring_policy(from.scoring_policy());
  } else if (path == "release_policy") {
    to.set_release_policy(from.release_policy());
  } else if (path == "published") {
    to.set_published(from.published());
  } else if (path == "score_maximum") {
    to.set_score_maximum(from.score_maximum());
  } else if (path == "external_id") {
    to.set_external_id(from.external_id());
  } else {
    return absl::InvalidArgumentError(
        absl::StrCat("update_mask: \"", typed::ShownText(path),
                     "\" is not a field UpdateAssignment changes"));
  }
  return absl::OkStatus();
}

// The user `name` names, for an override: NOT_FOUND when absent.
absl::StatusOr<store::UserRecord> OverrideUser(Context& context,
                                               const std::string& name,
                                               const char* field) {
  absl::StatusOr<std::string> username = ResourceId(name, "users", field);
  if (!username.ok()) return username.status();
  return context.store.GetUserByName(*username);
}

std::string NewAssignmentId() {
  // Lowercase letters and digits, so the id reads well in a CLI.
  std::string token = auth::NewToken();
  std::string id;
  for (char c : token) {
    if (id.size() == 12) break;
    if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) id.push_back(c);
  }
  return id.size() == 12 ? id : token.substr(0, 12);
}

}  // namespace

grpc::ServerUnaryReactor* AssignmentServiceImpl::CreateAssignment(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateAssignmentRequest* request, Assignment* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.CreateAssignment",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const store::RequestKey key = call->RequestKey();
  if (absl::Status valid = CheckRequestId(request->request_id()); !valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  if (ReplayIfRetried(call, key, response)) return reactor;
  const Assignment& wanted = request->assignment();
  absl::StatusOr<std::string> course_id =
      ResourceId(wanted.course(), "courses", "assignment.course");
  absl::StatusOr<std::string> quiz_id =
      ResourceId(wanted.quiz(), "quizzes", "assignment.quiz");
  absl::Status values = CheckAssignmentValues(wanted);
  if (!course_id.ok() || !quiz_id.ok() || !values.ok()) {
    call->Finish(!course_id.ok() ? course_id.status()
                 : !quiz_id.ok() ? quiz_id.status()
                                 : values);
    return reactor;
  }
  absl::StatusOr<CatalogQuiz> quiz = context_.catalog.FindQuiz(*quiz_id);
  if (!quiz.ok()) {
    call->Finish(absl::InvalidArgumentError(
        absl::StrCat("assignment.quiz: quizzes/", typed::ShownText(*quiz_id),
                     " does not exist")));
    return reactor;
  }
  absl::StatusOr<CourseView> access =
      CourseAccessOf(context_, call->principal(), *course_id, Want::kWrite);
  if (!access.ok()) {
    call->Finish(access.status());
    return reactor;
  }
  store::AssignmentRecord record;
  record.id = NewAssignmentId();
  record.course_id = *course_id;
  Assignment& a = record.assignment;
  a = wanted;
  a.set_name("assignments/" + record.id);
  a.set_course("courses/" + *course_id);
  a.set_quiz("quizzes/" + *quiz_id);
  if (a.title().empty()) a.set_title(quiz->quiz->title());
  ApplyDefaults(a);
  const int64_t now = NowMs();
  SetTimestamp(now, a.mutable_create_time());
  SetTimestamp(now, a.mutable_update_time());
  *response = a;
  store::EventNote note = NoteFor(call->principal(), record);
  context_.store.CreateAssignment(
      std::move(record), std::move(note), key,
      key.request_id.empty() ? "" : response->SerializeAsString(),
      [call, key, response](absl::StatusOr<store::AssignmentRecord> created) {
        if (absl::IsAlreadyExists(created.status()) &&
            ReplayIfRetried(call, key, response)) {
          return;
        }
        call->Finish(created.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::GetAssignment(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::GetAssignmentRequest* request, Assignment* response) {
  auto* call =
      new Call(context_, ctx, "AssignmentService.GetAssignment", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::AssignmentRecord> record = LoadAssignment(
      context_, call->principal(), request->name(), "name", Want::kRead);
  if (record.ok()) *response = record->assignment;
  call->Finish(record.status());
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::ListAssignments(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListAssignmentsRequest* request,
    quiz::v1::ListAssignmentsResponse* response) {
  auto* call =
      new Call(context_, ctx, "AssignmentService.ListAssignments", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> course_id =
      ResourceId(request->course(), "courses", "course");
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  absl::StatusOr<std::string> after = call->PageCursor();
  if (!course_id.ok() || !page_size.ok() || !after.ok()) {
    call->Finish(!course_id.ok()   ? course_id.status()
                 : !page_size.ok() ? page_size.status()
                                   : after.status());
    return reactor;
  }
  absl::StatusOr<CourseView> view =
      CourseAccessOf(context_, call->principal(), *course_id, Want::kRead);
  if (!view.ok()) {
    call->Finish(view.status());
    return reactor;
  }
  absl::StatusOr<std::vector<store::AssignmentRecord>> records =
      context_.store.ListAssignments(*course_id, *after, *page_size + 1,
                                     *view == CourseView::kLearner);
  if (!records.ok()) {
    call->Finish(records.status());
    return reactor;
  }
  const bool more = static_cast<int>(records->size()) > *page_size;
  if (more) records->resize(*page_size);
  for (const store::AssignmentRecord& record : *records) {
    *response->add_assignments() = record.assignment;
  }
  if (more) {
    response->set_next_page_token(call->NextPageToken(records->back().id));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::UpdateAssignment(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::UpdateAssignmentRequest* request, Assignment* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.UpdateAssignment",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  if (request->update_mask().empty()) {
    call->Finish(absl::InvalidArgumentError(
        "update_mask: name at least one field to change"));
    return reactor;
  }
  absl::StatusOr<store::AssignmentRecord> record =
      LoadAssignment(context_, call->principal(), request->assignment().name(),
                     "assignment.name", Want::kWrite);
  if (!record.ok()) {
    call->Finish(record.status());
    return reactor;
  }
  // The mask is applied and checked inside the write, on the stored row.
  auto change = [wanted = request->assignment(),
                 mask = std::vector<std::string>(request->update_mask().begin(),
                                                 request->update_mask().end())](
                    Assignment& stored) {
    for (const std::string& path : mask) {
      if (absl::Status copied = CopyMasked(path, wanted, stored);
          !copied.ok()) {
        return copied;
      }
    }
    ApplyDefaults(stored);
    return CheckAssignmentValues(stored);
  };
  context_.store.UpdateAssignment(
      record->id, std::move(change), NoteFor(call->principal(), *record),
      [call, response](absl::StatusOr<store::AssignmentRecord> updated) {
        if (updated.ok()) *response = updated->assignment;
        call->Finish(updated.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::DeleteAssignment(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::DeleteAssignmentRequest* request,
    quiz::v1::DeleteAssignmentResponse* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.DeleteAssignment",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> id =
      ResourceId(request->name(), "assignments", "name");
  if (!id.ok()) {
    call->Finish(id.status());
    return reactor;
  }
  absl::StatusOr<store::AssignmentRecord> record =
      context_.store.GetAssignment(*id);
  absl::StatusOr<CourseView> access =
      record.ok() ? CourseAccessOf(context_, call->principal(),
                                   record->course_id, Want::kWrite)
                  : absl::StatusOr<CourseView>(record.status());
  if (!access.ok()) {
    call->Finish(access.status());
    return reactor;
  }
  context_.store.DeleteAssignment(
      *id, NoteFor(call->principal(), *record),
      [call, response](absl::StatusOr<int64_t> deleted) {
        if (deleted.ok()) {
          SetTimestamp(*deleted, response->mutable_delete_time());
        }
        call->Finish(deleted.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::SetOverride(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::SetOverrideRequest* request,
    quiz::v1::AssignmentOverride* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.SetOverride",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  const quiz::v1::AssignmentOverride& wanted = request->override();
  absl::StatusOr<store::AssignmentRecord> record =
      LoadAssignment(context_, call->principal(), wanted.assignment(),
                     "override.assignment", Want::kWrite);
  if (!record.ok()) {
    call->Finish(record.status());
    return reactor;
  }
  absl::StatusOr<store::UserRecord> user =
      OverrideUser(context_, wanted.user(), "override.user");
  absl::Status values = CheckOverrideValues(wanted, record->assignment);
  if (!user.ok() || !values.ok()) {
    call->Finish(!user.ok() ? user.status() : values);
    return reactor;
  }
  store::OverrideRecord row;
  row.assignment_id = record->id;
  row.user_id = user->id;
  row.override = wanted;
  row.override.set_assignment("assignments/" + record->id);
  row.override.set_user("users/" + user->username);
  store::EventNote note =
      NoteFor(call->principal(), *record, row.override.user(), user->id);
  context_.store.SetOverride(
      std::move(row), std::move(note),
      [call, response](absl::StatusOr<store::OverrideRecord> stored) {
        if (stored.ok()) *response = stored->override;
        call->Finish(stored.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::ListOverrides(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListOverridesRequest* request,
    quiz::v1::ListOverridesResponse* response) {
  auto* call =
      new Call(context_, ctx, "AssignmentService.ListOverrides", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::AssignmentRecord> record =
      LoadAssignment(context_, call->principal(), request->assignment(),
                     "assignment", Want::kRead);
  if (!record.ok()) {
    call->Finish(record.status());
    return reactor;
  }
  absl::StatusOr<std::vector<store::OverrideRecord>> rows =
      context_.store.ListOverrides(record->id);
  if (rows.ok()) {
    for (const store::OverrideRecord& row : *rows) {
      *response->add_overrides() = row.override;
    }
  }
  call->Finish(rows.status());
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::DeleteOverride(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::DeleteOverrideRequest* request,
    quiz::v1::DeleteOverrideResponse* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.DeleteOverride",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<store::AssignmentRecord> record =
      LoadAssignment(context_, call->principal(), request->assignment(),
                     "assignment", Want::kWrite);
  absl::StatusOr<store::UserRecord> user =
      record.ok() ? OverrideUser(context_, request->user(), "user")
                  : absl::StatusOr<store::UserRecord>(record.status());
  if (!user.ok()) {
    call->Finish(user.status());
    return reactor;
  }
  context_.store.DeleteOverride(
      record->id, user->id,
      NoteFor(call->principal(), *record, "users/" + user->username, user->id),
      [call](absl::Status status) { call->Finish(status); });
  return reactor;
}

grpc::ServerUnaryReactor* AssignmentServiceImpl::ReopenAttempt(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ReopenAttemptRequest* request,
    quiz::v1::Attempt* response) {
  auto* call = new Call(context_, ctx, "AssignmentService.ReopenAttempt",
                        *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  if (request->extra_minutes() < 0 ||
      request->extra_minutes() > kMaxExtraMinutes) {
    call->Finish(absl::InvalidArgumentError(
        absl::StrCat("extra_minutes: must be 0 to ", kMaxExtraMinutes)));
    return reactor;
  }
  absl::StatusOr<std::string> attempt_id =
      ResourceId(request->attempt(), "attempts", "attempt");
  absl::StatusOr<store::AttemptRecord> attempt =
      attempt_id.ok()
          ? context_.store.GetAttempt(*attempt_id)
          : absl::StatusOr<store::AttemptRecord>(attempt_id.status());
  if (!attempt.ok()) {
    call->Finish(attempt.status());
    return reactor;
  }
  if (attempt->assignment_id.empty()) {
    call->Finish(absl::FailedPreconditionError(
        absl::StrCat("attempt: attempts/", attempt->id,
                     " was not started for an assignment")));
    return reactor;
  }
  absl::StatusOr<store::AssignmentRecord> record = LoadAssignment(
      context_, call->principal(), "assignments/" + attempt->assignment_id,
      "attempt", Want::kWrite);
  if (absl::IsNotFound(record.status())) {
    record = absl::FailedPreconditionError(record.status().message());
  }
  absl::StatusOr<LearnerTerms> terms =
      record.ok() ? LoadLearnerTerms(context_, *record, attempt->user_id)
                  : absl::StatusOr<LearnerTerms>(record.status());
  absl::StatusOr<store::UserRecord> owner =
      terms.ok() ? context_.store.GetUserById(attempt->user_id)
                 : absl::StatusOr<store::UserRecord>(terms.status());
  if (!owner.ok()) {
    call->Finish(owner.status());
    return reactor;
  }
  const int64_t now = NowMs();
  if (terms->close_ms != 0 && now >= terms->close_ms) {
    call->Finish(absl::FailedPreconditionError(
        absl::StrCat("assignments/", record->id, " closed ",
                     PlainTime(terms->close_ms), " for ", owner->username,
                     "; give them a later close time with an override first")));
    return reactor;
  }
  int64_t deadline = request->extra_minutes() > 0
                         ? now + request->extra_minutes() * 60000LL
                         : 0;
  if (terms->close_ms != 0 && (deadline == 0 || deadline > terms->close_ms)) {
    deadline = terms->close_ms;
  }
  store::EventNote note = NoteFor(call->principal(), *record,
                                  "users/" + owner->username, owner->id);
  note.event.set_attempt("attempts/" + attempt->id);
  context_.store.ReopenAttempt(
      attempt->id, deadline, std::move(note),
      [this, call, response, username = owner->username](
          absl::StatusOr<store::AttemptRecord> reopened) {
        if (!reopened.ok()) {
          call->Finish(reopened.status());
          return;
        }
        context_.learners.Changed(reopened->user_id);
        absl::StatusOr<LoadedAttempt> loaded =
            LoadAttemptFor(context_, *std::move(reopened), username);
        if (!loaded.ok()) {
          call->Finish(loaded.status());
          return;
        }
        loaded->release.reset();  // the caller is staff
        call->Finish(ReadAttemptView(context_.store, *loaded,
                                     ItemDetail::kReference, response));
      });
  return reactor;
}

}  // namespace service
