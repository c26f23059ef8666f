// CourseService: courses and their members. Who may call a method is the
// access policy's business (Call::Authenticate); which course a caller may
// read or change depends on their membership of it, checked here: admins
// and API keys act on every course, instructors change the courses they
// teach, members read their own.
#include <algorithm>
#include <memory>
#include <utility>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "server/service/call.h"
#include "server/service/course_fields.h"
#include "server/service/services.h"
#include "server/service/upsert_outcome.h"
#include "server/service/user_fields.h"
#include "server/text/request_text.h"

namespace service {

// --- course_fields.h ---

absl::Status CheckCourseId(absl::string_view id, absl::string_view field) {
  const bool shaped =
      !id.empty() && id.size() <= 64 && id.front() != '-' &&
      std::all_of(id.begin(), id.end(), [](char c) {
        return absl::ascii_islower(c) || absl::ascii_isdigit(c) || c == '-';
      });
  if (shaped) return absl::OkStatus();
  return absl::InvalidArgumentError(
      absl::StrCat(field, ": ", text::QuoteForLog(id),
                   " is not a course id (1-64 characters of a-z, 0-9 and "
                   "'-', starting with a letter or digit)"));
}

absl::StatusOr<std::string> CourseIdOf(const std::string& name,
                                       const char* field) {
  absl::StatusOr<std::string> id = ResourceId(name, "courses", field);
  if (!id.ok()) return id.status();
  if (absl::Status valid = CheckCourseId(*id, field); !valid.ok()) {
    return valid;
  }
  return id;
}

quiz::v1::Course CourseMessage(const store::CourseRecord& course) {
  quiz::v1::Course message;
  message.set_name(absl::StrCat("courses/", course.id));
  message.set_title(course.title);
  message.set_term(course.term);
  message.set_external_id(course.external_id);
  message.set_archived(course.archived);
  SetTimestamp(course.create_time_ms, message.mutable_create_time());
  SetTimestamp(course.update_time_ms, message.mutable_update_time());
  return message;
}

quiz::v1::CourseMember MemberMessage(const store::MemberRecord& member) {
  quiz::v1::CourseMember message;
  message.set_course(absl::StrCat("courses/", member.course_id));
  message.set_user(absl::StrCat("users/", member.username));
  message.set_user_external_id(member.user_external_id);
  message.set_display_name(member.display_name);
  message.set_role(member.role);
  message.set_status(member.status);
  SetTimestamp(member.update_time_ms, message.mutable_update_time());
  return message;
}

bool SeesEveryCourse(const auth::Principal& principal) {
  return principal.role == quiz::v1::ROLE_ADMIN ||
         principal.role == quiz::v1::ROLE_SERVICE_ACCOUNT;
}

bool MemberMayRead(const store::MemberRecord& member) {
  return member.status == quiz::v1::MEMBER_STATUS_ACTIVE ||
         (member.status == quiz::v1::MEMBER_STATUS_INACTIVE &&
          member.role == quiz::v1::COURSE_ROLE_LEARNER);
}

namespace {

// Rows one BatchUpdateMembers may carry.
constexpr int kMaxMemberRows = 1000;
constexpr int kMaxTitleChars = 200;
constexpr int kMaxTermChars = 100;

// The user a write must find teaching the course when it commits: the
// caller, unless they act on every course (admins, API keys).
int64_t RequiredInstructor(const auth::Principal& principal) {
  return SeesEveryCourse(principal) ? 0 : principal.user_id;
}

std::string Actor(const Call& call) {
  return absl::StrCat("users/", call.principal().username);
}

absl::Status CheckTitle(const std::string& title) {
  if (title.empty()) {
    return absl::InvalidArgumentError("title: required (1-200 characters)");
  }
  return text::CheckText(title, {kMaxTitleChars, false}, "title");
}

absl::Status CheckTerm(const std::string& term) {
  return text::CheckText(term, {kMaxTermChars, false}, "term");
}

// A Timestamp filter as milliseconds; INVALID_ARGUMENT naming `field` when
// it is not a time between 1970 and 9999.
absl::StatusOr<int64_t> FilterTimeMs(const google::protobuf::Timestamp& time,
                                     const char* field) {
  if (time.seconds() < 0 || time.nanos() < 0 || time.nanos() > 999999999 ||
      time.seconds() > 253402300799) {
    return absl::InvalidArgumentError(
        absl::StrCat(field, ": not a time between 1970 and 9999"));
  }
  return time.seconds() * 1000 + time.nanos() / 1000000;
}

// The course `id` if `principal` may read it; NOT_FOUND naming `field`
// otherwise, as for a course that does not exist. `member` gets the
// caller's membership (nullopt for those who see every course).
absl::StatusOr<store::CourseRecord> ReadableCourse(
    Context& context, const auth::Principal& principal, const std::string& id,
    const char* field, std::optional<store::MemberRecord>* member = nullptr) {
  const absl::Status hidden = absl::NotFoundError(
      absl::StrCat(field, ": no course courses/", id, " that you can see"));
  absl::StatusOr<store::CourseRecord> course = context.store.GetCourse(id);
  if (absl::IsNotFound(course.status())) return hidden;
  if (!course.ok() || SeesEveryCourse(principal)) return course;
  absl::StatusOr<std::optional<store::MemberRecord>> membership =
      context.store.GetMember(id, principal.user_id);
  if (!membership.ok()) return membership.status();
  if (!membership->has_value() || !MemberMayRead(**membership)) return hidden;
  if (member != nullptr) *member = *std::move(*membership);
  return course;
}

// OK when `principal` may change course `id`: admins and API keys (the
// policy let them call), and its active instructors. NOT_FOUND naming
// `field` when there is no such course; PERMISSION_DENIED otherwise.
absl::Status MayChangeCourse(Context& context, const auth::Principal& principal,
                             const std::string& id, const char* field) {
  absl::StatusOr<store::CourseRecord> course = context.store.GetCourse(id);
  if (absl::IsNotFound(course.status())) {
    return absl::NotFoundError(absl::StrCat(field, ": no course courses/", id));
  }
  if (!course.ok()) return course.status();
  if (SeesEveryCourse(principal)) return absl::OkStatus();
  absl::StatusOr<quiz::v1::CourseRole> role =
      context.store.CourseRoleOf(id, principal.user_id);
  if (!role.ok()) return role.status();
  if (*role == quiz::v1::COURSE_ROLE_INSTRUCTOR) return absl::OkStatus();
  return absl::PermissionDeniedError(
      absl::StrCat("courses/", id,
                   " can be changed by its instructors and admins only; you "
                   "are not an active instructor of it"));
}

// One BatchUpdateMembers row, checked and converted; errors name fields
// relative to the row ("user: ...").
absl::StatusOr<store::MemberChange> MemberChangeOf(
    const quiz::v1::MemberUpdate& row) {
  store::MemberChange change;
  if (row.user().empty() == row.user_external_id().empty()) {
    return absl::InvalidArgumentError(
        "user: name the user by exactly one of user and user_external_id");
  }
  if (!row.user().empty()) {
    absl::StatusOr<std::string> username =
        ResourceId(row.user(), "users", "user");
    if (!username.ok()) return username.status();
    if (absl::Status valid = auth::CheckUsername(*username); !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat(
          "user: ", absl::StripPrefix(valid.message(), "username: ")));
    }
    change.username = *std::move(username);
  } else {
    if (absl::Status valid = CheckExternalId(row.user_external_id());
        !valid.ok()) {
      return absl::InvalidArgumentError(absl::StrCat("user_", valid.message()));
    }
    change.user_external_id = row.user_external_id();
  }
  if (!quiz::v1::CourseRole_IsValid(row.role())) {
    return absl::InvalidArgumentError("role: not a quiz.v1.CourseRole");
  }
  if (!quiz::v1::MemberStatus_IsValid(row.status())) {
    return absl::InvalidArgumentError("status: not a quiz.v1.MemberStatus");
  }
  change.role = row.role();
  change.status = row.status() == quiz::v1::MEMBER_STATUS_UNSPECIFIED
                      ? quiz::v1::MEMBER_STATUS_ACTIVE
                      : row.status();
  if (change.role == quiz::v1::COURSE_ROLE_UNSPECIFIED &&
      change.status != quiz::v1::MEMBER_STATUS_DELETED) {
    return absl::InvalidArgumentError(
        "role: required (learner, instructor or teaching assistant)");
  }
  return change;
}

// One BatchUpdateMembers call in its stages: check the rows, write them in
// one transaction, reply.
class MemberBatch {
 public:
  MemberBatch(Call* call, const quiz::v1::BatchUpdateMembersRequest& request,
              quiz::v1::BatchUpdateMembersResponse* response)
      : call_(call), request_(request), response_(response) {}

