#include "server/text/request_text.h"

#include <cstdint>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

namespace text {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

// The kinds of text requests carry. The proto comments of the fields that
// allow line breaks say so.
constexpr FieldRule kId{200, false};       // ids, resource names, usernames
constexpr FieldRule kToken{1024, false};   // page tokens
constexpr FieldRule kSecret{1024, false};  // passwords
constexpr FieldRule kTitle{500, false};    // titles
constexpr FieldRule kLine{1000, false};    // one typed line (answers, units)
constexpr FieldRule kUrl{2048, false};     // reference links
constexpr FieldRule kProse{20000, true};   // stems, rationales, feedback
constexpr FieldRule kEmail{254, false};    // email addresses (RFC 5321)

// Every string field a request can reach, by full name.
const absl::flat_hash_map<std::string, FieldRule>& Rules() {
  static const auto* const rules =
      new absl::flat_hash_map<std::string, FieldRule>{
          // auth_service.proto
          {"quiz.v1.LoginRequest.username", kId},
          {"quiz.v1.LoginRequest.password", kSecret},
          {"quiz.v1.User.name", kId},
          {"quiz.v1.User.username", kId},
          {"quiz.v1.User.display_name", kId},
          {"quiz.v1.User.email", kEmail},
          {"quiz.v1.User.external_id", kId},
          // user_service.proto
          {"quiz.v1.CreateUserRequest.password", kSecret},
          {"quiz.v1.UpsertUserEntry.password", kSecret},
          {"quiz.v1.GetUserRequest.name", kId},
          {"quiz.v1.ListUsersRequest.page_token", kToken},
          {"quiz.v1.UpdateUserRequest.name", kId},
          {"quiz.v1.UpdateUserRequest.update_mask", kId},
          {"quiz.v1.SetPasswordRequest.name", kId},
          {"quiz.v1.SetPasswordRequest.password", kSecret},
          {"quiz.v1.DeleteUserRequest.name", kId},
          {"quiz.v1.ChangePasswordRequest.old_password", kSecret},
          {"quiz.v1.ChangePasswordRequest.new_password", kSecret},
          {"quiz.v1.RevokeSessionRequest.id", kId},
          // assignment_service.proto (Assignment, AssignmentOverride: in
          // course.proto)
          {"quiz.v1.Assignment.name", kId},
          {"quiz.v1.Assignment.course", kId},
          {"quiz.v1.Assignment.quiz", kId},
          {"quiz.v1.Assignment.title", kTitle},
          {"quiz.v1.Assignment.external_id", kId},
          {"quiz.v1.AssignmentOverride.assignment", kId},
          {"quiz.v1.AssignmentOverride.user", kId},
          {"quiz.v1.CreateAssignmentRequest.request_id", kId},
          {"quiz.v1.GetAssignmentRequest.name", kId},
          {"quiz.v1.ListAssignmentsRequest.course", kId},
          {"quiz.v1.ListAssignmentsRequest.page_token", kToken},
          {"quiz.v1.UpdateAssignmentRequest.update_mask", kId},
          {"quiz.v1.DeleteAssignmentRequest.name", kId},
          {"quiz.v1.ListOverridesRequest.assignment", kId},
          {"quiz.v1.DeleteOverrideRequest.assignment", kId},
          {"quiz.v1.DeleteOverrideRequest.user", kId},
          {"quiz.v1.ReopenAttemptRequest.attempt", kId},
          // attempt_service.proto
          {"quiz.v1.StartAttemptRequest.quiz", kId},
          {"quiz.v1.StartAttemptRequest.request_id", kId},
          {"quiz.v1.StartAttemptRequest.assignment", kId},
          {"quiz.v1.PlannedAnswer.item_id", kId},
          {"quiz.v1.PlannedAnswer.ids", kId},
          {"quiz.v1.GetAttemptRequest.name", kId},
          {"quiz.v1.ListAttemptsRequest.page_token", kToken},
          {"quiz.v1.ListAttemptsRequest.user", kId},
          {"quiz.v1.SubmitResponseRequest.attempt", kId},
          {"quiz.v1.SubmitResponseRequest.item_id", kId},
          {"quiz.v1.SubmitResponseRequest.request_id", kId},
          {"quiz.v1.FlagItemRequest.attempt", kId},
          {"quiz.v1.FlagItemRequest.item_id", kId},
          {"quiz.v1.FinishAttemptRequest.name", kId},
          {"quiz.v1.FinishAttemptRequest.request_id", kId},
          // attempt.proto: responses
          {"quiz.v1.Response.numeric", kLine},
          {"quiz.v1.Response.text", kLine},
          {"quiz.v1.Response.codes", kLine},
          {"quiz.v1.ChoiceAnswer.option_ids", kId},
          {"quiz.v1.OrderingAnswer.step_ids", kId},
          {"quiz.v1.MatchPair.prompt_id", kId},
          {"quiz.v1.MatchPair.answer_id", kId},
          {"quiz.v1.PartResponse.item_id", kId},
          // bank_service.proto and quiz_service.proto
          {"quiz.v1.ListBanksRequest.page_token", kToken},
          {"quiz.v1.GetBankRequest.name", kId},
          {"quiz.v1.ListBankVersionsRequest.bank", kId},
          {"quiz.v1.ListBankVersionsRequest.page_token", kToken},
          {"quiz.v1.ExportBankRequest.name", kId},
          {"quiz.v1.RegradeRequest.quiz", kId},
          {"quiz.v1.ListBankOwnersRequest.bank", kId},
          {"quiz.v1.AddBankOwnerRequest.bank", kId},
          {"quiz.v1.AddBankOwnerRequest.user", kId},
          {"quiz.v1.RemoveBankOwnerRequest.bank", kId},
          {"quiz.v1.RemoveBankOwnerRequest.user", kId},
          {"quiz.v1.ListQuizzesRequest.page_token", kToken},
          {"quiz.v1.GetQuizRequest.name", kId},
          // progress_service.proto
          {"quiz.v1.GetProgressRequest.user", kId},
          {"quiz.v1.ListProgressRequest.page_token", kToken},
          {"quiz.v1.GetReadinessRequest.quiz", kId},
          {"quiz.v1.GetReadinessRequest.user", kId},
          {"quiz.v1.ListDueReviewsRequest.topic", kId},
          {"quiz.v1.AnswerReviewRequest.bank", kId},
          {"quiz.v1.AnswerReviewRequest.item_id", kId},
          {"quiz.v1.AnswerReviewRequest.request_id", kId},
          {"quiz.v1.GetCareerProfileRequest.user", kId},
          {"quiz.v1.WatchProgressRequest.users", kId},
          // integration_service.proto
          {"quiz.v1.CreateServiceAccountRequest.username", kId},
          {"quiz.v1.ListServiceAccountsRequest.page_token", kToken},
          {"quiz.v1.DeleteServiceAccountRequest.name", kId},
          {"quiz.v1.CreateApiKeyRequest.service_account", kId},
          {"quiz.v1.CreateApiKeyRequest.label", kId},
          {"quiz.v1.ListApiKeysRequest.service_account", kId},
          {"quiz.v1.ListApiKeysRequest.page_token", kToken},
          {"quiz.v1.RevokeApiKeyRequest.name", kId},
          {"quiz.v1.IssueLearnerTokenRequest.username", kId},
          {"quiz.v1.IssueLearnerTokenRequest.external_id", kId},
          // course_service.proto
          {"quiz.v1.CreateCourseRequest.course_id", kId},
          {"quiz.v1.CreateCourseRequest.title", kId},
          {"quiz.v1.CreateCourseRequest.term", kId},
          {"quiz.v1.CreateCourseRequest.external_id", kId},
          {"quiz.v1.GetCourseRequest.name", kId},
          {"quiz.v1.ListCoursesRequest.page_token", kToken},
          {"quiz.v1.UpdateCourseRequest.name", kId},
          {"quiz.v1.UpdateCourseRequest.title", kId},
          {"quiz.v1.UpdateCourseRequest.term", kId},
          {"quiz.v1.UpdateCourseRequest.external_id", kId},
          {"quiz.v1.BatchUpdateMembersRequest.course", kId},
          {"quiz.v1.MemberUpdate.user", kId},
          {"quiz.v1.MemberUpdate.user_external_id", kId},
          {"quiz.v1.ListMembersRequest.course", kId},
          {"quiz.v1.ListMembersRequest.page_token", kToken},
          // audit_service.proto
          {"quiz.v1.ListAuditEventsRequest.actor", kId},
          {"quiz.v1.ListAuditEventsRequest.method", kId},
          {"quiz.v1.ListAuditEventsRequest.resource_prefix", kId},
          {"quiz.v1.ListAuditEventsRequest.page_token", kToken},
          // gradebook_service.proto
          {"quiz.v1.ListResultsRequest.parent", kId},
          {"quiz.v1.ListResultsRequest.user", kId},
          {"quiz.v1.ListResultsRequest.page_token", kToken},
          // event_service.proto (ListEventsRequest and WatchEventsRequest
          // reach these through their filter)
          {"quiz.v1.EventFilter.course", kId},
          {"quiz.v1.EventFilter.user", kId},
      };
  return *rules;
}

// Decodes one UTF-8 sequence at `i`, strictly (no overlong forms, no
// surrogates, nothing past U+10FFFF). Returns the code point and advances
// `i`, or returns -1.
int32_t DecodeUtf8(absl::string_view s, size_t& i) {
  const auto byte = [&](size_t k) { return static_cast<uint8_t>(s[k]); };
  const uint8_t lead = byte(i);
  if (lead < 0x80) {
    ++i;
    return lead;
  }
  int length;
  int32_t min;
  int32_t cp;
  if ((lead & 0xE0) == 0xC0) {
    length = 2, min = 0x80, cp = lead & 0x1F;
  } else if ((lead & 0xF0) == 0xE0) {
    length = 3, min = 0x800, cp = lead & 0x0F;
  } else if ((lead & 0xF8) == 0xF0) {
    length = 4, min = 0x10000, cp = lead & 0x07;
  } else {
    return -1;
  }
  if (i + length > s.size()) return -1;
  for (int k = 1; k < length; ++k) {
    if ((byte(i + k) & 0xC0) != 0x80) return -1;
    cp = (cp << 6) | (byte(i + k) & 0x3F);
  }
  if (cp < min || cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF)) return -1;
  i += length;
  return cp;
}

