#include "client/case_entry.h"

#include <utility>

#include "absl/status/statusor.h"
#include "client/format.h"

namespace client {

CaseEntry EnterCaseParts(const quiz::v1::Item& case_item,
                         std::vector<quiz::v1::Response> answers,
                         const PartInput& first, const CaseEntryIo& io) {
  const auto& parts = case_item.case_item().items();
  std::ostream& out = *io.out;
  CaseEntry entry;
  int part = 0;
  PartInput input = first;
  while (true) {
    bool moved = false;
    switch (input.kind) {
      case PartInput::Kind::kAnswer:
        answers[part++] = input.response;
        moved = true;
        break;
      case PartInput::Kind::kSkip:
        answers[part++].Clear();
        moved = true;
        break;
      case PartInput::Kind::kKeep:
        ++part;
        moved = true;
        break;
      case PartInput::Kind::kBack:
        if (part == 0) {
          out << "This is the first part.\n";
        } else {
          --part;
          moved = true;
        }
        break;
      case PartInput::Kind::kCancel:
        return {CaseEntry::End::kCancelled, part, {}};
      case PartInput::Kind::kQuit:
        return {CaseEntry::End::kQuit, part, {}};
      case PartInput::Kind::kHelp:
        out << PartInputHelp();
        break;
    }
    if (part == parts.size()) break;
    if (moved) io.show_part(part, answers[part]);
    if (io.before_read) io.before_read();
    while (true) {
      std::string line;
      if (!io.read_line(line)) return {CaseEntry::End::kEndOfInput, part, {}};
      absl::StatusOr<PartInput> parsed = ParsePartInput(
          line, parts[part],
          answers[part].answer_case() != quiz::v1::Response::ANSWER_NOT_SET);
      if (parsed.ok()) {
        input = *std::move(parsed);
        break;
      }
      out << Printable(parsed.status().message()) << "\n";
    }
  }
  entry.part = part;
  entry.answers = std::move(answers);
  return entry;
}

quiz::v1::Response GatherCaseAnswer(const quiz::v1::Item& case_item,
                                    std::vector<quiz::v1::Response> answers,
                                    std::vector<int>* blank) {
  const auto& parts = case_item.case_item().items();
  quiz::v1::Response response;
  for (int i = 0; i < parts.size(); ++i) {
    if (answers[i].answer_case() == quiz::v1::Response::ANSWER_NOT_SET) {
      blank->push_back(i + 1);
      continue;
    }
    quiz::v1::PartResponse* given = response.mutable_case_answer()->add_parts();
    given->set_item_id(parts[i].id());
    *given->mutable_response() = std::move(answers[i]);
  }
  return response;
}

}  // namespace client
