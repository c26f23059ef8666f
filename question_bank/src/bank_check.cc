#include "question_bank/src/bank_check.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <set>
#include <utility>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "google/protobuf/descriptor.h"
#include "question_bank/src/cpt_text.h"
#include "question_bank/src/utf8.h"
#include "question_bank/typed/code_format.h"

namespace question_bank {
namespace {

using quiz::v1::Bank;
using quiz::v1::CaseItem;
using quiz::v1::CodeEntry;
using quiz::v1::Item;
using quiz::v1::Likert;
using quiz::v1::Matching;
using quiz::v1::Option;
using quiz::v1::Ordering;
using quiz::v1::Quiz;
using typed::CanonicalCode;
using typed::IsWellFormedCode;
using typed::IsWellFormedModifier;

const std::map<std::string, TextKind>& TextKinds() {
  static const auto* kinds = new std::map<std::string, TextKind>{
      {"quiz.v1.Bank.id", TextKind::kId},
      {"quiz.v1.Bank.title", TextKind::kTitle},
      {"quiz.v1.Bank.description", TextKind::kProse},
      {"quiz.v1.Topic.id", TextKind::kId},
      {"quiz.v1.Topic.title", TextKind::kTitle},
      {"quiz.v1.Topic.description", TextKind::kProse},
      {"quiz.v1.Reference.citation", TextKind::kOptionText},
      {"quiz.v1.Reference.url", TextKind::kOptionText},
      {"quiz.v1.Item.id", TextKind::kId},
      {"quiz.v1.Item.topic", TextKind::kId},
      {"quiz.v1.Item.stem", TextKind::kProse},
      {"quiz.v1.Item.rationale", TextKind::kProse},
      {"quiz.v1.Option.id", TextKind::kId},
      {"quiz.v1.Option.text", TextKind::kOptionText},
      {"quiz.v1.Option.feedback", TextKind::kProse},
      {"quiz.v1.TrueFalse.feedback_true", TextKind::kProse},
      {"quiz.v1.TrueFalse.feedback_false", TextKind::kProse},
      {"quiz.v1.OrderingStep.id", TextKind::kId},
      {"quiz.v1.OrderingStep.text", TextKind::kOptionText},
      {"quiz.v1.MatchPrompt.id", TextKind::kId},
      {"quiz.v1.MatchPrompt.text", TextKind::kOptionText},
      {"quiz.v1.MatchPrompt.answer_id", TextKind::kId},
      {"quiz.v1.MatchAnswer.id", TextKind::kId},
      {"quiz.v1.MatchAnswer.text", TextKind::kOptionText},
      {"quiz.v1.Numeric.unit", TextKind::kTitle},
      {"quiz.v1.ShortText.accepted", TextKind::kOptionText},
      {"quiz.v1.ExpectedCode.code", TextKind::kId},
      {"quiz.v1.ExpectedCode.modifiers", TextKind::kId},
      {"quiz.v1.CaseItem.scenario", TextKind::kProse},
      {"quiz.v1.TraitWeight.trait", TextKind::kId},
      {"quiz.v1.Likert.scale", TextKind::kTitle},
      {"quiz.v1.ItemSelection.item_ids", TextKind::kId},
      {"quiz.v1.ItemSelection.topic", TextKind::kId},
      {"quiz.v1.Quiz.id", TextKind::kId},
      {"quiz.v1.Quiz.title", TextKind::kTitle},
      {"quiz.v1.Quiz.description", TextKind::kProse},
      {"quiz.v1.TopicWeight.topic", TextKind::kId},
  };
  return *kinds;
}

struct TextRule {
  size_t max_chars;
  bool line_breaks;
  absl::string_view plural;  // "ids", for "the 64 allowed for ids"
};

TextRule RuleFor(TextKind kind) {
  switch (kind) {
    case TextKind::kId:
      return {kMaxIdChars, false, "ids"};
    case TextKind::kTitle:
      return {kMaxTitleChars, false, "titles"};
    case TextKind::kOptionText:
      return {kMaxOptionTextChars, false, "option texts"};
    case TextKind::kProse:
      return {kMaxProseChars, true, "prose"};
  }
  return {kMaxTitleChars, false, "titles"};
}

// What is wrong with `text` as a value of a field of `kind`, or "".
std::string TextProblem(absl::string_view text, TextKind kind) {
  const TextRule rule = RuleFor(kind);
  size_t chars = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    const unsigned char c = static_cast<unsigned char>(text[i]);
    if ((c & 0xC0) == 0x80) continue;  // continues a character
    ++chars;
    uint32_t code = c;
    // U+0080-U+009F, the C1 controls, are C2 80 - C2 9F in UTF-8.
    if (c == 0xC2 && i + 1 < text.size()) {
      const unsigned char next = static_cast<unsigned char>(text[i + 1]);
      if (next >= 0x80 && next <= 0x9F) code = next;
    }
    const bool control = code < 0x20 || (code >= 0x7F && code <= 0x9F);
    if (code == '\n' && !rule.line_breaks) {
      return absl::StrCat("has a line break (character ", chars,
                          "); it must be one line");
    }
    if (control && code != '\n') {
      return absl::StrFormat(
          "has the control character U+%04X (character %d), which is not "
          "allowed%s",
          code, chars,
          code == '\t' ? "; use spaces" : (code == '\r' ? "; use \\n" : ""));
    }
  }
  if (chars > rule.max_chars) {
    return absl::StrCat("is ", chars, " characters long, more than the ",
                        rule.max_chars, " allowed for ", rule.plural);
  }
  return "";
}

// A place in the bank, both as a source-map path and as text for people,
// which also carries the ids of the items on the way.
struct Where {
  std::string path;
  std::string label;