  void Run() {
    absl::StatusOr<std::string> course =
        CourseIdOf(request_.course(), "course");
    if (!course.ok()) return Finish(course.status());
    const int rows = request_.rows_size();
    if (rows == 0 || rows > kMaxMemberRows) {
      return Finish(absl::InvalidArgumentError(absl::StrCat(
          "rows: ", rows, " rows; send 1 to ", kMaxMemberRows, " per call")));
    }
    if (absl::Status may = MayChangeCourse(call_->context(), call_->principal(),
                                           *course, "course");
        !may.ok()) {
      return Finish(may);
    }
    errors_.resize(rows);
    std::vector<store::MemberChange> changes;
    absl::flat_hash_map<std::string, int> named;
    for (int i = 0; i < rows; ++i) {
      const quiz::v1::MemberUpdate& row = request_.rows(i);
      absl::StatusOr<store::MemberChange> change = MemberChangeOf(row);
      if (change.ok()) {
        const std::string key = change->username.empty()
                                    ? "#" + change->user_external_id
                                    : change->username;
        auto [earlier, fresh] = named.emplace(key, i);
        if (!fresh) {
          change = absl::InvalidArgumentError(absl::StrCat(
              change->username.empty() ? "user_external_id" : "user",
              ": repeats rows[", earlier->second, "]"));
        }
      }
      if (!change.ok()) {
        errors_[i] = Under(absl::StrCat("rows[", i, "]."), change.status());
        continue;
      }
      changes.push_back(*std::move(change));
      stored_index_.push_back(i);
    }
    if (FirstError() >= 0 && !request_.skip_invalid() &&
        !request_.validate_only()) {
      return Finish(BatchError());
    }
    if (changes.empty()) return Reply({});
    call_->context().store.UpdateMembers(
        *course, std::move(changes), request_.validate_only(),
        request_.skip_invalid(), RequiredInstructor(call_->principal()),
        Actor(*call_), [this](absl::StatusOr<store::MemberBatchResult> result) {
          if (!result.ok()) return Finish(result.status());
          Stored(*std::move(result));
        });
  }

