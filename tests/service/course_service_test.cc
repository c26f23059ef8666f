// CourseService over real gRPC: who may create, change and read which
// course, member batches that are all or nothing and idempotent, removals
// that a "changed since" sync sees, and hostile input refused naming the
// field.
#include <string>
#include <vector>

#include "gmock/gmock.h"
#include "google/protobuf/util/time_util.h"
#include "harness.h"
#include "quiz/v1/audit_service.grpc.pb.h"
#include "quiz/v1/course_service.grpc.pb.h"
#include "quiz/v1/integration_service.grpc.pb.h"
#include "quiz/v1/user_service.grpc.pb.h"

namespace quizd_test {
namespace {

using quiz::v1::BatchUpdateMembersRequest;
using quiz::v1::BatchUpdateMembersResponse;
using quiz::v1::Course;
using quiz::v1::CourseService;

class CourseServiceTest : public ServerFixture {
 protected:
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "ivan", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "dave", quiz::v1::ROLE_ADMIN);
  }
  // These tests make every course they list themselves, through the API.
  void AddCoursesAndOwners() const override {}

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    ivan_ = Login("ivan");
    dave_ = Login("dave");
    courses_ = CourseService::NewStub(channel_);
  }

  grpc::Status Create(const std::string& token, const std::string& text,
                      Course* course = nullptr) {
    Course ignored;
    return courses_->CreateCourse(As(token).get(),
                                  Parse<quiz::v1::CreateCourseRequest>(text),
                                  course != nullptr ? course : &ignored);
  }

  grpc::Status Members(const std::string& token, const std::string& text,
                       BatchUpdateMembersResponse* reply = nullptr) {
    BatchUpdateMembersResponse ignored;
    return courses_->BatchUpdateMembers(As(token).get(),
                                        Parse<BatchUpdateMembersRequest>(text),
                                        reply != nullptr ? reply : &ignored);
  }

  grpc::Status Update(const std::string& token, const std::string& text,
                      Course* course = nullptr) {
    Course ignored;
    return courses_->UpdateCourse(As(token).get(),
                                  Parse<quiz::v1::UpdateCourseRequest>(text),
                                  course != nullptr ? course : &ignored);
  }

  // "user:status" of each member ListMembers gives `token` for `text`.
  std::vector<std::string> ListedMembers(const std::string& token,
                                         const std::string& text) {
    quiz::v1::ListMembersResponse reply;
    grpc::Status status = courses_->ListMembers(
        As(token).get(), Parse<quiz::v1::ListMembersRequest>(text), &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> members;
    for (const quiz::v1::CourseMember& member : reply.members()) {
      members.push_back(member.user() + ":" +
                        quiz::v1::MemberStatus_Name(member.status()));
    }
    return members;
  }

  std::vector<std::string> ListedCourses(const std::string& token,
                                         const std::string& text = "") {
    std::vector<std::string> names;
    quiz::v1::ListCoursesRequest request =
        Parse<quiz::v1::ListCoursesRequest>(text);
    for (int page = 0; page < 20; ++page) {
      quiz::v1::ListCoursesResponse reply;
      grpc::Status status =
          courses_->ListCourses(As(token).get(), request, &reply);
      EXPECT_TRUE(status.ok()) << status.error_message();
      for (const Course& course : reply.courses())
        names.push_back(course.name());
      if (reply.next_page_token().empty()) break;
      request.set_page_token(reply.next_page_token());
    }
    return names;
  }

  template <typename Message>
  static Message Parse(const std::string& text) {
    Message message;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &message))
        << text;
    return message;
  }

  // A row with a role number no CourseRole has.
  grpc::Status UnknownRole() {
    BatchUpdateMembersRequest request;
    request.set_course("cpc");
    quiz::v1::MemberUpdate* row = request.add_rows();
    row->set_user("alice");
    row->set_role(static_cast<quiz::v1::CourseRole>(99));
    BatchUpdateMembersResponse reply;
    return courses_->BatchUpdateMembers(As(ivan_).get(), request, &reply);
  }

  // ivan's course "cpc" with alice and bob as learners.
  void MakeIvansCourse() {
    ASSERT_TRUE(Create(ivan_, "course_id: 'cpc' title: 'CPC prep'").ok());
    ASSERT_TRUE(Members(ivan_,
                        "course: 'courses/cpc'"
                        " rows { user: 'alice' role: COURSE_ROLE_LEARNER }"
                        " rows { user: 'users/bob' role: COURSE_ROLE_LEARNER }")
                    .ok());
  }

  std::string ivan_, dave_;
  std::unique_ptr<CourseService::Stub> courses_;
};