  Where Field(absl::string_view name) const {
    return {Join(path, name), Join(label, name)};
  }
  Where Index(int i) const {
    return {absl::StrCat(path, "[", i, "]"), absl::StrCat(label, "[", i, "]")};
  }
  // An element of a repeated field whose elements have ids. An id that is
  // not a proper id (too long, control characters) is left out: it is
  // reported on its own.
  Where Element(int i, const std::string& id) const {
    Where where = Index(i);
    if (!id.empty() && TextProblem(id, TextKind::kId).empty()) {
      absl::StrAppend(&where.label, " (id \"", id, "\")");
    }
    return where;
  }

 private:
  static std::string Join(const std::string& parent, absl::string_view name) {
    return parent.empty() ? std::string(name) : absl::StrCat(parent, ".", name);
  }
};

// Answers files name items as `ITEM_ID: ANSWER` and options, steps and
// matching pairs as comma-separated ids and PROMPT=ANSWER pairs, so these
// characters cannot appear in the ids.
constexpr char kItemIdForbidden[] = " \t\r\n:,";
constexpr char kElementIdForbidden[] = " \t\r\n,=";

bool IsValidBankId(const std::string& id) {
  if (id.empty()) return false;
  for (size_t i = 0; i < id.size(); ++i) {
    const char c = id[i];
    const bool alnum = absl::ascii_isdigit(static_cast<unsigned char>(c)) ||
                       (c >= 'a' && c <= 'z');
    if (!alnum && !(i > 0 && c == '-')) return false;
  }
  return true;
}

// Names of the type fields of Item, for "set one of ...".
std::string ItemTypeNames() {
  std::vector<std::string> names;
  const auto* oneof = Item::descriptor()->FindOneofByName("type");
  for (int i = 0; i < oneof->field_count(); ++i) {
    names.push_back(oneof->field(i)->name());
  }
  return absl::StrJoin(names, ", ");
}

class BankChecker {
 public:
  explicit BankChecker(const Bank& bank) : bank_(bank) {}

  std::vector<BankFinding> Run() {
    CheckValues(bank_, Where{});
    CheckBankFields();
    CheckTopics();
    CollectItemIds();
    for (int i = 0; i < bank_.items_size(); ++i) {
      const Item& item = bank_.items(i);
      CheckItem(item, Where{}.Field("items").Element(i, item.id()),
                /*case_topic=*/nullptr);
    }
    std::map<std::string, Where> quiz_ids;
    for (int i = 0; i < bank_.quizzes_size(); ++i) {
      const Quiz& quiz = bank_.quizzes(i);
      const Where where = Where{}.Field("quizzes").Element(i, quiz.id());
      if (!quiz.id().empty()) {
        auto [first, inserted] = quiz_ids.emplace(quiz.id(), where);
        if (!inserted) {
          Error(where.Field("id"),
                absl::StrCat("duplicate quiz id \"", ShownText(quiz.id()),
                             "\" (also at ", first->second.label, ")"));
        }
      }
      CheckQuiz(quiz, where);
    }
    if (left_out_ > 0) {
      findings_.push_back(
          {Diagnostic::Severity::kError, "",
           absl::StrCat(left_out_,
                        " more problems are not listed (only the "
                        "first ",
                        kMaxBankFindings, " are)")});
    }
    return std::move(findings_);
  }

