#include "server/service/user_fields.h"

#include <algorithm>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "server/auth/principal.h"
#include "server/service/call.h"
#include "server/text/request_text.h"

namespace service {
namespace {

constexpr size_t kMaxEmail = 254;
constexpr size_t kMaxEmailLocal = 64;
constexpr size_t kMaxExternalId = 200;
constexpr int kMaxDisplayNameChars = 200;

bool IsEmailLocalChar(char c) {
  return absl::ascii_isalnum(c) ||
         absl::string_view("!#$%&'*+/=?^_`{|}~.-").find(c) !=
             absl::string_view::npos;
}

bool IsDomainLabel(absl::string_view label) {
  return !label.empty() && label.size() <= 63 && label.front() != '-' &&
         label.back() != '-' &&
         std::all_of(label.begin(), label.end(),
                     [](char c) { return absl::ascii_isalnum(c) || c == '-'; });
}

}  // namespace

quiz::v1::User UserMessage(const store::UserRecord& user) {
  quiz::v1::User message;
  message.set_name("users/" + user.username);
  message.set_username(user.username);
  message.set_role(user.role);
  if (user.create_time_ms != 0) {
    SetTimestamp(user.create_time_ms, message.mutable_create_time());
  }
  message.set_display_name(user.display_name);
  message.set_email(user.email);
  message.set_external_id(user.external_id);
  message.set_disabled(user.disabled);
  const int64_t updated =
      user.update_time_ms != 0 ? user.update_time_ms : user.create_time_ms;
  if (updated != 0) SetTimestamp(updated, message.mutable_update_time());
  return message;
}

store::UserRecord UserRecordOf(const quiz::v1::User& user) {
  store::UserRecord record;
  record.username = user.username();
  record.role = user.role();
  record.display_name = user.display_name();
  record.email = user.email();
  record.external_id = user.external_id();
  record.disabled = user.disabled();
  return record;
}

absl::Status CheckRole(quiz::v1::Role role) {
  if (role == quiz::v1::ROLE_STUDENT || role == quiz::v1::ROLE_INSTRUCTOR ||
      role == quiz::v1::ROLE_ADMIN) {
    return absl::OkStatus();
  }
  return absl::InvalidArgumentError(
      "role: must be ROLE_STUDENT, ROLE_INSTRUCTOR or ROLE_ADMIN");
}

absl::Status CheckEmail(absl::string_view email) {
  if (email.empty()) return absl::OkStatus();
  const auto bad = [&](absl::string_view why) {
    return absl::InvalidArgumentError(
        absl::StrCat("email: ", text::QuoteForLog(email), " ", why));
  };
  if (email.size() > kMaxEmail) {
    return bad(absl::StrCat("is longer than ", kMaxEmail, " characters"));
  }
  const size_t at = email.find('@');
  if (at == absl::string_view::npos || email.find('@', at + 1) != email.npos) {
    return bad("must be local@domain with exactly one '@'");
  }
  const absl::string_view local = email.substr(0, at);
  const absl::string_view domain = email.substr(at + 1);
  if (local.empty() || local.size() > kMaxEmailLocal ||
      !std::all_of(local.begin(), local.end(), IsEmailLocalChar)) {
    return bad(
        "has a bad local part (before '@': 1-64 ASCII letters, digits or "
        "!#$%&'*+/=?^_`{|}~.-)");
  }
  for (absl::string_view label : absl::StrSplit(domain, '.')) {
    if (!IsDomainLabel(label)) {
      return bad(
          "has a bad domain (after '@': dot-separated labels of ASCII "
          "letters, digits and '-')");
    }
  }
  return absl::OkStatus();
}

absl::Status CheckExternalId(absl::string_view external_id) {
  const bool printable =
      std::all_of(external_id.begin(), external_id.end(),
                  [](char c) { return c > 0x20 && c < 0x7f; });
  if (external_id.size() > kMaxExternalId || !printable) {
    return absl::InvalidArgumentError(absl::StrCat(
        "external_id: ", text::QuoteForLog(external_id),
        " must be 1-200 printable ASCII characters without spaces"));
  }
  return absl::OkStatus();
}

absl::Status CheckDisplayName(absl::string_view display_name) {
  // Length in characters; the text rules already refused bad UTF-8.
  const text::FieldRule rule{kMaxDisplayNameChars, false};
  return text::CheckText(display_name, rule, "display_name");
}

absl::Status CheckNewUser(const quiz::v1::User& user, absl::string_view path) {
  for (const absl::Status& status :
       {auth::CheckUsername(user.username()), CheckRole(user.role()),
        CheckDisplayName(user.display_name()), CheckEmail(user.email()),
        CheckExternalId(user.external_id())}) {
    if (!status.ok()) return Under(path, status);
  }
  return absl::OkStatus();
}

absl::Status Under(absl::string_view path, const absl::Status& status) {
  if (status.ok() || path.empty()) return status;
  return absl::Status(status.code(), absl::StrCat(path, status.message()));
}

}  // namespace service
