#include "server/store/scoping_rows.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "server/store/queries.h"
#include "server/store/status_macros.h"

namespace store {
namespace {

// quiz.v1.CourseRole and quiz.v1.MemberStatus as course_members stores them.
constexpr int kLearner = 1;
constexpr int kInstructor = 2;
constexpr int kTeachingAssistant = 3;
constexpr int kActive = 1;

// The active learners (u) of the courses where ?1 is an active instructor
// or teaching assistant; `teacher` and `learner` are course_members rows.
constexpr char kTaughtLearners[] =
    " FROM course_members teacher JOIN course_members learner"
    " ON learner.course_id = teacher.course_id"
    " JOIN users u ON u.id = learner.user_id"
    " WHERE teacher.user_id = ?1 AND teacher.status = ?2"
    " AND teacher.role IN (?3, ?4) AND learner.role = ?5"
    " AND learner.status = ?2";

void BindTaught(Statement& stmt, int64_t staff_user_id) {
  stmt.BindInt64(1, staff_user_id)
      .BindInt64(2, kActive)
      .BindInt64(3, kInstructor)
      .BindInt64(4, kTeachingAssistant)
      .BindInt64(5, kLearner);
}

}  // namespace

absl::StatusOr<bool> QueryLearnerSharesCourse(Db& db, int64_t staff_user_id,
                                              int64_t learner_user_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare(absl::StrCat("SELECT 1", kTaughtLearners,
                              " AND learner.user_id = ?6 LIMIT 1")));
  BindTaught(stmt, staff_user_id);
  stmt.BindInt64(6, learner_user_id);
  return stmt.Step();
}

absl::StatusOr<std::vector<UserRecord>> QueryLearnersOf(
    Db& db, int64_t staff_user_id, const std::string& after_username,
    int limit) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt, db.Prepare(absl::StrCat(
                          "SELECT DISTINCT u.id, u.username", kTaughtLearners,
                          " AND u.delete_time_ms = 0 AND u.username > ?6"
                          " ORDER BY u.username LIMIT ?7")));
  BindTaught(stmt, staff_user_id);
  stmt.BindText(6, after_username).BindInt64(7, limit);
  std::vector<int64_t> ids;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    ids.push_back(stmt.ColumnInt64(0));
  }
  std::vector<UserRecord> users;
  users.reserve(ids.size());
  for (int64_t id : ids) {
    STORE_ASSIGN_OR_RETURN(UserRecord user, QueryUserById(db, id));
    users.push_back(std::move(user));
  }
  return users;
}

absl::StatusOr<std::vector<BankOwnerRecord>> QueryBankOwners(
    Db& db, const std::string& bank_id) {
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("SELECT o.user_id, u.username, o.create_time_ms"
                 " FROM bank_owners o JOIN users u ON u.id = o.user_id"
                 " WHERE o.bank_id = ? ORDER BY u.username"));
  stmt.BindText(1, bank_id);
  std::vector<BankOwnerRecord> owners;
  while (true) {
    STORE_ASSIGN_OR_RETURN(bool row, stmt.Step());
    if (!row) break;
    BankOwnerRecord& owner = owners.emplace_back();
    owner.user_id = stmt.ColumnInt64(0);
    owner.username = stmt.ColumnText(1);
    owner.create_time_ms = stmt.ColumnInt64(2);
  }
  return owners;
}

absl::Status CheckBankOwnerRows(Db& db, const std::string& bank_id,
                                int64_t user_id) {
  STORE_ASSIGN_OR_RETURN(int64_t latest, QueryLatestBankVersion(db, bank_id));
  if (latest == 0) return absl::OkStatus();  // a new bank: anyone's to claim
  STORE_ASSIGN_OR_RETURN(std::vector<BankOwnerRecord> owners,
                         QueryBankOwners(db, bank_id));
  std::vector<std::string> names;
  for (const BankOwnerRecord& owner : owners) {
    if (owner.user_id == user_id) return absl::OkStatus();
    names.push_back("users/" + owner.username);
  }
  if (names.empty()) {
    return absl::PermissionDeniedError(absl::StrCat(
        "banks/", bank_id,
        " has no owners (it came from the bank directory or predates "
        "owners); only admins may change it or share it"));
  }
  return absl::PermissionDeniedError(absl::StrCat(
      "banks/", bank_id, " is owned by ", absl::StrJoin(names, ", "),
      "; ask an owner or an admin to share it"));
}

absl::StatusOr<PutBankResult> PutOwnedBank(Db& db, quiz::v1::Bank bank,
                                           const std::string& created_by,
                                           int64_t owner_user_id,
                                           int64_t now_ms) {
  const std::string bank_id = bank.id();
  STORE_RETURN_IF_ERROR(CheckBankOwnerRows(db, bank_id, owner_user_id));
  STORE_ASSIGN_OR_RETURN(int64_t latest, QueryLatestBankVersion(db, bank_id));
  STORE_ASSIGN_OR_RETURN(PutBankResult result,
                         PutBank(db, std::move(bank), created_by, now_ms));
  if (latest == 0) {
    STORE_RETURN_IF_ERROR(InsertBankOwner(db, bank_id, owner_user_id, now_ms));
  }
  return result;
}

absl::Status InsertBankOwner(Db& db, const std::string& bank_id,
                             int64_t user_id, int64_t now_ms) {
  STORE_ASSIGN_OR_RETURN(int64_t latest, QueryLatestBankVersion(db, bank_id));
  if (latest == 0) {
    return absl::NotFoundError(
        absl::StrCat("bank banks/", bank_id, " not found"));
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("INSERT OR IGNORE INTO bank_owners(bank_id, user_id,"
                 " create_time_ms) VALUES(?, ?, ?)"));
  stmt.BindText(1, bank_id).BindInt64(2, user_id).BindInt64(3, now_ms);
  return stmt.Run();
}

absl::Status DeleteBankOwner(Db& db, const std::string& bank_id,
                             int64_t user_id, bool keep_last) {
  STORE_ASSIGN_OR_RETURN(std::vector<BankOwnerRecord> owners,
                         QueryBankOwners(db, bank_id));
  bool owns = false;
  for (const BankOwnerRecord& owner : owners) owns |= owner.user_id == user_id;
  if (!owns) return absl::OkStatus();
  if (keep_last && owners.size() == 1) {
    return absl::FailedPreconditionError(absl::StrCat(
        "users/", owners[0].username, " is the last owner of banks/", bank_id,
        "; share it with another owner first, or ask an admin"));
  }
  STORE_ASSIGN_OR_RETURN(
      Statement stmt,
      db.Prepare("DELETE FROM bank_owners WHERE bank_id = ? AND user_id = ?"));
  stmt.BindText(1, bank_id).BindInt64(2, user_id);
  return stmt.Run();
}

}  // namespace store