 private:
  void Report(Diagnostic::Severity severity, const Where& where,
              absl::string_view text) {
    if (findings_.size() >= kMaxBankFindings) {
      ++left_out_;
      return;
    }
    findings_.push_back(
        {severity, where.path, absl::StrCat(where.label, ": ", text)});
  }
  void Error(const Where& where, absl::string_view text) {
    Report(Diagnostic::Severity::kError, where, text);
  }
  void Warning(const Where& where, absl::string_view text) {
    Report(Diagnostic::Severity::kWarning, where, text);
  }

  // Every string and enum field of `message` and of the messages in it:
  // strings by their TextKind, enums by their declared values (an open
  // enum holds any number a client sends).
  void CheckValues(const google::protobuf::Message& message,
                   const Where& where) {
    using google::protobuf::FieldDescriptor;
    const google::protobuf::Reflection* reflection = message.GetReflection();
    std::vector<const FieldDescriptor*> fields;
    reflection->ListFields(message, &fields);
    for (const FieldDescriptor* field : fields) {
      const Where at = where.Field(field->name());
      const bool repeated = field->is_repeated();
      const int count = repeated ? reflection->FieldSize(message, field) : 1;
      for (int i = 0; i < count; ++i) {
        switch (field->cpp_type()) {
          case FieldDescriptor::CPPTYPE_STRING: {
            std::string scratch;
            const std::string& text =
                repeated
                    ? reflection->GetRepeatedStringReference(message, field, i,
                                                             &scratch)
                    : reflection->GetStringReference(message, field, &scratch);
            const TextKind* kind = DeclaredTextKind(field);
            const std::string problem =
                TextProblem(text, kind != nullptr ? *kind : TextKind::kTitle);
            if (!problem.empty()) Error(repeated ? at.Index(i) : at, problem);
            break;
          }
          case FieldDescriptor::CPPTYPE_ENUM: {
            const int number =
                repeated ? reflection->GetRepeatedEnumValue(message, field, i)
                         : reflection->GetEnumValue(message, field);
            if (field->enum_type()->FindValueByNumber(number) == nullptr) {
              std::vector<std::string> names;
              for (int v = 0; v < field->enum_type()->value_count(); ++v) {
                names.push_back(field->enum_type()->value(v)->name());
              }
              Error(repeated ? at.Index(i) : at,
                    absl::StrCat("unknown value ", number, " of enum ",
                                 field->enum_type()->full_name(),
                                 "; allowed: ", absl::StrJoin(names, ", ")));
            }
            break;
          }
          case FieldDescriptor::CPPTYPE_MESSAGE: {
            const google::protobuf::Message& child =
                repeated ? reflection->GetRepeatedMessage(message, field, i)
                         : reflection->GetMessage(message, field);
            if (!repeated) {
              CheckValues(child, at);
              break;
            }
            const FieldDescriptor* id =
                child.GetDescriptor()->FindFieldByName("id");
            const std::string child_id =
                id != nullptr &&
                        id->cpp_type() == FieldDescriptor::CPPTYPE_STRING &&
                        !id->is_repeated()
                    ? child.GetReflection()->GetString(child, id)
                    : "";
            CheckValues(child, at.Element(i, child_id));
            break;
          }
          default:
            break;
        }
      }
    }
  }

  void CheckBankFields() {
    const Where where = Where{}.Field("id");
    if (bank_.id().empty()) {
      Error(where, "bank id is missing");
    } else if (!IsValidBankId(bank_.id())) {
      Error(where, absl::StrCat("bank id \"", ShownText(bank_.id()),
                                "\" must match [a-z0-9][a-z0-9-]*"));
    }
  }