bool IsLineBreak(int32_t cp) { return cp == '\n' || cp == '\r' || cp == '\t'; }

bool IsControl(int32_t cp) {
  return cp < 0x20 || (cp >= 0x7F && cp <= 0x9F) || cp == 0x2028 ||
         cp == 0x2029 || (cp >= 0x202A && cp <= 0x202E) ||
         (cp >= 0x2066 && cp <= 0x2069);
}

absl::Status CheckField(const Message& message, const FieldDescriptor& field,
                        const std::string& path);

// A bank's text has rules of its own per kind of field (ids, titles, option
// texts, prose: question_bank::DeclaredTextKind), applied by the bank checks
// on every path that accepts a bank (CreateBankVersion, UploadBankVersion,
// bank files) before anything is stored. One table for bank text, not two.
bool IsBank(const FieldDescriptor& field) {
  return field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
         field.message_type()->full_name() == kBankMessage;
}

absl::Status CheckMessageAt(const Message& message, const std::string& prefix) {
  const Reflection& reflection = *message.GetReflection();
  std::vector<const FieldDescriptor*> fields;
  reflection.ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if ((field->type() != FieldDescriptor::TYPE_STRING &&
         field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) ||
        IsBank(*field)) {
      continue;  // bytes are not text; numbers and enums have no text
    }
    absl::Status status =
        CheckField(message, *field, absl::StrCat(prefix, field->name()));
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

absl::Status CheckField(const Message& message, const FieldDescriptor& field,
                        const std::string& path) {
  const Reflection& reflection = *message.GetReflection();
  const FieldRule* listed = ListedRule(field);
  const FieldRule& rule = listed != nullptr ? *listed : kDefaultRule;
  std::string scratch;
  if (!field.is_repeated()) {
    if (field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE) {
      return CheckMessageAt(reflection.GetMessage(message, &field), path + ".");
    }
    return CheckText(reflection.GetStringReference(message, &field, &scratch),
                     rule, path);
  }
  const int size = reflection.FieldSize(message, &field);
  for (int i = 0; i < size; ++i) {
    const std::string at = absl::StrCat(path, "[", i, "]");
    absl::Status status =
        field.cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE
            ? CheckMessageAt(reflection.GetRepeatedMessage(message, &field, i),
                             at + ".")
            : CheckText(reflection.GetRepeatedStringReference(message, &field,
                                                              i, &scratch),
                        rule, at);
    if (!status.ok()) return status;
  }
  return absl::OkStatus();
}

}  // namespace

