#include "server/access/policy.h"

#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"

namespace policy {
namespace {

// Scopes an integration needs to read the catalog (banks, quizzes) for its
// work; users.write alone does not.
constexpr uint32_t kCatalogScopes =
    kCoursesWrite | kBanksWrite | kResultsRead | kAttemptsAct;

// One row per RPC. Keep the rows of a service together, in proto order.
//  method  callers  key scope  on others  audited  [on related, relation]
constexpr Rule kRules[] = {
    {"AuthService.Login", kAnonymous | kSignedIn, kNoScope, kNobody, false},
    {"AuthService.GetCurrentUser", kSignedIn, kAnyScope, kNobody, false},
    {"AuthService.Logout", kSignedIn, kNoScope, kNobody, false},
    // A user's own password and login tokens; an API key has neither.
    {"AuthService.ChangePassword", kSignedIn, kNoScope, kNobody, true},
    {"AuthService.ListSessions", kSignedIn, kNoScope, kNobody, false},
    {"AuthService.RevokeSession", kSignedIn, kNoScope, kNobody, false},
    {"AuthService.LogoutEverywhere", kSignedIn, kNoScope, kNobody, false},

    {"BankService.ListBanks", kSignedIn, kCatalogScopes, kNobody, false},
    {"BankService.GetBank", kStaff, kBanksWrite, kStaff, false},
    // Staff read every bank; an instructor changes only the banks they own
    // (bank_owners), and a new bank id, becoming its owner.
    {"BankService.CreateBankVersion", kStaff, kBanksWrite, kAdmin, true,
     kInstructor, kOwnBanks},
    {"BankService.UploadBankVersion", kStaff, kBanksWrite, kAdmin, true,
     kInstructor, kOwnBanks},
    {"BankService.ListBankVersions", kStaff, kBanksWrite, kStaff, false},
    {"BankService.ExportBank", kStaff, kBanksWrite, kStaff, false},
    {"BankService.Regrade", kStaff, kBanksWrite, kAdmin, true, kInstructor,
     kOwnBanks},
    {"BankService.ListBankOwners", kStaff, kBanksWrite, kAdmin, false,
     kInstructor, kOwnBanks},
    {"BankService.AddBankOwner", kStaff, kBanksWrite, kAdmin, true, kInstructor,
     kOwnBanks},
    {"BankService.RemoveBankOwner", kStaff, kBanksWrite, kAdmin, true,
     kInstructor, kOwnBanks},

    {"QuizService.ListQuizzes", kSignedIn, kCatalogScopes, kNobody, false},
    {"QuizService.GetQuiz", kSignedIn, kCatalogScopes, kNobody, false},

    // Attempts are answered by their owner only; an integration acts for a
    // learner with a learner token (IntegrationService.IssueLearnerToken).
    // Admins read everyone's, instructors their own learners' (the active
    // learners of the courses they teach as instructor or TA).
    {"AttemptService.StartAttempt", kSignedIn, kNoScope, kNobody, false},
    {"AttemptService.GetAttempt", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"AttemptService.ListAttempts", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"AttemptService.SubmitResponse", kSignedIn, kNoScope, kNobody, false},
    {"AttemptService.FlagItem", kSignedIn, kNoScope, kNobody, false},
    {"AttemptService.FinishAttempt", kSignedIn, kNoScope, kNobody, false},

    // ListProgress lists an instructor's own learners only.
    {"ProgressService.GetProgress", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"ProgressService.ListProgress", kStaff, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"ProgressService.GetReadiness", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"ProgressService.ListDueReviews", kSignedIn, kNoScope, kNobody, false},
    {"ProgressService.AnswerReview", kSignedIn, kNoScope, kNobody, false},
    {"ProgressService.GetCareerProfile", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"ProgressService.WatchProgress", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},

    // assignment_service.proto: instructors act only on the assignments of
    // courses they run (checked by the handler against course_members;
    // teaching assistants read only); learners read the published ones of
    // their courses.
    {"AssignmentService.CreateAssignment", kStaff, kCoursesWrite, kStaff, true},
    {"AssignmentService.GetAssignment", kSignedIn, kCoursesWrite | kResultsRead,
     kStaff, false},
    {"AssignmentService.ListAssignments", kSignedIn,
     kCoursesWrite | kResultsRead, kStaff, false},
    {"AssignmentService.UpdateAssignment", kStaff, kCoursesWrite, kStaff, true},
    {"AssignmentService.DeleteAssignment", kStaff, kCoursesWrite, kStaff, true},
    {"AssignmentService.SetOverride", kStaff, kCoursesWrite, kStaff, true},
    {"AssignmentService.ListOverrides", kStaff, kCoursesWrite | kResultsRead,
     kStaff, false},
    {"AssignmentService.DeleteOverride", kStaff, kCoursesWrite, kStaff, true},
    {"AssignmentService.ReopenAttempt", kStaff, kCoursesWrite, kStaff, true},

    // Service accounts and their keys: admins, never a key.
    {"IntegrationService.CreateServiceAccount", kAdmin, kNoScope, kAdmin, true},
    {"IntegrationService.ListServiceAccounts", kAdmin, kNoScope, kAdmin, false},
    {"IntegrationService.DeleteServiceAccount", kAdmin, kNoScope, kAdmin, true},
    {"IntegrationService.CreateApiKey", kAdmin, kNoScope, kAdmin, true},
    {"IntegrationService.ListApiKeys", kAdmin, kNoScope, kAdmin, false},
    {"IntegrationService.RevokeApiKey", kAdmin, kNoScope, kAdmin, true},
    // Keys with attempts.act only: a learner token for a student.
    {"IntegrationService.IssueLearnerToken", kNobody, kAttemptsAct, kNobody,
     true},
    {"UserService.CreateUser", kAdmin, kUsersWrite, kAdmin, true},
    {"UserService.BatchUpsertUsers", kAdmin, kUsersWrite, kAdmin, true},
    {"UserService.GetUser", kAdmin, kUsersWrite, kAdmin, false},
    {"UserService.ListUsers", kAdmin, kUsersWrite, kAdmin, false},
    {"UserService.UpdateUser", kAdmin, kUsersWrite, kAdmin, true},
    {"UserService.SetPassword", kAdmin, kUsersWrite, kAdmin, true},
    {"UserService.DeleteUser", kAdmin, kUsersWrite, kAdmin, true},
    // course_service.proto. Instructors change only the courses they
    // teach and members read only their own courses (CourseService checks
    // the membership); admins and keys act on every course.
    {"CourseService.CreateCourse", kStaff, kCoursesWrite, kStaff, true},
    {"CourseService.GetCourse", kSignedIn, kCoursesWrite | kResultsRead, kStaff,
     false},
    {"CourseService.ListCourses", kSignedIn, kCoursesWrite | kResultsRead,
     kStaff, false},
    {"CourseService.UpdateCourse", kStaff, kCoursesWrite, kStaff, true},
    {"CourseService.BatchUpdateMembers", kStaff, kCoursesWrite, kStaff, true},
    {"CourseService.ListMembers", kSignedIn, kCoursesWrite | kResultsRead,
     kStaff, false},
    // audit_service.proto
    {"AuditService.ListAuditEvents", kAdmin, kNoScope, kAdmin, false},
    // gradebook_service.proto. Every signed-in user may call it; the
    // handler narrows the rows to the caller's place in the course (staff
    // of the course: all; a learner: their own), since course teaching
    // assistants may hold any account role.
    {"GradebookService.ListResults", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    // event_service.proto: what each caller sees of the log is decided by
    // course membership in the query (see EventService); students read
    // their own attempts' events only.
    {"EventService.ListEvents", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
    {"EventService.WatchEvents", kSignedIn, kResultsRead, kAdmin, false,
     kInstructor, kOwnLearners},
};

uint32_t CallerOf(const auth::Principal& principal) {
  if (principal.user_id == 0) return kAnonymous;
  switch (principal.role) {
    case quiz::v1::ROLE_STUDENT:
      return kStudent;
    case quiz::v1::ROLE_INSTRUCTOR:
      return kInstructor;
    case quiz::v1::ROLE_ADMIN:
      return kAdmin;
    default:
      return 0;
  }
}

bool IsApiKey(const auth::Principal& principal) {
  return principal.role == quiz::v1::ROLE_SERVICE_ACCOUNT;
}

}  // namespace

std::string DescribeCallers(uint32_t callers) {
  std::vector<std::string> names;
  if (callers & kStudent) names.push_back("students");
  if (callers & kInstructor) names.push_back("instructors");
  if (callers & kAdmin) names.push_back("admins");
  if (names.empty()) return "nobody";
  if (names.size() == 3) return "signed-in users";
  return absl::StrJoin(names, " and ");
}

std::string DescribeScopes(uint32_t scopes) {
  if (scopes == kAnyScope) return "any key";
  if (scopes == kNoScope) return "none";
  constexpr uint32_t kAll = (kAttemptsAct << 1) - 1;
  if (__builtin_popcount(scopes & kAll) >= 3) {
    return absl::StrCat("any but ", DescribeScopes(kAll & ~scopes));
  }
  std::vector<std::string> names;
  for (uint32_t bit = 1; bit <= kAttemptsAct; bit <<= 1) {
    if (scopes & bit) {
      names.push_back(std::string(ScopeName(static_cast<Scope>(bit))));
    }
  }
  return absl::StrJoin(names, " or ");
}

absl::Span<const Rule> Rules() { return kRules; }

const Rule* FindRule(absl::string_view method) {
  for (const Rule& rule : kRules) {
    if (rule.method == method) return &rule;
  }
  return nullptr;
}

absl::Status Authorize(const auth::Principal& principal,
                       absl::string_view method) {
  const Rule* rule = FindRule(method);
  if (rule == nullptr) {
    return absl::PermissionDeniedError(
        absl::StrCat(method, " is not allowed by the access policy"));
  }
  if (IsApiKey(principal)) {
    if ((rule->key_scope & principal.scopes) != 0) return absl::OkStatus();
    if (rule->key_scope == kNoScope) {
      return absl::PermissionDeniedError(absl::StrCat(
          method, " cannot be called with an API key",
          rule->callers & kStudent ? "; act for a learner with a learner token "
                                     "(IntegrationService.IssueLearnerToken)"
                                   : ""));
    }
    return absl::PermissionDeniedError(
        absl::StrCat(method, " needs an API key with the ",
                     DescribeScopes(rule->key_scope), " scope"));
  }
  if ((rule->callers & CallerOf(principal)) != 0) return absl::OkStatus();
  return absl::PermissionDeniedError(absl::StrCat(
      method, " is for ", DescribeCallers(rule->callers), " only"));
}

bool MayActOnOthers(const auth::Principal& principal,
                    absl::string_view method) {
  const Rule* rule = FindRule(method);
  if (rule == nullptr || !Authorize(principal, method).ok()) return false;
  if (IsApiKey(principal)) {
    return (rule->on_others | rule->on_related) != kNobody;
  }
  return (rule->on_others & CallerOf(principal)) != 0;
}

Relation RelatedOf(const auth::Principal& principal, absl::string_view method) {
  const Rule* rule = FindRule(method);
  if (rule == nullptr || IsApiKey(principal) ||
      MayActOnOthers(principal, method) ||
      (rule->on_related & CallerOf(principal)) == 0 ||
      !Authorize(principal, method).ok()) {
    return Relation::kNone;
  }
  return rule->relation;
}

absl::string_view ScopeName(Scope scope) {
  switch (scope) {
    case kUsersWrite:
      return "users.write";
    case kCoursesWrite:
      return "courses.write";
    case kBanksWrite:
      return "banks.write";
    case kResultsRead:
      return "results.read";
    case kAttemptsAct:
      return "attempts.act";
    default:
      return "";
  }
}

Scope ParseScope(absl::string_view name) {
  for (uint32_t bit = 1; bit <= kAttemptsAct; bit <<= 1) {
    const Scope scope = static_cast<Scope>(bit);
    if (ScopeName(scope) == name) return scope;
  }
  return kNoScope;
}

}  // namespace policy
