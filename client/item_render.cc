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
#include "question_bank/typed/code_list.h"

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

std::string FirstLine(absl::string_view raw_text, size_t width) {
  const std::string printable = Printable(raw_text, LineBreaks::kKeep);
  absl::string_view text = printable;
  absl::string_view line = text.substr(0, text.find('\n'));
  if (line.size() <= width) return std::string(line);
  size_t cut = width;
  // Back up over UTF-8 continuation bytes so a character is never split.
  while (cut > 0 && (static_cast<unsigned char>(line[cut]) & 0xC0) == 0x80) {
    --cut;
  }
  return absl::StrCat(line.substr(0, cut), "...");
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

bool IsGraded(const AttemptItem& item) {
  return item.has_outcome() &&
         item.outcome().correctness() != quiz::v1::CORRECTNESS_UNSPECIFIED;
}

// The response to sub-item `id` within a case response; the default
// (unanswered) instance when there is none.
const Response& PartResponse(const Response& response, const std::string& id) {
  for (const auto& part : response.case_answer().parts()) {
    if (part.item_id() == id) return part.response();
  }
  return Response::default_instance();
}

// An example answer for an ordering item of `count` steps: every letter, in
// an order that is not the one shown ("bca").
std::string OrderingExample(int count) {
  std::string example;
  for (int i = 1; i <= count; ++i) {
    example += absl::AsciiStrToLower(OptionLetter(i % count));
  }
  return example;
}

// The answer area under the stem while taking: options or a hint. Not for
// case items (see RenderCaseQuestion).
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
      const auto& steps = item.ordering().steps();
      absl::StrAppend(&out, "(put every step in order, first to last, e.g. ",
                      OrderingExample(steps.size()), ")\n");
      for (int i = 0; i < steps.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", OptionLetter(i), ") "),
                                    steps[i].text(), width));
      }
      break;
    }
    case Item::kMatching: {
      absl::StrAppend(&out,
                      "(pair each numbered prompt with a lettered answer, "
                      "e.g. 1b 2a)\n");
      const auto& prompts = item.matching().prompts();
      for (int i = 0; i < prompts.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", i + 1, ". "),
                                    prompts[i].text(), width));
      }
      absl::StrAppend(&out, "  Answers:\n");
      const auto& answers = item.matching().answers();
      for (int i = 0; i < answers.size(); ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("    ", OptionLetter(i), ") "),
                                    answers[i].text(), width));
      }
      break;
    }
    case Item::kNumeric: {
      const std::string& unit = item.numeric().unit();
      absl::StrAppend(&out, "(a number",
                      unit.empty() ? "" : absl::StrCat(", in ", unit),
                      ", e.g. 64.00", unit.empty() ? "" : " " + unit, ")\n");
      break;
    }
    case Item::kShortText:
      absl::StrAppend(&out, "(a short answer, typed as text)\n");
      break;
    case Item::kCodeEntry: {
      quiz::v1::CodeSystem system = item.code_entry().system();
      absl::StrAppend(
          &out, "(", typed::CodeSystemTitle(system), " codes, comma-separated",
          system == quiz::v1::CODE_SYSTEM_ICD10CM ? "" : "; modifiers after -",
          ", e.g. ", CodeEntryExample(system), ")\n");
      break;
    }
    case Item::kLikert: {
      absl::StrAppend(&out, "(choose a number on the scale)\n");
      int size = LikertScaleSize(item);
      for (int i = 1; i <= size; ++i) {
        absl::StrAppend(&out, Entry(absl::StrCat("  ", i, ") "),
                                    LikertLabel(item, i), width));
      }
      break;
    }
    case Item::kCaseItem:
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

std::string NumericKey(const quiz::v1::Numeric& numeric) {
  std::string out = FormatNumber(numeric.answer());
  if (!numeric.unit().empty()) absl::StrAppend(&out, " ", numeric.unit());
  if (numeric.tolerance() > 0) {
    absl::StrAppend(&out, " (within ",
                    numeric.tolerance_kind() == quiz::v1::TOLERANCE_RELATIVE
                        ? FormatPercent(numeric.tolerance() * 100)
                        : FormatNumber(numeric.tolerance()),
                    ")");
  }
  return out;
}

