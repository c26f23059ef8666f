// Every RPC of every quiz.v1 service, called as a student while the release
// policy allows no key: nothing that reaches the student may carry an answer
// key, feedback, rationale or outcome. The RPCs are walked from the service
// descriptors of every proto file in proto/quiz/v1, so a new RPC without a
// probe here fails the test.
#include "key_leak.h"

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include "google/protobuf/descriptor.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"
#include "quiz/v1/assignment_service.grpc.pb.h"
#include "quiz/v1/audit_service.grpc.pb.h"
#include "quiz/v1/course_service.grpc.pb.h"
#include "quiz/v1/event_service.grpc.pb.h"
#include "quiz/v1/gradebook_service.grpc.pb.h"
#include "quiz/v1/integration_service.grpc.pb.h"
#include "quiz/v1/user_service.grpc.pb.h"
#include "rpc_catalog_util.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;

class KeyLeakWalkTest : public ServerFixture {
 protected:
  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    // Alice has seen claim-form's key (a finished practice), sits an exam
    // with every item answered, and has a practice open with nothing
    // answered; Bob sits an exam of his own.
    Attempt practice = Start(alice_, "quizzes/practice-all");
    quiz::v1::SubmitResponseResponse reply;
    ASSERT_TRUE(Submit(alice_, practice, "claim-form",
                       "choice { option_ids: 'ub04' }", &reply)
                    .ok());
    Attempt done;
    ASSERT_TRUE(Finish(alice_, practice, &done).ok());
    exam_ = Start(alice_, "quizzes/exam-shuffled");
    for (const quiz::v1::AttemptItem& item : exam_.items()) {
      ASSERT_TRUE(Submit(alice_, exam_, item.item().id(),
                         AnyAnswer(item.item()), &reply)
                      .ok());
    }
    open_practice_ = Start(alice_, "quizzes/practice-all");
    bobs_exam_ = Start(bob_, "quizzes/exam-shuffled");
  }

  // An answer of the right shape for `item` (which is in student view).
  static std::string AnyAnswer(const quiz::v1::Item& item) {
    if (item.has_true_false()) return "true_false: true";
    const auto& options = item.has_single_choice()
                              ? item.single_choice().options()
                              : item.multiple_choice().options();
    return "choice { option_ids: '" + options.Get(0).id() + "' }";
  }

  // Fails the test when `reply` of `what` carries anything the policy does
  // not release yet.
  static void NoLeak(const std::string& what,
                     const google::protobuf::Message& reply) {
    const std::vector<std::string> leaks = KeyLeaks(reply);
    EXPECT_TRUE(leaks.empty()) << what << " leaks " << leaks.front();
  }

  template <typename Request>
  static Request Parse(const std::string& text) {
    Request request;
    EXPECT_TRUE(google::protobuf::TextFormat::ParseFromString(text, &request))
        << text;
    return request;
  }

  // Calls a unary `rpc` of `stub` as alice with each request (text format)
  // and checks every reply.
  template <typename Stub, typename Request, typename Reply>
  void Probe(const std::string& what, Stub& stub,
             grpc::Status (Stub::*rpc)(grpc::ClientContext*, const Request&,
                                       Reply*),
             const std::vector<std::string>& requests) {
    for (const std::string& text : requests) {
      Reply reply;
      (stub.*rpc)(As(alice_).get(), Parse<Request>(text), &reply);
      NoLeak(what + " {" + text + "}", reply);
    }
  }

  // Calls an admin-only unary `rpc` as alice (a student) and checks that she
  // is refused and given nothing.
  template <typename Stub, typename Request, typename Reply>
  void ProbeDenied(const std::string& what, Stub& stub,
                   grpc::Status (Stub::*rpc)(grpc::ClientContext*,
                                             const Request&, Reply*),
                   const std::string& text) {
    Reply reply;
    grpc::Status status =
        (stub.*rpc)(As(alice_).get(), Parse<Request>(text), &reply);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << what << ": " << status.error_message();
    EXPECT_EQ(reply.ByteSizeLong(), 0u) << what;
    NoLeak(what + " {" + text + "}", reply);
  }

  // The probe of each RPC, by full name.
  std::map<std::string, std::function<void()>> Probes();

  Attempt exam_, open_practice_, bobs_exam_;
};

