#include "client/take.h"

#include <algorithm>
#include <istream>
#include <optional>
#include <ostream>
#include <random>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_join.h"
#include "client/answers_file.h"
#include "client/case_entry.h"
#include "client/errors.h"
#include "client/exam_clock.h"
#include "client/format.h"
#include "client/input.h"
#include "client/item_render.h"
#include "client/tables.h"
#include "client/terminal.h"

namespace client {
namespace {

using quiz::v1::Attempt;
using quiz::v1::AttemptItem;

// How far back ListAttempts is searched for an attempt to resume. Attempts
// come newest first, so an open one is near the top.
constexpr int kResumeSearchPages = 3;
constexpr int kResumeSearchPageSize = 100;

// How often the status line above the prompt is redrawn while waiting.
constexpr absl::Duration kClockTick = absl::Seconds(1);

constexpr char kClearScreen[] = "\x1b[H\x1b[2J";

class Taker {
 public:
  Taker(Session& session, const TakeOptions& options, const TakeIo& io)
      : session_(session), options_(options), io_(io), out_(*io.out) {}

  absl::StatusOr<TakeResult> Run();

 private:
  // Resumes the newest in-progress attempt of the quiz unless --new, else
  // starts one; leaves it, with items, in attempt_.
  absl::Status FindOrStart();
  absl::StatusOr<std::optional<std::string>> FindResumable();
  // --new with `open` in progress: asks (at a terminal) whether to finish it,
  // then finishes it. Declining keeps it open, in attempt_, and sets
  // kept_open_.
  absl::Status FinishBeforeNew(Attempt open);
  // Has the server check the --answers file's ids against the quiz without
  // starting anything (StartAttemptRequest.validate_only); a refusal names
  // the file's line. OK without a file.
  absl::Status CheckPlan();
  // The StartAttempt request for this quiz and answers file, without a
  // request id.
  quiz::v1::StartAttemptRequest StartRequest() const;

  absl::StatusOr<TakeResult> RunAnswersFile(
      const std::vector<AnswerLine>& lines);
  absl::StatusOr<TakeResult> RunLoop();

  // How answering the parts of a case item ended.
  struct CaseEntry {
    enum class End { kSend, kCancelled, kQuit, kEndOfInput };
    End end = End::kCancelled;
    quiz::v1::Response response;  // kSend: the CaseAnswer of every part
  };
  // Collects the parts of the case item at `index`, starting from `first`
  // (what was typed for part 1 at the question prompt), one line per further
  // part, and builds one CaseAnswer of them. Sends nothing.
  CaseEntry EnterCase(int index, const PartInput& first);
  void ShowCasePart(int index, int part, const quiz::v1::Response& answer);

  // Sends one response. On success updates attempt_ and, in practice mode,
  // prints the outcome. A finished attempt sets closed_.
  absl::Status Submit(int index, const quiz::v1::Response& response);
  absl::Status ToggleFlag(int index);

  // FinishAttempt, then the summary.
  absl::StatusOr<TakeResult> Finish();
  // Handles FAILED_PRECONDITION (deadline passed or already finished): fetches
  // the attempt, and when it is finished prints the summary and stores the
  // result in closed_. Returns `error` when the attempt is still open.
  absl::Status HandleClosed(const absl::Status& error);
  // Quit or end of input, leaving the attempt in progress.
  TakeResult LeaveOpen();
  // The deadline passed while waiting for a line: says so, then finishes.
  absl::StatusOr<TakeResult> OnTimeUp();
  absl::StatusOr<TakeResult> OnEndOfInput();

  void ShowQuestion(int index);
  void MaybeWarn();
  // Reads a line; false at end of input, or when the time ran out while
  // waiting for it (time_up_ set).
  bool ReadLine(std::string& line);
  // At a terminal: waits for a line while redrawing the time left; false
  // when the deadline passes first.
  bool WaitForLineWithClock();
  bool Confirm(const std::string& question);
  // A matching answer that leaves prompts unpaired: asks at a terminal
  // whether to send it (false: do not); piped input is sent with a note.
  bool ConfirmIncompleteMatching(const quiz::v1::Item& item,
                                 const quiz::v1::Response& response);