// Numbered step texts, one per line, for `ids` in order.
std::string StepList(const Item& item, const std::vector<std::string>& ids,
                     int width) {
  const auto& steps = item.ordering().steps();
  std::string out;
  int n = 0;
  for (const std::string& id : ids) {
    int index = IndexOfId(steps, id);
    absl::StrAppend(&out, Entry(absl::StrCat("    ", ++n, ". "),
                                index < 0 ? id : steps[index].text(), width));
  }
  return out;
}

// The student's answer and, when `show_key`, the key, in words: one
// "  Your answer: ..." line for most types, the orders of an ordering item,
// one line per prompt of a matching item.
std::string AnswerLines(const Item& item, const Response& response,
                        bool show_key, int width) {
  std::string out;
  auto line = [&](absl::string_view label, absl::string_view text) {
    absl::StrAppend(&out, Entry(absl::StrCat("  ", label, " "), text, width));
  };
  const bool answered = response.answer_case() != Response::ANSWER_NOT_SET;
  const std::string said =
      answered ? DescribeResponse(item, response) : "(none)";
  switch (item.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice: {
      line("Your answer:", said);
      std::vector<std::string> key;
      const auto& options = *ChoiceOptions(item);
      for (int i = 0; i < options.size(); ++i) {
        if (options[i].correct()) key.push_back(OptionLetter(i));
      }
      if (show_key && !key.empty()) {
        line("Correct answer:", absl::StrJoin(key, ", "));
      }
      break;
    }
    case Item::kTrueFalse:
      line("Your answer:", said);
      if (show_key) {
        line("Correct answer:", item.true_false().answer() ? "true" : "false");
      }
      break;
    case Item::kOrdering: {
      if (response.has_ordering()) {
        absl::StrAppend(&out, "  Your order:\n",
                        StepList(item,
                                 {response.ordering().step_ids().begin(),
                                  response.ordering().step_ids().end()},
                                 width));
      } else {
        line("Your order:", "(none)");
      }
      if (show_key) {
        std::vector<std::string> key;
        for (const auto& step : item.ordering().steps()) {
          key.push_back(step.id());
        }
        absl::StrAppend(&out, "  Correct order:\n", StepList(item, key, width));
      }
      break;
    }
    case Item::kMatching: {
      const auto& answers = item.matching().answers();
      auto answer_text = [&](const std::string& id) {
        int index = IndexOfId(answers, id);
        return index < 0 ? id : answers[index].text();
      };
      std::map<std::string, std::string> chosen;
      for (const auto& pair : response.matching().pairs()) {
        chosen[pair.prompt_id()] = pair.answer_id();
      }
      absl::StrAppend(&out, "  Your pairs:\n");
      int n = 0;
      for (const auto& prompt : item.matching().prompts()) {
        auto it = chosen.find(prompt.id());
        std::string text = absl::StrCat(
            prompt.text(), " -> ",
            it == chosen.end() ? "no answer" : answer_text(it->second));
        if (!prompt.answer_id().empty()) {
          if (it != chosen.end() && it->second == prompt.answer_id()) {
            absl::StrAppend(&text, " (right)");
          } else {
            absl::StrAppend(&text, " (key: ", answer_text(prompt.answer_id()),
                            ")");
          }
        }
        absl::StrAppend(&out,
                        Entry(absl::StrCat("    ", ++n, ". "), text, width));
      }
      break;
    }
    case Item::kNumeric:
      line("Your answer:", said);
      if (show_key) line("Correct answer:", NumericKey(item.numeric()));
      break;
    case Item::kShortText:
      line("Your answer:", said);
      if (show_key && item.short_text().accepted_size() > 0) {
        line("Accepted answers:",
             absl::StrJoin(item.short_text().accepted(), " | "));
      }
      break;
    case Item::kCodeEntry: {
      line("Your answer:", said);
      std::vector<std::string> codes;
      for (const auto& code : item.code_entry().expected()) {
        codes.push_back(ExpectedCodeText(code));
      }
      if (show_key && !codes.empty()) {
        line("Correct codes:",
             absl::StrCat(
                 absl::StrJoin(codes, ", "),
                 item.code_entry().sequence_matters() && codes.size() > 1
                     ? " (in this order)"
                     : ""));
      }
      break;
    }
    case Item::kLikert:
      line("Your answer:", said);
      break;
    case Item::kCaseItem:
    case Item::TYPE_NOT_SET:
      break;
  }
  return out;
}