TEST_F(CourseServiceTest, AnInstructorWhoCreatesACourseTeachesIt) {
  Course course;
  ASSERT_TRUE(Create(ivan_,
                     "course_id: 'cpc' title: 'CPC prep' term: '2027 Spring'"
                     " external_id: 'lms-42'",
                     &course)
                  .ok());
  EXPECT_EQ(course.name(), "courses/cpc");
  EXPECT_EQ(course.external_id(), "lms-42");
  EXPECT_TRUE(course.has_create_time());
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc'"),
            std::vector<std::string>{"users/ivan:MEMBER_STATUS_ACTIVE"});
  grpc::Status again = Create(dave_, "course_id: 'cpc' title: 'Other'");
  EXPECT_EQ(again.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(again.error_message().rfind("course_id:", 0), 0u)
      << again.error_message();
  grpc::Status taken = Create(dave_,
                              "course_id: 'cpb' title: 'Other'"
                              " external_id: 'lms-42'");
  EXPECT_EQ(taken.error_code(), grpc::StatusCode::ALREADY_EXISTS);
  EXPECT_EQ(taken.error_message().rfind("external_id:", 0), 0u)
      << taken.error_message();
  // An admin creating a course joins nothing.
  ASSERT_TRUE(Create(dave_, "course_id: 'cpb' title: 'CPB'").ok());
  EXPECT_TRUE(ListedMembers(dave_, "course: 'cpb'").empty());
}