  bool Practice() const { return attempt_.mode() != quiz::v1::QUIZ_MODE_EXAM; }
  std::optional<absl::Time> Deadline() const;
  std::optional<absl::Duration> TimeLeft() const;
  int CountUnanswered() const;
  // "Recorded: 3 of 20 questions answered." for the attempt as last seen.
  std::string RecordedLine() const;
  int CountFlagged() const;
  // First unanswered item at or after `from`, wrapping around; -1 if none.
  int NextUnanswered(int from) const;
  std::string ResumeHint() const {
    return absl::StrCat("Resume with: quiz take ",
                        ResourceId(QuizName(options_.quiz)), "\n");
  }

  Session& session_;
  const TakeOptions& options_;
  const TakeIo& io_;
  std::ostream& out_;
  Attempt attempt_;
  std::optional<TakeResult> closed_;  // set once the attempt is finished
  std::optional<ExamClock> clock_;    // timed attempts only
  bool time_up_ = false;    // the deadline passed while reading a line
  bool kept_open_ = false;  // --new declined: nothing was started
  // Set when an answer was refused because the attempt had closed: what
  // HandleClosed reports as not recorded.
  std::string refused_answer_;
  bool shown_before_ = false;
  // The --answers file's lines, read before anything starts.
  std::vector<AnswerLine> answer_lines_;
};

std::optional<absl::Time> Taker::Deadline() const {
  if (!IsSet(attempt_.deadline())) return std::nullopt;
  return ToAbslTime(attempt_.deadline());
}

std::optional<absl::Duration> Taker::TimeLeft() const {
  std::optional<absl::Time> deadline = Deadline();
  if (!deadline) return std::nullopt;
  return *deadline - io_.now();
}

int Taker::CountUnanswered() const {
  return std::count_if(
      attempt_.items().begin(), attempt_.items().end(),
      [](const AttemptItem& item) { return !HasAnswer(item); });
}

std::string Taker::RecordedLine() const {
  const int total = attempt_.items_size();
  const int answered = attempt_.state() == quiz::v1::FINISHED
                           ? total - attempt_.result().unanswered()
                           : total - CountUnanswered();
  return absl::StrCat("Recorded: ", answered, " of ", total,
                      total == 1 ? " question" : " questions", " answered.\n");
}

int Taker::CountFlagged() const {
  return std::count_if(attempt_.items().begin(), attempt_.items().end(),
                       [](const AttemptItem& item) { return item.flagged(); });
}

int Taker::NextUnanswered(int from) const {
  int n = attempt_.items_size();
  for (int step = 0; step < n; ++step) {
    int index = (from + step) % n;
    if (!HasAnswer(attempt_.items(index))) return index;
  }
  return -1;
}

bool Taker::WaitForLineWithClock() {
  while (!WaitForInput(io_.input_fd, kClockTick)) {
    const absl::Time now = io_.now();
    if (clock_->Over(now)) {
      DiscardTypedInput(io_.input_fd);
      time_up_ = true;
      return false;
    }
    std::optional<std::string> warning = clock_->TakeDueWarning(now);
    out_ << RewriteLineAbove(clock_->StatusLine(now)) << (warning ? "\a" : "")
         << std::flush;
  }
  return true;
}

bool Taker::ReadLine(std::string& line) {
  const bool live = io_.interactive && clock_ && io_.input_fd >= 0;
  if (live) {
    // The status line the clock redraws sits right above the prompt.
    const absl::Time now = io_.now();
    clock_->TakeDueWarning(now);
    out_ << clock_->StatusLine(now) << "\n";
  }
  if (io_.interactive) out_ << "quiz> " << std::flush;
  if (live && !WaitForLineWithClock()) {
    out_ << "\n";
    return false;
  }
  if (!std::getline(*io_.in, line)) {
    if (io_.interactive) out_ << "\n";
    return false;
  }
  if (!line.empty() && line.back() == '\r') line.pop_back();
  // Echo piped commands so the transcript reads like a session.
  if (!io_.interactive) out_ << "quiz> " << Printable(line) << "\n";
  return true;
}

bool Taker::ConfirmIncompleteMatching(const quiz::v1::Item& item,
                                      const quiz::v1::Response& response) {
  if (!item.has_matching() || !response.has_matching()) return true;
  const int prompts = item.matching().prompts_size();
  const int paired = response.matching().pairs_size();
  if (paired >= prompts) return true;
  const std::string what =
      absl::StrCat("Only ", paired, " of ", prompts, " prompts are paired");
  if (!io_.interactive) {
    // Piped input cannot be asked; the transcript says what was sent.
    out_ << what << "; the others are sent unanswered.\n";
    return true;
  }
  return Confirm(absl::StrCat(what, ". Send it anyway?"));
}

bool Taker::Confirm(const std::string& question) {
  out_ << question << " [y/N] " << std::flush;
  std::string answer;
  if (!std::getline(*io_.in, answer)) return false;
  answer = absl::AsciiStrToLower(absl::StripAsciiWhitespace(answer));
  return answer == "y" || answer == "yes";
}

absl::StatusOr<std::optional<std::string>> Taker::FindResumable() {
  const std::string quiz = QuizName(options_.quiz);
  quiz::v1::ListAttemptsRequest request;
  request.set_page_size(kResumeSearchPageSize);
  for (int page = 0; page < kResumeSearchPages; ++page) {
    absl::StatusOr<quiz::v1::ListAttemptsResponse> reply =
        session_.ListAttempts(request);
    if (!reply.ok()) return reply.status();
    for (const Attempt& attempt : reply->attempts()) {
      if (attempt.quiz() != quiz || attempt.state() != quiz::v1::IN_PROGRESS ||
          attempt.assignment() != options_.assignment) {
        continue;
      }
      // An attempt past its deadline would only be finished by GetAttempt.
      if (IsSet(attempt.deadline()) &&
          ToAbslTime(attempt.deadline()) <= io_.now()) {
        continue;
      }
      return attempt.name();
    }
    if (reply->next_page_token().empty()) break;
    request.set_page_token(reply->next_page_token());
  }
  return std::nullopt;
}

absl::Status Taker::FindOrStart() {
  absl::StatusOr<std::optional<std::string>> resumable = FindResumable();
  if (!resumable.ok()) return resumable.status();
  if (resumable->has_value()) {
    quiz::v1::GetAttemptRequest get;
    get.set_name(**resumable);
    absl::StatusOr<Attempt> attempt = session_.GetAttempt(get);
    if (!attempt.ok()) return attempt.status();
    if (attempt->state() == quiz::v1::IN_PROGRESS && !options_.force_new) {
      attempt_ = *std::move(attempt);
      out_ << "Resuming attempt " << Printable(ResourceId(attempt_.name()))
           << " (started "
           << FormatTimestamp(attempt_.start_time(), absl::LocalTimeZone())
           << ", " << attempt_.items_size() - CountUnanswered() << " of "
           << attempt_.items_size() << " answered).\n";
      return absl::OkStatus();
    }
    if (attempt->state() == quiz::v1::IN_PROGRESS) {
      // An answers file the server would refuse must not cost the open
      // attempt: check it before finishing that one.
      if (absl::Status plan = CheckPlan(); !plan.ok()) return plan;
      // --new never leaves an attempt open behind the new one: starting over
      // until a friendlier draw comes up would otherwise cost nothing.
      absl::Status finished = FinishBeforeNew(*std::move(attempt));
      if (!finished.ok() || kept_open_) return finished;
    } else if (!options_.force_new) {
      out_ << "Your unfinished attempt "
           << Printable(ResourceId(attempt->name()))
           << " ran out of time; starting a new one.\n";
    }
  }
  quiz::v1::StartAttemptRequest start = StartRequest();
  start.set_request_id(io_.new_request_id());
  absl::StatusOr<Attempt> started = session_.StartAttempt(start);
  if (!started.ok()) {
    return PlanRefusalAtLine(started.status(), answer_lines_,
                             options_.answers_path);
  }
  quiz::v1::GetAttemptRequest get;
  get.set_name(started->name());
  absl::StatusOr<Attempt> attempt = session_.GetAttempt(get);
  if (!attempt.ok()) return attempt.status();
  attempt_ = *std::move(attempt);
  out_ << "Started attempt " << Printable(ResourceId(attempt_.name())) << ".\n";
  return absl::OkStatus();
}

quiz::v1::StartAttemptRequest Taker::StartRequest() const {
  quiz::v1::StartAttemptRequest start;
  start.set_quiz(QuizName(options_.quiz));
  start.set_assignment(options_.assignment);
  // The items come with the GetAttempt after a start, which a retried start
  // (whose reply is the first call's) needs anyway; no need to carry them
  // twice.
  start.set_view(quiz::v1::ATTEMPT_VIEW_BASIC);
  // The server refuses ids the quiz does not have before the attempt (and
  // an exam's clock) starts; the refusal names the file's line.
  *start.mutable_planned() = PlanIds(answer_lines_);
  return start;
}

absl::Status Taker::CheckPlan() {
  if (answer_lines_.empty()) return absl::OkStatus();
  quiz::v1::StartAttemptRequest check = StartRequest();
  check.set_validate_only(true);
  absl::StatusOr<Attempt> checked = session_.StartAttempt(check);
  if (checked.ok()) return absl::OkStatus();
  return PlanRefusalAtLine(checked.status(), answer_lines_,
                           options_.answers_path);
}

absl::Status Taker::FinishBeforeNew(Attempt open) {
  int answered = 0;
  for (const AttemptItem& item : open.items()) answered += HasAnswer(item);
  const std::string id = Printable(ResourceId(open.name()));
  out_ << "Your attempt " << id << " of this quiz is still open (started "
       << FormatTimestamp(open.start_time(), absl::LocalTimeZone()) << ", "
       << answered << " of " << open.items_size() << " answered).\n";
  if (io_.interactive &&
      !Confirm("Finish it now, graded as it stands, and start a new one?")) {
    out_ << "Nothing was started. Resume it with: quiz take "
         << Printable(ResourceId(QuizName(options_.quiz))) << "\n";
    attempt_ = std::move(open);
    kept_open_ = true;
    return absl::OkStatus();
  }
  quiz::v1::FinishAttemptRequest request;
  request.set_name(open.name());
  request.set_request_id(io_.new_request_id());
  absl::StatusOr<Attempt> finished = session_.FinishAttempt(request);
  if (!finished.ok() &&
      finished.status().code() != absl::StatusCode::kFailedPrecondition) {
    return finished.status();  // FAILED_PRECONDITION: it closed meanwhile
  }
  out_ << "Finished attempt " << id;
  if (finished.ok()) {
    out_ << ": " << FormatPercent(finished->result().percent());
  }
  out_ << " (see quiz review " << id << "). Starting a new one.\n";
  return absl::OkStatus();
}

absl::Status Taker::HandleClosed(const absl::Status& error) {
  if (error.code() != absl::StatusCode::kFailedPrecondition) return error;
  quiz::v1::GetAttemptRequest get;
  get.set_name(attempt_.name());
  absl::StatusOr<Attempt> attempt = session_.GetAttempt(get);
  if (!attempt.ok() || attempt->state() != quiz::v1::FINISHED) return error;
  attempt_ = *std::move(attempt);
  if (attempt_.result().timed_out() ||
      (Deadline() && *TimeLeft() <= absl::ZeroDuration())) {
    out_ << "\nTime is up.\n";
  } else {
    out_ << "\nThis attempt is already finished.\n";
  }
  if (!refused_answer_.empty()) {
    out_ << "Your answer to " << refused_answer_
         << " came too late and was NOT recorded.\n";
  }
  out_ << RecordedLine() << "\n" << RenderSummary(attempt_);
  closed_ = TakeResult{attempt_, true};
  return absl::OkStatus();
}

absl::StatusOr<TakeResult> Taker::Finish() {
  quiz::v1::FinishAttemptRequest request;
  request.set_name(attempt_.name());
  request.set_request_id(io_.new_request_id());
  absl::StatusOr<Attempt> finished = session_.FinishAttempt(request);
  if (!finished.ok()) {
    if (absl::Status handled = HandleClosed(finished.status()); !handled.ok()) {
      return handled;
    }
    return *closed_;
  }
  attempt_ = *std::move(finished);
  out_ << (time_up_ ? RecordedLine() : "") << "\n" << RenderSummary(attempt_);
  return TakeResult{attempt_, true};
}

TakeResult Taker::LeaveOpen() {
  int unanswered = CountUnanswered();
  out_ << "The attempt stays in progress (" << unanswered
       << (unanswered == 1 ? " question" : " questions") << " unanswered).\n"
       << ResumeHint();
  return TakeResult{attempt_, false};
}

absl::StatusOr<TakeResult> Taker::OnTimeUp() {
  out_ << "\nTime is up. What you were typing was not sent.\n";
  // Finishing now records exactly what was answered before the deadline; a
  // server that finished it already makes Finish print the stored result.
  return Finish();
}

absl::StatusOr<TakeResult> Taker::OnEndOfInput() {
  if (time_up_) return OnTimeUp();
  // A person pressing Ctrl-D means "stop", never "submit".
  if (!io_.interactive && CountUnanswered() == 0) return Finish();
  return LeaveOpen();
}

absl::Status Taker::Submit(int index, const quiz::v1::Response& response) {
  const AttemptItem& current = attempt_.items(index);
  if (Practice() && HasAnswer(current)) {
    out_ << "Answers are final in practice mode.\n";
    return absl::OkStatus();
  }
  quiz::v1::SubmitResponseRequest request;
  request.set_attempt(attempt_.name());
  request.set_item_id(current.item().id());
  *request.mutable_response() = response;
  request.set_request_id(io_.new_request_id());
  absl::StatusOr<quiz::v1::SubmitResponseResponse> reply =
      session_.SubmitResponse(request);
  if (!reply.ok()) {
    refused_answer_ = absl::StrCat("question ", current.position());
    absl::Status handled = HandleClosed(reply.status());
    refused_answer_.clear();
    return handled;
  }
  AttemptItem* stored = attempt_.mutable_items(index);
  if (reply->has_item()) {
    // Keep what the server did not send back (e.g. the topic title).
    std::string topic = stored->topic_title();
    *stored = reply->item();
    if (stored->topic_title().empty()) stored->set_topic_title(topic);
    if (!stored->has_item()) *stored->mutable_item() = current.item();
  } else {
    *stored->mutable_response() = response;
  }
  if (!HasAnswer(*stored)) *stored->mutable_response() = response;
  attempt_.set_answered_count(reply->answered_count());
  if (Practice()) {
    std::string outcome = RenderOutcome(*stored, io_.width);
    // An answers-file run prints the outcome after "Question N (id): ".
    out_ << (options_.answers_path.empty() ? "\n" : "")
         << (outcome.empty() ? "Saved.\n" : outcome);
  }
  return absl::OkStatus();
}

absl::Status Taker::ToggleFlag(int index) {
  const AttemptItem& current = attempt_.items(index);
  quiz::v1::FlagItemRequest request;
  request.set_attempt(attempt_.name());
  request.set_item_id(current.item().id());
  request.set_flagged(!current.flagged());
  absl::StatusOr<AttemptItem> reply = session_.FlagItem(request);
  if (!reply.ok()) return HandleClosed(reply.status());
  attempt_.mutable_items(index)->set_flagged(reply->flagged());
  out_ << "Question " << current.position()
       << (reply->flagged() ? " flagged.\n" : " unflagged.\n");
  return absl::OkStatus();
}

void Taker::ShowQuestion(int index) {
  // The first question stays under the attempt's introduction.
  if (io_.interactive && shown_before_) out_ << kClearScreen;
  shown_before_ = true;
  std::optional<absl::Duration> left = TimeLeft();
  const AttemptItem& item = attempt_.items(index);
  out_ << "\n"
       << RenderQuestion(item, attempt_.items_size(),
                         left ? FormatTimeLeft(*left) : "", io_.width);
  if (Practice()) out_ << RenderOutcome(item, io_.width);
  if (io_.interactive) {
    out_ << (item.item().has_case_item()
                 ? "\n(answer part 1 or skip it, or n p g N f l s q; ? for "
                   "help)\n"
                 : "\n(answer, or n p g N f l s q; ? for help)\n");
  }
}

void Taker::ShowCasePart(int index, int part,
                         const quiz::v1::Response& answer) {
  // No screen clearing: the scenario stays above the parts.
  out_ << "\n"
       << RenderCasePart(attempt_.items(index), part, attempt_.items_size(),
                         &answer, io_.width);
  if (io_.interactive) {
    out_ << "\n(answer this part, or skip, back, cancel, q; ? for help)\n";
  }
}

Taker::CaseEntry Taker::EnterCase(int index, const PartInput& first) {
  const AttemptItem& item = attempt_.items(index);
  const auto& parts = item.item().case_item().items();
  // Starts from the parts' current answers (exam mode), which Enter keeps.
  std::vector<quiz::v1::Response> answers(parts.size());
  for (const auto& given : item.response().case_answer().parts()) {
    for (int i = 0; i < parts.size(); ++i) {
      if (parts[i].id() == given.item_id()) answers[i] = given.response();
    }
  }
  auto typed_note = [&](absl::string_view what) {
    out_ << "The parts typed for question " << item.position() << " were "
         << what << ".\n";
  };
  CaseEntryIo io;
  io.out = &out_;
  io.read_line = [this](std::string& line) { return ReadLine(line); };
  io.show_part = [this, index](int part, const quiz::v1::Response& answer) {
    ShowCasePart(index, part, answer);
  };
  io.before_read = [this] { MaybeWarn(); };
  client::CaseEntry typed =
      EnterCaseParts(item.item(), std::move(answers), first, io);
  switch (typed.end) {
    case client::CaseEntry::End::kCancelled:
      typed_note("discarded; nothing was sent");
      return {CaseEntry::End::kCancelled, {}};
    case client::CaseEntry::End::kQuit:
      if (typed.part > 0) typed_note("not sent");
      return {CaseEntry::End::kQuit, {}};
    case client::CaseEntry::End::kEndOfInput:
      typed_note("not sent");
      return {CaseEntry::End::kEndOfInput, {}};
    case client::CaseEntry::End::kDone:
      break;
  }

  CaseEntry entry;
  std::vector<int> blank;
  entry.response =
      GatherCaseAnswer(item.item(), std::move(typed.answers), &blank);
  if (blank.size() == static_cast<size_t>(parts.size())) {
    out_ << "No part answered; nothing was sent.\n";
    return {CaseEntry::End::kCancelled, {}};
  }
  out_ << "Question " << item.position() << ": " << parts.size() - blank.size()
       << " of " << parts.size() << " parts answered";
  if (!blank.empty()) {
    out_ << " (left blank: part" << (blank.size() == 1 ? " " : "s ")
         << absl::StrJoin(blank, ", ") << ")";
  }
  out_ << ".\n";
  entry.end = CaseEntry::End::kSend;
  return entry;
}

void Taker::MaybeWarn() {
  if (!clock_) return;
  std::optional<std::string> warning = clock_->TakeDueWarning(io_.now());
  if (warning) out_ << "\n*** " << *warning << " ***\n";
}

absl::StatusOr<TakeResult> Taker::RunAnswersFile(
    const std::vector<AnswerLine>& lines) {
  absl::StatusOr<std::vector<PlannedResponse>> plan =
      PlanResponses(lines, attempt_, options_.answers_path);
  if (!plan.ok()) return plan.status();
  for (const PlannedResponse& planned : *plan) {
    int index = 0;
    while (attempt_.items(index).item().id() != planned.item_id) ++index;
    const AttemptItem& item = attempt_.items(index);
    out_ << "Question " << item.position() << " (" << Printable(planned.item_id)
         << "): ";
    if (Practice() && HasAnswer(item)) {
      out_ << "already answered; answers are final in practice mode.\n";
      continue;
    }
    if (absl::Status sent = Submit(index, planned.response); !sent.ok()) {
      out_ << "not recorded (" << options_.answers_path << ":" << planned.line
           << ").\n";
      return sent;
    }
    if (closed_) return *closed_;
    if (!Practice()) out_ << "saved.\n";
  }
  return Finish();
}

absl::StatusOr<TakeResult> Taker::RunLoop() {
  const int total = attempt_.items_size();
  int current = std::max(0, NextUnanswered(0));
  bool redraw = true;
  while (true) {
    if (std::optional<absl::Duration> left = TimeLeft();
        left && *left <= absl::ZeroDuration()) {
      // The server finishes an attempt past its deadline when it is read.
      absl::Status handled = HandleClosed(
          absl::FailedPreconditionError("the deadline has passed"));
      if (closed_) return *closed_;
      (void)handled;  // clocks disagree: the server still takes answers
    }
    if (redraw) {
      ShowQuestion(current);
      redraw = false;
    }
    MaybeWarn();
    std::string line;
    if (!ReadLine(line)) return OnEndOfInput();
    const AttemptItem& shown = attempt_.items(current);
    absl::StatusOr<Input> input =
        ParseInput(line, shown.item(), shown.response());
    if (!input.ok()) {
      out_ << Printable(input.status().message()) << "\n";
      continue;
    }
    if (input->kind == Input::Kind::kCasePart) {
      // The parts of a case are collected first, then sent as one answer.
      if (input->part.kind == PartInput::Kind::kBack) {
        out_ << "This is the first part.\n";
        continue;
      }
      if (input->part.kind == PartInput::Kind::kCancel) {
        out_ << "Nothing to cancel: no part is typed yet.\n";
        continue;
      }
      if (Practice() && HasAnswer(shown)) {
        out_ << "Answers are final in practice mode.\n";
        continue;
      }
      CaseEntry entry = EnterCase(current, input->part);
      if (entry.end == CaseEntry::End::kQuit) return LeaveOpen();
      if (entry.end == CaseEntry::End::kEndOfInput) return OnEndOfInput();
      if (entry.end == CaseEntry::End::kCancelled) {
        redraw = true;
        continue;
      }
      input->kind = Input::Kind::kAnswer;
      input->response = std::move(entry.response);
    }
    absl::Status status;
    switch (input->kind) {
      case Input::Kind::kAnswer: {
        if (!ConfirmIncompleteMatching(attempt_.items(current).item(),
                                       input->response)) {
          out_ << "Not sent. Pair every prompt, e.g. 1b 2a.\n";
          break;
        }
        bool had_answer = HasAnswer(attempt_.items(current));
        status = Submit(current, input->response);
        if (!status.ok() || closed_) break;
        if (Practice()) {
          if (had_answer) break;
          if (CountUnanswered() == 0) {
            out_ << "\nThat was the last question.\n";
            return Finish();
          }
          if (io_.interactive) {
            out_ << "\nPress Enter for the next question. " << std::flush;
            std::string ignored;
            if (!std::getline(*io_.in, ignored)) return OnEndOfInput();
          }
          current = NextUnanswered(current);
          redraw = true;
        } else if (current + 1 < total) {
          ++current;
          redraw = true;
        } else {
          out_ << "Saved.\n\n"
               << RenderItemList(attempt_, current + 1)
               << "That was the last question. Type s to submit, or g N to "
                  "revisit a question.\n";
        }
        break;
      }
      case Input::Kind::kNext:
        if (current + 1 < total) {
          ++current;
          redraw = true;
        } else {
          out_ << "This is the last question.\n\n"
               << RenderItemList(attempt_, current + 1)
               << "Type s to submit, or g N to go to a question.\n";
        }
        break;
      case Input::Kind::kPrevious:
        if (current > 0) {
          --current;
          redraw = true;
        } else {
          out_ << "This is the first question.\n";
        }
        break;
      case Input::Kind::kGoTo:
        if (input->position < 1 || input->position > total) {
          out_ << "There is no question " << input->position << " (1-" << total
               << ").\n";
        } else {
          current = input->position - 1;
          redraw = true;
        }
        break;
      case Input::Kind::kFlag:
        status = ToggleFlag(current);
        break;
      case Input::Kind::kList:
        out_ << RenderItemList(attempt_, current + 1);
        break;
      case Input::Kind::kSubmit: {
        int unanswered = CountUnanswered();
        int flagged = CountFlagged();
        if (io_.interactive && (unanswered > 0 || flagged > 0) &&
            !Confirm(absl::StrCat(unanswered, " unanswered, ", flagged,
                                  " flagged. Submit anyway?"))) {
          out_ << "Not submitted.\n";
          break;
        }
        return Finish();
      }
      case Input::Kind::kCasePart:  // turned into kAnswer above
        break;
      case Input::Kind::kQuit:
        return LeaveOpen();
      case Input::Kind::kHelp:
        out_ << InputHelp();
        break;
    }
    if (closed_) return *closed_;
    if (!status.ok()) {
      // A response the server rejects can be corrected; anything else ends
      // the run, leaving the attempt to resume.
      if (status.code() == absl::StatusCode::kInvalidArgument) {
        out_ << FormatError(status) << "\n";
        continue;
      }
      out_ << ResumeHint();
      return status;
    }
  }
}

absl::StatusOr<TakeResult> Taker::Run() {
  // Read the answers file first: a malformed file must not start an attempt.
  if (!options_.answers_path.empty()) {
    absl::StatusOr<std::vector<AnswerLine>> read =
        ReadAnswersFile(options_.answers_path);
    if (!read.ok()) return read.status();
    answer_lines_ = *std::move(read);
  }
  if (absl::Status ready = FindOrStart(); !ready.ok()) return ready;
  if (kept_open_) return TakeResult{attempt_, false};
  if (attempt_.state() == quiz::v1::FINISHED) {
    if (attempt_.result().timed_out()) out_ << "Time is up.\n\n";
    out_ << RenderSummary(attempt_);
    return TakeResult{attempt_, true};
  }

  std::optional<absl::Time> deadline = Deadline();
  if (deadline) {
    clock_.emplace(*deadline, *deadline - ToAbslTime(attempt_.start_time()),
                   attempt_.warning_seconds());
  }
  out_ << Printable(attempt_.quiz_title().empty() ? ResourceId(attempt_.quiz())
                                                  : attempt_.quiz_title())
       << ": " << ModeName(attempt_.mode()) << " mode, "
       << attempt_.items_size() << " questions";
  if (deadline) {
    out_ << ", " << FormatTimeLeft(*deadline - io_.now());
  }
  if (attempt_.pass_percent() > 0) {
    out_ << ", pass mark " << FormatPercent(attempt_.pass_percent());
  }
  out_ << ".\n"
       << (Practice() ? "Practice mode: each answer is graded at once and is "
                        "final.\n"
                      : "Exam mode: you may change answers and flag "
                        "questions until you submit.\n");
  if (attempt_.items_size() == 0) return Finish();
  if (!options_.answers_path.empty()) return RunAnswersFile(answer_lines_);
  return RunLoop();
}

}  // namespace

std::string QuizName(const std::string& quiz) {
  if (absl::StartsWith(quiz, "quizzes/")) return quiz;
  return absl::StrCat("quizzes/", quiz);
}

std::string RandomRequestId() {
  std::random_device device;
  std::string id;
  for (int i = 0; i < 4; ++i) {
    absl::StrAppend(&id, absl::StrFormat("%08x", device()));
  }
  return id;
}

absl::StatusOr<TakeResult> TakeQuiz(Session& session,
                                    const TakeOptions& options,
                                    const TakeIo& io) {
  TakeIo filled = io;
  if (!filled.new_request_id) filled.new_request_id = RandomRequestId;
  if (!filled.now) filled.now = [] { return absl::Now(); };
  Taker taker(session, options, filled);
  return taker.Run();
}

}  // namespace client
