#include "client/item_render.h"

#include <algorithm>
#include <map>
#include <set>
#include <string>
#include <vector>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "absl/strings/str_split.h"
#include "client/format.h"
#include "client/responses.h"

namespace client {
namespace {

using quiz::v1::AttemptItem;
using quiz::v1::Item;
using quiz::v1::Outcome;
using quiz::v1::Response;

// Stems in the list are cut to this many bytes (at a UTF-8 boundary).
constexpr size_t kListStemWidth = 60;

// Prefixes every non-empty line of `text`, whose lines end in "\n".
std::string Indent(absl::string_view text, absl::string_view prefix) {
  std::string out;
  for (absl::string_view line :
       absl::StrSplit(text, absl::ByChar('\n'), absl::SkipEmpty())) {
    absl::StrAppend(&out, prefix, line, "\n");
  }
  return out;
}

// One entry of a list: `marker` (e.g. "  B) ") then `text` wrapped under
// itself, so continuation lines hang below the text, not the marker.
std::string Entry(absl::string_view marker, absl::string_view text, int width) {
  return Wrap(text, width, marker, std::string(marker.size(), ' '));
}

std::string FirstLine(absl::string_view text, size_t width) {
  absl::string_view line = text.substr(0, text.find('\n'));
  if (line.size() <= width) return std::string(line);
  size_t cut = width;
  // Back up over UTF-8 continuation bytes so a character is never split.
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat(line.substr(0, cut), "...");
}

std::string CodeSystemName(quiz::v1::CodeSystem system) {
  switch (system) {
    case quiz::v1::CODE_SYSTEM_ICD10CM:
      return "ICD-10-CM";
    case quiz::v1::CODE_SYSTEM_CPT:
      return "CPT";
    case quiz::v1::CODE_SYSTEM_HCPCS:
      return "HCPCS Level II";
    default:
      return "codes";
  }
}

std::string LikertLabel(const Item& item, int position) {
  static const char* const kDefaultScale[] = {
      "Strongly disagree", "Disagree", "Neutral", "Agree", "Strongly agree"};
  if (item.likert().scale_size() == 0) {
    return position >= 1 && position <= 5 ? kDefaultScale[position - 1] : "";
  }
  if (position < 1 || position > item.likert().scale_size()) return "";
  return item.likert().scale(position - 1);
}

template <typename Container>
int IndexOfId(const Container& elements, const std::string& id) {
  for (int i = 0; i < elements.size(); ++i) {
    if (elements[i].id() == id) return i;
  }
  return -1;
}

std::string LetterOf(int index) {
  return index < 0 ? "?" : OptionLetter(index);
}

// The answer area under the stem while taking: options or a hint.
std::string RenderAnswerArea(const Item& item, int width) {
  std::string out;
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice: {
      if (item.has_multiple_choice()) {
        absl::StrAppend(&out, "(select all that apply)\n");
      }
      const auto& options = *ChoiceOptions(item);
      for (int i = 0; i < options.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", OptionLetter(i), ") "),
                                    options[i].text(), width));
      }
      break;
    }
    case Item::kTrueFalse:
      absl::StrAppend(&out, "  T) True\n  F) False\n");
      break;
    case Item::kOrdering: {
      absl::StrAppend(&out, "(put in order, first to last, e.g. cab)\n");
      const auto& steps = item.ordering().steps();
      for (int i = 0; i < steps.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", OptionLetter(i), ") "),
                                    steps[i].text(), width));
      }
      break;
    }
    case Item::kMatching: {
      absl::StrAppend(&out, "(pair each prompt with an answer, e.g. 1b 2a)\n");
      const auto& prompts = item.matching().prompts();
      for (int i = 0; i < prompts.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", i + 1, ". "),
                                    prompts[i].text(), width));
      }
      const auto& answers = item.matching().answers();
      for (int i = 0; i < answers.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", OptionLetter(i), ") "),
                                    answers[i].text(), width));
      }
      break;
    }
    case Item::kNumeric:
      absl::StrAppend(&out, "(a number",
                      item.numeric().unit().empty()
                          ? ""
                          : absl::StrCat(", in ", item.numeric().unit()),
                      ")\n");
      break;
    case Item::kShortText:
      absl::StrAppend(&out, "(a short answer)\n");
      break;
    case Item::kCodeEntry:
      absl::StrAppend(&out, "(", CodeSystemName(item.code_entry().system()),
                      " codes, comma-separated; modifiers as 99213-25)\n");
      break;
    case Item::kLikert: {
      int size = LikertScaleSize(item);
      for (int i = 1; i <= size; ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", i, ") "),
                                    LikertLabel(item, i), width));
      }
      break;
    }
    case Item::kCaseItem:
      absl::StrAppend(&out, Wrap(item.case_item().scenario(), width, "  "));
      for (const Item& part : item.case_item().items()) {
        absl::StrAppend(
            &out, "\n",
            Entry(absl::StrCat("  [", part.id(), "] "), part.stem(), width),
            Indent(RenderAnswerArea(part, width - 2), "  "));
      }
      break;
    case Item::TYPE_NOT_SET:
      break;
  }
  return out;
}