  void CheckTopics() {
    std::map<std::string, Where> seen;
    for (int i = 0; i < bank_.topics_size(); ++i) {
      const std::string& id = bank_.topics(i).id();
      const Where where = Where{}.Field("topics").Element(i, id);
      if (id.empty()) {
        Error(where.Field("id"), "topic id is missing");
        continue;
      }
      auto [first, inserted] = seen.emplace(id, where);
      if (!inserted) {
        Error(where.Field("id"),
              absl::StrCat("duplicate topic id \"", ShownText(id),
                           "\" (also at ", first->second.label, ")"));
      }
      topic_item_counts_.emplace(id, 0);
    }
  }

  // Records every item id (top-level and case sub-items) and reports ids
  // used twice anywhere in the bank.
  void CollectItemIds() {
    std::map<std::string, Where> seen;
    auto note = [&](const std::string& id, const Where& where) {
      if (id.empty()) return;
      auto [first, inserted] = seen.emplace(id, where);
      if (!inserted) {
        Error(where.Field("id"),
              absl::StrCat("duplicate item id \"", ShownText(id),
                           "\" (also at ", first->second.label, ")"));
      }
    };
    for (int i = 0; i < bank_.items_size(); ++i) {
      const Item& item = bank_.items(i);
      const Where where = Where{}.Field("items").Element(i, item.id());
      note(item.id(), where);
      if (!item.id().empty()) top_level_items_.emplace(item.id(), &item);
      auto count = topic_item_counts_.find(item.topic());
      if (count != topic_item_counts_.end()) ++count->second;
      if (!item.has_case_item()) continue;
      for (int j = 0; j < item.case_item().items_size(); ++j) {
        const Item& sub_item = item.case_item().items(j);
        note(sub_item.id(),
             where.Field("case_item").Field("items").Element(j, sub_item.id()));
        if (!sub_item.id().empty())
          sub_item_cases_.emplace(sub_item.id(), &item);
      }
    }
  }

  // `case_topic` is the topic of the enclosing case for a sub-item, which
  // may leave its own topic empty and inherit it; nullptr at top level.
  void CheckItem(const Item& item, const Where& where,
                 const std::string* case_topic) {
    if (item.id().empty()) {
      Error(where.Field("id"), "item id is missing");
    } else if (item.id().find_first_of(kItemIdForbidden) != std::string::npos) {
      Error(where.Field("id"),
            absl::StrCat("item id \"", ShownText(item.id()),
                         "\" cannot be named in an answers file (`ITEM_ID: "
                         "ANSWER`); use no spaces, ':' or ','"));
    }
    if (item.stem().empty()) Error(where.Field("stem"), "stem is missing");
    if (item.topic().empty()) {
      if (case_topic == nullptr)
        Error(where.Field("topic"), "topic is missing");
    } else if (topic_item_counts_.count(item.topic()) == 0) {
      Error(where.Field("topic"),
            absl::StrCat("unknown topic \"", ShownText(item.topic()), "\""));
    }
    if (!std::isfinite(item.points()) || item.points() < 0) {
      Error(where.Field("points"),
            absl::StrCat("points must be a finite number >= 0 (0 means 1), "
                         "got ",
                         item.points()));
    }
    if (item.difficulty() < 0 || item.difficulty() > 5) {
      Error(where.Field("difficulty"),
            absl::StrCat("difficulty must be 1 to 5, or 0 for unknown, got ",
                         item.difficulty()));
    }
    // Likert items have no key to justify, and a case is explained by its
    // sub-items, so neither draws the authoring warnings.
    if (!item.has_likert() && !item.has_case_item()) {
      if (item.rationale().empty()) {
        Warning(where.Field("rationale"), "item has no rationale");
      }
      if (item.references_size() == 0) {
        Warning(where.Field("references"), "item has no references");
      }
    }
    switch (item.type_case()) {
      case Item::kSingleChoice:
        CheckOptions(item.single_choice().options(),
                     where.Field("single_choice"), /*single=*/true);
        break;
      case Item::kMultipleChoice:
        CheckOptions(item.multiple_choice().options(),
                     where.Field("multiple_choice"), /*single=*/false);
        break;
      case Item::kTrueFalse:
        break;
      case Item::kOrdering:
        CheckOrdering(item.ordering(), where.Field("ordering"));
        break;
      case Item::kMatching:
        CheckMatching(item.matching(), where.Field("matching"));
        break;
      case Item::kNumeric:
        if (!(item.numeric().tolerance() >= 0)) {
          Error(where.Field("numeric").Field("tolerance"),
                absl::StrCat("tolerance must be >= 0, got ",
                             item.numeric().tolerance()));
        }
        if (!std::isfinite(item.numeric().answer())) {
          Error(where.Field("numeric").Field("answer"),
                "answer must be a finite number");
        }
        break;
      case Item::kShortText: {
        const Where short_text = where.Field("short_text");
        if (item.short_text().accepted_size() == 0) {
          Error(short_text.Field("accepted"), "no accepted answer");
        }
        for (int i = 0; i < item.short_text().accepted_size(); ++i) {
          if (absl::StripAsciiWhitespace(item.short_text().accepted(i))
                  .empty()) {
            Error(short_text.Field("accepted").Index(i),
                  "accepted answer is empty");
          }
        }
        break;
      }
      case Item::kCodeEntry:
        CheckCodeEntry(item.code_entry(), where.Field("code_entry"));
        break;
      case Item::kCaseItem:
        CheckCase(item, where.Field("case_item"), case_topic != nullptr);
        break;
      case Item::kLikert:
        CheckLikert(item.likert(), where.Field("likert"));
        break;
      case Item::TYPE_NOT_SET:
        Error(where, absl::StrCat("no item type is set; set one of ",
                                  ItemTypeNames()));
        break;
    }
  }

