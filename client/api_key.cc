#include "client/api_key.h"

#include <fstream>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/errors.h"
#include "client/format.h"

namespace client {
namespace {

// Longer than any key quizd makes (77 characters), short enough to read
// whole.
constexpr size_t kMaxKeyBytes = 200;

absl::StatusOr<std::string> CheckKey(absl::string_view text,
                                     const std::string& where) {
  const absl::string_view key = absl::StripAsciiWhitespace(text);
  const bool printable = std::all_of(
      key.begin(), key.end(), [](char c) { return c > 0x20 && c < 0x7f; });
  if (key.empty() || !absl::StartsWith(key, "qzk_") || !printable ||
      key.size() > kMaxKeyBytes) {
    return UsageError(absl::StrCat(
        where,
        ": not an API key (one line \"qzk_...\", as `quiz admin keys "
        "create` printed it)"));
  }
  return std::string(key);
}

}  // namespace

absl::StatusOr<std::string> ResolveApiKey(const std::string& file,
                                          const EnvLookup& env) {
  if (!file.empty()) {
    std::ifstream in(file, std::ios::binary);
    if (!in) {
      return UsageError(
          absl::StrCat(Printable(file), ": cannot read the API key file"));
    }
    std::string text(kMaxKeyBytes + 64, '\0');
    in.read(text.data(), static_cast<std::streamsize>(text.size()));
    text.resize(static_cast<size_t>(in.gcount()));
    return CheckKey(text, Printable(file));
  }
  const std::string value = env("QUIZ_API_KEY");
  if (value.empty()) return std::string();
  return CheckKey(value, "QUIZ_API_KEY");
}

}  // namespace client