std::string ExpectedCodeText(const quiz::v1::ExpectedCode& code) {
  std::string text = code.code();
  for (const std::string& modifier : code.modifiers()) {
    absl::StrAppend(&text, "-", modifier);
  }
  if (code.units() > 0) absl::StrAppend(&text, " x", code.units());
  return text;
}

// Key and response of a graded item, for review.
std::string RenderKeyArea(const Item& item, const Response& response,
                          int width) {
  std::string out;
  auto mark = [](bool chosen, bool correct) {
    return absl::StrCat("  ", chosen ? ">" : " ", correct ? "*" : " ", " ");
  };
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice: {
      const auto& chosen_ids = response.choice().option_ids();
      const auto& options = *ChoiceOptions(item);
      for (int i = 0; i < options.size(); ++i) {
        bool chosen = std::find(chosen_ids.begin(), chosen_ids.end(),
                                options[i].id()) != chosen_ids.end();
        absl::StrAppend(&out,
                        Entry(absl::StrCat(mark(chosen, options[i].correct()),
                                           OptionLetter(i), ") "),
                              options[i].text(), width));
      }
      break;
    }
    case Item::kTrueFalse: {
      bool answered = response.has_true_false();
      bool key = item.true_false().answer();
      absl::StrAppend(&out, mark(answered && response.true_false(), key),
                      "True\n", mark(answered && !response.true_false(), !key),
                      "False\n");
      break;
    }
    case Item::kOrdering: {
      const auto& steps = item.ordering().steps();
      absl::StrAppend(&out, "  Correct order:\n");
      for (int i = 0; i < steps.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("    ", i + 1, ". "),
                                    steps[i].text(), width));
      }
      if (response.has_ordering()) {
        absl::StrAppend(&out, "  Your order:\n");
        int n = 0;
        for (const std::string& id : response.ordering().step_ids()) {
          int index = IndexOfId(steps, id);
          absl::StrAppend(&out,
                          Entry(absl::StrCat("    ", ++n, ". "),
                                index < 0 ? id : steps[index].text(), width));
        }
      }
      break;
    }
    case Item::kMatching: {
      const auto& answers = item.matching().answers();
      std::map<std::string, std::string> chosen;
      for (const auto& pair : response.matching().pairs()) {
        chosen[pair.prompt_id()] = pair.answer_id();
      }
      auto answer_text = [&](const std::string& id) {
        int index = IndexOfId(answers, id);
        return index < 0 ? id : answers[index].text();
      };
      int n = 0;
      for (const auto& prompt : item.matching().prompts()) {
        std::string line = absl::StrCat(prompt.text(), " -> ",
                                        answer_text(prompt.answer_id()));
        auto it = chosen.find(prompt.id());
        if (it == chosen.end()) {
          absl::StrAppend(&line, "  (you: no answer)");
        } else if (it->second != prompt.answer_id()) {
          absl::StrAppend(&line, "  (you: ", answer_text(it->second), ")");
        }
        absl::StrAppend(&out,
                        Entry(absl::StrCat("  ", ++n, ". "), line, width));
      }
      break;
    }
    case Item::kNumeric: {
      const auto& numeric = item.numeric();
      absl::StrAppend(&out, "  Key: ", FormatNumber(numeric.answer()));
      if (!numeric.unit().empty()) absl::StrAppend(&out, " ", numeric.unit());
      if (numeric.tolerance() > 0) {
        absl::StrAppend(&out, " (within ",
                        numeric.tolerance_kind() == quiz::v1::TOLERANCE_RELATIVE
                            ? FormatPercent(numeric.tolerance() * 100)
                            : FormatNumber(numeric.tolerance()),
                        ")");
      }
      absl::StrAppend(&out, "\n");
      break;
    }
    case Item::kShortText:
      absl::StrAppend(
          &out,
          Entry("  Accepted: ",
                absl::StrJoin(item.short_text().accepted(), " | "), width));
      break;
    case Item::kCodeEntry: {
      std::vector<std::string> codes;
      for (const auto& code : item.code_entry().expected()) {
        codes.push_back(ExpectedCodeText(code));
      }
      absl::StrAppend(
          &out, "  Key: ", absl::StrJoin(codes, ", "),
          item.code_entry().sequence_matters() ? " (in this order)" : "", "\n");
      break;
    }
    case Item::kLikert: {
      int size = LikertScaleSize(item);
      for (int i = 1; i <= size; ++i) {
        bool chosen = response.has_likert() && response.likert() == i;
        absl::StrAppend(&out, Entry(absl::StrCat(mark(chosen, false), i, ") "),
                                    LikertLabel(item, i), width));
      }
      break;
    }
    case Item::kCaseItem:
    case Item::TYPE_NOT_SET:
      break;
  }
  std::string said = DescribeResponse(item, response);
  bool free_text =
      item.has_numeric() || item.has_short_text() || item.has_code_entry();
  if (free_text) {
    absl::StrAppend(
        &out, Entry("  Your answer: ", said.empty() ? "(none)" : said, width));
  }
  return out;
}