  void CheckOptions(const google::protobuf::RepeatedPtrField<Option>& options,
                    const Where& where, bool single) {
    const Where list = where.Field("options");
    if (options.size() < 2) {
      Error(list,
            absl::StrCat("needs at least 2 options, has ", options.size()));
    }
    int correct = 0;
    std::set<std::string> ids;
    for (int i = 0; i < options.size(); ++i) {
      const Option& option = options[i];
      if (option.correct()) ++correct;
      CheckElementId(option.id(), list.Element(i, option.id()), "option", &ids);
    }
    if (correct == 0) {
      Error(where, "no option is marked correct");
    } else if (single && correct > 1) {
      Error(where, absl::StrCat(correct,
                                " options are marked correct; a single-choice "
                                "item has exactly one (use multiple_choice "
                                "for several)"));
    }
  }

  // Ids of options, steps, prompts and answers: present and unique within
  // their list.
  void CheckElementId(const std::string& id, const Where& where,
                      absl::string_view kind, std::set<std::string>* ids) {
    if (id.empty()) {
      Error(where.Field("id"), absl::StrCat(kind, " id is missing"));
    } else if (id.find_first_of(kElementIdForbidden) != std::string::npos) {
      Error(where.Field("id"),
            absl::StrCat(kind, " id \"", ShownText(id),
                         "\" cannot be named in an answers file; use no "
                         "spaces, ',' or '='"));
    } else if (!ids->insert(id).second) {
      Error(where.Field("id"),
            absl::StrCat("duplicate ", kind, " id \"", ShownText(id), "\""));
    }
  }

  void CheckOrdering(const Ordering& ordering, const Where& where) {
    const Where list = where.Field("steps");
    if (ordering.steps_size() < 2) {
      Error(list, absl::StrCat("needs at least 2 steps, has ",
                               ordering.steps_size()));
    }
    std::set<std::string> ids;
    for (int i = 0; i < ordering.steps_size(); ++i) {
      const std::string& id = ordering.steps(i).id();
      CheckElementId(id, list.Element(i, id), "step", &ids);
    }
  }