// The review's marked lists: options with "*" on the key and ">" on the
// student's choice; true/false likewise; a likert scale with ">" only. ""
// for other types, which AnswerLines shows instead.
std::string MarkedList(const Item& item, const Response& response, int width) {
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
    case Item::kLikert: {
      int size = LikertScaleSize(item);
      for (int i = 1; i <= size; ++i) {
        bool chosen = response.has_likert() && response.likert() == i;
        absl::StrAppend(&out, Entry(absl::StrCat(mark(chosen, false), i, ") "),
                                    LikertLabel(item, i), width));
      }
      break;
    }
    default:
      break;
  }
  return out;
}

// What the review shows between the stem and the outcome.
std::string RenderKeyArea(const Item& item, const Response& response,
                          int width) {
  std::string marked = MarkedList(item, response, width);
  return marked.empty() ? AnswerLines(item, response, /*show_key=*/true, width)
                        : marked;
}

// "Correct (1/1)", "Partially correct (0.5/1)", "Recorded (not scored)".
std::string Headline(const Item& item, const Response& response,
                     const Outcome& outcome) {
  if (item.has_likert() || outcome.correctness() == quiz::v1::NOT_SCORED) {
    return response.answer_case() == Response::ANSWER_NOT_SET
               ? "Unanswered (not scored)"
               : "Recorded (not scored)";
  }
  quiz::v1::Correctness correctness = outcome.correctness();
  // Correct means full points, whatever a server says.
  if (correctness == quiz::v1::CORRECT &&
      outcome.score() < outcome.max_score()) {
    correctness = quiz::v1::PARTIALLY_CORRECT;
  }
  return absl::StrCat(CorrectnessName(correctness), " (",
                      FormatNumber(outcome.score()), "/",
                      FormatNumber(outcome.max_score()), ")");
}

