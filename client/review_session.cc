#include "client/review_session.h"

#include <cmath>
#include <istream>
#include <optional>
#include <ostream>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "client/case_entry.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/input.h"
#include "client/item_render.h"
#include "client/take.h"

namespace client {
namespace {

using quiz::v1::AttemptItem;
using quiz::v1::ReviewCard;

constexpr char kReviewHelp[] = R"(Review: answer each item as in `quiz take`:
  b            choose option B
  a,c  or  ac  choose several options (select all that apply)
  t / f        true or false
  cab          ordering: step letters, first to last
  1b 2a        matching: prompt number and answer letter
  4            likert: position on the scale
  text         numbers, codes (E11.9, I10) and short text as typed
  =TEXT        TEXT as the answer even if it reads like a command
  A case asks for each part on its own line (skip, back, cancel, q).
Commands:
  s, skip      skip this item (it stays due)
  q            stop the review
  ?            this help
)";

// "in 1 day", "in 6 days" (to the nearest day from 20 hours on: the
// schedule is in days, counted from the answer), "in 3h 05m".
std::string DueIn(absl::Duration left) {
  if (left >= absl::Hours(20)) {
    const int64_t days = std::llround(absl::ToDoubleHours(left) / 24);
    return absl::StrCat("in ", days, days == 1 ? " day" : " days");
  }
  return absl::StrCat("in ", FormatElapsed(left));
}

// The AttemptItem the item renderers take for a card.
AttemptItem Shown(const ReviewCard& card, int position) {
  AttemptItem shown;
  shown.set_position(position);
  *shown.mutable_item() = card.item();
  shown.set_topic_title(card.topic_title());
  return shown;
}

class Reviewer {
 public:
  Reviewer(Session& session, const ReviewOptions& options, const ReviewIo& io)
      : session_(session), options_(options), io_(io), out_(*io.out) {}

  absl::StatusOr<ReviewResult> Run();

 private:
  enum class Step { kAnswered, kSkipped, kStop };
  struct Entry {
    Step step = Step::kSkipped;
    quiz::v1::Response response;  // kAnswered only
  };

  // Shows card `index`, reads its answer and sends it.
  absl::StatusOr<Step> Review(int index);
  // Reads an answer to the shown card: a whole answer, or a case's parts.
  Entry ReadAnswer(const AttemptItem& shown);
  // The parts of a case after `first`, typed for part 1.
  Entry EnterCase(const AttemptItem& shown, const PartInput& first);
  void ShowOutcome(int index, const quiz::v1::Response& response,
                   const quiz::v1::AnswerReviewResponse& reply);
  // Reads a line; false at end of input.
  bool ReadLine(std::string& line);
  int total() const { return static_cast<int>(cards_.size()); }