  void CheckMatching(const Matching& matching, const Where& where) {
    const Where answers = where.Field("answers");
    std::set<std::string> answer_ids;
    for (int i = 0; i < matching.answers_size(); ++i) {
      const std::string& id = matching.answers(i).id();
      CheckElementId(id, answers.Element(i, id), "answer", &answer_ids);
    }
    const Where prompts = where.Field("prompts");
    if (matching.prompts_size() == 0) Error(prompts, "needs at least 1 prompt");
    std::set<std::string> prompt_ids;
    for (int i = 0; i < matching.prompts_size(); ++i) {
      const auto& prompt = matching.prompts(i);
      const Where at = prompts.Element(i, prompt.id());
      CheckElementId(prompt.id(), at, "prompt", &prompt_ids);
      if (prompt.answer_id().empty()) {
        Error(at.Field("answer_id"), "answer_id is missing");
      } else if (answer_ids.count(prompt.answer_id()) == 0) {
        Error(at.Field("answer_id"),
              absl::StrCat("answer_id \"", ShownText(prompt.answer_id()),
                           "\" names no answer of this item"));
      }
    }
  }

  void CheckCodeEntry(const CodeEntry& entry, const Where& where) {
    const bool has_system =
        entry.system() != quiz::v1::CODE_SYSTEM_UNSPECIFIED &&
        quiz::v1::CodeSystem_IsValid(entry.system());
    if (!has_system) {
      Error(where.Field("system"),
            "code system is missing; set icd10cm, cpt or hcpcs");
    }
    const Where list = where.Field("expected");
    if (entry.expected_size() == 0) Error(list, "no expected code");
    const std::string system_name =
        has_system ? quiz::v1::CodeSystem_Name(entry.system()) : "";
    std::set<std::string> codes;
    for (int i = 0; i < entry.expected_size(); ++i) {
      const auto& expected = entry.expected(i);
      const Where at = list.Index(i);
      if (expected.code().empty()) {
        Error(at.Field("code"), "code is missing");
      } else if (has_system &&
                 !IsWellFormedCode(entry.system(), expected.code())) {
        Error(at.Field("code"),
              absl::StrCat("\"", ShownText(expected.code()),
                           "\" is not a well-formed ", system_name, " code"));
      } else if (!codes.insert(CanonicalCode(expected.code())).second) {
        Error(at.Field("code"),
              absl::StrCat("code \"", ShownText(expected.code()),
                           "\" is expected twice"));
      }
      if (entry.system() == quiz::v1::CODE_SYSTEM_ICD10CM &&
          expected.modifiers_size() > 0) {
        Error(at.Field("modifiers"), "ICD-10-CM codes take no modifiers");
      }
      for (int m = 0; m < expected.modifiers_size(); ++m) {
        if (!IsWellFormedModifier(expected.modifiers(m))) {
          Error(at.Field("modifiers").Index(m),
                absl::StrCat("modifier \"", ShownText(expected.modifiers(m)),
                             "\" is not two letters or digits"));
        }
      }
      if (expected.units() < 0) {
        Error(at.Field("units"), "units must be >= 0");
      }
    }
    // Every credit is a fraction; walking the descriptor keeps this in step
    // with fields added to CodeCredit later.
    const auto& credit = entry.credit();
    const auto* reflection = credit.GetReflection();
    const auto* type = credit.GetDescriptor();
    for (int i = 0; i < type->field_count(); ++i) {
      const auto* field = type->field(i);
      if (field->cpp_type() !=
          google::protobuf::FieldDescriptor::CPPTYPE_DOUBLE) {
        continue;
      }
      const double value = reflection->GetDouble(credit, field);
      if (!(value >= 0 && value <= 1)) {
        Error(
            where.Field("credit").Field(field->name()),
            absl::StrCat(field->name(), " must be within [0, 1], got ", value));
      }
    }
  }

  void CheckCase(const Item& item, const Where& where, bool nested) {
    const CaseItem& case_item = item.case_item();
    if (nested) {
      Error(where, "a case sub-item cannot itself be a case item");
      return;
    }
    if (case_item.scenario().empty()) {
      Error(where.Field("scenario"), "scenario is missing");
    }
    const Where list = where.Field("items");
    if (case_item.items_size() == 0) Error(list, "needs at least 1 sub-item");
    for (int i = 0; i < case_item.items_size(); ++i) {
      const Item& sub_item = case_item.items(i);
      CheckItem(sub_item, list.Element(i, sub_item.id()), &item.topic());
    }
  }

  void CheckLikert(const Likert& likert, const Where& where) {
    const Where list = where.Field("weights");
    if (likert.weights_size() == 0)
      Error(list, "needs at least 1 trait weight");
    for (int i = 0; i < likert.weights_size(); ++i) {
      if (likert.weights(i).trait().empty()) {
        Error(list.Index(i).Field("trait"), "trait name is missing");
      }
    }
  }

