// The User message over the wire: building it from a stored user, and
// checking the fields a request sets (UserService's rules, stated in
// proto/quiz/v1/user_service.proto).
#ifndef QUIZD_SERVER_SERVICE_USER_FIELDS_H_
#define QUIZD_SERVER_SERVICE_USER_FIELDS_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/auth_service.pb.h"
#include "server/store/store.h"

namespace service {

// The wire form of a stored user (never its password hash).
quiz::v1::User UserMessage(const store::UserRecord& user);

// The stored form of the account fields of `user` (username, role,
// display_name, email, external_id, disabled).
store::UserRecord UserRecordOf(const quiz::v1::User& user);

// INVALID_ARGUMENT unless ROLE_STUDENT, ROLE_INSTRUCTOR or ROLE_ADMIN.
absl::Status CheckRole(quiz::v1::Role role);
// INVALID_ARGUMENT unless empty or up to 254 characters "local@domain"
// (ASCII; local part of letters, digits and !#$%&'*+/=?^_`{|}~.-; domain of
// dot-separated labels of letters, digits and '-').
absl::Status CheckEmail(absl::string_view email);
// INVALID_ARGUMENT unless empty or 1-200 printable ASCII characters
// without spaces.
absl::Status CheckExternalId(absl::string_view external_id);
// INVALID_ARGUMENT unless up to 200 characters (the text rules do the rest:
// one line, UTF-8, no control characters).
absl::Status CheckDisplayName(absl::string_view display_name);

// Checks every account field of `user` (CheckUsername and the above). The
// message names the field under `path` ("user." gives "user.email: ...").
absl::Status CheckNewUser(const quiz::v1::User& user, absl::string_view path);

// `status` with its message put under `path` ("users[3]." + "user.email:
// ..."); OK stays OK.
absl::Status Under(absl::string_view path, const absl::Status& status);

}  // namespace service

#endif  // QUIZD_SERVER_SERVICE_USER_FIELDS_H_
