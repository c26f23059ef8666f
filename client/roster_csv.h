// Roster files for `quiz admin users import`: CSV (RFC 4180) with a header
// row naming the columns username, role, display_name, email, external_id
// and password (username and role required, any order).
#ifndef QUIZD_CLIENT_ROSTER_CSV_H_
#define QUIZD_CLIENT_ROSTER_CSV_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "quiz/v1/user_service.pb.h"

namespace client {

// The largest roster file read: about 50,000 rows of typical width.
inline constexpr size_t kMaxRosterBytes = 8 << 20;
// The most rows one file may hold.
inline constexpr int kMaxRosterRows = 100000;

// One data row: the line it starts on (1 is the header) and the account.
struct RosterRow {
  int line = 0;
  quiz::v1::UpsertUserEntry entry;
};

// A problem with one line: "FILE:LINE: message" once printed.
struct RosterError {
  int line = 0;
  std::string message;
};

struct Roster {
  std::vector<RosterRow> rows;      // the rows that parsed
  std::vector<RosterError> errors;  // the rows that did not, in line order
};

// One CSV record and the line it starts on (1-based).
struct CsvRecord {
  int line = 0;
  std::vector<std::string> fields;
};

// Splits `content` into records (RFC 4180), blank lines left out.
// INVALID_ARGUMENT "LINE: ..." for a quote that never closes or text after a
// closing quote. Shared with the member files of `quiz course members
// import` (member_csv.h).
absl::StatusOr<std::vector<CsvRecord>> SplitCsvRecords(
    absl::string_view content);

// Parses `content`. A malformed header, an unterminated quote or a file over
// the limits fails the whole file (INVALID_ARGUMENT "LINE: message", the
// caller adds the file name); a bad row (field count, unknown role, a
// username or external_id repeated in the file) becomes an error and the
// other rows still parse. A UTF-8 byte order mark, CRLF or LF line ends and
// blank lines are accepted; quoted fields may hold commas, "" and line
// breaks.
absl::StatusOr<Roster> ParseRoster(absl::string_view content);

}  // namespace client

#endif  // QUIZD_CLIENT_ROSTER_CSV_H_