  void CheckQuiz(const Quiz& quiz, const Where& where) {
    if (quiz.id().empty()) Error(where.Field("id"), "quiz id is missing");
    if (quiz.title().empty()) Error(where.Field("title"), "title is missing");
    if (quiz.time_limit_seconds() < 0) {
      Error(where.Field("time_limit_seconds"),
            absl::StrCat("time_limit_seconds must be >= 0, got ",
                         quiz.time_limit_seconds()));
    }
    if (quiz.warning_seconds() < 0) {
      Error(where.Field("warning_seconds"),
            absl::StrCat("warning_seconds must be >= 0, got ",
                         quiz.warning_seconds()));
    }
    if (!(quiz.pass_percent() >= 0 && quiz.pass_percent() <= 100)) {
      Error(where.Field("pass_percent"),
            absl::StrCat("pass_percent must be within [0, 100], got ",
                         quiz.pass_percent()));
    }
    std::set<std::string> weighted;
    const Where weights = where.Field("topic_weights");
    for (int i = 0; i < quiz.topic_weights_size(); ++i) {
      const quiz::v1::TopicWeight& weight = quiz.topic_weights(i);
      const Where at = weights.Index(i);
      if (topic_item_counts_.count(weight.topic()) == 0) {
        Error(at.Field("topic"), absl::StrCat("unknown topic \"",
                                              ShownText(weight.topic()), "\""));
      } else if (!weighted.insert(weight.topic()).second) {
        Error(at.Field("topic"),
              absl::StrCat("topic \"", ShownText(weight.topic()),
                           "\" is weighted twice"));
      }
      if (!(weight.weight() > 0)) {
        Error(at.Field("weight"),
              absl::StrCat("weight must be > 0, got ", weight.weight()));
      }
    }
    int item_count = 0;
    DrawState drawn;
    const Where selections = where.Field("selections");
    for (int i = 0; i < quiz.selections_size(); ++i) {
      item_count +=
          CheckSelection(quiz.selections(i), selections.Index(i), &drawn);
    }
    if (quiz.selections_size() == 0) {
      item_count = static_cast<int>(top_level_items_.size());
    }
    if (quiz.mode() == quiz::v1::QUIZ_MODE_EXAM && item_count < kMinExamItems) {
      Warning(
          where.Field("mode"),
          absl::StrCat("exam-mode quiz has ", item_count,
                       " items; an exam usually has at least ", kMinExamItems));
    }
  }

  // What the earlier selections of a quiz take. The server draws each
  // selection from the items not taken yet (server/service/attempt_plan.cc),
  // so a draw can fail on items an earlier selection took. Random draws from
  // the whole bank may take items of any topic; the checks assume the worst.
  struct DrawState {
    std::set<std::string> fixed;                  // ids of fixed selections
    std::map<std::string, int> drawn_from_topic;  // random draws per topic
    int drawn_from_bank = 0;                      // random draws with no topic
    int taken = 0;  // upper bound of all items taken
  };

