#include "server/service/audit_record.h"

#include <array>
#include <memory>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "google/protobuf/descriptor.h"
#include "google/protobuf/util/json_util.h"
#include "question_bank/typed/shown_text.h"
#include "server/access/policy.h"

namespace service {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

constexpr std::string_view kRedacted = "[redacted]";

// Parts of field names that mark a secret, and whole names that do.
constexpr std::array<std::string_view, 9> kSecretNameParts = {
    "password",   "passwd",      "passphrase", "secret", "token",
    "credential", "private_key", "api_key",    "hash"};
constexpr std::array<std::string_view, 2> kSecretNames = {"key",
                                                          "authorization"};

// Messages recorded by a few fields only, wherever a request holds them: a
// bank can be hundreds of megabytes, and its id says which it was. A
// request holding one acts on "{collection}/{id}".
struct CompactMessage {
  std::string_view type;
  std::array<std::string_view, 2> fields;
  std::string_view collection;
};
constexpr std::array<CompactMessage, 1> kCompactMessages = {
    {{"quiz.v1.Bank", {"id", "version"}, "banks"}}};

// Fields of a reply that identify what a call made or changed.
constexpr std::array<std::string_view, 7> kReplyIdentityFields = {
    "name", "id", "version", "to_version", "unchanged", "prefix", "key_prefix"};

// Request fields that, when true, make a call a check that changes nothing.
constexpr std::array<const char*, 2> kCheckOnlyFields = {"validate_only",
                                                         "dry_run"};

// How much of a request a summary keeps.
struct Limits {
  size_t chars;  // per string
  int list;      // elements per repeated field
  int depth;     // levels of nested messages below the request
};
constexpr std::array<Limits, 3> kTighterLimits = {
    {{120, 10, 4}, {40, 3, 2}, {40, 3, 0}}};

template <size_t N>
bool Contains(const std::array<std::string_view, N>& names,
              std::string_view name) {
  for (std::string_view listed : names) {
    if (listed == name) return true;
  }
  return false;
}

const CompactMessage* FindCompact(const Descriptor& type) {
  for (const CompactMessage& compact : kCompactMessages) {
    if (compact.type == type.full_name()) return &compact;
  }
  return nullptr;
}

// `value` cut to `max_chars` code points, with "..." when cut. Request
// strings are valid UTF-8 (checked at the boundary); AuditText escapes.
std::string Cut(const std::string& value, size_t max_chars) {
  size_t at = 0;
  for (size_t chars = 0; at < value.size() && chars < max_chars; ++chars) {
    const size_t length = typed::Utf8SequenceLength(value, at);
    at += length == 0 ? 1 : length;
  }
  if (at >= value.size()) return value;
  return absl::StrCat(value.substr(0, at), "...");
}

// Copies one value of `field` (index `i` when repeated) from `src` into
// `dst`, appending when repeated. Strings are cut; messages are copied by
// `copy_message`.
template <typename CopyMessage>
void CopyValue(const Message& src, Message* dst, const FieldDescriptor* field,
               int i, size_t max_chars, const CopyMessage& copy_message) {
  const Reflection* from = src.GetReflection();
  const Reflection* to = dst->GetReflection();
  const bool repeated = field->is_repeated();
  switch (field->cpp_type()) {
#define AUDIT_COPY(CPPTYPE, Type)                                        \
  case FieldDescriptor::CPPTYPE:                                         \
    if (repeated) {                                                      \
      to->Add##Type(dst, field, from->GetRepeated##Type(src, field, i)); \
    } else {                                                             \
      to->Set##Type(dst, field, from->Get##Type(src, field));            \
    }                                                                    \
    break;
    AUDIT_COPY(CPPTYPE_INT32, Int32)
    AUDIT_COPY(CPPTYPE_INT64, Int64)
    AUDIT_COPY(CPPTYPE_UINT32, UInt32)
    AUDIT_COPY(CPPTYPE_UINT64, UInt64)
    AUDIT_COPY(CPPTYPE_DOUBLE, Double)
    AUDIT_COPY(CPPTYPE_FLOAT, Float)
    AUDIT_COPY(CPPTYPE_BOOL, Bool)
    AUDIT_COPY(CPPTYPE_ENUM, EnumValue)
#undef AUDIT_COPY
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string value = Cut(repeated ? from->GetRepeatedString(src, field, i)
                                       : from->GetString(src, field),
                              max_chars);
      if (repeated) {
        to->AddString(dst, field, std::move(value));
      } else {
        to->SetString(dst, field, std::move(value));
      }
      break;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE:
      if (repeated) {
        copy_message(from->GetRepeatedMessage(src, field, i),
                     to->AddMessage(dst, field));
      } else {
        copy_message(from->GetMessage(src, field),
                     to->MutableMessage(dst, field));
      }
      break;
  }
}

// Sets a secret field of `dst` to "[redacted]" when it holds text, so the
// trail shows that one was sent; other secret fields are left out.
void Redact(Message* dst, const FieldDescriptor* field) {
  if (field->type() != FieldDescriptor::TYPE_STRING) return;
  const Reflection* to = dst->GetReflection();
  if (field->is_repeated()) {
    to->AddString(dst, field, std::string(kRedacted));
  } else {
    to->SetString(dst, field, std::string(kRedacted));
  }
}

// Copies `src` into `dst` (of the same type) within `limits`, secrets
// redacted, bytes left out, compact messages by their listed fields.
void CopyCompact(const Message& src, Message* dst, const Limits& limits,
                 int depth) {
  const CompactMessage* compact = FindCompact(*src.GetDescriptor());
  std::vector<const FieldDescriptor*> fields;
  src.GetReflection()->ListFields(src, &fields);
  for (const FieldDescriptor* field : fields) {
    if (compact != nullptr && !Contains(compact->fields, field->name())) {
      continue;
    }
    if (IsSecretFieldName(field->name())) {
      Redact(dst, field);
      continue;
    }
    if (field->type() == FieldDescriptor::TYPE_BYTES) continue;
    if (field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE &&
        depth >= limits.depth) {
      continue;
    }
    auto copy_message = [&](const Message& from, Message* to) {
      CopyCompact(from, to, limits, depth + 1);
    };
    if (field->is_repeated()) {
      const int size = src.GetReflection()->FieldSize(src, field);
      for (int i = 0; i < size && i < limits.list; ++i) {
        CopyValue(src, dst, field, i, limits.chars, copy_message);
      }
    } else {
      CopyValue(src, dst, field, 0, limits.chars, copy_message);
    }
  }
}

// Copies the identity fields of `src` into `dst`: singular scalars named in
// kReplyIdentityFields, at the top and in singular message fields one level
// down.
void CopyIdentity(const Message& src, Message* dst, int depth) {
  std::vector<const FieldDescriptor*> fields;
  src.GetReflection()->ListFields(src, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated() || IsSecretFieldName(field->name()) ||
        field->type() == FieldDescriptor::TYPE_BYTES) {
      continue;
    }
    const bool message = field->cpp_type() == FieldDescriptor::CPPTYPE_MESSAGE;
    if (message ? depth > 0 : !Contains(kReplyIdentityFields, field->name())) {
      continue;
    }
    CopyValue(src, dst, field, 0, 120, [&](const Message& from, Message* to) {
      CopyIdentity(from, to, depth + 1);
    });
  }
}