  Session& session_;
  const ReviewOptions& options_;
  const ReviewIo& io_;
  std::ostream& out_;
  std::vector<ReviewCard> cards_;
  ReviewResult result_;
};

bool Reviewer::ReadLine(std::string& line) {
  if (io_.interactive) out_ << "review> " << std::flush;
  if (!std::getline(*io_.in, line)) {
    if (io_.interactive) out_ << "\n";
    return false;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  if (!io_.interactive) out_ << "review> " << Printable(line) << "\n";
  return true;
}

Reviewer::Entry Reviewer::EnterCase(const AttemptItem& shown,
                                    const PartInput& first) {
  const auto& parts = shown.item().case_item().items();
  CaseEntryIo io;
  io.out = &out_;
  io.read_line = [this](std::string& line) { return ReadLine(line); };
  io.show_part = [&](int part, const quiz::v1::Response& answer) {
    out_ << "\n" << RenderCasePart(shown, part, total(), &answer, io_.width);
  };
  CaseEntry typed = EnterCaseParts(
      shown.item(), std::vector<quiz::v1::Response>(parts.size()), first, io);
  if (typed.end == CaseEntry::End::kCancelled) {
    out_ << "The parts typed were discarded; the item is skipped.\n";
    return {Step::kSkipped, {}};
  }
  if (typed.end != CaseEntry::End::kDone) return {Step::kStop, {}};
  std::vector<int> blank;
  Entry entry{Step::kAnswered,
              GatherCaseAnswer(shown.item(), std::move(typed.answers), &blank)};
  if (entry.response.case_answer().parts_size() == 0) {
    out_ << "No part answered; the item is skipped.\n";
    return {Step::kSkipped, {}};
  }
  return entry;
}

Reviewer::Entry Reviewer::ReadAnswer(const AttemptItem& shown) {
  while (true) {
    std::string line;
    if (!ReadLine(line)) return {Step::kStop, {}};
    if (absl::AsciiStrToLower(absl::StripAsciiWhitespace(line)) == "skip") {
      return {Step::kSkipped, {}};
    }
    absl::StatusOr<Input> input = ParseInput(line, shown.item());
    if (!input.ok()) {
      out_ << Printable(input.status().message()) << "\n";
      continue;
    }
    switch (input->kind) {
      case Input::Kind::kAnswer:
        return {Step::kAnswered, input->response};
      case Input::Kind::kCasePart:
        return EnterCase(shown, input->part);
      case Input::Kind::kSubmit:  // "s"
      case Input::Kind::kNext:
        return {Step::kSkipped, {}};
      case Input::Kind::kQuit:
        return {Step::kStop, {}};
      case Input::Kind::kHelp:
        out_ << kReviewHelp;
        break;
      default:
        out_ << "That command is not used in review: answer, s to skip, q to "
                "stop (? for help).\n";
        break;
    }
  }
}

void Reviewer::ShowOutcome(int index, const quiz::v1::Response& response,
                           const quiz::v1::AnswerReviewResponse& reply) {
  AttemptItem graded = Shown(cards_[index], index + 1);
  if (reply.has_item()) *graded.mutable_item() = reply.item();
  *graded.mutable_response() = response;
  *graded.mutable_outcome() = reply.outcome();
  out_ << "\n" << RenderOutcome(graded, io_.width);
  if (!IsSet(reply.next_due_time())) return;
  const absl::Time due = ToAbslTime(reply.next_due_time());
  if (due <= io_.now()) {
    out_ << "Due again now: it comes back in your next review.\n";
  } else {
    out_ << "Next review: " << FormatTimestamp(reply.next_due_time(), io_.zone)
         << " (" << DueIn(due - io_.now()) << ").\n";
  }
}

absl::StatusOr<Reviewer::Step> Reviewer::Review(int index) {
  const ReviewCard& card = cards_[index];
  const AttemptItem shown = Shown(card, index + 1);
  out_ << "\n" << RenderQuestion(shown, total(), "", io_.width);
  if (card.answered() > 0) {
    out_ << "\n(answered " << card.answered()
         << (card.answered() == 1 ? " time, " : " times, ") << card.correct()
         << " correct)\n";
  }
  if (io_.interactive) out_ << "\n(answer, s to skip, q to stop; ? for help)\n";
  while (true) {
    Entry entry = ReadAnswer(shown);
    if (entry.step != Step::kAnswered) return entry.step;
    quiz::v1::AnswerReviewRequest request;
    request.set_bank(card.bank());
    request.set_item_id(card.item().id());
    *request.mutable_response() = entry.response;
    request.set_request_id(io_.new_request_id());
    absl::StatusOr<quiz::v1::AnswerReviewResponse> reply =
        session_.AnswerReview(request);
    if (!reply.ok()) {
      // A response the server rejects can be corrected.
      if (reply.status().code() == absl::StatusCode::kInvalidArgument) {
        out_ << FormatError(reply.status()) << "\n";
        continue;
      }
      return reply.status();
    }
    ShowOutcome(index, entry.response, *reply);
    if (reply->outcome().correctness() == quiz::v1::CORRECT &&
        reply->outcome().score() >= reply->outcome().max_score()) {
      ++result_.correct;
    }
    result_.remaining_due = reply->remaining_due();
    result_.replies.push_back(*std::move(reply));
    return Step::kAnswered;
  }
}

absl::StatusOr<ReviewResult> Reviewer::Run() {
  quiz::v1::ListDueReviewsRequest request;
  request.set_page_size(options_.count);
  request.set_topic(options_.topic);
  absl::StatusOr<quiz::v1::ListDueReviewsResponse> listed =
      session_.ListDueReviews(request);
  if (!listed.ok()) return listed.status();
  cards_.assign(listed->cards().begin(), listed->cards().end());
  result_.cards = total();
  result_.remaining_due = listed->total_due();
  if (cards_.empty()) {
    out_ << (options_.topic.empty()
                 ? "Nothing is due for review. Items you answer wrongly come "
                   "back here; to practise a topic, run `quiz review --topic "
                   "BANK/TOPIC`.\n"
                 : absl::StrCat("Topic ", options_.topic,
                                " has no items to review.\n"));
    return result_;
  }
  if (options_.topic.empty()) {
    out_ << "Review: " << listed->total_due()
         << (listed->total_due() == 1 ? " item" : " items") << " due";
    if (listed->total_due() > total()) out_ << ", " << total() << " this time";
    out_ << ".\n";
  } else {
    out_ << "Review of topic " << Printable(options_.topic) << ": its "
         << total() << " weakest " << (total() == 1 ? "item" : "items")
         << ".\n";
  }
  for (int index = 0; index < total(); ++index) {
    absl::StatusOr<Step> step = Review(index);
    if (!step.ok()) return step.status();
    if (*step == Step::kStop) {
      out_ << "Review stopped.\n";
      break;
    }
    if (*step == Step::kSkipped) {
      ++result_.skipped;
      out_ << "Skipped.\n";
      continue;
    }
    if (io_.interactive && index + 1 < total()) {
      out_ << "\nPress Enter for the next item. " << std::flush;
      std::string ignored;
      if (!std::getline(*io_.in, ignored)) break;
    }
  }
  out_ << "\n" << RenderReviewSummary(result_, io_.now(), io_.zone);
  return result_;
}

}  // namespace

static std::string RenderReviewSummaryText(const ReviewResult& result,
                                           absl::Time now,
                                           absl::TimeZone zone) {
  const int reviewed = static_cast<int>(result.replies.size());
  std::string out =
      absl::StrCat("Reviewed ", reviewed, ", correct ", result.correct);
  if (result.skipped > 0) absl::StrAppend(&out, ", skipped ", result.skipped);
  absl::StrAppend(&out, ".\n");
  if (result.remaining_due > 0) {
    absl::StrAppend(&out, result.remaining_due,
                    result.remaining_due == 1 ? " item is" : " items are",
                    " still due: run `quiz review` again.\n");
    return out;
  }
  std::optional<google::protobuf::Timestamp> next;
  for (const auto& reply : result.replies) {
    if (!IsSet(reply.next_due_time()) ||
        ToAbslTime(reply.next_due_time()) <= now) {
      continue;
    }
    if (!next || ToAbslTime(reply.next_due_time()) < ToAbslTime(*next)) {
      next = reply.next_due_time();
    }
  }
  absl::StrAppend(&out, "Nothing else is due now");
  if (next) {
    absl::StrAppend(&out, "; next due: ", FormatTimestamp(*next, zone), " (",
                    DueIn(ToAbslTime(*next) - now), ")");
  }
  absl::StrAppend(&out, ".\n");
  return out;
}

absl::StatusOr<ReviewResult> RunReviewSession(Session& session,
                                              const ReviewOptions& options,
                                              const ReviewIo& io) {
  ReviewIo filled = io;
  if (!filled.new_request_id) filled.new_request_id = RandomRequestId;
  if (!filled.now) filled.now = [] { return absl::Now(); };
  Reviewer reviewer(session, options, filled);
  return reviewer.Run();
}

// The public renderers: whatever came from the server is made Printable
// (line breaks kept; the text the renderers add has no other control
// character).
std::string RenderReviewSummary(const ReviewResult& result, absl::Time now,
                                absl::TimeZone zone) {
  return Printable(RenderReviewSummaryText(result, now, zone),
                   LineBreaks::kKeep);
}

}  // namespace client
