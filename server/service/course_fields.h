// Course and membership messages over the wire: building them from stored
// records, and checking the course fields a request sets (CourseService's
// rules, stated in proto/quiz/v1/course_service.proto).
#ifndef QUIZD_SERVER_SERVICE_COURSE_FIELDS_H_
#define QUIZD_SERVER_SERVICE_COURSE_FIELDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/course.pb.h"
#include "server/auth/principal.h"
#include "server/store/store.h"

namespace service {

// INVALID_ARGUMENT naming `field` unless `id` is 1-64 characters of
// [a-z0-9-] starting with a letter or digit.
absl::Status CheckCourseId(absl::string_view id, absl::string_view field);
// The id of "courses/{id}" (or a bare id), checked; INVALID_ARGUMENT naming
// `field`.
absl::StatusOr<std::string> CourseIdOf(const std::string& name,
                                       const char* field);

quiz::v1::Course CourseMessage(const store::CourseRecord& course);
quiz::v1::CourseMember MemberMessage(const store::MemberRecord& member);

// Whether `principal` sees every course: an admin, or an API key (the
// access policy let it call the method).
bool SeesEveryCourse(const auth::Principal& principal);
// Whether a membership lets its user read the course: an active member, or
// an inactive learner (a suspended learner still sees their results).
bool MemberMayRead(const store::MemberRecord& member);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_COURSE_FIELDS_H_
