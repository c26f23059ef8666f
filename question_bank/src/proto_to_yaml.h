// A generic protobuf -> YAML writer driven by reflection, the inverse of
// yaml_to_proto.h: ParseYamlToMessage reads its output back to an equal
// message.
#ifndef QUIZD_QUESTION_BANK_SRC_PROTO_TO_YAML_H_
#define QUIZD_QUESTION_BANK_SRC_PROTO_TO_YAML_H_

#include <string>

#include "google/protobuf/message.h"

namespace question_bank {

// Writes the fields of `message` that are set (proto3: non-default; oneof
// members and message fields when present, even if empty) in field-number
// order. Enums are written by value name, numbers in their shortest exact
// form, multi-line strings as literal blocks when that round-trips and
// double-quoted otherwise. Ends with a newline.
std::string MessageToYaml(const google::protobuf::Message& message);

}  // namespace question_bank

#endif  // QUIZD_QUESTION_BANK_SRC_PROTO_TO_YAML_H_