std::string RenderOutcomeOf(const Item& item, const Response& response,
                            const Outcome& outcome, int width) {
  std::string out = absl::StrCat(CorrectnessName(outcome.correctness()), " (",
                                 FormatNumber(outcome.score()), "/",
                                 FormatNumber(outcome.max_score()), ")\n");
  std::set<std::string> shown;
  for (const std::string& line : outcome.feedback()) {
    if (shown.insert(line).second) {
      absl::StrAppend(&out, Entry("  - ", line, width));
    }
  }
  if (const auto* options = ChoiceOptions(item); options != nullptr) {
    for (const std::string& id : response.choice().option_ids()) {
      int index = IndexOfId(*options, id);
      if (index < 0) continue;
      const std::string& feedback = (*options)[index].feedback();
      if (!feedback.empty() && shown.insert(feedback).second) {
        absl::StrAppend(
            &out,
            Entry("  - ", absl::StrCat(OptionLetter(index), ": ", feedback),
                  width));
      }
    }
  }
  if (item.has_true_false() && response.has_true_false()) {
    const std::string& feedback = response.true_false()
                                      ? item.true_false().feedback_true()
                                      : item.true_false().feedback_false();
    if (!feedback.empty() && shown.insert(feedback).second) {
      absl::StrAppend(&out, Entry("  - ", feedback, width));
    }
  }
  if (!item.rationale().empty()) {
    absl::StrAppend(&out, "Rationale:\n", Wrap(item.rationale(), width, "  "));
  }
  if (item.references_size() > 0) {
    absl::StrAppend(&out, "References:\n");
    for (const auto& reference : item.references()) {
      absl::StrAppend(
          &out,
          Entry("  - ",
                absl::StrCat(reference.citation(),
                             reference.url().empty()
                                 ? ""
                                 : absl::StrCat(" <", reference.url(), ">")),
                width));
    }
  }
  return out;
}

std::string QuestionHeader(const AttemptItem& item, int total) {
  std::string out = absl::StrCat("Question ", item.position(), " of ", total);
  if (!item.topic_title().empty()) {
    absl::StrAppend(&out, " \xC2\xB7 ", item.topic_title());
  }
  return out;
}

}  // namespace

bool HasAnswer(const AttemptItem& item) {
  return item.has_response() &&
         item.response().answer_case() != Response::ANSWER_NOT_SET;
}

