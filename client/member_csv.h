// Member files for `quiz course members import`: CSV (RFC 4180) with a
// header row naming the columns username or external_id (at least one),
// role and status (any order). A row names its user by username, or by
// external_id when its username is empty. role is learner, instructor or ta
// (required unless status is deleted); status is active (the default when
// empty), inactive or deleted.
#ifndef QUIZD_CLIENT_MEMBER_CSV_H_
#define QUIZD_CLIENT_MEMBER_CSV_H_

#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/course_service.pb.h"

namespace client {

// The largest member file read, and the most rows it may hold.
inline constexpr size_t kMaxMemberFileBytes = 8 << 20;
inline constexpr int kMaxMemberFileRows = 100000;

struct MemberFileRow {
  int line = 0;
  quiz::v1::MemberUpdate row;
};

// A problem with one line: "FILE:LINE: message" once printed.
struct MemberFileError {
  int line = 0;
  std::string message;
};

struct MemberFile {
  std::vector<MemberFileRow> rows;      // the rows that parsed
  std::vector<MemberFileError> errors;  // those that did not, in line order
};

// "learner", "instructor", "ta" (or "teaching_assistant", or the enum
// name), any case; nullopt otherwise.
std::optional<quiz::v1::CourseRole> ParseCourseRole(absl::string_view name);
// "active", "inactive", "deleted" (or the enum name), any case; nullopt
// otherwise.
std::optional<quiz::v1::MemberStatus> ParseMemberStatus(absl::string_view name);

// Parses `content`. A malformed header, an unterminated quote or a file
// over the limits fails the whole file (INVALID_ARGUMENT "LINE: message";
// the caller adds the file name); a bad row (field count, unknown role or
// status, no user, a user repeated in the file) becomes an error and the
// other rows still parse.
absl::StatusOr<MemberFile> ParseMemberFile(absl::string_view content);

}  // namespace client

#endif  // QUIZD_CLIENT_MEMBER_CSV_H_