std::string ToJson(const Message& message) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(message, &json, options)
           .ok()) {
    return "{}";
  }
  return json;
}

// A string field of `message` named `name`, or "".
std::string StringField(const Message& message, const char* name) {
  const FieldDescriptor* field = message.GetDescriptor()->FindFieldByName(name);
  if (field == nullptr || field->is_repeated() ||
      field->cpp_type() != FieldDescriptor::CPPTYPE_STRING) {
    return "";
  }
  return message.GetReflection()->GetString(message, field);
}

// The name of `message`, or of its first singular message field that has
// one.
std::string NameOf(const Message& message) {
  std::string name = StringField(message, "name");
  if (!name.empty()) return name;
  std::vector<const FieldDescriptor*> fields;
  message.GetReflection()->ListFields(message, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    name = StringField(message.GetReflection()->GetMessage(message, field),
                       "name");
    if (!name.empty()) return name;
  }
  return "";
}

}  // namespace

bool IsAuditedMethod(std::string_view method) {
  const policy::Rule* rule =
      policy::FindRule(absl::string_view(method.data(), method.size()));
  return rule != nullptr && rule->audited;
}

bool IsSecretFieldName(std::string_view name) {
  const std::string lower =
      absl::AsciiStrToLower(absl::string_view(name.data(), name.size()));
  if (Contains(kSecretNames, lower)) return true;
  for (std::string_view part : kSecretNameParts) {
    if (lower.find(part) != std::string::npos) return true;
  }
  return false;
}