std::string DescribeResponse(const Item& item, const Response& response) {
  switch (response.answer_case()) {
    case Response::kChoice: {
      std::vector<std::string> letters;
      const auto* options = ChoiceOptions(item);
      for (const std::string& id : response.choice().option_ids()) {
        letters.push_back(
            options == nullptr ? id : LetterOf(IndexOfId(*options, id)));
      }
      return absl::StrJoin(letters, ", ");
    }
    case Response::kTrueFalse:
      return response.true_false() ? "true" : "false";
    case Response::kOrdering: {
      std::vector<std::string> letters;
      for (const std::string& id : response.ordering().step_ids()) {
        letters.push_back(LetterOf(IndexOfId(item.ordering().steps(), id)));
      }
      return absl::StrJoin(letters, ", ");
    }
    case Response::kMatching: {
      std::vector<std::string> pairs;
      for (const auto& pair : response.matching().pairs()) {
        pairs.push_back(absl::StrCat(
            IndexOfId(item.matching().prompts(), pair.prompt_id()) + 1,
            absl::AsciiStrToLower(LetterOf(
                IndexOfId(item.matching().answers(), pair.answer_id())))));
      }
      return absl::StrJoin(pairs, " ");
    }
    case Response::kNumeric:
      return response.numeric();
    case Response::kText:
      return response.text();
    case Response::kCodes:
      return response.codes();
    case Response::kCaseAnswer:
      return absl::StrCat(response.case_answer().parts_size(), " of ",
                          item.case_item().items_size(), " parts answered");
    case Response::kLikert:
      return absl::StrCat(response.likert(), " (",
                          LikertLabel(item, response.likert()), ")");
    case Response::ANSWER_NOT_SET:
      break;
  }
  return "";
}

std::string RenderQuestion(const AttemptItem& item, int total,
                           const std::string& time_left, int width) {
  std::string out = QuestionHeader(item, total);
  if (!time_left.empty()) absl::StrAppend(&out, "    ", time_left);
  if (item.flagged()) absl::StrAppend(&out, "    [flagged]");
  absl::StrAppend(&out, "\n\n", Wrap(item.item().stem(), width), "\n",
                  RenderAnswerArea(item.item(), width));
  if (HasAnswer(item)) {
    absl::StrAppend(
        &out, "\n",
        Entry("Your answer: ", DescribeResponse(item.item(), item.response()),
              width));
  }
  return out;
}

std::string RenderOutcome(const AttemptItem& item, int width) {
  if (!item.has_outcome() ||
      item.outcome().correctness() == quiz::v1::CORRECTNESS_UNSPECIFIED) {
    return "";
  }
  return RenderOutcomeOf(item.item(), item.response(), item.outcome(), width);
}

std::string RenderItemList(const quiz::v1::Attempt& attempt, int current) {
  std::string out;
  int answered = 0;
  int flagged = 0;
  for (const AttemptItem& item : attempt.items()) {
    bool has_answer = HasAnswer(item);
    answered += has_answer;
    flagged += item.flagged();
    absl::StrAppend(
        &out, absl::StrFormat("%s%3d  %-10s %-8s %s\n",
                              item.position() == current ? ">" : " ",
                              item.position(), has_answer ? "answered" : "-",
                              item.flagged() ? "flagged" : "",
                              FirstLine(item.item().stem(), kListStemWidth)));
  }
  absl::StrAppend(&out, answered, " of ", attempt.items_size(), " answered, ",
                  flagged, " flagged\n");
  return out;
}

std::string RenderReviewItem(const AttemptItem& item, int total, int width) {
  std::string out = absl::StrCat(QuestionHeader(item, total), "\n\n",
                                 Wrap(item.item().stem(), width), "\n");
  const Item& question = item.item();
  if (question.has_case_item()) {
    absl::StrAppend(&out, Wrap(question.case_item().scenario(), width, "  "));
    std::map<std::string, const Response*> responses;
    for (const auto& part : item.response().case_answer().parts()) {
      responses[part.item_id()] = &part.response();
    }
    std::map<std::string, const Outcome*> outcomes;
    for (const auto& part : item.outcome().parts()) {
      outcomes[part.item_id()] = &part.outcome();
    }
    for (const Item& part : question.case_item().items()) {
      const Response& response = responses.count(part.id())
                                     ? *responses[part.id()]
                                     : Response::default_instance();
      absl::StrAppend(
          &out, "\n",
          Entry(absl::StrCat("  [", part.id(), "] "), part.stem(), width),
          Indent(RenderKeyArea(part, response, width - 2), "  "));
      if (outcomes.count(part.id())) {
        absl::StrAppend(
            &out, Indent(RenderOutcomeOf(part, response, *outcomes[part.id()],
                                         width - 2),
                         "  "));
      }
    }
    absl::StrAppend(&out, "\n");
  } else {
    absl::StrAppend(&out, RenderKeyArea(question, item.response(), width),
                    "\n");
  }
  std::string outcome = RenderOutcome(item, width);
  absl::StrAppend(&out, outcome.empty() ? "Not graded\n" : outcome);
  return out;
}

}  // namespace client
