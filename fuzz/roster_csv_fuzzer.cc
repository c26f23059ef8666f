// Fuzz target for roster files (client/roster_csv.h): `quiz admin users
// import FILE.csv`.
//
// Invariants: every error and row names a line of the text, in increasing
// order; rows hold a role and a username without surrounding spaces, and no
// two rows share a username or a non-empty external_id; the rows written
// back as fully quoted CSV parse, without errors, to the same accounts.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <set>
#include <string>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/string_view.h"
#include "client/roster_csv.h"
#include "fuzz/fuzz_check.h"

namespace {

std::string Quoted(absl::string_view field) {
  return absl::StrCat("\"", absl::StrReplaceAll(field, {{"\"", "\"\""}}), "\"");
}

std::string WriteBack(const client::Roster& roster) {
  std::string csv = "username,role,display_name,email,external_id,password\n";
  for (const client::RosterRow& row : roster.rows) {
    const quiz::v1::User& user = row.entry.user();
    absl::StrAppend(
        &csv, Quoted(user.username()), ",", quiz::v1::Role_Name(user.role()),
        ",", Quoted(user.display_name()), ",", Quoted(user.email()), ",",
        Quoted(user.external_id()), ",", Quoted(row.entry.password()), "\r\n");
  }
  return csv;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view text(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<client::Roster> roster = client::ParseRoster(text);
  if (!roster.ok()) {
    FUZZ_CHECK(!roster.status().message().empty(), "an error has a message");
    return 0;
  }
  // A record starts on a line of the text; lines end at LF or a lone CR.
  const int lines =
      2 + static_cast<int>(std::count(text.begin(), text.end(), '\n') +
                           std::count(text.begin(), text.end(), '\r'));
  int last = 1;
  for (const client::RosterError& error : roster->errors) {
    FUZZ_CHECK(error.line > last && error.line <= lines,
               absl::StrCat("error line ", error.line));
    FUZZ_CHECK(!error.message.empty(), "an error says what is wrong");
    last = error.line;
  }
  last = 1;
  std::set<std::string> usernames, external_ids;
  for (const client::RosterRow& row : roster->rows) {
    FUZZ_CHECK(row.line > last && row.line <= lines,
               absl::StrCat("row line ", row.line));
    last = row.line;
    const quiz::v1::User& user = row.entry.user();
    FUZZ_CHECK(user.role() != quiz::v1::ROLE_UNSPECIFIED, "a row has a role");
    FUZZ_CHECK(user.username().empty() || (user.username().front() != ' ' &&
                                           user.username().back() != ' '),
               user.username());
    FUZZ_CHECK(usernames.insert(user.username()).second,
               "usernames repeat: " + user.username());
    FUZZ_CHECK(user.external_id().empty() ||
                   external_ids.insert(user.external_id()).second,
               "external ids repeat: " + user.external_id());
  }
  if (roster->rows.empty()) return 0;
  absl::StatusOr<client::Roster> again =
      client::ParseRoster(WriteBack(*roster));
  FUZZ_CHECK(again.ok(), std::string(again.status().message()));
  FUZZ_CHECK(again->errors.empty(), again->errors.front().message);
  FUZZ_CHECK(again->rows.size() == roster->rows.size(), "rows lost");
  for (size_t i = 0; i < roster->rows.size(); ++i) {
    FUZZ_CHECK(again->rows[i].entry.SerializeAsString() ==
                   roster->rows[i].entry.SerializeAsString(),
               absl::StrCat("row ", i, " reads back differently"));
  }
  return 0;
}