std::map<std::string, std::function<void()>> KeyLeakWalkTest::Probes() {
  using namespace quiz::v1;  // NOLINT: the table reads better
  // Captured by value: the probes run after this returns.
  const std::string exam = "'" + exam_.name() + "'";
  const std::string open = "'" + open_practice_.name() + "'";
  const std::string bobs = "'" + bobs_exam_.name() + "'";
  const std::string exam_item = "'" + exam_.items(0).item().id() + "'";
  std::map<std::string, std::function<void()>> probes;
  AuthService::Stub* const auth_stub = auth_.get();
  BankService::Stub* const bank_stub = banks_.get();
  QuizService::Stub* const quiz_stub = quizzes_.get();
  AttemptService::Stub* const attempt_stub = attempts_.get();
  ProgressService::Stub* const progress_stub = progress_.get();
  // Owned by the probes: they run after this returns.
  std::shared_ptr<IntegrationService::Stub> integration_stub =
      IntegrationService::NewStub(channel_);

  probes["quiz.v1.AuthService.Login"] = [=] {
    LoginResponse reply;
    auth_stub->Login(
        As("").get(),
        Parse<LoginRequest>("username: 'alice' password: 'password-1'"),
        &reply);
    NoLeak("Login", reply);
  };
  probes["quiz.v1.AuthService.GetCurrentUser"] = [=] {
    Probe("GetCurrentUser", *auth_stub, &AuthService::Stub::GetCurrentUser,
          {""});
  };
  probes["quiz.v1.AuthService.Logout"] = [=] {
    LogoutResponse reply;
    auth_stub->Logout(As(Login("alice")).get(), LogoutRequest(), &reply);
    NoLeak("Logout", reply);
  };
  probes["quiz.v1.AuthService.ChangePassword"] = [=] {
    // A wrong old password, then a change to the same password: nothing
    // the fixture relies on changes.
    Probe("ChangePassword", *auth_stub, &AuthService::Stub::ChangePassword,
          {"old_password: 'wrong-password' new_password: 'password-2'",
           "old_password: 'password-1' new_password: 'password-1'"});
  };
  probes["quiz.v1.AuthService.ListSessions"] = [=] {
    Probe("ListSessions", *auth_stub, &AuthService::Stub::ListSessions, {""});
  };
  probes["quiz.v1.AuthService.RevokeSession"] = [=] {
    Probe("RevokeSession", *auth_stub, &AuthService::Stub::RevokeSession,
          {"id: '0123456789abcdef'"});
  };
  probes["quiz.v1.AuthService.LogoutEverywhere"] = [=] {
    // As bob, whose token no other probe uses.
    LogoutEverywhereResponse reply;
    auth_stub->LogoutEverywhere(As(Login("bob")).get(),
                                Parse<LogoutEverywhereRequest>(""), &reply);
    NoLeak("LogoutEverywhere", reply);
  };

  probes["quiz.v1.QuizService.ListQuizzes"] = [=] {
    Probe("ListQuizzes", *quiz_stub, &QuizService::Stub::ListQuizzes, {""});
  };
  probes["quiz.v1.QuizService.GetQuiz"] = [=] {
    Probe("GetQuiz", *quiz_stub, &QuizService::Stub::GetQuiz,
          {"name: 'quizzes/exam-shuffled'", "name: 'quizzes/practice-all'"});
  };

  probes["quiz.v1.BankService.ListBanks"] = [=] {
    Probe("ListBanks", *bank_stub, &BankService::Stub::ListBanks, {""});
  };
  probes["quiz.v1.BankService.GetBank"] = [=] {
    Probe("GetBank", *bank_stub, &BankService::Stub::GetBank,
          {"name: 'banks/testbank'", "name: 'banks/testbank' version: 1"});
  };
  probes["quiz.v1.BankService.ExportBank"] = [=] {
    Probe("ExportBank", *bank_stub, &BankService::Stub::ExportBank,
          {"name: 'banks/testbank'"});
  };
  probes["quiz.v1.BankService.ListBankVersions"] = [=] {
    Probe("ListBankVersions", *bank_stub, &BankService::Stub::ListBankVersions,
          {"bank: 'banks/testbank'"});
  };
  probes["quiz.v1.BankService.CreateBankVersion"] = [=] {
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    ASSERT_TRUE(parsed.ok());
    CreateBankVersionRequest request;
    *request.mutable_bank() = parsed.bank;
    request.set_validate_only(true);
    CreateBankVersionResponse reply;
    bank_stub->CreateBankVersion(As(alice_).get(), request, &reply);
    NoLeak("CreateBankVersion", reply);
  };
  probes["quiz.v1.BankService.UploadBankVersion"] = [=] {
    // The same bank in chunks: a student hears a refusal, never the diff.
    question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
    ASSERT_TRUE(parsed.ok());
    const std::string bytes = parsed.bank.SerializeAsString();
    CreateBankVersionResponse reply;
    auto context = As(alice_);
    auto upload = bank_stub->UploadBankVersion(context.get(), &reply);
    UploadBankVersionRequest chunk;
    chunk.set_bank_size(static_cast<int64_t>(bytes.size()));
    chunk.set_validate_only(true);
    chunk.set_bank_chunk(bytes);
    upload->Write(chunk);
    upload->WritesDone();
    const grpc::Status status = upload->Finish();
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    NoLeak("UploadBankVersion", reply);
  };
  probes["quiz.v1.BankService.Regrade"] = [=] {
    Probe("Regrade", *bank_stub, &BankService::Stub::Regrade,
          {"quiz: 'quizzes/exam-shuffled' dry_run: true"});
  };
  probes["quiz.v1.BankService.ListBankOwners"] = [=] {
    Probe("ListBankOwners", *bank_stub, &BankService::Stub::ListBankOwners,
          {"bank: 'banks/testbank'"});
  };
  probes["quiz.v1.BankService.AddBankOwner"] = [=] {
    Probe("AddBankOwner", *bank_stub, &BankService::Stub::AddBankOwner,
          {"bank: 'banks/testbank' user: 'users/carol'"});
  };
  probes["quiz.v1.BankService.RemoveBankOwner"] = [=] {
    Probe("RemoveBankOwner", *bank_stub, &BankService::Stub::RemoveBankOwner,
          {"bank: 'banks/testbank' user: 'users/carol'"});
  };

  probes["quiz.v1.AttemptService.StartAttempt"] = [=] {
    Probe("StartAttempt", *attempt_stub, &AttemptService::Stub::StartAttempt,
          {"quiz: 'quizzes/exam-shuffled'", "quiz: 'quizzes/practice-all'",
           "quiz: 'quizzes/timed' view: ATTEMPT_VIEW_BASIC"});
  };
  probes["quiz.v1.AttemptService.GetAttempt"] = [=] {
    Probe("GetAttempt", *attempt_stub, &AttemptService::Stub::GetAttempt,
          {"name: " + exam, "name: " + exam + " view: ATTEMPT_VIEW_BASIC",
           "name: " + open, "name: " + bobs});
  };
  probes["quiz.v1.AttemptService.ListAttempts"] = [=] {
    Probe("ListAttempts", *attempt_stub, &AttemptService::Stub::ListAttempts,
          {"", "user: 'users/bob'"});
  };
  probes["quiz.v1.AttemptService.SubmitResponse"] = [=] {
    // An exam answer reveals nothing; a practice answer is its own release.
    Probe("SubmitResponse", *attempt_stub,
          &AttemptService::Stub::SubmitResponse,
          {"attempt: " + exam + " item_id: " + exam_item + " response { " +
               AnyAnswer(exam_.items(0).item()) + " }",
           "attempt: " + bobs + " item_id: " + exam_item +
               " response { true_false: true }"});
  };
  probes["quiz.v1.AttemptService.FlagItem"] = [=] {
    Probe("FlagItem", *attempt_stub, &AttemptService::Stub::FlagItem,
          {"attempt: " + exam + " item_id: " + exam_item + " flagged: true",
           "attempt: " + open + " item_id: 'seventh-a' flagged: true"});
  };
  probes["quiz.v1.AttemptService.FinishAttempt"] = [=] {
    // Finishing one's own attempt is the release; another's is not.
    Probe("FinishAttempt", *attempt_stub, &AttemptService::Stub::FinishAttempt,
          {"name: " + bobs});
  };

  probes["quiz.v1.ProgressService.GetProgress"] = [=] {
    Probe("GetProgress", *progress_stub, &ProgressService::Stub::GetProgress,
          {"", "user: 'users/bob'"});
  };
  probes["quiz.v1.ProgressService.ListProgress"] = [=] {
    Probe("ListProgress", *progress_stub, &ProgressService::Stub::ListProgress,
          {""});
  };
  probes["quiz.v1.ProgressService.GetReadiness"] = [=] {
    Probe("GetReadiness", *progress_stub, &ProgressService::Stub::GetReadiness,
          {"quiz: 'quizzes/exam-shuffled'"});
  };
  probes["quiz.v1.ProgressService.ListDueReviews"] = [=] {
    Probe(
        "ListDueReviews", *progress_stub,
        &ProgressService::Stub::ListDueReviews,
        {"", "topic: 'testbank/claims'", "topic: 'banks/testbank/topics/codes'",
         "topic: 'testbank/codes' page_size: 200"});
  };
  probes["quiz.v1.ProgressService.AnswerReview"] = [=] {
    // claim-form was revealed, but the exam in progress holds it back; the
    // others were never revealed; the last two do not exist.
    for (const char* target :
         {"bank: 'banks/testbank' item_id: 'claim-form'",
          "bank: 'banks/testbank' item_id: 'group-codes'",
          "bank: 'banks/testbank' item_id: 'x-placeholder'",
          "bank: 'banks/testbank' item_id: 'seventh-a'",
          "bank: 'banks/testbank' item_id: 'no-such-item'",
          "bank: 'banks/no-such-bank' item_id: 'claim-form'"}) {
      AnswerReviewResponse reply;
      grpc::Status status = progress_stub->AnswerReview(
          As(alice_).get(),
          Parse<AnswerReviewRequest>(
              std::string(target) + " response { choice { option_ids: 'a' } }"),
          &reply);
      EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND) << target;
      NoLeak(std::string("AnswerReview {") + target + "}", reply);
    }
  };
  probes["quiz.v1.ProgressService.GetCareerProfile"] = [=] {
    Probe("GetCareerProfile", *progress_stub,
          &ProgressService::Stub::GetCareerProfile, {""});
  };
  probes["quiz.v1.ProgressService.WatchProgress"] = [=] {
    // An event carries a result, never items: watch one arrive.
    grpc::ClientContext context;
    auto stream = Watch(context, alice_);
    Attempt attempt = Start(alice_, "quizzes/practice-all");
    Attempt finished;
    ASSERT_TRUE(Finish(alice_, attempt, &finished).ok());
    ProgressEvent event;
    ASSERT_TRUE(stream->Read(&event));
    NoLeak("WatchProgress", event);
    context.TryCancel();
    while (stream->Read(&event)) {
    }
    stream->Finish();
  };
  // AssignmentService: a student outside every course reads nothing and
  // changes nothing (assignment_service_test.cc probes the release policy
  // of assignment attempts with learners of a course).
  std::shared_ptr<AssignmentService::Stub> assignment_stub =
      AssignmentService::NewStub(channel_);
  probes["quiz.v1.AssignmentService.GetAssignment"] = [=] {
    Probe("GetAssignment", *assignment_stub,
          &AssignmentService::Stub::GetAssignment,
          {"name: 'assignments/none'", "name: ''"});
  };
  probes["quiz.v1.AssignmentService.ListAssignments"] = [=] {
    Probe("ListAssignments", *assignment_stub,
          &AssignmentService::Stub::ListAssignments,
          {"course: 'courses/none'", ""});
  };
  probes["quiz.v1.AssignmentService.CreateAssignment"] = [=] {
    ProbeDenied("CreateAssignment", *assignment_stub,
                &AssignmentService::Stub::CreateAssignment,
                "assignment { course: 'courses/c' quiz: 'quizzes/practice-all'"
                " }");
  };
  probes["quiz.v1.AssignmentService.UpdateAssignment"] = [=] {
    ProbeDenied("UpdateAssignment", *assignment_stub,
                &AssignmentService::Stub::UpdateAssignment,
                "assignment { name: 'assignments/a' published: true }"
                " update_mask: 'published'");
  };
  probes["quiz.v1.AssignmentService.DeleteAssignment"] = [=] {
    ProbeDenied("DeleteAssignment", *assignment_stub,
                &AssignmentService::Stub::DeleteAssignment,
                "name: 'assignments/a'");
  };
  probes["quiz.v1.AssignmentService.SetOverride"] = [=] {
    ProbeDenied("SetOverride", *assignment_stub,
                &AssignmentService::Stub::SetOverride,
                "override { assignment: 'assignments/a' user: 'users/alice'"
                " extra_attempts: 5 }");
  };
  probes["quiz.v1.AssignmentService.ListOverrides"] = [=] {
    ProbeDenied("ListOverrides", *assignment_stub,
                &AssignmentService::Stub::ListOverrides,
                "assignment: 'assignments/a'");
  };
  probes["quiz.v1.AssignmentService.DeleteOverride"] = [=] {
    ProbeDenied("DeleteOverride", *assignment_stub,
                &AssignmentService::Stub::DeleteOverride,
                "assignment: 'assignments/a' user: 'users/alice'");
  };
  probes["quiz.v1.AssignmentService.ReopenAttempt"] = [=] {
    ProbeDenied("ReopenAttempt", *assignment_stub,
                &AssignmentService::Stub::ReopenAttempt, "attempt: " + exam);
  };
  // EventService: names, times, reasons and percents; never an answer,
  // its outcome or a key. Alice's log holds her finished practice, her
  // answered exam and her open practice.
  probes["quiz.v1.EventService.ListEvents"] = [=] {
    auto event_stub = EventService::NewStub(channel_);
    ListEventsResponse reply;
    ASSERT_TRUE(
        event_stub->ListEvents(As(alice_).get(), ListEventsRequest(), &reply)
            .ok());
    EXPECT_GT(reply.events_size(), 0);
    NoLeak("ListEvents", reply);
    for (const Event& event : reply.events()) {
      EXPECT_EQ(event.user(), "users/alice") << event.ShortDebugString();
    }
  };
  probes["quiz.v1.EventService.WatchEvents"] = [=] {
    auto event_stub = EventService::NewStub(channel_);
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + alice_);
    context.set_deadline(std::chrono::system_clock::now() +
                         std::chrono::minutes(1));
    auto stream = event_stub->WatchEvents(&context, WatchEventsRequest());
    Event event;
    for (int i = 0; i < 3; ++i) {
      ASSERT_TRUE(stream->Read(&event));
      NoLeak("WatchEvents", event);
    }
    context.TryCancel();
    while (stream->Read(&event)) {
    }
    stream->Finish();
  };
  // IntegrationService: admin only, or an attempts.act key; a student gets
  // nothing.
  probes["quiz.v1.IntegrationService.CreateServiceAccount"] = [=] {
    ProbeDenied("CreateServiceAccount", *integration_stub,
                &IntegrationService::Stub::CreateServiceAccount,
                "username: 'lms'");
  };
  probes["quiz.v1.IntegrationService.ListServiceAccounts"] = [=] {
    ProbeDenied("ListServiceAccounts", *integration_stub,
                &IntegrationService::Stub::ListServiceAccounts, "");
  };
  probes["quiz.v1.IntegrationService.DeleteServiceAccount"] = [=] {
    ProbeDenied("DeleteServiceAccount", *integration_stub,
                &IntegrationService::Stub::DeleteServiceAccount,
                "name: 'users/lms'");
  };
  probes["quiz.v1.IntegrationService.CreateApiKey"] = [=] {
    ProbeDenied(
        "CreateApiKey", *integration_stub,
        &IntegrationService::Stub::CreateApiKey,
        "service_account: 'users/lms' scopes: API_KEY_SCOPE_RESULTS_READ");
  };
  probes["quiz.v1.IntegrationService.ListApiKeys"] = [=] {
    ProbeDenied("ListApiKeys", *integration_stub,
                &IntegrationService::Stub::ListApiKeys, "");
  };
  probes["quiz.v1.IntegrationService.RevokeApiKey"] = [=] {
    ProbeDenied("RevokeApiKey", *integration_stub,
                &IntegrationService::Stub::RevokeApiKey,
                "name: 'qzk_abcd1234'");
  };
  probes["quiz.v1.IntegrationService.IssueLearnerToken"] = [=] {
    ProbeDenied("IssueLearnerToken", *integration_stub,
                &IntegrationService::Stub::IssueLearnerToken,
                "username: 'bob'");
  };
  probes["quiz.v1.AuditService.ListAuditEvents"] = [=] {
    // Admins only: a student is refused and hears nothing of the trail
    // (which holds the bank pushes and regrades above).
    auto audit_stub = AuditService::NewStub(channel_);
    ListAuditEventsResponse reply;
    const grpc::Status status = audit_stub->ListAuditEvents(
        As(alice_).get(), ListAuditEventsRequest(), &reply);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << status.error_message();
    EXPECT_EQ(reply.events_size(), 0);
    NoLeak("ListAuditEvents", reply);
  };
  probes["quiz.v1.GradebookService.ListResults"] = [=] {
    // Results carry scores and attempt names, never items: whatever the
    // listing answers (here: no such course), nothing of a key.
    auto gradebook_stub = GradebookService::NewStub(channel_);
    Probe(
        "ListResults", *gradebook_stub, &GradebookService::Stub::ListResults,
        {"parent: 'courses/c1'", "parent: 'assignments/a1' user: 'alice'", ""});
  };
  // UserService is for admins: a student hears a refusal and nothing else.
  auto users =
      std::shared_ptr<UserService::Stub>(UserService::NewStub(channel_));
  auto denied = [this](const std::string& what, const grpc::Status& status,
                       const google::protobuf::Message& reply) {
    EXPECT_EQ(status.error_code(), grpc::StatusCode::PERMISSION_DENIED)
        << what << ": " << status.error_message();
    NoLeak(what, reply);
    EXPECT_EQ(reply.ByteSizeLong(), 0u) << what;
  };
  // CourseService: alice learns in a course carol teaches; she reads it
  // (nothing there is a key) and is refused every change.
  auto courses =
      std::shared_ptr<CourseService::Stub>(CourseService::NewStub(channel_));
  {
    grpc::ClientContext context;
    context.AddMetadata("authorization", "Bearer " + carol_);
    Course course;
    EXPECT_TRUE(courses
                    ->CreateCourse(&context,
                                   Parse<CreateCourseRequest>(
                                       "course_id: 'leak' title: 'Leak'"),
                                   &course)
                    .ok());
    grpc::ClientContext add;
    add.AddMetadata("authorization", "Bearer " + carol_);
    BatchUpdateMembersResponse added;
    EXPECT_TRUE(courses
                    ->BatchUpdateMembers(
                        &add,
                        Parse<BatchUpdateMembersRequest>(
                            "course: 'courses/leak' rows { user: 'alice' "
                            "role: COURSE_ROLE_LEARNER }"),
                        &added)
                    .ok());
  }
  probes["quiz.v1.CourseService.CreateCourse"] = [=] {
    Course reply;
    denied("CreateCourse",
           courses->CreateCourse(
               As(alice_).get(),
               Parse<CreateCourseRequest>("course_id: 'mine' title: 'Mine'"),
               &reply),
           reply);
  };
  probes["quiz.v1.CourseService.UpdateCourse"] = [=] {
    Course reply;
    denied("UpdateCourse",
           courses->UpdateCourse(
               As(alice_).get(),
               Parse<UpdateCourseRequest>("name: 'courses/leak' title: 'X'"),
               &reply),
           reply);
  };
  probes["quiz.v1.CourseService.BatchUpdateMembers"] = [=] {
    BatchUpdateMembersResponse reply;
    denied("BatchUpdateMembers",
           courses->BatchUpdateMembers(
               As(alice_).get(),
               Parse<BatchUpdateMembersRequest>(
                   "course: 'courses/leak' validate_only: true rows { user: "
                   "'alice' role: COURSE_ROLE_INSTRUCTOR }"),
               &reply),
           reply);
  };
  probes["quiz.v1.CourseService.GetCourse"] = [=] {
    Probe("GetCourse", *courses, &CourseService::Stub::GetCourse,
          {"name: 'courses/leak'", "name: 'courses/none'"});
  };
  probes["quiz.v1.CourseService.ListCourses"] = [=] {
    Probe("ListCourses", *courses, &CourseService::Stub::ListCourses,
          {"", "include_archived: true"});
  };
  probes["quiz.v1.CourseService.ListMembers"] = [=] {
    Probe("ListMembers", *courses, &CourseService::Stub::ListMembers,
          {"course: 'courses/leak'",
           "course: 'courses/leak' include_deleted: "
           "true"});
  };
  probes["quiz.v1.UserService.CreateUser"] = [=] {
    User reply;
    denied("CreateUser",
           users->CreateUser(As(alice_).get(),
                             Parse<CreateUserRequest>(
                                 "user { username: 'x' role: ROLE_ADMIN }"),
                             &reply),
           reply);
  };
  probes["quiz.v1.UserService.BatchUpsertUsers"] = [=] {
    BatchUpsertUsersResponse reply;
    denied("BatchUpsertUsers",
           users->BatchUpsertUsers(
               As(alice_).get(),
               Parse<BatchUpsertUsersRequest>(
                   "validate_only: true users { user { username: 'alice' "
                   "role: ROLE_ADMIN } }"),
               &reply),
           reply);
  };
  probes["quiz.v1.UserService.GetUser"] = [=] {
    User reply;
    denied("GetUser",
           users->GetUser(As(alice_).get(),
                          Parse<GetUserRequest>("name: 'users/alice'"), &reply),
           reply);
  };
  probes["quiz.v1.UserService.ListUsers"] = [=] {
    ListUsersResponse reply;
    denied("ListUsers",
           users->ListUsers(As(alice_).get(), ListUsersRequest(), &reply),
           reply);
  };
  probes["quiz.v1.UserService.UpdateUser"] = [=] {
    User reply;
    denied("UpdateUser",
           users->UpdateUser(As(alice_).get(),
                             Parse<UpdateUserRequest>(
                                 "name: 'users/alice' user { role: ROLE_ADMIN }"
                                 " update_mask: 'role'"),
                             &reply),
           reply);
  };
  probes["quiz.v1.UserService.SetPassword"] = [=] {
    SetPasswordResponse reply;
    denied("SetPassword",
           users->SetPassword(As(alice_).get(),
                              Parse<SetPasswordRequest>(
                                  "name: 'users/bob' password: 'taken-over'"),
                              &reply),
           reply);
  };
  probes["quiz.v1.UserService.DeleteUser"] = [=] {
    DeleteUserResponse reply;
    denied("DeleteUser",
           users->DeleteUser(As(alice_).get(),
                             Parse<DeleteUserRequest>("name: 'users/bob'"),
                             &reply),
           reply);
  };
  return probes;
}

