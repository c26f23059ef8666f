// Who acts on whom, over real gRPC: instructors and teaching assistants on
// the active learners of their own courses only (attempts, progress,
// listings, WatchProgress), admins on everyone; banks pushed by their
// owners (or, new, claimed by their first pusher), shared by owners, and
// pushed by admins whatever their owners.
#include <thread>

#include "absl/strings/match.h"
#include "gmock/gmock.h"
#include "harness.h"
#include "question_bank/src/bank_file.h"

namespace quizd_test {
namespace {

using quiz::v1::Attempt;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ScopingTest : public ServerFixture {
 protected:
  // alice and bob are learners of different courses: carol teaches alice
  // ("a"), erin teaches bob ("b") with frank as her teaching assistant; gus
  // taught bob once (inactive now), and bob left carol's course. Nobody
  // owns testbank: it came from the bank directory.
  void AddMoreUsers(store::Store& store) const override {
    AddUser(store, "dave", quiz::v1::ROLE_ADMIN);
    AddUser(store, "erin", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "frank", quiz::v1::ROLE_INSTRUCTOR);
    AddUser(store, "gus", quiz::v1::ROLE_INSTRUCTOR);
  }
  void AddCoursesAndOwners() const override {
    using namespace quiz::v1;  // NOLINT: the roster reads better
    SetCourseMember(db_path(), "a", "carol", COURSE_ROLE_INSTRUCTOR);
    SetCourseMember(db_path(), "a", "alice", COURSE_ROLE_LEARNER);
    SetCourseMember(db_path(), "a", "bob", COURSE_ROLE_LEARNER,
                    MEMBER_STATUS_DELETED);
    SetCourseMember(db_path(), "b", "erin", COURSE_ROLE_INSTRUCTOR);
    SetCourseMember(db_path(), "b", "frank", COURSE_ROLE_TEACHING_ASSISTANT);
    SetCourseMember(db_path(), "b", "gus", COURSE_ROLE_INSTRUCTOR,
                    MEMBER_STATUS_INACTIVE);
    SetCourseMember(db_path(), "b", "bob", COURSE_ROLE_LEARNER);
  }

  void SetUp() override {
    ServerFixture::SetUp();
    LoginEveryone();
    dave_ = Login("dave");
    erin_ = Login("erin");
    frank_ = Login("frank");
    gus_ = Login("gus");
    Attempt finished;
    alices_ = Start(alice_, "quizzes/practice-all");
    ASSERT_TRUE(Finish(alice_, alices_, &finished).ok());
    bobs_ = Start(bob_, "quizzes/practice-all");
    ASSERT_TRUE(Finish(bob_, bobs_, &finished).ok());
  }

  // What `token` gets from each RPC that names `user` (or their attempt):
  // one status code per RPC, in a fixed order. A career profile not taken
  // yet is reached (OK): its NOT_FOUND says so, not that the user is unknown.
  std::vector<grpc::StatusCode> Reach(const std::string& token,
                                      const std::string& user,
                                      const Attempt& attempt) {
    std::vector<grpc::StatusCode> codes;
    Attempt got;
    codes.push_back(Get(token, attempt.name(), &got).error_code());
    quiz::v1::ListAttemptsRequest list;
    list.set_user(user);
    quiz::v1::ListAttemptsResponse listed;
    codes.push_back(
        attempts_->ListAttempts(As(token).get(), list, &listed).error_code());
    quiz::v1::GetProgressRequest progress;
    progress.set_user(user);
    quiz::v1::Progress got_progress;
    codes.push_back(
        progress_->GetProgress(As(token).get(), progress, &got_progress)
            .error_code());
    quiz::v1::GetReadinessRequest readiness;
    readiness.set_user(user);
    readiness.set_quiz("quizzes/exam-shuffled");
    quiz::v1::Readiness got_readiness;
    codes.push_back(
        progress_->GetReadiness(As(token).get(), readiness, &got_readiness)
            .error_code());
    quiz::v1::GetCareerProfileRequest profile;
    profile.set_user(user);
    quiz::v1::CareerProfile got_profile;
    const grpc::Status career =
        progress_->GetCareerProfile(As(token).get(), profile, &got_profile);
    codes.push_back(
        absl::StrContains(career.error_message(), "no finished career-fit")
            ? grpc::StatusCode::OK
            : career.error_code());
    return codes;
  }

  std::vector<std::string> ListedStudents(const std::string& token) {
    quiz::v1::ListProgressRequest request;
    quiz::v1::ListProgressResponse reply;
    grpc::Status status =
        progress_->ListProgress(As(token).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> users;
    for (const auto& student : reply.students())
      users.push_back(student.user());
    return users;
  }

  std::string dave_, erin_, frank_, gus_;
  Attempt alices_, bobs_;
};

// The answers of GetAttempt, ListAttempts, GetProgress, GetReadiness and
// GetCareerProfile, in Reach's order.
const std::vector<grpc::StatusCode> kAllowed(5, grpc::StatusCode::OK);
const std::vector<grpc::StatusCode> kNotFound(5, grpc::StatusCode::NOT_FOUND);

TEST_F(ScopingTest, InstructorsReachTheirOwnLearnersOnly) {
  EXPECT_EQ(Reach(carol_, "users/alice", alices_), kAllowed);
  EXPECT_EQ(Reach(carol_, "users/bob", bobs_), kNotFound)
      << "bob left carol's course";
  EXPECT_EQ(Reach(erin_, "users/bob", bobs_), kAllowed);
  EXPECT_EQ(Reach(erin_, "users/alice", alices_), kNotFound);
  // A user who does not exist gets the same answer as one not taught.
  Attempt got;
  EXPECT_EQ(Get(erin_, "attempts/no-such-attempt", &got).error_code(),
            grpc::StatusCode::NOT_FOUND);
  quiz::v1::GetProgressRequest nobody;
  nobody.set_user("users/nobody");
  quiz::v1::Progress progress;
  grpc::Status status =
      progress_->GetProgress(As(erin_).get(), nobody, &progress);
  EXPECT_EQ(status.error_code(), grpc::StatusCode::NOT_FOUND);
  // Admins reach everyone.
  EXPECT_EQ(Reach(dave_, "users/alice", alices_), kAllowed);
  EXPECT_EQ(Reach(dave_, "users/bob", bobs_), kAllowed);
}

TEST_F(ScopingTest, TeachingAssistantsAsInstructorsAndInactiveTeachersNot) {
  EXPECT_EQ(Reach(frank_, "users/bob", bobs_), kAllowed);
  EXPECT_EQ(Reach(frank_, "users/alice", alices_), kNotFound);
  EXPECT_EQ(Reach(gus_, "users/bob", bobs_), kNotFound);
}

TEST_F(ScopingTest, ListProgressListsTheCallersLearners) {
  EXPECT_THAT(ListedStudents(carol_), ElementsAre("users/alice"));
  EXPECT_THAT(ListedStudents(erin_), ElementsAre("users/bob"));
  EXPECT_THAT(ListedStudents(frank_), ElementsAre("users/bob"));
  EXPECT_THAT(ListedStudents(gus_), ElementsAre());
  EXPECT_THAT(ListedStudents(dave_), ElementsAre("users/alice", "users/bob"));

  // A learner in two of one teacher's courses is listed once, and paging
  // walks the learners.
  SetCourseMember(db_path(), "a", "erin", quiz::v1::COURSE_ROLE_INSTRUCTOR);
  SetCourseMember(db_path(), "a", "bob", quiz::v1::COURSE_ROLE_LEARNER);
  EXPECT_THAT(ListedStudents(erin_), ElementsAre("users/alice", "users/bob"));
  quiz::v1::ListProgressRequest request;
  request.set_page_size(1);
  quiz::v1::ListProgressResponse first, second;
  ASSERT_TRUE(progress_->ListProgress(As(erin_).get(), request, &first).ok());
  ASSERT_EQ(first.students_size(), 1);
  EXPECT_EQ(first.students(0).user(), "users/alice");
  request.set_page_token(first.next_page_token());
  ASSERT_TRUE(progress_->ListProgress(As(erin_).get(), request, &second).ok());
  ASSERT_EQ(second.students_size(), 1);
  EXPECT_EQ(second.students(0).user(), "users/bob");
}

TEST_F(ScopingTest, WatchProgressCarriesTheCallersLearnersOnly) {
  // Naming someone else's learner is refused.
  grpc::ClientContext refused_context;
  refused_context.AddMetadata("authorization", "Bearer " + carol_);
  quiz::v1::WatchProgressRequest request;
  request.add_users("users/bob");
  auto refused = progress_->WatchProgress(&refused_context, request);
  quiz::v1::ProgressEvent event;
  EXPECT_FALSE(refused->Read(&event));
  EXPECT_EQ(refused->Finish().error_code(),
            grpc::StatusCode::PERMISSION_DENIED);

  // Watching everyone means everyone carol teaches: bob's finish never
  // arrives, alice's (after it) does.
  grpc::ClientContext context;
  auto stream = Watch(context, carol_);
  Attempt finished;
  Attempt bobs = Start(bob_, "quizzes/practice-all");
  ASSERT_TRUE(Finish(bob_, bobs, &finished).ok());
  Attempt alices = Start(alice_, "quizzes/practice-all");
  ASSERT_TRUE(Finish(alice_, alices, &finished).ok());
  ASSERT_TRUE(stream->Read(&event));
  EXPECT_EQ(event.user(), "users/alice");
  EXPECT_EQ(event.attempt(), alices.name());
  context.TryCancel();
  while (stream->Read(&event)) {
  }
  stream->Finish();

  // A learner named by their bare username is watched as well.
  grpc::ClientContext named_context;
  auto named = Watch(named_context, carol_, {"alice"});
  Attempt again = Start(alice_, "quizzes/practice-all");
  ASSERT_TRUE(Finish(alice_, again, &finished).ok());
  ASSERT_TRUE(named->Read(&event));
  EXPECT_EQ(event.attempt(), again.name());
  named_context.TryCancel();
  while (named->Read(&event)) {
  }
  named->Finish();
}

quiz::v1::Bank BankWithId(const std::string& id) {
  question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
  EXPECT_TRUE(parsed.ok());
  quiz::v1::Bank bank = parsed.bank;
  bank.set_id(id);
  for (quiz::v1::Quiz& quiz : *bank.mutable_quizzes()) {
    quiz.set_id(id + "-" + quiz.id());
  }
  return bank;
}

class BankOwnersTest : public ScopingTest {
 protected:
  grpc::Status Push(const std::string& token, const quiz::v1::Bank& bank) {
    quiz::v1::CreateBankVersionRequest request;
    *request.mutable_bank() = bank;
    quiz::v1::CreateBankVersionResponse reply;
    return banks_->CreateBankVersion(As(token).get(), request, &reply);
  }

  grpc::Status Share(const std::string& token, const std::string& bank,
                     const std::string& user, bool add = true) {
    quiz::v1::ListBankOwnersResponse reply;
    if (add) {
      quiz::v1::AddBankOwnerRequest request;
      request.set_bank(bank);
      request.set_user(user);
      return banks_->AddBankOwner(As(token).get(), request, &reply);
    }
    quiz::v1::RemoveBankOwnerRequest request;
    request.set_bank(bank);
    request.set_user(user);
    return banks_->RemoveBankOwner(As(token).get(), request, &reply);
  }

  std::vector<std::string> Owners(const std::string& bank) {
    quiz::v1::ListBankOwnersRequest request;
    request.set_bank(bank);
    quiz::v1::ListBankOwnersResponse reply;
    grpc::Status status =
        banks_->ListBankOwners(As(dave_).get(), request, &reply);
    EXPECT_TRUE(status.ok()) << status.error_message();
    std::vector<std::string> owners;
    for (const auto& owner : reply.owners()) owners.push_back(owner.user());
    return owners;
  }
};

TEST_F(BankOwnersTest, ANewBankIsItsPushersAndOthersAreRefused) {
  const quiz::v1::Bank bank = BankWithId("carols");
  ASSERT_TRUE(Push(carol_, bank).ok());
  EXPECT_THAT(Owners("banks/carols"), ElementsAre("users/carol"));

  quiz::v1::Bank changed = bank;
  changed.set_title("Carol's bank, by erin");
  grpc::Status refused = Push(erin_, changed);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(refused.error_message(),
            "banks/carols is owned by users/carol; ask an owner or an admin "
            "to share it");
  quiz::v1::RegradeRequest regrade;
  regrade.set_quiz("quizzes/carols-practice-all");
  quiz::v1::RegradeResponse regraded;
  EXPECT_EQ(banks_->Regrade(As(erin_).get(), regrade, &regraded).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(banks_->Regrade(As(carol_).get(), regrade, &regraded).ok());

  // The owner changes it; an admin changes anything.
  changed.set_title("Carol's bank, again");
  EXPECT_TRUE(Push(carol_, changed).ok());
  changed.set_title("Carol's bank, by the admin");
  EXPECT_TRUE(Push(dave_, changed).ok());
  EXPECT_THAT(Owners("banks/carols"), ElementsAre("users/carol"));
}

TEST_F(BankOwnersTest, BanksFromTheDirectoryAreForAdmins) {
  question_bank::ParsedBank parsed = question_bank::ParseBank(kTestBank, "t");
  quiz::v1::Bank same_quizzes = parsed.bank;
  same_quizzes.set_title("Test bank, edited");
  grpc::Status refused = Push(carol_, same_quizzes);
  EXPECT_EQ(refused.error_code(), grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_THAT(refused.error_message(), HasSubstr("has no owners"));
  EXPECT_TRUE(Push(dave_, same_quizzes).ok());
  EXPECT_THAT(Owners("banks/testbank"), ElementsAre());
}

TEST_F(BankOwnersTest, OwnersShareAndUnshare) {
  ASSERT_TRUE(Push(carol_, BankWithId("carols")).ok());
  // Only owners and admins share; only instructors become owners.
  EXPECT_EQ(Share(erin_, "banks/carols", "users/erin").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Share(carol_, "banks/carols", "users/alice").error_code(),
            grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Share(carol_, "banks/nosuch", "users/erin").error_code(),
            grpc::StatusCode::NOT_FOUND);
  EXPECT_EQ(Share(carol_, "banks/carols", "users/nobody").error_code(),
            grpc::StatusCode::NOT_FOUND);
  ASSERT_TRUE(Share(carol_, "banks/carols", "users/erin").ok());
  ASSERT_TRUE(Share(carol_, "banks/carols", "users/erin").ok());  // again
  EXPECT_THAT(Owners("banks/carols"), ElementsAre("users/carol", "users/erin"));
  quiz::v1::Bank changed = BankWithId("carols");
  changed.set_title("Shared with erin");
  EXPECT_TRUE(Push(erin_, changed).ok());

  // An owner removes another, not the last; an admin may.
  ASSERT_TRUE(Share(erin_, "banks/carols", "users/carol", false).ok());
  EXPECT_THAT(Owners("banks/carols"), ElementsAre("users/erin"));
  EXPECT_EQ(Push(carol_, changed).error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  grpc::Status last = Share(erin_, "banks/carols", "users/erin", false);
  EXPECT_EQ(last.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_THAT(last.error_message(), HasSubstr("last owner"));
  ASSERT_TRUE(Share(dave_, "banks/carols", "users/erin", false).ok());
  EXPECT_THAT(Owners("banks/carols"), ElementsAre());
  // Admins-only now: erin is refused; an admin shares it again.
  EXPECT_EQ(Share(erin_, "banks/carols", "users/erin").error_code(),
            grpc::StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Share(dave_, "banks/carols", "users/gus").ok());
  EXPECT_THAT(Owners("banks/carols"), ElementsAre("users/gus"));
}

}  // namespace
}  // namespace quizd_test
