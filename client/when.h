// Times typed on the command line, in the user's time zone.
#ifndef QUIZD_CLIENT_WHEN_H_
#define QUIZD_CLIENT_WHEN_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "google/protobuf/timestamp.pb.h"

namespace client {

// A time from the command line: "2026-12-01" (midnight in `zone`),
// "2026-12-01 14:30" or "2026-12-01T14:30" (in `zone`), or RFC 3339
// ("2026-12-01T14:30:00Z", "2026-12-01T14:30:00+01:00"). A usage error
// naming `flag` otherwise.
absl::StatusOr<absl::Time> ParseWhen(const std::string& text,
                                     absl::TimeZone zone, const char* flag);

void SetTime(absl::Time time, google::protobuf::Timestamp* out);

}  // namespace client

#endif  // QUIZD_CLIENT_WHEN_H_
