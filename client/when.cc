#include "client/when.h"

#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "client/format.h"

namespace client {

absl::StatusOr<absl::Time> ParseWhen(const std::string& text,
                                     absl::TimeZone zone, const char* flag) {
  absl::Time time;
  std::string error;
  for (const char* format :
       {"%Y-%m-%d", "%Y-%m-%d %H:%M", "%Y-%m-%dT%H:%M", "%Y-%m-%dT%H:%M:%S"}) {
    if (absl::ParseTime(format, text, zone, &time, &error)) return time;
  }
  if (absl::ParseTime(absl::RFC3339_full, text, &time, &error)) return time;
  return UsageError(absl::StrCat(
      flag, ": \"", Elide(text),
      "\" is not a date (2026-12-01, \"2026-12-01 14:30\" or RFC 3339)"));
}

void SetTime(absl::Time time, google::protobuf::Timestamp* out) {
  const int64_t ms = absl::ToUnixMillis(time);
  out->set_seconds(ms / 1000);
  out->set_nanos(static_cast<int32_t>(ms % 1000) * 1000000);
}

}  // namespace client
