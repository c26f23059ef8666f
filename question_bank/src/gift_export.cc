#include "question_bank/src/gift_export.h"

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <map>
#include <set>
#include <string_view>
#include <utility>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "question_bank/src/gift_import.h"

namespace question_bank {
namespace {

using quiz::v1::Bank;
using quiz::v1::Item;
using quiz::v1::Option;

constexpr size_t npos = std::string::npos;

// Text as GIFT writes it: the characters with a meaning escaped, newlines as
// "\n". A leading '[' gets a "[plain]" prefix so that it is not read as a
// format name.
std::string GiftText(std::string_view text) {
  std::string out = !text.empty() && text[0] == '[' ? "[plain]" : "";
  for (char c : text) {
    switch (c) {
      case '\\':
      case '~':
      case '=':
      case '#':
      case '{':
      case '}':
      case ':':
        out += '\\';
        out += c;
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        break;
      default:
        out += c;
    }
  }
  return out;
}

// A matching answer as GIFT writes it: Moodle reads it as plain text, with no
// format prefix, so a leading '[' needs no "[plain]".
std::string GiftAnswerText(std::string_view text) {
  std::string out = GiftText(text);
  if (!text.empty() && text[0] == '[') out.erase(0, std::strlen("[plain]"));
  return out;
}

// The shortest decimal form that reads back as `value`.
std::string NumberText(double value) {
  char buffer[64];
  const std::to_chars_result result =
      std::to_chars(buffer, buffer + sizeof buffer, value);
  return std::string(buffer, result.ptr);
}

// A weight with at most 5 decimals, as Moodle writes them ("33.33333").
std::string WeightText(double weight) {
  char buffer[40];
  std::snprintf(buffer, sizeof buffer, "%.5f", weight);
  std::string text = buffer;
  while (text.back() == '0') text.pop_back();
  if (text.back() == '.') text.pop_back();
  return text;
}

std::string TypeName(const Item& item) {
  if (item.type_case() == Item::TYPE_NOT_SET) return "no type";
  return std::string(
      Item::descriptor()->FindFieldByNumber(item.type_case())->name());
}

// Writes one item, or returns why it cannot be written.
class ItemWriter {
 public:
  explicit ItemWriter(const Item& item) : item_(item) {}

  // Appends the item's GIFT text to `out`; false, with `reason()` set and
  // `out` untouched, when the item cannot be written.
  bool Write(std::string* out) {
    std::string answers;
    switch (item_.type_case()) {
      case Item::kSingleChoice:
        answers = SingleChoice();
        break;
      case Item::kMultipleChoice:
        answers = MultipleChoice();
        break;
      case Item::kTrueFalse:
        answers = TrueFalse();
        break;
      case Item::kShortText:
        if (!ShortText(&answers)) return false;
        break;
      case Item::kNumeric:
        answers = Numeric();
        break;
      case Item::kMatching:
        if (!Matching(&answers)) return false;
        break;
      default:
        reason_ = "cannot be expressed in GIFT";
        return false;
    }
    absl::StrAppend(out, "::", GiftText(item_.id()),
                    "::", GiftText(item_.stem()), "{", answers);
    if (!item_.rationale().empty()) {
      absl::StrAppend(out, answers.back() == '\n' ? "\t" : "", "####",
                      GiftText(item_.rationale()),
                      answers.back() == '\n' ? "\n" : "");
    }
    absl::StrAppend(out, "}\n");
    return true;
  }

  const std::string& reason() const { return reason_; }
  // What the item has that its GIFT form does not keep.
  const std::vector<std::string>& lost() const { return lost_; }

 private:
  // "text#feedback" for an option.
  static std::string OptionText(const Option& option) {
    std::string text = GiftText(option.text());
    if (!option.feedback().empty()) {
      absl::StrAppend(&text, "#", GiftText(option.feedback()));
    }
    return text;
  }

