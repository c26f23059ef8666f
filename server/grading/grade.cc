#include "server/grading/grade.h"

#include <algorithm>
#include <map>
#include <string>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "question_bank/typed/shown_text.h"
#include "server/grading/graders.h"
#include "server/grading/outcome.h"

namespace grading {
namespace {

using quiz::v1::Item;
using quiz::v1::Outcome;
using quiz::v1::Response;

bool IsBlank(const std::string& text) {
  for (char c : text) {
    if (!absl::ascii_isspace(static_cast<unsigned char>(c)) && c != ',' &&
        c != ';') {
      return false;
    }
  }
  return true;
}

// The response field each item type takes.
Response::AnswerCase AnswerFor(Item::TypeCase type) {
  switch (type) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice:
      return Response::kChoice;
    case Item::kTrueFalse:
      return Response::kTrueFalse;
    case Item::kOrdering:
      return Response::kOrdering;
    case Item::kMatching:
      return Response::kMatching;
    case Item::kNumeric:
      return Response::kNumeric;
    case Item::kShortText:
      return Response::kText;
    case Item::kCodeEntry:
      return Response::kCodes;
    case Item::kCaseItem:
      return Response::kCaseAnswer;
    case Item::kLikert:
      return Response::kLikert;
    default:
      return Response::ANSWER_NOT_SET;
  }
}

std::string FieldName(Response::AnswerCase answer) {
  const auto* field = Response::descriptor()->FindFieldByNumber(answer);
  return field == nullptr ? "nothing" : field->name();
}

Outcome Unanswered(const Item& item) {
  Outcome outcome;
  outcome.set_max_score(ItemPoints(item));
  outcome.set_correctness(item.has_likert() ? quiz::v1::NOT_SCORED
                                            : quiz::v1::UNANSWERED);
  return outcome;
}

// The typed answer of a numeric, text or codes response, if it is one.
const std::string* TypedAnswer(const Response& response) {
  switch (response.answer_case()) {
    case Response::kNumeric:
      return &response.numeric();
    case Response::kText:
      return &response.text();
    case Response::kCodes:
      return &response.codes();
    default:
      return nullptr;
  }
}

absl::StatusOr<Outcome> GradeCase(const Item& item,
                                  const quiz::v1::CaseAnswer& answer,
                                  const GradeOptions& options) {
  std::map<std::string, const Response*> parts;
  for (int i = 0; i < answer.parts_size(); ++i) {
    const quiz::v1::PartResponse& part = answer.parts(i);
    const bool known = std::any_of(
        item.case_item().items().begin(), item.case_item().items().end(),
        [&](const Item& sub) { return sub.id() == part.item_id(); });
    const std::string field =
        absl::StrCat("response.case_answer.parts[", i, "].item_id");
    if (!known) {
      return BadResponse(field, item,
                         absl::StrCat("has no part \"",
                                      typed::ShownText(part.item_id()), "\""));
    }
    if (!parts.emplace(part.item_id(), &part.response()).second) {
      return BadResponse(
          field, item,
          absl::StrCat("got part \"", typed::ShownText(part.item_id()),
                       "\" twice"));
    }
  }
  double score = 0;
  Outcome outcome;
  for (const Item& sub : item.case_item().items()) {
    auto found = parts.find(sub.id());
    absl::StatusOr<Outcome> part = found == parts.end()
                                       ? Unanswered(sub)
                                       : Grade(sub, *found->second, options);
    if (!part.ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("response.case_answer part ", sub.id(), ": ",
                       part.status().message()));
    }
    score += part->score();
    quiz::v1::PartOutcome* out = outcome.add_parts();
    out->set_item_id(sub.id());
    *out->mutable_outcome() = *std::move(part);
  }
  Outcome total = MakeOutcome(score, ItemPoints(item));
  *total.mutable_parts() = std::move(*outcome.mutable_parts());
  return total;
}

}  // namespace

double ItemPoints(const Item& item) {
  if (item.has_likert()) return 0;
  if (item.has_case_item()) {
    double sum = 0;
    for (const Item& part : item.case_item().items()) sum += ItemPoints(part);
    return sum;
  }
  return item.points() > 0 ? item.points() : 1.0;
}

bool IsEmptyResponse(const Response& response) {
  switch (response.answer_case()) {
    case Response::ANSWER_NOT_SET:
      return true;
    case Response::kChoice:
      return response.choice().option_ids().empty();
    case Response::kOrdering:
      return response.ordering().step_ids().empty();
    case Response::kMatching:
      return response.matching().pairs().empty();
    case Response::kCaseAnswer:
      for (const quiz::v1::PartResponse& part :
           response.case_answer().parts()) {
        if (!IsEmptyResponse(part.response())) return false;
      }
      return true;
    default: {
      const std::string* typed = TypedAnswer(response);
      return typed != nullptr && IsBlank(*typed);
    }
  }
}

absl::StatusOr<Outcome> Grade(const Item& item, const Response& response,
                              const GradeOptions& options) {
  if (item.type_case() == Item::TYPE_NOT_SET) {
    return absl::InvalidArgumentError(
        absl::StrCat("item ", item.id(), " has no type"));
  }
  if (IsEmptyResponse(response)) return Unanswered(item);
  const Response::AnswerCase expected = AnswerFor(item.type_case());
  if (response.answer_case() != expected) {
    return BadResponse(
        "response", item,
        absl::StrCat("takes a ", FieldName(expected), " answer, got a ",
                     FieldName(response.answer_case()), " answer"));
  }
  if (const std::string* typed = TypedAnswer(response);
      typed != nullptr && typed->size() > kMaxTypedAnswer) {
    return BadResponse(absl::StrCat("response.", FieldName(expected)), item,
                       absl::StrCat("takes at most ", kMaxTypedAnswer,
                                    " characters, got ", typed->size()));
  }
  switch (item.type_case()) {
    case Item::kSingleChoice:
      return GradeSingleChoice(item, response.choice(), options);
    case Item::kMultipleChoice:
      return GradeMultipleChoice(item, response.choice());
    case Item::kTrueFalse:
      return GradeTrueFalse(item, response.true_false(), options);
    case Item::kOrdering:
      return GradeOrdering(item, response.ordering());
    case Item::kMatching:
      return GradeMatching(item, response.matching());
    case Item::kNumeric:
      return GradeNumeric(item, response.numeric());
    case Item::kShortText:
      return GradeShortText(item, response.text());
    case Item::kCodeEntry:
      return GradeCodeEntry(item, response.codes());
    case Item::kCaseItem:
      return GradeCase(item, response.case_answer(), options);
    case Item::kLikert:
      return GradeLikert(item, response.likert());
    default:
      return absl::InvalidArgumentError(
          absl::StrCat("item ", item.id(), " has no type"));
  }
}

}  // namespace grading