TEST_F(CourseServiceTest, AnInstructorCannotChangeACourseTheyDoNotTeach) {
  MakeIvansCourse();
  grpc::Status update = Update(carol_, "name: 'courses/cpc' title: 'Mine'");
  EXPECT_EQ(update.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << update.error_message();
  grpc::Status members = Members(
      carol_,
      "course: 'cpc' rows { user: 'carol' role: COURSE_ROLE_INSTRUCTOR }");
  EXPECT_EQ(members.error_code(), grpc::StatusCode::PERMISSION_DENIED)
      << members.error_message();
  // Nor does she see it.
  Course seen;
  EXPECT_EQ(
      courses_
          ->GetCourse(As(carol_).get(),
                      Parse<quiz::v1::GetCourseRequest>("name: 'cpc'"), &seen)
          .error_code(),
      grpc::StatusCode::NOT_FOUND);
  EXPECT_TRUE(ListedCourses(carol_).empty());
  // A teaching assistant sees the course and every member, but changes
  // nothing.
  ASSERT_TRUE(Members(ivan_,
                      "course: 'cpc' rows { user: 'carol' "
                      "role: COURSE_ROLE_TEACHING_ASSISTANT }")
                  .ok());
  EXPECT_EQ(ListedCourses(carol_), std::vector<std::string>{"courses/cpc"});
  EXPECT_EQ(ListedMembers(carol_, "course: 'cpc'").size(), 4u);
  EXPECT_EQ(Update(carol_, "name: 'cpc' archived: true").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // Admins change any course; archiving hides it from default listings.
  Course archived;
  ASSERT_TRUE(Update(dave_, "name: 'cpc' archived: true", &archived).ok());
  EXPECT_TRUE(archived.archived());
  EXPECT_EQ(archived.title(), "CPC prep");
  EXPECT_TRUE(ListedCourses(dave_).empty());
  EXPECT_EQ(ListedCourses(dave_, "include_archived: true"),
            std::vector<std::string>{"courses/cpc"});
}

TEST_F(CourseServiceTest, LearnersSeeTheirCoursesAndWhoTeachesThem) {
  MakeIvansCourse();
  ASSERT_TRUE(Create(dave_, "course_id: 'other' title: 'Other'").ok());
  EXPECT_EQ(ListedCourses(alice_), std::vector<std::string>{"courses/cpc"});
  EXPECT_EQ(ListedMembers(alice_, "course: 'cpc'"),
            (std::vector<std::string>{"users/alice:MEMBER_STATUS_ACTIVE",
                                      "users/ivan:MEMBER_STATUS_ACTIVE"}));
  quiz::v1::ListMembersResponse hidden;
  grpc::Status status = courses_->ListMembers(
      As(alice_).get(), Parse<quiz::v1::ListMembersRequest>("course: 'other'"),
      &hidden);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  // A learner made inactive still sees the course; a removed one does not.
  ASSERT_TRUE(Members(ivan_,
                      "course: 'cpc' rows { user: 'alice' "
                      "role: COURSE_ROLE_LEARNER status: "
                      "MEMBER_STATUS_INACTIVE } rows { user: 'bob' "
                      "status: MEMBER_STATUS_DELETED }")
                  .ok());
  EXPECT_EQ(ListedCourses(alice_), std::vector<std::string>{"courses/cpc"});
  EXPECT_TRUE(ListedCourses(bob_).empty());
}

TEST_F(CourseServiceTest, ABadRowStoresNothingAndNamesTheRow) {
  ASSERT_TRUE(Create(ivan_, "course_id: 'cpc' title: 'CPC prep'").ok());
  const std::string rows =
      "course: 'cpc'"
      " rows { user: 'alice' role: COURSE_ROLE_LEARNER }"
      " rows { user: 'nobody' role: COURSE_ROLE_LEARNER }"
      " rows { user: 'bob' role: COURSE_ROLE_INSTRUCTOR }";
  grpc::Status status = Members(ivan_, rows);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(
      status.error_message().rfind("rows[1].user: no user users/nobody", 0), 0u)
      << status.error_message();
  EXPECT_NE(status.error_message().find("nothing was stored"),
            std::string::npos);
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc'").size(), 1u);  // ivan only

  BatchUpdateMembersResponse checked;
  ASSERT_TRUE(Members(ivan_, rows + " validate_only: true", &checked).ok());
  EXPECT_EQ(checked.created(), 1);
  EXPECT_EQ(checked.failed(), 2);
  EXPECT_EQ(checked.results(2).error().rfind("rows[2].role:", 0), 0u)
      << checked.results(2).error();
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc'").size(), 1u);

  BatchUpdateMembersResponse skipped;
  ASSERT_TRUE(Members(ivan_, rows + " skip_invalid: true", &skipped).ok());
  EXPECT_EQ(skipped.created(), 1);
  EXPECT_EQ(skipped.results(0).member().user(), "users/alice");
  EXPECT_EQ(skipped.results(1).outcome(), quiz::v1::UPSERT_OUTCOME_ERROR);
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc'").size(), 2u);
}

TEST_F(CourseServiceTest, ReRunningTheSameRowsChangesNothing) {
  ASSERT_TRUE(Create(ivan_, "course_id: 'cpc' title: 'CPC prep'").ok());
  const std::string rows =
      "course: 'cpc'"
      " rows { user: 'alice' role: COURSE_ROLE_LEARNER }"
      " rows { user: 'bob' role: COURSE_ROLE_LEARNER }";
  BatchUpdateMembersResponse first, second;
  ASSERT_TRUE(Members(ivan_, rows, &first).ok());
  EXPECT_EQ(first.created(), 2);
  ASSERT_TRUE(Members(ivan_, rows, &second).ok());
  EXPECT_EQ(second.unchanged(), 2);
  EXPECT_EQ(second.created() + second.updated() + second.failed(), 0);
  EXPECT_EQ(second.results(0).member().update_time(),
            first.results(0).member().update_time());
}

TEST_F(CourseServiceTest, ARemovalShowsInChangedSince) {
  MakeIvansCourse();
  const auto synced = google::protobuf::util::TimeUtil::GetCurrentTime();
  ASSERT_TRUE(Members(ivan_,
                      "course: 'cpc' rows { user: 'bob' "
                      "status: MEMBER_STATUS_DELETED }")
                  .ok());
  const std::string since = "course: 'cpc' changed_since { seconds: " +
                            std::to_string(synced.seconds() - 1) + " }";
  // Every change of the last second: the adds and the removal.
  EXPECT_EQ(ListedMembers(ivan_, since),
            (std::vector<std::string>{"users/alice:MEMBER_STATUS_ACTIVE",
                                      "users/bob:MEMBER_STATUS_DELETED",
                                      "users/ivan:MEMBER_STATUS_ACTIVE"}));
  // Without it, only current members.
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc' role: COURSE_ROLE_LEARNER"),
            std::vector<std::string>{"users/alice:MEMBER_STATUS_ACTIVE"});
  EXPECT_EQ(
      ListedMembers(ivan_, "course: 'cpc' changed_since { seconds: " +
                               std::to_string(synced.seconds() + 60) + " }"),
      std::vector<std::string>{});
}

TEST_F(CourseServiceTest, ADeletedUserLeavesTheirCourses) {
  MakeIvansCourse();
  quiz::v1::DeleteUserRequest request;
  request.set_name("users/bob");
  quiz::v1::DeleteUserResponse deleted;
  grpc::Status status = quiz::v1::UserService::NewStub(channel_)->DeleteUser(
      As(dave_).get(), request, &deleted);
  ASSERT_TRUE(status.ok()) << status.error_message();
  // Current learners: alice only. The removal is listed, under the
  // anonymous name the deleted user keeps.
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc' role: COURSE_ROLE_LEARNER"),
            std::vector<std::string>{"users/alice:MEMBER_STATUS_ACTIVE"});
  const std::vector<std::string> all = ListedMembers(
      ivan_, "course: 'cpc' role: COURSE_ROLE_LEARNER include_deleted: true");
  ASSERT_EQ(all.size(), 2u);
  EXPECT_EQ(all[0].rfind("users/#deleted-", 0), 0u) << all[0];
  EXPECT_THAT(all[0], testing::EndsWith(":MEMBER_STATUS_DELETED"));
}