 private:
  int FirstError() const {
    for (size_t i = 0; i < errors_.size(); ++i) {
      if (!errors_[i].ok()) return static_cast<int>(i);
    }
    return -1;
  }

  // The call's failure when a bad row stops the batch: the first one's.
  absl::Status BatchError() const {
    const absl::Status& first = errors_[FirstError()];
    const int bad = static_cast<int>(
        std::count_if(errors_.begin(), errors_.end(),
                      [](const absl::Status& status) { return !status.ok(); }));
    return absl::Status(first.code(),
                        absl::StrCat(first.message(),
                                     bad > 1 ? absl::StrCat(" (and ", bad - 1,
                                                            " more bad rows)")
                                             : std::string(),
                                     "; nothing was stored"));
  }

  // On the store's completion thread.
  void Stored(store::MemberBatchResult result) {
    for (size_t k = 0; k < result.rows.size(); ++k) {
      const store::MemberChangeResult& row = result.rows[k];
      if (row.outcome == store::UpsertRowResult::kFailed) {
        const int i = stored_index_[k];
        errors_[i] = Under(absl::StrCat("rows[", i, "]."), row.error);
      }
    }
    if (!result.committed && !request_.validate_only() &&
        !request_.skip_invalid()) {
      return Finish(BatchError());
    }
    Reply(std::move(result.rows));
  }