// Feedback, the likert traits, rationale and references of a graded item.
std::string RenderExplanation(const Item& item, const Response& response,
                              const Outcome& outcome, int width) {
  std::string out;
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
  if (outcome.traits_size() > 0) {
    std::vector<std::string> traits;
    for (const auto& trait : outcome.traits()) {
      traits.push_back(absl::StrCat(trait.trait(), " ",
                                    trait.weight() > 0 ? "+" : "",
                                    FormatNumber(trait.weight())));
    }
    absl::StrAppend(&out,
                    Entry("  Traits: ", absl::StrJoin(traits, ", "), width));
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

// The outcome of a graded item other than a case: the headline, then (when
// `with_answer`) the answer and the key unless it was right, then the
// explanation.
std::string RenderOutcomeOf(const Item& item, const Response& response,
                            const Outcome& outcome, int width,
                            bool with_answer) {
  std::string out = absl::StrCat(Headline(item, response, outcome), "\n");
  if (with_answer) {
    absl::StrAppend(
        &out, AnswerLines(item, response,
                          outcome.correctness() != quiz::v1::CORRECT, width));
  }
  absl::StrAppend(&out, RenderExplanation(item, response, outcome, width));
  return out;
}

std::string PartTitle(int part, int count) {
  return absl::StrCat("Part ", part + 1, " of ", count);
}

// The outcome of one part; "Not graded" when the server sent none.
std::string RenderPartOutcome(const Item& part, const Response& response,
                              const Outcome* outcome, int width,
                              bool with_answer) {
  if (outcome == nullptr) {
    return absl::StrCat(
        "Not graded\n",
        with_answer ? AnswerLines(part, response, false, width) : "");
  }
  return RenderOutcomeOf(part, response, *outcome, width, with_answer);
}

// A graded case item. `review`: each part's stem, key area and outcome, then
// the case total; otherwise (practice feedback) the total first, then each
// part's outcome with the answer. The case's own explanation comes last.
std::string RenderCaseOutcome(const Item& item, const Response& response,
                              const Outcome& outcome, int width, bool review) {
  std::map<std::string, const Outcome*> outcomes;
  for (const auto& part : outcome.parts()) {
    outcomes[part.item_id()] = &part.outcome();
  }
  const auto& parts = item.case_item().items();
  const std::string headline =
      absl::StrCat(Headline(item, response, outcome), "\n");
  std::string out = review ? "" : headline;
  for (int i = 0; i < parts.size(); ++i) {
    const Item& part = parts[i];
    const Response& answer = PartResponse(response, part.id());
    auto found = outcomes.find(part.id());
    const Outcome* part_outcome =
        found == outcomes.end() ? nullptr : found->second;
    if (review) {
      absl::StrAppend(
          &out, "\n", PartTitle(i, parts.size()), "\n",
          Wrap(part.stem(), width, "  "),
          Indent(RenderKeyArea(part, answer, width - 2), "  "),
          Indent(RenderPartOutcome(part, answer, part_outcome, width - 2,
                                   /*with_answer=*/false),
                 "  "));
    } else {
      absl::StrAppend(
          &out, PartTitle(i, parts.size()), ": ",
          Indent(RenderPartOutcome(part, answer, part_outcome, width - 2,
                                   /*with_answer=*/true),
                 "  ")
              .substr(2));
    }
  }
  if (review) absl::StrAppend(&out, "\n", headline);
  absl::StrAppend(&out, RenderExplanation(item, response, outcome, width));
  return out;
}

std::string QuestionHeader(const AttemptItem& item, int total) {
  std::string out = absl::StrCat("Question ", item.position(), " of ", total);
  if (!item.topic_title().empty()) {
    absl::StrAppend(&out, " \xC2\xB7 ", Printable(item.topic_title()));
  }
  return out;
}

// The scenario of a case item and the state of its parts while taking (the
// header and stem are already shown).
std::string RenderCaseQuestion(const AttemptItem& item, int total, int width) {
  const quiz::v1::CaseItem& case_item = item.item().case_item();
  const auto& parts = case_item.items();
  std::string out = absl::StrCat("Scenario:\n",
                                 Wrap(case_item.scenario(), width, "  "), "\n");
  if (parts.empty()) {
    absl::StrAppend(&out, "This case has no parts.\n");
    return out;
  }
  if (IsGraded(item)) {
    absl::StrAppend(&out, "Parts:\n");
    for (int i = 0; i < parts.size(); ++i) {
      absl::StrAppend(
          &out, Entry(absl::StrCat("  ", i + 1, ". "), parts[i].stem(), width));
    }
    return out;
  }
  if (HasAnswer(item)) {
    absl::StrAppend(&out, "Your answers:\n");
    for (int i = 0; i < parts.size(); ++i) {
      const Response& answer = PartResponse(item.response(), parts[i].id());
      absl::StrAppend(&out,
                      Entry(absl::StrCat("  ", i + 1, ". "),
                            answer.answer_case() == Response::ANSWER_NOT_SET
                                ? "(blank)"
                                : DescribeResponse(parts[i], answer),
                            width));
    }
    absl::StrAppend(&out, "Answering again replaces every part.\n");
  } else {
    absl::StrAppend(&out, "This case has ", parts.size(),
                    parts.size() == 1 ? " part" : " parts",
                    ", answered one at a time and sent together.\n");
  }
  const Response& first = PartResponse(item.response(), parts[0].id());
  absl::StrAppend(&out, "\n", RenderCasePart(item, 0, total, &first, width));
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
      return Printable(response.numeric());
    case Response::kText:
      return Printable(response.text());
    case Response::kCodes:
      return Printable(response.codes());
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

static std::string RenderQuestionText(const AttemptItem& item, int total,
                                      const std::string& time_left, int width) {
  std::string out = QuestionHeader(item, total);
  if (!time_left.empty()) absl::StrAppend(&out, "    ", time_left);
  if (item.flagged()) absl::StrAppend(&out, "    [flagged]");
  absl::StrAppend(&out, "\n\n", Wrap(item.item().stem(), width), "\n");
  if (item.item().has_case_item()) {
    absl::StrAppend(&out, RenderCaseQuestion(item, total, width));
    return out;
  }
  absl::StrAppend(&out, RenderAnswerArea(item.item(), width));
  if (HasAnswer(item) && !IsGraded(item)) {
    absl::StrAppend(
        &out, "\n",
        Entry("Your answer: ", DescribeResponse(item.item(), item.response()),
              width));
  }
  return out;
}

static std::string RenderCasePartText(const AttemptItem& item, int part,
                                      int total, const Response* answer,
                                      int width) {
  const auto& parts = item.item().case_item().items();
  if (part < 0 || part >= parts.size()) return "";
  const Item& shown = parts[part];
  std::string out = absl::StrCat(
      "Question ", item.position(), " of ", total, " \xC2\xB7 part ", part + 1,
      " of ", parts.size(), "\n\n", Wrap(shown.stem(), width), "\n",
      RenderAnswerArea(shown, width));
  if (answer != nullptr && answer->answer_case() != Response::ANSWER_NOT_SET) {
    absl::StrAppend(&out, "\n",
                    Entry("Your answer: ",
                          absl::StrCat(DescribeResponse(shown, *answer),
                                       " (Enter keeps it)"),
                          width));
  }
  return out;
}

static std::string RenderOutcomeText(const AttemptItem& item, int width) {
  if (!IsGraded(item)) return "";
  if (item.item().has_case_item()) {
    return RenderCaseOutcome(item.item(), item.response(), item.outcome(),
                             width, /*review=*/false);
  }
  return RenderOutcomeOf(item.item(), item.response(), item.outcome(), width,
                         /*with_answer=*/true);
}

static std::string RenderItemListText(const quiz::v1::Attempt& attempt,
                                      int current) {
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

static std::string RenderReviewItemText(const AttemptItem& item, int total,
                                        int width) {
  std::string out = absl::StrCat(QuestionHeader(item, total), "\n\n",
                                 Wrap(item.item().stem(), width), "\n");
  const Item& question = item.item();
  const bool graded = IsGraded(item);
  if (question.has_case_item()) {
    absl::StrAppend(&out, "Scenario:\n",
                    Wrap(question.case_item().scenario(), width, "  "));
    if (graded) {
      absl::StrAppend(&out, RenderCaseOutcome(question, item.response(),
                                              item.outcome(), width,
                                              /*review=*/true));
      return out;
    }
    const auto& parts = question.case_item().items();
    for (int i = 0; i < parts.size(); ++i) {
      const Response& answer = PartResponse(item.response(), parts[i].id());
      absl::StrAppend(&out, "\n", PartTitle(i, parts.size()), "\n",
                      Wrap(parts[i].stem(), width, "  "),
                      Indent(RenderKeyArea(parts[i], answer, width - 2), "  "));
    }
    absl::StrAppend(&out, "\nNot graded\n");
    return out;
  }
  absl::StrAppend(&out, RenderKeyArea(question, item.response(), width), "\n");
  absl::StrAppend(&out, graded ? RenderOutcomeOf(question, item.response(),
                                                 item.outcome(), width,
                                                 /*with_answer=*/false)
                               : "Not graded\n");
  return out;
}

// The public renderers: whatever came from the server is made Printable
// (line breaks kept; the text the renderers add has no other control
// character).
std::string RenderQuestion(const AttemptItem& item, int total,
                           const std::string& time_left, int width) {
  return Printable(RenderQuestionText(item, total, time_left, width),
                   LineBreaks::kKeep);
}

std::string RenderCasePart(const AttemptItem& item, int part, int total,
                           const Response* answer, int width) {
  return Printable(RenderCasePartText(item, part, total, answer, width),
                   LineBreaks::kKeep);
}

std::string RenderOutcome(const AttemptItem& item, int width) {
  return Printable(RenderOutcomeText(item, width), LineBreaks::kKeep);
}

std::string RenderItemList(const quiz::v1::Attempt& attempt, int current) {
  return Printable(RenderItemListText(attempt, current), LineBreaks::kKeep);
}

std::string RenderReviewItem(const AttemptItem& item, int total, int width) {
  return Printable(RenderReviewItemText(item, total, width), LineBreaks::kKeep);
}

}  // namespace client
