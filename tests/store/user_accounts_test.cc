// The store's user accounts: upserts (idempotent, one transaction, per-row
// failures), external ids unique, updates, passwords and the delete policy
// (a tombstone keeps the attempts, personal fields go).
#include <string>
#include <vector>

#include "gtest/gtest.h"
#include "tests/store/store_test_util.h"

namespace store {
namespace {

using ::store::testing::Await;
using ::store::testing::AwaitStatus;
using ::store::testing::StoreTest;

UpsertRow Row(const std::string& username, quiz::v1::Role role,
              const std::string& external_id = "",
              const std::string& email = "") {
  UpsertRow row;
  row.user.username = username;
  row.user.role = role;
  row.user.external_id = external_id;
  row.user.email = email;
  row.user.display_name = "Name of " + username;
  return row;
}

class Accounts : public StoreTest {
 protected:
  absl::StatusOr<UpsertResult> Upsert(std::vector<UpsertRow> rows,
                                      UpsertKey key = UpsertKey::kUsername,
                                      bool dry_run = false,
                                      bool skip_failed = false) {
    return Await<UpsertResult>([&](Done<UpsertResult> done) {
      store_->UpsertUsers(std::move(rows), key, dry_run, skip_failed,
                          std::move(done));
    });
  }

  std::vector<UpsertRowResult::Outcome> Outcomes(const UpsertResult& result) {
    std::vector<UpsertRowResult::Outcome> outcomes;
    for (const UpsertRowResult& row : result.rows) {
      outcomes.push_back(row.outcome);
    }
    return outcomes;
  }

