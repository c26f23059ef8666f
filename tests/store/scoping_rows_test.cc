// Who acts on whom, as the store answers it: a teacher's active learners
// (course_members) and bank owners (bank_owners), checked again inside the
// write that publishes a bank.
#include "gmock/gmock.h"
#include "store_test_util.h"
#include "tests/service/course_members.h"

namespace store::testing {
namespace {

using quiz::v1::COURSE_ROLE_INSTRUCTOR;
using quiz::v1::COURSE_ROLE_LEARNER;
using quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT;
using quiz::v1::MEMBER_STATUS_DELETED;
using quiz::v1::MEMBER_STATUS_INACTIVE;
using quizd_test::SetCourseMember;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

class ScopingRowsTest : public StoreTest {
 protected:
  std::vector<std::string> LearnersOf(int64_t teacher,
                                      const std::string& after = "",
                                      int limit = 10) {
    absl::StatusOr<std::vector<UserRecord>> users =
        store_->ListLearnersOf(teacher, after, limit);
    EXPECT_TRUE(users.ok()) << users.status();
    std::vector<std::string> names;
    if (users.ok()) {
      for (const UserRecord& user : *users) names.push_back(user.username);
    }
    return names;
  }

  bool Shares(int64_t teacher, int64_t learner) {
    absl::StatusOr<bool> shares =
        store_->ActiveLearnerSharesCourseWith(teacher, learner);
    EXPECT_TRUE(shares.ok()) << shares.status();
    return shares.value_or(false);
  }

  absl::StatusOr<int64_t> PushOwned(const quiz::v1::Bank& bank, int64_t owner) {
    return Await<int64_t>([&](Done<int64_t> done) {
      store_->PutOwnedBankVersion(bank, "users/x", owner, std::move(done));
    });
  }

  std::vector<std::string> Owners(const std::string& bank) {
    absl::StatusOr<std::vector<BankOwnerRecord>> owners =
        store_->ListBankOwners(bank);
    EXPECT_TRUE(owners.ok()) << owners.status();
    std::vector<std::string> names;
    if (owners.ok()) {
      for (const BankOwnerRecord& owner : *owners) {
        names.push_back(owner.username);
      }
    }
    return names;
  }
};

TEST_F(ScopingRowsTest, ActiveTeachersReachActiveLearnersOnce) {
  const int64_t carol = AddUser("carol");
  const int64_t tess = AddUser("tess");
  const int64_t ann = AddUser("ann");
  const int64_t bob = AddUser("bob");
  const int64_t cy = AddUser("cy");
  SetCourseMember(db_path(), "a", "carol", COURSE_ROLE_INSTRUCTOR);
  SetCourseMember(db_path(), "a", "tess", COURSE_ROLE_TEACHING_ASSISTANT);
  SetCourseMember(db_path(), "a", "ann", COURSE_ROLE_LEARNER);
  SetCourseMember(db_path(), "a", "bob", COURSE_ROLE_LEARNER,
                  MEMBER_STATUS_INACTIVE);
  SetCourseMember(db_path(), "b", "carol", COURSE_ROLE_INSTRUCTOR);
  SetCourseMember(db_path(), "b", "ann", COURSE_ROLE_LEARNER);
  SetCourseMember(db_path(), "b", "cy", COURSE_ROLE_LEARNER);
  SetCourseMember(db_path(), "c", "tess", COURSE_ROLE_INSTRUCTOR,
                  MEMBER_STATUS_DELETED);
  SetCourseMember(db_path(), "c", "bob", COURSE_ROLE_LEARNER);

  EXPECT_TRUE(Shares(carol, ann));
  EXPECT_TRUE(Shares(carol, cy));
  EXPECT_FALSE(Shares(carol, bob));  // an inactive learner
  EXPECT_TRUE(Shares(tess, ann));    // a teaching assistant
  EXPECT_FALSE(Shares(tess, cy));    // not in tess's course
  EXPECT_FALSE(Shares(tess, bob));   // tess left course c
  EXPECT_FALSE(Shares(ann, cy));     // learners teach nobody
  EXPECT_THAT(LearnersOf(carol), ElementsAre("ann", "cy"));  // ann once
  EXPECT_THAT(LearnersOf(carol, "ann"), ElementsAre("cy"));
  EXPECT_THAT(LearnersOf(carol, "", 1), ElementsAre("ann"));
  EXPECT_THAT(LearnersOf(tess), ElementsAre("ann"));
  EXPECT_THAT(LearnersOf(bob), ElementsAre());
}

TEST_F(ScopingRowsTest, TheFirstPusherOwnsANewBankAndOthersAreRefused) {
  const int64_t carol = AddUser("carol");
  const int64_t erin = AddUser("erin");
  const quiz::v1::Bank bank = MakeBank("mine", "Mine", 2);
  ASSERT_TRUE(store_->CheckBankOwner("mine", erin).ok());  // new: anyone's
  ASSERT_TRUE(PushOwned(bank, carol).ok());
  EXPECT_THAT(Owners("mine"), ElementsAre("carol"));

  // The write itself refuses erin: a check before it may be stale.
  quiz::v1::Bank changed = MakeBank("mine", "Mine, by erin", 2);
  absl::StatusOr<int64_t> refused = PushOwned(changed, erin);
  EXPECT_TRUE(absl::IsPermissionDenied(refused.status())) << refused.status();
  EXPECT_EQ(refused.status().message(),
            "banks/mine is owned by users/carol; ask an owner or an admin to "
            "share it");
  absl::StatusOr<BankVersionRecord> latest = store_->GetBankVersion("mine", 0);
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->version, 1);

  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->AddBankOwner("mine", erin, std::move(done));
              }).ok());
  absl::StatusOr<int64_t> pushed = PushOwned(changed, erin);
  ASSERT_TRUE(pushed.ok()) << pushed.status();
  EXPECT_EQ(*pushed, 2);
  EXPECT_THAT(Owners("mine"), ElementsAre("carol", "erin"));
}

TEST_F(ScopingRowsTest, TheLastOwnerStaysUnlessAskedNotTo) {
  const int64_t carol = AddUser("carol");
  AddBank("unowned", 1);  // as the bank directory stores one
  EXPECT_THAT(store_->CheckBankOwner("unowned", carol).message(),
              HasSubstr("has no owners"));
  EXPECT_TRUE(absl::IsNotFound(AwaitStatus([&](DoneStatus done) {
    store_->AddBankOwner("absent", carol, std::move(done));
  })));
  ASSERT_TRUE(PushOwned(MakeBank("mine", "Mine", 1), carol).ok());
  absl::Status last = AwaitStatus([&](DoneStatus done) {
    store_->RemoveBankOwner("mine", carol, true, std::move(done));
  });
  EXPECT_TRUE(absl::IsFailedPrecondition(last)) << last;
  EXPECT_THAT(Owners("mine"), ElementsAre("carol"));
  ASSERT_TRUE(AwaitStatus([&](DoneStatus done) {
                store_->RemoveBankOwner("mine", carol, false, std::move(done));
              }).ok());
  EXPECT_THAT(Owners("mine"), ElementsAre());
}

}  // namespace
}  // namespace store::testing