  std::string SingleChoice() {
    std::string out = "\n";
    for (const Option& option : item_.single_choice().options()) {
      const char* marker = option.correct() ? "=" : "~";
      // "~%..." would read as a weight; a zero weight in front keeps it text.
      if (!option.correct() && !option.text().empty() &&
          option.text()[0] == '%') {
        marker = "~%0%";
      }
      absl::StrAppend(&out, "\t", marker, OptionText(option), "\n");
    }
    return out;
  }

  std::string MultipleChoice() {
    const auto& choice = item_.multiple_choice();
    if (choice.scoring() != quiz::v1::MULTI_SELECT_PARTIAL) {
      lost_.push_back(
          "all-or-nothing scoring (GIFT weights give partial "
          "credit)");
    }
    int correct = 0;
    for (const Option& option : choice.options()) correct += option.correct();
    const std::string share = WeightText(100.0 / std::max(correct, 1));
    std::string out = "\n";
    for (const Option& option : choice.options()) {
      absl::StrAppend(&out, "\t~%", option.correct() ? "" : "-", share, "%",
                      OptionText(option), "\n");
    }
    return out;
  }

  std::string TrueFalse() {
    const auto& true_false = item_.true_false();
    const bool answer = true_false.answer();
    const std::string& right =
        answer ? true_false.feedback_true() : true_false.feedback_false();
    const std::string& wrong =
        answer ? true_false.feedback_false() : true_false.feedback_true();
    std::string out = answer ? "TRUE" : "FALSE";
    if (!wrong.empty() || !right.empty()) {
      absl::StrAppend(&out, "#", GiftText(wrong));
    }
    if (!right.empty()) absl::StrAppend(&out, "#", GiftText(right));
    return out;
  }

  bool ShortText(std::string* out) {
    const auto& short_text = item_.short_text();
    if (short_text.case_sensitive()) lost_.push_back("case-sensitive matching");
    *out = "\n";
    for (const std::string& accepted : short_text.accepted()) {
      if (accepted.find("->") != npos) {
        reason_ = absl::StrCat("has the accepted answer \"", accepted,
                               "\", whose \"->\" GIFT would read as matching");
        return false;
      }
      // "=%..." would read as a weight; an explicit 100% keeps it text.
      absl::StrAppend(out, "\t=", accepted[0] == '%' ? "%100%" : "",
                      GiftText(accepted), "\n");
    }
    return true;
  }

  std::string Numeric() {
    const auto& numeric = item_.numeric();
    double tolerance = numeric.tolerance();
    if (numeric.tolerance_kind() == quiz::v1::TOLERANCE_RELATIVE) {
      tolerance *= std::fabs(numeric.answer());
      lost_.push_back("relative tolerance (written as the absolute one)");
    }
    if (!numeric.unit().empty()) {
      lost_.push_back(absl::StrCat("unit \"", numeric.unit(), "\""));
    }
    std::string out = absl::StrCat("#", NumberText(numeric.answer()));
    if (tolerance != 0) absl::StrAppend(&out, ":", NumberText(tolerance));
    return out;
  }

  bool Matching(std::string* out) {
    const auto& matching = item_.matching();
    std::set<std::string> named;
    // Answer texts by id, looked up once per prompt (a scan per prompt made
    // large items quadratic).
    std::map<std::string, const std::string*> answer_texts;
    for (const auto& answer : matching.answers()) {
      answer_texts[answer.id()] = &answer.text();
    }
    *out = "\n";
    for (const auto& prompt : matching.prompts()) {
      if (prompt.text().find("->") != npos) {
        reason_ = absl::StrCat("has the prompt \"", prompt.text(),
                               "\", whose \"->\" GIFT cannot escape");
        return false;
      }
      if (prompt.text().empty()) {
        reason_ =
            "has a prompt without text, which GIFT reads as a "
            "distractor";
        return false;
      }
      const auto found = answer_texts.find(prompt.answer_id());
      const std::string* answer =
          found == answer_texts.end() ? nullptr : found->second;
      if (answer == nullptr) {
        reason_ = absl::StrCat("has a prompt whose answer_id \"",
                               prompt.answer_id(), "\" names no answer");
        return false;
      }
      named.insert(prompt.answer_id());
      absl::StrAppend(out, "\t=", GiftText(prompt.text()), " -> ",
                      GiftAnswerText(*answer), "\n");
    }
    for (const auto& answer : matching.answers()) {
      if (named.count(answer.id()) > 0) continue;
      absl::StrAppend(out, "\t= -> ", GiftAnswerText(answer.text()), "\n");
    }
    return true;
  }