TEST_F(KeyLeakWalkTest, NoRpcGivesAStudentAKeyBeforeItsRelease) {
  std::map<std::string, std::function<void()>> probes = Probes();
  const auto rpcs = EveryQuizRpc();
  ASSERT_FALSE(rpcs.empty());
  for (const auto* method : rpcs) {
    const std::string& rpc = method->full_name();
    auto probe = probes.find(rpc);
    if (probe == probes.end()) {
      ADD_FAILURE() << rpc << " has no key-leak probe; add one here";
      continue;
    }
    SCOPED_TRACE(rpc);
    probe->second();
  }
  for (const auto& [rpc, probe] : probes) {
    EXPECT_EQ(std::count_if(rpcs.begin(), rpcs.end(),
                            [&rpc = rpc](const auto* method) {
                              return method->full_name() == rpc;
                            }),
              1)
        << "probe for unknown RPC " << rpc;
  }
  // Nothing a probe did released or counted anything: alice's standing is
  // still the one practice answer.
  quiz::v1::Progress progress;
  ASSERT_TRUE(progress_
                  ->GetProgress(As(alice_).get(),
                                quiz::v1::GetProgressRequest(), &progress)
                  .ok());
  EXPECT_EQ(progress.responses(), 1);
}

}  // namespace
}  // namespace quizd_test