TEST_F(CourseServiceTest, HostileInputIsRefusedNamingTheField) {
  ASSERT_TRUE(Create(ivan_, "course_id: 'cpc' title: 'CPC prep'").ok());
  struct Case {
    std::string what;
    grpc::Status status;
    std::string field;
  };
  const std::string long_title(201, 'x');
  const std::string huge(100000, 'a');
  std::vector<Case> cases = {
      {"upper-case id", Create(ivan_, "course_id: 'CPC' title: 't'"),
       "course_id"},
      {"id with a slash", Create(ivan_, "course_id: 'a/b' title: 't'"),
       "course_id"},
      {"no title", Create(ivan_, "course_id: 'x'"), "title"},
      {"long title",
       Create(ivan_, "course_id: 'x' title: '" + long_title + "'"), "title"},
      {"escape in title", Create(ivan_, "course_id: 'x' title: 'a\\033[2Jb'"),
       "title"},
      {"spaces in external id",
       Create(ivan_, "course_id: 'x' title: 't' external_id: 'a b'"),
       "external_id"},
      {"huge name", Update(ivan_, "name: '" + huge + "' title: 't'"), "name"},
      {"other collection", Update(ivan_, "name: 'users/cpc' title: 't'"),
       "name"},
      {"nothing to change", Update(ivan_, "name: 'cpc'"), "set at least"},
      {"bad username",
       Members(ivan_,
               "course: 'cpc' rows { user: 'Bad Name' "
               "role: COURSE_ROLE_LEARNER }"),
       "rows[0].user"},
      {"both user and external id",
       Members(ivan_,
               "course: 'cpc' rows { user: 'alice' "
               "user_external_id: 'e' role: COURSE_ROLE_LEARNER }"),
       "rows[0].user"},
      {"no role", Members(ivan_, "course: 'cpc' rows { user: 'alice' }"),
       "rows[0].role"},
      {"unknown role", UnknownRole(), "rows[0].role"},
      {"repeated user",
       Members(ivan_,
               "course: 'cpc' rows { user: 'alice' "
               "role: COURSE_ROLE_LEARNER } rows { user: 'users/alice' "
               "role: COURSE_ROLE_LEARNER }"),
       "rows[1].user"},
      {"no rows", Members(ivan_, "course: 'cpc'"), "rows"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.what);
    EXPECT_EQ(c.status.error_code(), grpc::StatusCode::INVALID_ARGUMENT)
        << c.status.error_message();
    EXPECT_EQ(c.status.error_message().rfind(c.field, 0), 0u)
        << c.status.error_message();
    EXPECT_LT(c.status.error_message().size(), 400u);
  }
  EXPECT_EQ(ListedCourses(dave_), std::vector<std::string>{"courses/cpc"});
  EXPECT_EQ(ListedMembers(ivan_, "course: 'cpc'").size(), 1u);
}

// An API key with `scope` of a new service account; its secret.
std::string MakeKey(const std::shared_ptr<grpc::Channel>& channel,
                    const std::string& admin_token, const std::string& account,
                    quiz::v1::ApiKeyScope scope) {
  auto integration = quiz::v1::IntegrationService::NewStub(channel);
  grpc::ClientContext create_context;
  create_context.AddMetadata("authorization", "Bearer " + admin_token);
  quiz::v1::CreateServiceAccountRequest request;
  request.set_username(account);
  quiz::v1::ServiceAccount created;
  EXPECT_TRUE(
      integration->CreateServiceAccount(&create_context, request, &created)
          .ok());
  grpc::ClientContext key_context;
  key_context.AddMetadata("authorization", "Bearer " + admin_token);
  quiz::v1::CreateApiKeyRequest key_request;
  key_request.set_service_account(account);
  key_request.add_scopes(scope);
  quiz::v1::CreateApiKeyResponse key;
  EXPECT_TRUE(integration->CreateApiKey(&key_context, key_request, &key).ok());
  return key.secret();
}