  const Item& item_;
  std::string reason_;
  std::vector<std::string> lost_;
};

// The $CATEGORY name of a topic: its title when that reads back as its id.
std::string CategoryName(const quiz::v1::Topic& topic) {
  if (!topic.title().empty() && topic.title().find('/') == npos &&
      GiftSlug(topic.title()) == topic.id()) {
    return topic.title();
  }
  return topic.id();
}

void Warn(std::vector<Diagnostic>* diagnostics, std::string message) {
  if (diagnostics == nullptr) return;
  Diagnostic diagnostic;
  diagnostic.severity = Diagnostic::Severity::kWarning;
  diagnostic.message = std::move(message);
  diagnostics->push_back(std::move(diagnostic));
}

}  // namespace

absl::StatusOr<std::string> ExportGift(const Bank& bank,
                                       std::vector<Diagnostic>* diagnostics) {
  std::map<std::string, const quiz::v1::Topic*> topics;
  for (const auto& topic : bank.topics()) topics.emplace(topic.id(), &topic);
  auto category = [&](const std::string& id) {
    auto found = topics.find(id);
    return found == topics.end() ? id : CategoryName(*found->second);
  };

  std::string out = absl::StrCat("// Bank \"", bank.id(), "\"",
                                 bank.title().empty() ? "" : ": ", bank.title(),
                                 "\n// Written by quizd.\n\n");
  std::string topic;
  std::set<std::string> used_topics;
  int written = 0;
  for (const Item& item : bank.items()) {
    ItemWriter writer(item);
    std::string text;
    if (!writer.Write(&text)) {
      Warn(diagnostics, absl::StrCat("item ", item.id(), " (", TypeName(item),
                                     ") ", writer.reason(), "; skipped"));
      continue;
    }
    std::vector<std::string> lost = writer.lost();
    if (GiftSlug(item.id()) != item.id()) {
      lost.push_back(absl::StrCat("the id's exact form (it reads back as \"",
                                  GiftSlug(item.id()), "\")"));
    }
    if (item.references_size() > 0) lost.push_back("references");
    if (item.difficulty() != 0) lost.push_back("difficulty");
    if (item.points() != 0 && item.points() != 1) lost.push_back("points");
    if (!lost.empty()) {
      Warn(diagnostics, absl::StrCat("item ", item.id(), ": GIFT cannot keep ",
                                     absl::StrJoin(lost, ", "), "; dropped"));
    }
    if (!item.topic().empty() && item.topic() != topic) {
      topic = item.topic();
      used_topics.insert(topic);
      absl::StrAppend(&out, "$CATEGORY: ", category(topic), "\n\n");
    }
    absl::StrAppend(&out, text, "\n");
    ++written;
  }
  for (const auto& unused : bank.topics()) {
    if (used_topics.count(unused.id()) > 0) continue;
    absl::StrAppend(&out, "$CATEGORY: ", CategoryName(unused), "\n\n");
  }
  if (written == 0 && bank.items_size() > 0) {
    return absl::InvalidArgumentError(
        absl::StrCat("none of the ", bank.items_size(), " items of bank \"",
                     bank.id(), "\" can be expressed in GIFT"));
  }
  return out;
}

}  // namespace question_bank