  void Reply(std::vector<store::MemberChangeResult> stored) {
    size_t k = 0;
    for (int i = 0; i < request_.rows_size(); ++i) {
      quiz::v1::MemberUpdateResult& out = *response_->add_results();
      out.set_index(i);
      const bool was_stored = k < stored_index_.size() && stored_index_[k] == i;
      const store::MemberChangeResult* row =
          was_stored ? &stored[k++] : nullptr;
      if (!errors_[i].ok() || row == nullptr) {
        out.set_outcome(quiz::v1::UPSERT_OUTCOME_ERROR);
        out.set_error(std::string(errors_[i].message()));
        response_->set_failed(response_->failed() + 1);
        continue;
      }
      out.set_outcome(WireOutcome(row->outcome));
      if (row->member.user_id != 0) {
        *out.mutable_member() = MemberMessage(row->member);
      }
      CountOutcome(row->outcome, *response_);
    }
    Finish(absl::OkStatus());
  }

  void Finish(const absl::Status& status) {
    call_->Finish(status);
    delete this;
  }

  Call* const call_;
  const quiz::v1::BatchUpdateMembersRequest& request_;
  quiz::v1::BatchUpdateMembersResponse* const response_;
  std::vector<absl::Status> errors_;  // per request row; OK when good
  std::vector<int> stored_index_;     // request row of each row sent on
};

}  // namespace