  // Returns how many items the selection draws, and records them in `drawn`.
  int CheckSelection(const quiz::v1::ItemSelection& selection,
                     const Where& where, DrawState* drawn) {
    std::set<std::string>* fixed = &drawn->fixed;
    if (selection.item_ids_size() > 0) {
      if (!selection.topic().empty() || selection.count() != 0) {
        Warning(where, "topic and count are ignored when item_ids is set");
      }
      for (int i = 0; i < selection.item_ids_size(); ++i) {
        const std::string& id = selection.item_ids(i);
        const Where at = where.Field("item_ids").Index(i);
        if (top_level_items_.count(id) == 0) {
          auto sub_item = sub_item_cases_.find(id);
          if (sub_item != sub_item_cases_.end()) {
            Error(at, absl::StrCat("item \"", ShownText(id),
                                   "\" is a sub-item of case \"",
                                   sub_item->second->id(),
                                   "\"; select the case instead"));
          } else {
            Error(at, absl::StrCat("unknown item id \"", ShownText(id), "\""));
          }
        } else if (!fixed->insert(id).second) {
          Error(at, absl::StrCat("item \"", ShownText(id),
                                 "\" is selected more than once"));
        } else {
          ++drawn->taken;
        }
      }
      return selection.item_ids_size();
    }
    int available = static_cast<int>(top_level_items_.size());
    std::string pool = "the bank";
    if (!selection.topic().empty()) {
      auto topic = topic_item_counts_.find(selection.topic());
      if (topic == topic_item_counts_.end()) {
        Error(where.Field("topic"),
              absl::StrCat("unknown topic \"", ShownText(selection.topic()),
                           "\""));
        return selection.count();
      }
      available = topic->second;
      pool = absl::StrCat("topic \"", ShownText(selection.topic()), "\"");
    }
    if (selection.count() < 0) {
      Error(where.Field("count"),
            absl::StrCat("count must be >= 0, got ", selection.count()));
      return 0;
    }
    if (selection.count() > available) {
      Error(where.Field("count"),
            absl::StrCat("cannot draw ", selection.count(), " items from ",
                         pool, ", which has ", available));
    } else if (available == 0) {
      Error(where,
            absl::StrCat("random draw from ", pool, ", which has no items"));
    } else {
      CheckDrawLeft(selection, where, pool, available, drawn);
    }
    return selection.count() > 0 ? selection.count() : available;
  }

  // A satisfiable draw taken alone: checks it against what the earlier
  // selections may have taken from its pool, and records what it takes.
  void CheckDrawLeft(const quiz::v1::ItemSelection& selection,
                     const Where& where, const std::string& pool, int available,
                     DrawState* drawn) {
    int taken_before = drawn->taken;
    if (!selection.topic().empty()) {
      int fixed_in_topic = 0;
      for (const std::string& id : drawn->fixed) {
        if (top_level_items_.at(id)->topic() == selection.topic()) {
          ++fixed_in_topic;
        }
      }
      taken_before =
          std::min(available, fixed_in_topic +
                                  drawn->drawn_from_topic[selection.topic()] +
                                  drawn->drawn_from_bank);
    }
    const int left = std::max(0, available - taken_before);
    if (selection.count() > left) {
      Error(where.Field("count"),
            absl::StrCat("cannot always draw ", selection.count(),
                         " items from ", pool, ", which has ", available,
                         ": earlier selections of this quiz may take up to ",
                         taken_before, " of them"));
    }
    // "count: 0" takes everything left; at most what no earlier selection
    // is sure to have taken.
    const int count =
        selection.count() > 0
            ? selection.count()
            : std::max(
                  0, available - (selection.topic().empty()
                                      ? drawn->taken
                                      : taken_before - drawn->drawn_from_bank));
    drawn->taken += count;
    if (selection.topic().empty()) {
      drawn->drawn_from_bank += count;
    } else {
      drawn->drawn_from_topic[selection.topic()] += count;
    }
  }

  const Bank& bank_;
  std::vector<BankFinding> findings_;
  int64_t left_out_ = 0;  // findings past kMaxBankFindings
  // Topic id -> number of top-level items in it.
  std::map<std::string, int> topic_item_counts_;
  std::map<std::string, const Item*> top_level_items_;
  // Sub-item id -> its case.
  std::map<std::string, const Item*> sub_item_cases_;
};

}  // namespace

const TextKind* DeclaredTextKind(
    const google::protobuf::FieldDescriptor* field) {
  auto kind = TextKinds().find(field->full_name());
  return kind == TextKinds().end() ? nullptr : &kind->second;
}

std::vector<BankFinding> FindBankProblems(const Bank& bank) {
  std::vector<BankFinding> findings = BankChecker(bank).Run();
  for (BankFinding& finding : FindPastedCptText(bank)) {
    findings.push_back(std::move(finding));
  }
  return findings;
}

std::vector<Diagnostic> CheckBank(const Bank& bank) {
  std::vector<Diagnostic> diagnostics;
  for (BankFinding& finding : FindBankProblems(bank)) {
    Diagnostic diagnostic;
    diagnostic.severity = finding.severity;
    diagnostic.message = std::move(finding.message);
    diagnostics.push_back(std::move(diagnostic));
  }
  return diagnostics;
}

}  // namespace question_bank
