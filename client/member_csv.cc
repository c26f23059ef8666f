#include "client/member_csv.h"

#include <map>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/format.h"
#include "client/roster_csv.h"

namespace client {
namespace {

constexpr const char* kColumnList = "username, external_id, role, status";

std::string Normalized(absl::string_view text) {
  return absl::AsciiStrToLower(absl::StripAsciiWhitespace(text));
}

}  // namespace

std::optional<quiz::v1::CourseRole> ParseCourseRole(absl::string_view name) {
  const std::string lower = Normalized(name);
  if (lower == "learner" || lower == "course_role_learner") {
    return quiz::v1::COURSE_ROLE_LEARNER;
  }
  if (lower == "instructor" || lower == "course_role_instructor") {
    return quiz::v1::COURSE_ROLE_INSTRUCTOR;
  }
  if (lower == "ta" || lower == "teaching_assistant" ||
      lower == "course_role_teaching_assistant") {
    return quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT;
  }
  return std::nullopt;
}

std::optional<quiz::v1::MemberStatus> ParseMemberStatus(
    absl::string_view name) {
  const std::string lower = Normalized(name);
  if (lower == "active" || lower == "member_status_active") {
    return quiz::v1::MEMBER_STATUS_ACTIVE;
  }
  if (lower == "inactive" || lower == "member_status_inactive") {
    return quiz::v1::MEMBER_STATUS_INACTIVE;
  }
  if (lower == "deleted" || lower == "member_status_deleted") {
    return quiz::v1::MEMBER_STATUS_DELETED;
  }
  return std::nullopt;
}

absl::StatusOr<MemberFile> ParseMemberFile(absl::string_view content) {
  if (content.size() > kMaxMemberFileBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("1: the file is larger than ", kMaxMemberFileBytes >> 20,
                     " MiB; split it"));
  }
  absl::ConsumePrefix(&content, "\xEF\xBB\xBF");
  absl::StatusOr<std::vector<CsvRecord>> records = SplitCsvRecords(content);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return absl::InvalidArgumentError(absl::StrCat(
        "1: empty; the first line names the columns: ", kColumnList));
  }
  if (static_cast<int>(records->size()) - 1 > kMaxMemberFileRows) {
    return absl::InvalidArgumentError(absl::StrCat(
        "1: more than ", kMaxMemberFileRows, " rows; split the file"));
  }
  const CsvRecord& header = records->front();
  absl::flat_hash_map<std::string, size_t> column;
  for (size_t c = 0; c < header.fields.size(); ++c) {
    const std::string name = Normalized(header.fields[c]);
    if (name != "username" && name != "external_id" && name != "role" &&
        name != "status") {
      return absl::InvalidArgumentError(absl::StrCat(
          header.line, ": unknown column \"", Elide(header.fields[c]),
          "\" (the columns are ", kColumnList, ")"));
    }
    if (!column.emplace(name, c).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(header.line, ": column ", name, " appears twice"));
    }
  }
  if (!column.contains("username") && !column.contains("external_id")) {
    return absl::InvalidArgumentError(
        absl::StrCat(header.line,
                     ": the header has neither a username nor an external_id "
                     "column"));
  }
  if (!column.contains("role")) {
    return absl::InvalidArgumentError(
        absl::StrCat(header.line, ": the header has no role column"));
  }
  auto get = [&](const CsvRecord& record, const char* name) -> std::string {
    auto found = column.find(name);
    return found == column.end() ? std::string()
                                 : std::string(absl::StripAsciiWhitespace(
                                       record.fields[found->second]));
  };

  MemberFile file;
  std::map<std::string, int> users;  // "u:name" or "x:id" -> first line
  for (size_t r = 1; r < records->size(); ++r) {
    const CsvRecord& record = (*records)[r];
    auto fail = [&](std::string message) {
      file.errors.push_back({record.line, std::move(message)});
    };
    if (record.fields.size() != header.fields.size()) {
      fail(absl::StrCat(record.fields.size(), " fields; the header has ",
                        header.fields.size()));
      continue;
    }
    MemberFileRow row;
    row.line = record.line;
    const std::string username = get(record, "username");
    const std::string external_id = get(record, "external_id");
    std::string key;
    if (!username.empty()) {
      row.row.set_user(username);
      key = "u:" + username;
    } else if (!external_id.empty()) {
      row.row.set_user_external_id(external_id);
      key = "x:" + external_id;
    } else {
      fail("no username or external_id");
      continue;
    }
    const std::string status_text = get(record, "status");
    std::optional<quiz::v1::MemberStatus> status =
        status_text.empty() ? quiz::v1::MEMBER_STATUS_ACTIVE
                            : ParseMemberStatus(status_text);
    if (!status.has_value()) {
      fail(absl::StrCat("status: \"", Elide(status_text),
                        "\" is not one of active, inactive, deleted"));
      continue;
    }
    row.row.set_status(*status);
    const std::string role_text = get(record, "role");
    if (role_text.empty() && *status == quiz::v1::MEMBER_STATUS_DELETED) {
      // A removal keeps the stored role.
    } else if (std::optional<quiz::v1::CourseRole> role =
                   ParseCourseRole(role_text);
               role.has_value()) {
      row.row.set_role(*role);
    } else {
      fail(absl::StrCat("role: \"", Elide(role_text),
                        "\" is not one of learner, instructor, ta"));
      continue;
    }
    auto [first, fresh] = users.emplace(key, record.line);
    if (!fresh) {
      fail(absl::StrCat(username.empty() ? "external_id" : "username", ": \"",
                        Elide(username.empty() ? external_id : username),
                        "\" repeats line ", first->second));
      continue;
    }
    file.rows.push_back(std::move(row));
  }
  return file;
}

}  // namespace client