grpc::ServerUnaryReactor* CourseServiceImpl::CreateCourse(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::CreateCourseRequest* request, quiz::v1::Course* response) {
  auto* call =
      new Call(context_, ctx, "CourseService.CreateCourse", *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::Status valid = CheckCourseId(request->course_id(), "course_id");
  valid.Update(CheckTitle(request->title()));
  valid.Update(CheckTerm(request->term()));
  valid.Update(CheckExternalId(request->external_id()));
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  store::CourseRecord course;
  course.id = request->course_id();
  course.title = request->title();
  course.term = request->term();
  course.external_id = request->external_id();
  // An instructor who creates a course teaches it; an admin or an
  // integration creating one for others joins nothing.
  const int64_t instructor = call->principal().role == quiz::v1::ROLE_INSTRUCTOR
                                 ? call->principal().user_id
                                 : 0;
  context_.store.CreateCourse(
      std::move(course), instructor, Actor(*call),
      [call, response](absl::StatusOr<store::CourseRecord> created) {
        if (created.ok()) *response = CourseMessage(*created);
        call->Finish(created.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* CourseServiceImpl::GetCourse(
    grpc::CallbackServerContext* ctx, const quiz::v1::GetCourseRequest* request,
    quiz::v1::Course* response) {
  auto* call = new Call(context_, ctx, "CourseService.GetCourse", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> id = CourseIdOf(request->name(), "name");
  if (!id.ok()) {
    call->Finish(id.status());
    return reactor;
  }
  absl::StatusOr<store::CourseRecord> course =
      ReadableCourse(context_, call->principal(), *id, "name");
  if (course.ok()) *response = CourseMessage(*course);
  call->Finish(course.status());
  return reactor;
}

grpc::ServerUnaryReactor* CourseServiceImpl::ListCourses(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListCoursesRequest* request,
    quiz::v1::ListCoursesResponse* response) {
  auto* call = new Call(context_, ctx, "CourseService.ListCourses", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  absl::StatusOr<std::string> cursor = call->PageCursor();
  absl::Status valid = page_size.ok() ? cursor.status() : page_size.status();
  store::CourseFilter filter;
  filter.include_archived = request->include_archived();
  if (request->has_updated_after()) {
    absl::StatusOr<int64_t> after =
        FilterTimeMs(request->updated_after(), "updated_after");
    valid.Update(after.status());
    if (after.ok()) filter.updated_after_ms = *after;
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  if (!SeesEveryCourse(call->principal())) {
    filter.member_user_id = call->principal().user_id;
  }
  absl::StatusOr<std::vector<store::CourseRecord>> courses =
      context_.store.ListCourses(filter, *cursor, *page_size + 1);
  if (!courses.ok()) {
    call->Finish(courses.status());
    return reactor;
  }
  const bool more = static_cast<int>(courses->size()) > *page_size;
  if (more) courses->resize(*page_size);
  for (const store::CourseRecord& course : *courses) {
    *response->add_courses() = CourseMessage(course);
  }
  if (more)
    response->set_next_page_token(call->NextPageToken(courses->back().id));
  call->Finish(absl::OkStatus());
  return reactor;
}

grpc::ServerUnaryReactor* CourseServiceImpl::UpdateCourse(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::UpdateCourseRequest* request, quiz::v1::Course* response) {
  auto* call =
      new Call(context_, ctx, "CourseService.UpdateCourse", *request, response);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> id = CourseIdOf(request->name(), "name");
  absl::Status valid = id.status();
  store::CourseUpdate update;
  if (request->has_title()) {
    valid.Update(CheckTitle(request->title()));
    update.title = request->title();
  }
  if (request->has_term()) {
    valid.Update(CheckTerm(request->term()));
    update.term = request->term();
  }
  if (request->has_external_id()) {
    valid.Update(CheckExternalId(request->external_id()));
    update.external_id = request->external_id();
  }
  if (request->has_archived()) update.archived = request->archived();
  if (valid.ok() && !update.title && !update.term && !update.external_id &&
      !update.archived) {
    valid = absl::InvalidArgumentError(
        "set at least one of title, term, external_id, archived");
  }
  if (valid.ok()) {
    valid = MayChangeCourse(context_, call->principal(), *id, "name");
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  context_.store.UpdateCourse(
      *id, std::move(update), RequiredInstructor(call->principal()),
      Actor(*call),
      [call, response](absl::StatusOr<store::CourseRecord> updated) {
        if (updated.ok()) *response = CourseMessage(*updated);
        call->Finish(updated.status());
      });
  return reactor;
}

grpc::ServerUnaryReactor* CourseServiceImpl::BatchUpdateMembers(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::BatchUpdateMembersRequest* request,
    quiz::v1::BatchUpdateMembersResponse* response) {
  auto* call =
      new Call(context_, ctx, "CourseService.BatchUpdateMembers", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  (new MemberBatch(call, *request, response))->Run();
  return reactor;
}

grpc::ServerUnaryReactor* CourseServiceImpl::ListMembers(
    grpc::CallbackServerContext* ctx,
    const quiz::v1::ListMembersRequest* request,
    quiz::v1::ListMembersResponse* response) {
  auto* call = new Call(context_, ctx, "CourseService.ListMembers", *request);
  grpc::ServerUnaryReactor* reactor = call->reactor();
  if (!call->Authenticate()) return reactor;
  absl::StatusOr<std::string> id = CourseIdOf(request->course(), "course");
  absl::StatusOr<int> page_size = PageSize(request->page_size());
  absl::StatusOr<std::string> cursor = call->PageCursor();
  absl::Status valid = id.status();
  valid.Update(page_size.status());
  valid.Update(cursor.status());
  store::MemberFilter filter;
  if (!quiz::v1::CourseRole_IsValid(request->role())) {
    valid.Update(absl::InvalidArgumentError("role: not a quiz.v1.CourseRole"));
  }
  filter.role = request->role();
  filter.include_deleted = request->include_deleted();
  if (request->has_changed_since()) {
    absl::StatusOr<int64_t> since =
        FilterTimeMs(request->changed_since(), "changed_since");
    valid.Update(since.status());
    if (since.ok()) filter.changed_since_ms = *since;
    // The store reads 0 as "no filter"; since the epoch is every row,
    // removed ones included.
    if (since.ok() && *since == 0) filter.include_deleted = true;
  }
  if (!valid.ok()) {
    call->Finish(valid);
    return reactor;
  }
  std::optional<store::MemberRecord> member;
  absl::StatusOr<store::CourseRecord> course =
      ReadableCourse(context_, call->principal(), *id, "course", &member);
  if (!course.ok()) {
    call->Finish(course.status());
    return reactor;
  }
  // A learner sees who teaches the course and their own row, not the other
  // learners.
  if (member.has_value() && member->role == quiz::v1::COURSE_ROLE_LEARNER) {
    filter.learner_view_user_id = call->principal().user_id;
  }
  absl::StatusOr<std::vector<store::MemberRecord>> members =
      context_.store.ListMembers(*id, filter, *cursor, *page_size + 1);
  if (!members.ok()) {
    call->Finish(members.status());
    return reactor;
  }
  const bool more = static_cast<int>(members->size()) > *page_size;
  if (more) members->resize(*page_size);
  for (const store::MemberRecord& row : *members) {
    *response->add_members() = MemberMessage(row);
  }
  if (more) {
    response->set_next_page_token(
        call->NextPageToken(members->back().username));
  }
  call->Finish(absl::OkStatus());
  return reactor;
}

}  // namespace service