const FieldRule* ListedRule(const FieldDescriptor& field) {
  const auto& rules = Rules();
  auto found = rules.find(field.full_name());
  return found == rules.end() ? nullptr : &found->second;
}

absl::Status CheckText(absl::string_view value, const FieldRule& rule,
                       absl::string_view path) {
  int chars = 0;
  for (size_t i = 0; i < value.size();) {
    const size_t at = i;
    const int32_t cp = DecodeUtf8(value, i);
    if (cp < 0) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": not valid UTF-8 (at byte ", at + 1, ")"));
    }
    if (++chars > rule.max_chars) {
      return absl::InvalidArgumentError(
          absl::StrCat(path, ": longer than ", rule.max_chars, " characters"));
    }
    if (IsControl(cp) && !(rule.line_breaks && IsLineBreak(cp))) {
      return absl::InvalidArgumentError(absl::StrCat(
          path, ": control character ", absl::StrFormat("U+%04X", cp),
          " at character ", chars,
          rule.line_breaks ? " (only line breaks and tabs are allowed)"
                           : " (one line of printable text is allowed)"));
    }
  }
  return absl::OkStatus();
}

absl::Status CheckMessageText(const Message& message) {
  return CheckMessageAt(message, "");
}

std::string QuoteForLog(absl::string_view value) {
  constexpr size_t kMaxLogged = 200;
  const bool cut = value.size() > kMaxLogged;
  return absl::StrCat("\"", absl::CEscape(value.substr(0, kMaxLogged)), "\"",
                      cut ? "..." : "");
}

}  // namespace text
