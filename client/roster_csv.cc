#include "client/roster_csv.h"

#include <map>
#include <optional>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/strip.h"
#include "client/format.h"

namespace client {

// Splits `content` into records (RFC 4180). INVALID_ARGUMENT "LINE: ..." for
// a quote that never closes or text after a closing quote.
absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(
    absl::string_view content) {
  std::vector<CsvRecord> records;
  size_t i = 0;
  int line = 1;
  while (i < content.size()) {
    CsvRecord record;
    record.line = line;
    std::string field;
    bool record_done = false;
    while (!record_done) {
      field.clear();
      if (i < content.size() && content[i] == '"') {
        const int opened = line;
        ++i;
        while (true) {
          if (i >= content.size()) {
            return absl::InvalidArgumentError(absl::StrCat(
                opened,
                ": a quoted field is never closed (a '\"' is missing)"));
          }
          const char c = content[i++];
          if (c == '"') {
            if (i < content.size() && content[i] == '"') {
              field.push_back('"');
              ++i;
              continue;
            }
            break;
          }
          if (c == '\n') ++line;
          field.push_back(c);
        }
        if (i < content.size() && content[i] != ',' && content[i] != '\n' &&
            content[i] != '\r') {
          return absl::InvalidArgumentError(absl::StrCat(
              line,
              ": text after a closing quote (write \"\" for a quote "
              "inside a quoted field)"));
        }
      } else {
        while (i < content.size() && content[i] != ',' && content[i] != '\n' &&
               content[i] != '\r') {
          field.push_back(content[i++]);
        }
      }
      record.fields.push_back(field);
      if (i < content.size() && content[i] == ',') {
        ++i;
        continue;
      }
      // End of record: CRLF, LF, a lone CR, or end of input.
      if (i < content.size() && content[i] == '\r') ++i;
      if (i < content.size() && content[i] == '\n') ++i;
      ++line;
      record_done = true;
    }
    const bool blank = record.fields.size() == 1 && record.fields[0].empty();
    if (!blank) records.push_back(std::move(record));
  }
  return records;
}

namespace {

constexpr const char* kColumns[] = {"username", "role",        "display_name",
                                    "email",    "external_id", "password"};

using Record = CsvRecord;

// The role named in a roster ("student", "ROLE_STUDENT", any case).
std::optional<quiz::v1::Role> ParseRoleName(absl::string_view name) {
  const std::string lower =
      absl::AsciiStrToLower(absl::StripAsciiWhitespace(name));
  for (quiz::v1::Role role : {quiz::v1::ROLE_STUDENT, quiz::v1::ROLE_INSTRUCTOR,
                              quiz::v1::ROLE_ADMIN}) {
    if (lower == RoleName(role) ||
        lower == absl::AsciiStrToLower(quiz::v1::Role_Name(role))) {
      return role;
    }
  }
  return std::nullopt;
}

}  // namespace

absl::StatusOr<Roster> ParseRoster(absl::string_view content) {
  if (content.size() > kMaxRosterBytes) {
    return absl::InvalidArgumentError(
        absl::StrCat("1: the file is larger than ", kMaxRosterBytes >> 20,
                     " MiB; split it"));
  }
  absl::ConsumePrefix(&content, "\xEF\xBB\xBF");
  absl::StatusOr<std::vector<Record>> records = SplitCsvRecords(content);
  if (!records.ok()) return records.status();
  if (records->empty()) {
    return absl::InvalidArgumentError(
        "1: empty; the first line names the columns: username,role,"
        "display_name,email,external_id,password");
  }
  if (static_cast<int>(records->size()) - 1 > kMaxRosterRows) {
    return absl::InvalidArgumentError(
        absl::StrCat("1: more than ", kMaxRosterRows, " rows; split the file"));
  }
  // Header: column name -> position.
  const Record& header = records->front();
  absl::flat_hash_map<std::string, int> column;
  for (size_t c = 0; c < header.fields.size(); ++c) {
    const std::string name =
        absl::AsciiStrToLower(absl::StripAsciiWhitespace(header.fields[c]));
    bool known = false;
    for (const char* k : kColumns) known = known || name == k;
    if (!known) {
      return absl::InvalidArgumentError(absl::StrCat(
          header.line, ": unknown column \"", Elide(header.fields[c]),
          "\" (the columns are ", absl::StrJoin(kColumns, ","), ")"));
    }
    if (!column.emplace(name, static_cast<int>(c)).second) {
      return absl::InvalidArgumentError(
          absl::StrCat(header.line, ": column ", name, " appears twice"));
    }
  }
  for (const char* required : {"username", "role"}) {
    if (!column.contains(required)) {
      return absl::InvalidArgumentError(absl::StrCat(
          header.line, ": the header has no ", required, " column"));
    }
  }
  auto get = [&](const Record& record, const char* name) -> std::string {
    auto found = column.find(name);
    return found == column.end() ? std::string() : record.fields[found->second];
  };

  Roster roster;
  std::map<std::string, int> usernames, external_ids;  // -> first line
  for (size_t r = 1; r < records->size(); ++r) {
    const Record& record = (*records)[r];
    auto fail = [&](std::string message) {
      roster.errors.push_back({record.line, std::move(message)});
    };
    if (record.fields.size() != header.fields.size()) {
      fail(absl::StrCat(record.fields.size(), " fields; the header has ",
                        header.fields.size()));
      continue;
    }
    RosterRow row;
    row.line = record.line;
    quiz::v1::User& user = *row.entry.mutable_user();
    // Usernames, roles and ids never hold spaces at their ends; a
    // spreadsheet often adds them.
    user.set_username(
        std::string(absl::StripAsciiWhitespace(get(record, "username"))));
    const std::string role = get(record, "role");
    std::optional<quiz::v1::Role> parsed = ParseRoleName(role);
    if (!parsed.has_value()) {
      fail(absl::StrCat("role: \"", Elide(role),
                        "\" is not one of student, instructor, admin"));
      continue;
    }
    user.set_role(*parsed);
    user.set_display_name(get(record, "display_name"));
    user.set_email(
        std::string(absl::StripAsciiWhitespace(get(record, "email"))));
    user.set_external_id(
        std::string(absl::StripAsciiWhitespace(get(record, "external_id"))));
    row.entry.set_password(get(record, "password"));
    auto [first, fresh] = usernames.emplace(user.username(), record.line);
    if (!fresh) {
      fail(absl::StrCat("username: \"", Elide(user.username()),
                        "\" repeats line ", first->second));
      continue;
    }
    if (!user.external_id().empty()) {
      auto [held, unique] =
          external_ids.emplace(user.external_id(), record.line);
      if (!unique) {
        fail(absl::StrCat("external_id: \"", Elide(user.external_id()),
                          "\" repeats line ", held->second));
        continue;
      }
    }
    roster.rows.push_back(std::move(row));
  }
  return roster;
}

}  // namespace client