  int CountUsers() {
    absl::StatusOr<std::vector<UserRecord>> users =
        store_->ListUserAccounts({}, "", 1000);
    EXPECT_TRUE(users.ok()) << users.status();
    return users.ok() ? static_cast<int>(users->size()) : -1;
  }
};

constexpr auto kCreated = UpsertRowResult::kCreated;
constexpr auto kUpdated = UpsertRowResult::kUpdated;
constexpr auto kUnchanged = UpsertRowResult::kUnchanged;
constexpr auto kFailed = UpsertRowResult::kFailed;

TEST_F(Accounts, SecondIdenticalUpsertChangesNothing) {
  std::vector<UpsertRow> roster = {
      Row("ann", quiz::v1::ROLE_STUDENT, "sis-1", "ann@example.edu"),
      Row("bo", quiz::v1::ROLE_STUDENT, "sis-2"),
      Row("cat", quiz::v1::ROLE_INSTRUCTOR)};
  absl::StatusOr<UpsertResult> first = Upsert(roster);
  ASSERT_TRUE(first.ok()) << first.status();
  EXPECT_TRUE(first->committed);
  EXPECT_EQ(Outcomes(*first), (std::vector{kCreated, kCreated, kCreated}));
  const UserRecord ann = *store_->GetUserByName("ann");
  EXPECT_EQ(ann.external_id, "sis-1");
  EXPECT_EQ(ann.email, "ann@example.edu");
  EXPECT_EQ(ann.display_name, "Name of ann");

  absl::StatusOr<UpsertResult> second = Upsert(roster);
  ASSERT_TRUE(second.ok()) << second.status();
  EXPECT_EQ(Outcomes(*second),
            (std::vector{kUnchanged, kUnchanged, kUnchanged}));
  // Nothing was written: not even the time of the last change.
  EXPECT_EQ(store_->GetUserByName("ann")->update_time_ms, ann.update_time_ms);

  // The same roster keyed by external id is unchanged too.
  roster.pop_back();
  absl::StatusOr<UpsertResult> by_id = Upsert(roster, UpsertKey::kExternalId);
  ASSERT_TRUE(by_id.ok()) << by_id.status();
  EXPECT_EQ(Outcomes(*by_id), (std::vector{kUnchanged, kUnchanged}));
}

TEST_F(Accounts, UpsertUpdatesTheSyncedFieldsAndSaysWhenTheRoleChanged) {
  ASSERT_TRUE(Upsert({Row("ann", quiz::v1::ROLE_STUDENT, "sis-1")}).ok());
  UpsertRow changed = Row("ann", quiz::v1::ROLE_INSTRUCTOR, "sis-9", "a@b.c");
  changed.user.disabled = true;  // ignored for an existing user
  absl::StatusOr<UpsertResult> result = Upsert({changed});
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Outcomes(*result), (std::vector{kUpdated}));
  EXPECT_TRUE(result->rows[0].role_changed);
  const UserRecord ann = *store_->GetUserByName("ann");
  EXPECT_EQ(ann.role, quiz::v1::ROLE_INSTRUCTOR);
  EXPECT_EQ(ann.external_id, "sis-9");
  EXPECT_EQ(ann.email, "a@b.c");
  EXPECT_FALSE(ann.disabled);
}

TEST_F(Accounts, AFailingRowRollsBackTheWholeBatchUnlessSkipped) {
  ASSERT_TRUE(Upsert({Row("held", quiz::v1::ROLE_STUDENT, "sis-1")}).ok());
  const std::vector<UpsertRow> batch = {
      Row("new1", quiz::v1::ROLE_STUDENT),
      Row("new2", quiz::v1::ROLE_STUDENT, "sis-1"),  // taken by held
      Row("new3", quiz::v1::ROLE_STUDENT)};
  absl::StatusOr<UpsertResult> all = Upsert(batch);
  ASSERT_TRUE(all.ok()) << all.status();
  EXPECT_FALSE(all->committed);
  EXPECT_EQ(Outcomes(*all), (std::vector{kCreated, kFailed, kCreated}));
  EXPECT_EQ(all->rows[1].error.code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(all->rows[1].error.message(),
            "user.external_id: \"sis-1\" already belongs to users/held");
  EXPECT_EQ(CountUsers(), 1);

  absl::StatusOr<UpsertResult> skipped =
      Upsert(batch, UpsertKey::kUsername, false, /*skip_failed=*/true);
  ASSERT_TRUE(skipped.ok()) << skipped.status();
  EXPECT_TRUE(skipped->committed);
  EXPECT_EQ(Outcomes(*skipped), (std::vector{kCreated, kFailed, kCreated}));
  EXPECT_EQ(CountUsers(), 3);
  EXPECT_EQ(store_->GetUserByName("new2").status().code(),
            absl::StatusCode::kNotFound);
}

TEST_F(Accounts, DryRunReportsAndStoresNothing) {
  absl::StatusOr<UpsertResult> dry =
      Upsert({Row("a", quiz::v1::ROLE_STUDENT), Row("b", quiz::v1::ROLE_ADMIN)},
             UpsertKey::kUsername, /*dry_run=*/true);
  ASSERT_TRUE(dry.ok()) << dry.status();
  EXPECT_FALSE(dry->committed);
  EXPECT_EQ(Outcomes(*dry), (std::vector{kCreated, kCreated}));
  EXPECT_EQ(CountUsers(), 0);
}

TEST_F(Accounts, ExternalIdKeyNeverRenames) {
  ASSERT_TRUE(Upsert({Row("ann", quiz::v1::ROLE_STUDENT, "sis-1")}).ok());
  AddUser("bo");  // no external id
  absl::StatusOr<UpsertResult> result =
      Upsert({Row("anna", quiz::v1::ROLE_STUDENT, "sis-1"),
              Row("bo", quiz::v1::ROLE_STUDENT, "sis-2")},
             UpsertKey::kExternalId, false, /*skip_failed=*/true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(Outcomes(*result), (std::vector{kFailed, kFailed}));
  EXPECT_EQ(result->rows[0].error.message(),
            "user.username: \"anna\" differs from users/ann, which has this "
            "external_id; usernames do not change");
  EXPECT_EQ(result->rows[1].error.message(),
            "user.username: users/bo exists with no external_id");
}

TEST_F(Accounts, AnUnhashedPasswordCannotCreate) {
  UpsertRow row = Row("late", quiz::v1::ROLE_STUDENT);
  row.wants_password = true;
  absl::StatusOr<UpsertResult> result =
      Upsert({row}, UpsertKey::kUsername, false, true);
  ASSERT_TRUE(result.ok()) << result.status();
  EXPECT_EQ(result->rows[0].error.code(), absl::StatusCode::kAborted);
  EXPECT_EQ(CountUsers(), 0);
}

TEST_F(Accounts, ExternalIdIsUniqueWhenSet) {
  UserRecord user;
  user.username = "x1";
  user.role = quiz::v1::ROLE_STUDENT;
  user.external_id = "E-1";
  ASSERT_TRUE(Await<int64_t>([&](Done<int64_t> done) {
                store_->CreateUser(user, std::move(done));
              }).ok());
  user.username = "x2";
  absl::StatusOr<int64_t> taken = Await<int64_t>(
      [&](Done<int64_t> done) { store_->CreateUser(user, std::move(done)); });
  EXPECT_EQ(taken.status().code(), absl::StatusCode::kAlreadyExists);
  // Empty is not an id: any number of users may have none.
  user.external_id = "";
  for (const char* name : {"x2", "x3"}) {
    user.username = name;
    ASSERT_TRUE(Await<int64_t>([&](Done<int64_t> done) {
                  store_->CreateUser(user, std::move(done));
                }).ok());
  }
  UserRecord values;
  values.external_id = "E-1";
  UserFields fields;
  fields.external_id = true;
  absl::StatusOr<UserChange> change =
      Await<UserChange>([&](Done<UserChange> done) {
        store_->UpdateUserAccount("x3", values, fields, std::move(done));
      });
  EXPECT_EQ(change.status().code(), absl::StatusCode::kAlreadyExists);
  EXPECT_EQ(store_->GetUserByName("x3")->external_id, "");
}

TEST_F(Accounts, UpdateChangesOnlyTheNamedFields) {
  ASSERT_TRUE(
      Upsert({Row("ann", quiz::v1::ROLE_STUDENT, "sis-1", "a@x.y")}).ok());
  UserRecord values;
  values.email = "new@x.y";
  values.role = quiz::v1::ROLE_ADMIN;  // not named
  values.disabled = true;
  UserFields fields;
  fields.email = true;
  fields.disabled = true;
  absl::StatusOr<UserChange> change =
      Await<UserChange>([&](Done<UserChange> done) {
        store_->UpdateUserAccount("ann", values, fields, std::move(done));
      });
  ASSERT_TRUE(change.ok()) << change.status();
  EXPECT_EQ(change->before.email, "a@x.y");
  EXPECT_EQ(change->after.email, "new@x.y");
  EXPECT_TRUE(change->after.disabled);
  const UserRecord ann = *store_->GetUserByName("ann");
  EXPECT_EQ(ann.role, quiz::v1::ROLE_STUDENT);
  EXPECT_EQ(ann.external_id, "sis-1");
  EXPECT_TRUE(ann.disabled);
  EXPECT_GE(ann.update_time_ms, ann.create_time_ms);

  // A disabled user gets no token, and a token cannot find them.
  EXPECT_EQ(AwaitStatus([&](DoneStatus done) {
              store_->CreateToken("t", ann.id, 1LL << 50, std::move(done));
            }).code(),
            absl::StatusCode::kPermissionDenied);

  UserFilter only_disabled;
  only_disabled.disabled = true;
  EXPECT_EQ(store_->ListUserAccounts(only_disabled, "", 10)->size(), 1u);
  only_disabled.disabled = false;
  EXPECT_EQ(store_->ListUserAccounts(only_disabled, "", 10)->size(), 0u);
}

TEST_F(Accounts, ListFiltersByRoleAndUpdateTimeAndPages) {
  ASSERT_TRUE(Upsert({Row("a", quiz::v1::ROLE_STUDENT),
                      Row("b", quiz::v1::ROLE_INSTRUCTOR),
                      Row("c", quiz::v1::ROLE_STUDENT)})
                  .ok());
  UserFilter students;
  students.role = quiz::v1::ROLE_STUDENT;
  absl::StatusOr<std::vector<UserRecord>> page =
      store_->ListUserAccounts(students, "", 1);
  ASSERT_TRUE(page.ok()) << page.status();
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().username, "a");
  page = store_->ListUserAccounts(students, "a", 10);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ(page->front().username, "c");

  const int64_t created = store_->GetUserByName("a")->update_time_ms;
  UserFilter later;
  later.updated_after_ms = created;
  EXPECT_EQ(store_->ListUserAccounts(later, "", 10)->size(), 0u);
  later.updated_after_ms = created - 1;
  EXPECT_EQ(store_->ListUserAccounts(later, "", 10)->size(), 3u);
}

TEST_F(Accounts, SetPasswordReplacesTheHash) {
  AddUser("pw");
  absl::StatusOr<UserRecord> user =
      Await<UserRecord>([&](Done<UserRecord> done) {
        store_->SetPasswordHash("pw", "$new$", std::move(done));
      });
  ASSERT_TRUE(user.ok()) << user.status();
  EXPECT_EQ(store_->GetUserByName("pw")->password_hash, "$new$");
  EXPECT_EQ(Await<UserRecord>([&](Done<UserRecord> done) {
              store_->SetPasswordHash("nobody", "$x$", std::move(done));
            })
                .status()
                .code(),
            absl::StatusCode::kNotFound);
}

TEST_F(Accounts, DeleteKeepsAttemptsOnAnAnonymousTombstone) {
  ASSERT_TRUE(
      Upsert({Row("gone", quiz::v1::ROLE_STUDENT, "sis-7", "g@x.y")}).ok());
  const int64_t id = store_->GetUserByName("gone")->id;
  AddAttempt("att-1", id, 1000);
  ASSERT_TRUE(Save("att-1", "i1", "answer", 1001).ok());

  absl::StatusOr<Store::DeletedUser> deleted =
      Await<Store::DeletedUser>([&](Done<Store::DeletedUser> done) {
        store_->DeleteUserAccount("gone", "users/admin", std::move(done));
      });
  ASSERT_TRUE(deleted.ok()) << deleted.status();
  EXPECT_EQ(deleted->kept_attempts, 1);
  const UserRecord& tombstone = deleted->tombstone;
  EXPECT_EQ(tombstone.id, id);
  EXPECT_EQ(tombstone.username, "#deleted-" + std::to_string(id));

  // Gone by name and from listings; the name and the external id are free.
  EXPECT_EQ(store_->GetUserByName("gone").status().code(),
            absl::StatusCode::kNotFound);
  EXPECT_EQ(CountUsers(), 0);
  EXPECT_TRUE(Upsert({Row("gone", quiz::v1::ROLE_STUDENT, "sis-7")}).ok());

  // The attempt and its answer stay, owned by the tombstone, which keeps
  // nothing personal and cannot hold a token.
  absl::StatusOr<AttemptRecord> attempt = store_->GetAttempt("att-1");
  ASSERT_TRUE(attempt.ok()) << attempt.status();
  EXPECT_EQ(attempt->user_id, id);
  EXPECT_EQ(store_->ListResponses("att-1")->size(), 1u);
  const UserRecord kept = *store_->GetUserById(id);
  EXPECT_EQ(kept.password_hash, "");
  EXPECT_EQ(kept.email, "");
  EXPECT_EQ(kept.display_name, "");
  EXPECT_EQ(kept.external_id, "");
  EXPECT_TRUE(kept.disabled);
  EXPECT_NE(kept.delete_time_ms, 0);
  EXPECT_EQ(AwaitStatus([&](DoneStatus done) {
              store_->CreateToken("t", id, 1LL << 50, std::move(done));
            }).code(),
            absl::StatusCode::kPermissionDenied);

  // Survives a restart (foreign keys on).
  Reopen();
  EXPECT_EQ(store_->GetAttempt("att-1")->user_id, id);
}

}  // namespace
}  // namespace store