TEST_F(CourseServiceTest, KeysActOnEveryCourseAndChangesAreAudited) {
  MakeIvansCourse();
  const std::string writer =
      MakeKey(channel_, dave_, "lms", quiz::v1::API_KEY_SCOPE_COURSES_WRITE);
  const std::string reader =
      MakeKey(channel_, dave_, "grades", quiz::v1::API_KEY_SCOPE_RESULTS_READ);
  // The LMS's key syncs a roster into a course it is no member of.
  BatchUpdateMembersResponse synced;
  ASSERT_TRUE(Members(writer,
                      "course: 'cpc' rows { user: 'carol' "
                      "role: COURSE_ROLE_TEACHING_ASSISTANT }",
                      &synced)
                  .ok());
  EXPECT_EQ(synced.created(), 1);
  // A results.read key sees every course and member, and changes nothing.
  EXPECT_EQ(ListedCourses(reader), std::vector<std::string>{"courses/cpc"});
  EXPECT_EQ(ListedMembers(reader, "course: 'cpc'").size(), 4u);
  EXPECT_EQ(Create(reader, "course_id: 'x' title: 'X'").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  // carol, a TA, is refused a change; the trail has both.
  EXPECT_EQ(Update(carol_, "name: 'courses/cpc' title: 'T'").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  auto audit = quiz::v1::AuditService::NewStub(channel_);
  quiz::v1::ListAuditEventsRequest request;
  request.set_method("CourseService.UpdateCourse");
  quiz::v1::ListAuditEventsResponse trail;
  ASSERT_TRUE(audit->ListAuditEvents(As(dave_).get(), request, &trail).ok());
  ASSERT_EQ(trail.events_size(), 1);
  EXPECT_EQ(trail.events(0).actor(), "users/carol");
  EXPECT_EQ(trail.events(0).status(), "PERMISSION_DENIED");
  request.set_method("CourseService.BatchUpdateMembers");
  ASSERT_TRUE(audit->ListAuditEvents(As(dave_).get(), request, &trail).ok());
  EXPECT_EQ(trail.events_size(), 2);  // ivan's and the key's
  request.set_method("CourseService.CreateCourse");
  ASSERT_TRUE(audit->ListAuditEvents(As(dave_).get(), request, &trail).ok());
  ASSERT_GE(trail.events_size(), 1);
  EXPECT_EQ(trail.events(trail.events_size() - 1).resource(), "courses/cpc");
}

TEST_F(CourseServiceTest, ListingsArePaged) {
  for (const char* id : {"c1", "c2", "c3"}) {
    ASSERT_TRUE(
        Create(dave_, std::string("course_id: '") + id + "' title: 'Course'")
            .ok());
  }
  EXPECT_EQ(
      ListedCourses(dave_, "page_size: 1"),
      (std::vector<std::string>{"courses/c1", "courses/c2", "courses/c3"}));
  ASSERT_TRUE(Members(dave_,
                      "course: 'c1' rows { user: 'alice' role: "
                      "COURSE_ROLE_LEARNER } rows { user: 'bob' role: "
                      "COURSE_ROLE_LEARNER }")
                  .ok());
  quiz::v1::ListMembersResponse page;
  ASSERT_TRUE(courses_
                  ->ListMembers(As(dave_).get(),
                                Parse<quiz::v1::ListMembersRequest>(
                                    "course: 'c1' page_size: 1"),
                                &page)
                  .ok());
  ASSERT_EQ(page.members_size(), 1);
  ASSERT_FALSE(page.next_page_token().empty());
  quiz::v1::ListMembersRequest next =
      Parse<quiz::v1::ListMembersRequest>("course: 'c1' page_size: 1");
  next.set_page_token(page.next_page_token());
  quiz::v1::ListMembersResponse second;
  ASSERT_TRUE(courses_->ListMembers(As(dave_).get(), next, &second).ok());
  ASSERT_EQ(second.members_size(), 1);
  EXPECT_EQ(second.members(0).user(), "users/bob");
  // A token is for its own listing only.
  next.set_course("c2");
  EXPECT_EQ(courses_->ListMembers(As(dave_).get(), next, &second).error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace quizd_test
