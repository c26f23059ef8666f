#include "server/service/planned_answers.h"

#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/container/flat_hash_set.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"

namespace service {
namespace {

using quiz::v1::Item;
using quiz::v1::PlannedAnswer;

// Whether an attempt on `quiz` may draw the top-level item `outline`: the
// same selections DrawItems reads, without the draw.
bool Drawable(const Item& outline, const quiz::v1::Quiz& quiz) {
  if (quiz.selections().empty()) return true;
  for (const quiz::v1::ItemSelection& selection : quiz.selections()) {
    if (!selection.item_ids().empty()) {
      for (const std::string& id : selection.item_ids()) {
        if (id == outline.id()) return true;
      }
      continue;
    }
    if (selection.topic().empty() || selection.topic() == outline.topic()) {
      return true;
    }
  }
  return false;
}

// The ids an answer to `item` may name, and what to call one, or an empty
// noun for item types whose answers are not ids.
struct AnswerIds {
  absl::flat_hash_set<absl::string_view> ids;
  absl::string_view noun;
};

AnswerIds IdsOf(const Item& item) {
  AnswerIds known;
  switch (item.type_case()) {
    case Item::kSingleChoice:
      for (const auto& option : item.single_choice().options()) {
        known.ids.insert(option.id());
      }
      known.noun = "option";
      break;
    case Item::kMultipleChoice:
      for (const auto& option : item.multiple_choice().options()) {
        known.ids.insert(option.id());
      }
      known.noun = "option";
      break;
    case Item::kOrdering:
      for (const auto& step : item.ordering().steps()) {
        known.ids.insert(step.id());
      }
      known.noun = "step";
      break;
    case Item::kMatching:
      for (const auto& prompt : item.matching().prompts()) {
        known.ids.insert(prompt.id());
      }
      for (const auto& answer : item.matching().answers()) {
        known.ids.insert(answer.id());
      }
      known.noun = "prompt or answer";
      break;
    default:
      break;
  }
  return known;
}

bool AnsweredByIds(const Item& outline) {
  switch (outline.type_case()) {
    case Item::kSingleChoice:
    case Item::kMultipleChoice:
    case Item::kOrdering:
    case Item::kMatching:
      return true;
    default:
      return false;
  }
}

// Where a planned id lives: a drawable top-level item, or a part of one.
struct Found {
  const Item* top = nullptr;   // outline of the drawable top-level item
  const Item* part = nullptr;  // outline of the sub-item, or nullptr
};

class Resolver {
 public:
  Resolver(const store::BankVersion& bank, const quiz::v1::Quiz& quiz)
      : bank_(bank), quiz_(quiz) {}

  Found Find(const std::string& id) {
    if (const Item* top = bank_.FindOutline(id);
        top != nullptr && Drawable(*top, quiz_)) {
      return {top, nullptr};
    }
    if (!parts_built_) BuildParts();
    auto found = parts_.find(id);
    if (found == parts_.end()) return {};
    return found->second;
  }

 private:
  // Sub-item id -> its drawable case, built once and only when a planned id
  // is not a drawable top-level item.
  void BuildParts() {
    parts_built_ = true;
    for (const Item& top : bank_.outline().items()) {
      if (!top.has_case_item() || !Drawable(top, quiz_)) continue;
      for (const Item& part : top.case_item().items()) {
        parts_.emplace(part.id(), Found{&top, &part});
      }
    }
  }

  const store::BankVersion& bank_;
  const quiz::v1::Quiz& quiz_;
  bool parts_built_ = false;
  absl::flat_hash_map<absl::string_view, Found> parts_;
};

}  // namespace

absl::Status CheckPlannedAnswers(
    const store::BankVersion& bank, const quiz::v1::Quiz& quiz,
    const google::protobuf::RepeatedPtrField<PlannedAnswer>& planned) {
  Resolver resolver(bank, quiz);
  for (int i = 0; i < planned.size(); ++i) {
    const PlannedAnswer& answer = planned[i];
    const std::string at = absl::StrCat("planned[", i, "]");
    const Found found = resolver.Find(answer.item_id());
    if (found.top == nullptr) {
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".item_id: no item \"", answer.item_id(),
                       "\" in quizzes/", quiz.id()));
    }
    const Item& outline = found.part != nullptr ? *found.part : *found.top;
    if (outline.has_case_item()) {
      return absl::InvalidArgumentError(absl::StrCat(
          at, ".item_id: item \"", answer.item_id(),
          "\" is a case: answer each of its sub-items by its own id"));
    }
    if (answer.ids().empty() || !AnsweredByIds(outline)) continue;
    // The outline has no options: read the whole item (a cached parse).
    std::shared_ptr<const Item> whole = bank.FindItem(found.top->id());
    if (whole == nullptr) continue;  // cannot happen: the outline has it
    const Item* item = whole.get();
    if (found.part != nullptr) {
      item = nullptr;
      for (const Item& part : whole->case_item().items()) {
        if (part.id() == found.part->id()) {
          item = &part;
          break;
        }
      }
      if (item == nullptr) continue;
    }
    const AnswerIds known = IdsOf(*item);
    for (int k = 0; k < answer.ids_size(); ++k) {
      if (known.ids.contains(answer.ids(k))) continue;
      return absl::InvalidArgumentError(
          absl::StrCat(at, ".ids[", k, "]: item \"", answer.item_id(),
                       "\" has no ", known.noun, " \"", answer.ids(k), "\""));
    }
  }
  return absl::OkStatus();
}

}  // namespace service
