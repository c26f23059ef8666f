#include "client/answers_file.h"

#include <algorithm>
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/responses.h"

namespace client {
namespace {

// More errors than this are summarised: a wrong file reports every line.
constexpr size_t kMaxReportedErrors = 20;

absl::Status JoinErrors(const std::vector<std::string>& errors) {
  std::vector<std::string> shown(
      errors.begin(),
      errors.begin() + std::min(errors.size(), kMaxReportedErrors));
  if (errors.size() > kMaxReportedErrors) {
    shown.push_back(absl::StrCat("... and ", errors.size() - kMaxReportedErrors,
                                 " more errors"));
  }
  return UsageError(absl::StrJoin(shown, "\n"));
}

// Where an id lives in the attempt: a top-level item, or a sub-item of a case.
struct ItemRef {
  const quiz::v1::Item* item = nullptr;
  const quiz::v1::Item* parent_case = nullptr;  // null for top-level items
};

}  // namespace

absl::StatusOr<std::vector<AnswerLine>> ParseAnswersText(
    absl::string_view text, absl::string_view file_name) {
  std::vector<AnswerLine> lines;
  std::vector<std::string> errors;
  int number = 0;
  for (absl::string_view raw : absl::StrSplit(text, '\n')) {
    ++number;
    absl::string_view line = absl::StripAsciiWhitespace(raw);
    if (line.empty() || line.front() == '#') continue;
    size_t colon = line.find(':');
    if (colon == absl::string_view::npos) {
      errors.push_back(absl::StrCat(file_name, ":", number,
                                    ": expected `ITEM_ID: ANSWER`, got \"",
                                    line, "\""));
      continue;
    }
    AnswerLine answer;
    answer.line = number;
    answer.item_id =
        std::string(absl::StripAsciiWhitespace(line.substr(0, colon)));
    answer.answer =
        std::string(absl::StripAsciiWhitespace(line.substr(colon + 1)));
    if (answer.item_id.empty()) {
      errors.push_back(
          absl::StrCat(file_name, ":", number, ": missing item id before ':'"));
      continue;
    }
    if (answer.answer.empty()) {
      errors.push_back(absl::StrCat(file_name, ":", number,
                                    ": missing answer for item \"",
                                    answer.item_id, "\""));
      continue;
    }
    lines.push_back(std::move(answer));
  }
  if (!errors.empty()) return JoinErrors(errors);
  return lines;
}

absl::StatusOr<std::vector<AnswerLine>> ReadAnswersFile(
    const std::string& path) {
  std::ifstream file(path, std::ios::binary);
  if (!file) {
    return UsageError(absl::StrCat("cannot read answers file ", path));
  }
  std::stringstream text;
  text << file.rdbuf();
  return ParseAnswersText(text.str(), path);
}

absl::StatusOr<std::vector<PlannedResponse>> PlanResponses(
    const std::vector<AnswerLine>& lines, const quiz::v1::Attempt& attempt,
    absl::string_view file_name) {
  std::map<std::string, ItemRef> items;
  for (const quiz::v1::AttemptItem& attempt_item : attempt.items()) {
    const quiz::v1::Item& item = attempt_item.item();
    items[item.id()] = ItemRef{&item, nullptr};
    if (item.has_case_item()) {
      for (const quiz::v1::Item& part : item.case_item().items()) {
        items[part.id()] = ItemRef{&part, &item};
      }
    }
  }

  std::vector<PlannedResponse> planned;
  std::map<std::string, size_t> planned_index;  // top-level id -> planned[i]
  std::map<std::string, int> answered_on;       // answered id -> line
  std::vector<std::string> errors;
  for (const AnswerLine& line : lines) {
    auto error = [&](absl::string_view message) {
      errors.push_back(absl::StrCat(file_name, ":", line.line, ": ", message));
    };
    auto found = items.find(line.item_id);
    if (found == items.end()) {
      error(absl::StrCat("item \"", line.item_id, "\" is not in attempt ",
                         ResourceId(attempt.name())));
      continue;
    }
    if (auto [it, inserted] = answered_on.emplace(line.item_id, line.line);
        !inserted) {
      error(absl::StrCat("item \"", line.item_id,
                         "\" is already answered on line ", it->second));
      continue;
    }
    const ItemRef& ref = found->second;
    if (ref.parent_case == nullptr && ref.item->has_case_item()) {
      error(absl::StrCat("item \"", line.item_id,
                         "\" is a case item: answer each sub-item by its id"));
      continue;
    }
    absl::StatusOr<quiz::v1::Response> response =
        ResponseFromIds(*ref.item, line.answer);
    if (!response.ok()) {
      error(absl::StrCat("item \"", line.item_id,
                         "\": ", response.status().message()));
      continue;
    }
    if (ref.parent_case == nullptr) {
      planned_index[line.item_id] = planned.size();
      planned.push_back({line.line, line.item_id, *std::move(response)});
      continue;
    }
    // Sub-items of one case travel together in the parent's CaseAnswer.
    const std::string& parent_id = ref.parent_case->id();
    auto [slot, fresh] = planned_index.emplace(parent_id, planned.size());
    if (fresh) planned.push_back({line.line, parent_id, {}});
    quiz::v1::PartResponse* part =
        planned[slot->second].response.mutable_case_answer()->add_parts();
    part->set_item_id(line.item_id);
    *part->mutable_response() = *std::move(response);
  }
  if (!errors.empty()) return JoinErrors(errors);
  return planned;
}

google::protobuf::RepeatedPtrField<quiz::v1::PlannedAnswer> PlanIds(
    const std::vector<AnswerLine>& lines) {
  constexpr size_t kMaxIdChars = 64;  // the bank's limit for any id
  google::protobuf::RepeatedPtrField<quiz::v1::PlannedAnswer> planned;
  for (const AnswerLine& line : lines) {
    quiz::v1::PlannedAnswer* answer = planned.Add();
    answer->set_item_id(line.item_id);
    for (const std::string& piece : SplitList(line.answer)) {
      for (absl::string_view word : absl::StrSplit(piece, '=')) {
        word = absl::StripAsciiWhitespace(word);
        if (!word.empty() && word.size() <= kMaxIdChars) {
          answer->add_ids(std::string(word));
        }
      }
    }
  }
  return planned;
}

absl::Status PlanRefusalAtLine(const absl::Status& status,
                               const std::vector<AnswerLine>& lines,
                               absl::string_view file_name) {
  if (status.code() != absl::StatusCode::kInvalidArgument) return status;
  // "planned[N].item_id: why" or "planned[N].ids[K]: why".
  absl::string_view message = status.message();
  constexpr absl::string_view kPrefix = "planned[";
  size_t index = 0;
  size_t close = message.find(']');
  if (!absl::ConsumePrefix(&message, kPrefix) ||
      close == absl::string_view::npos ||
      !absl::SimpleAtoi(message.substr(0, close - kPrefix.size()), &index) ||
      index >= lines.size()) {
    return status;
  }
  const AnswerLine& line = lines[index];
  message.remove_prefix(close - kPrefix.size() + 1);
  size_t colon = message.find(": ");
  if (colon == absl::string_view::npos) return status;
  absl::string_view path = message.substr(0, colon);
  absl::string_view why = message.substr(colon + 2);
  // The server's own checks name the item; the generic text checks do not.
  std::string what;
  if (!absl::StrContains(why, absl::StrCat("\"", line.item_id, "\""))) {
    what = path == ".item_id"
               ? absl::StrCat("item id \"", Elide(line.item_id), "\": ")
               : absl::StrCat("answer of item \"", Elide(line.item_id), "\": ");
  }
  return UsageError(absl::StrCat(file_name, ":", line.line, ": ", what, why));
}

}  // namespace client
