#include "server/service/assignment_release.h"

#include <optional>
#include <vector>

#include "server/service/call.h"

namespace service {
namespace {

// Terms that release nothing: for an attempt whose assignment is gone.
LearnerTerms Withheld(const std::string& assignment_id) {
  LearnerTerms terms;
  terms.assignment_id = assignment_id;
  terms.release = quiz::v1::RELEASE_NEVER;
  return terms;
}

absl::StatusOr<LearnerTerms> TermsOf(Context& context,
                                     const std::string& assignment_id,
                                     int64_t user_id) {
  absl::StatusOr<store::AssignmentRecord> assignment =
      context.store.GetAssignment(assignment_id);
  if (absl::IsNotFound(assignment.status())) return Withheld(assignment_id);
  if (!assignment.ok()) return assignment.status();
  return LoadLearnerTerms(context, *assignment, user_id);
}

}  // namespace

absl::StatusOr<LearnerTerms> LoadLearnerTerms(
    Context& context, const store::AssignmentRecord& assignment,
    int64_t user_id) {
  absl::StatusOr<std::optional<quiz::v1::AssignmentOverride>> override =
      context.store.GetOverride(assignment.id, user_id);
  if (!override.ok()) return override.status();
  return TermsFor(assignment.id, assignment.assignment, *override);
}

absl::StatusOr<AttemptRelease> LoadAttemptRelease(
    Context& context, const std::string& assignment_id,
    const std::string& attempt_id, int64_t user_id) {
  AttemptRelease release;
  absl::StatusOr<LearnerTerms> terms = TermsOf(context, assignment_id, user_id);
  if (!terms.ok()) return terms.status();
  release.terms = *std::move(terms);
  if (release.terms.release == quiz::v1::RELEASE_AFTER_DUE) {
    absl::StatusOr<std::vector<store::AttemptRecord>> open =
        context.store.ListAttemptsInProgress(user_id);
    if (!open.ok()) return open.status();
    for (const store::AttemptRecord& other : *open) {
      if (other.assignment_id == assignment_id && other.id != attempt_id) {
        release.other_open = true;
      }
    }
  }
  release.now_ms = NowMs();
  return release;
}

absl::StatusOr<bool> ReleaseGate::Released(const std::string& assignment_id,
                                           bool finished,
                                           bool answered_practice) {
  auto found = known_.find(assignment_id);
  if (found == known_.end()) {
    if (!open_read_) {
      absl::StatusOr<std::vector<store::AttemptRecord>> open =
          context_.store.ListAttemptsInProgress(user_id_);
      if (!open.ok()) return open.status();
      for (const store::AttemptRecord& attempt : *open) {
        if (!attempt.assignment_id.empty()) {
          open_by_assignment_[attempt.assignment_id]++;
        }
      }
      open_read_ = true;
    }
    absl::StatusOr<LearnerTerms> terms =
        TermsOf(context_, assignment_id, user_id_);
    if (!terms.ok()) return terms.status();
    found = known_
                .emplace(assignment_id,
                         Known{*std::move(terms),
                               open_by_assignment_.count(assignment_id) > 0})
                .first;
  }
  return service::Released(found->second.terms, finished, answered_practice,
                           found->second.open, now_ms_);
}

}  // namespace service