bool ShouldRecord(const auth::Principal& principal, const Message& request,
                  const absl::Status& status) {
  if (principal.user_id == 0) return false;
  if (absl::IsPermissionDenied(status)) return true;
  if (!status.ok()) return false;
  if (principal.role == quiz::v1::ROLE_STUDENT && principal.api_key_id == 0) {
    return false;
  }
  for (const char* name : kCheckOnlyFields) {
    const FieldDescriptor* field =
        request.GetDescriptor()->FindFieldByName(name);
    if (field != nullptr && !field->is_repeated() &&
        field->cpp_type() == FieldDescriptor::CPPTYPE_BOOL &&
        request.GetReflection()->GetBool(request, field)) {
      return false;
    }
  }
  return true;
}

std::string AuditSummary(const Message& request, const Message* reply) {
  std::string reply_part;
  if (reply != nullptr) {
    std::unique_ptr<Message> identity(reply->New());
    CopyIdentity(*reply, identity.get(), 0);
    if (identity->ByteSizeLong() > 0) {
      reply_part = absl::StrCat(",\"reply\":", ToJson(*identity));
    }
  }
  for (const Limits& limits : kTighterLimits) {
    std::unique_ptr<Message> compact(request.New());
    CopyCompact(request, compact.get(), limits, 0);
    std::string summary =
        absl::StrCat("{\"request\":", ToJson(*compact), reply_part, "}");
    if (summary.size() <= kMaxSummaryBytes) return summary;
  }
  return absl::StrCat("{\"request\":{},\"cut\":true", reply_part, "}");
}

std::string AuditResource(const Message& request, const Message* reply) {
  std::string name = StringField(request, "name");
  if (!name.empty()) return Cut(name, 200);
  std::vector<const FieldDescriptor*> fields;
  request.GetReflection()->ListFields(request, &fields);
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_STRING ||
        IsSecretFieldName(field->name())) {
      continue;
    }
    const std::string value =
        request.GetReflection()->GetString(request, field);
    if (absl::StrContains(value, '/')) return Cut(value, 200);
  }
  for (const FieldDescriptor* field : fields) {
    if (field->is_repeated() ||
        field->cpp_type() != FieldDescriptor::CPPTYPE_MESSAGE) {
      continue;
    }
    const CompactMessage* compact = FindCompact(*field->message_type());
    const Message& held = request.GetReflection()->GetMessage(request, field);
    const std::string id = compact == nullptr ? "" : StringField(held, "id");
    if (!id.empty())
      return Cut(std::string(compact->collection) + "/" + id, 200);
  }
  if (reply != nullptr) return Cut(NameOf(*reply), 200);
  return "";
}

std::string AuditText(std::string_view value, size_t max_chars) {
  std::string out;
  size_t chars = 0;
  for (size_t i = 0; i < value.size(); ++chars) {
    if (chars == max_chars) return absl::StrCat(out, "...");
    const size_t length = typed::Utf8SequenceLength(value, i);
    const unsigned char c = static_cast<unsigned char>(value[i]);
    const bool c1 = length == 2 && c == 0xc2 &&
                    static_cast<unsigned char>(value[i + 1]) < 0xa0;
    if (length == 0 || c < 0x20 || c == 0x7f || c1) {
      absl::StrAppend(&out, absl::StrFormat("\\x%02x", c));
      ++i;
      continue;
    }
    out.append(value.substr(i, length));
    i += length;
  }
  return out;
}

store::AuditEventRecord MakeAuditEvent(
    const auth::Principal& principal, std::string_view method,
    const Message& request, const Message* reply, const absl::Status& status,
    std::string_view peer, std::string_view user_agent, int64_t time_ms) {
  // A refused call made nothing: its reply says nothing.
  if (!status.ok()) reply = nullptr;
  store::AuditEventRecord event;
  event.time_ms = time_ms;
  event.actor_user_id = principal.user_id;
  event.actor = absl::StrCat("users/", principal.username);
  event.actor_role = principal.role;
  event.api_key_id = principal.api_key_id;
  event.method = std::string(method);
  event.resource = AuditResource(request, reply);
  event.summary = AuditSummary(request, reply);
  event.peer = AuditText(peer);
  event.user_agent = AuditText(user_agent);
  event.status_code = static_cast<int>(status.code());
  return event;
}

}  // namespace service
