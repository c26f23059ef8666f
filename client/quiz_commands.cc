// quizzes, take, attempts and review: taking quizzes and looking back.
#include <unistd.h>

#include <iostream>
#include <memory>
#include <sstream>
#include <string>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/item_render.h"
#include "client/tables.h"
#include "client/take.h"
#include "client/terminal.h"

namespace client {
namespace {

// `quiz take --help` after the options: the two ways to answer.
constexpr char kTakeHelpFooter[] = R"(
At the prompt, answer in the terms shown: option letters (b, or a,c for
select-all), t/f, step letters first to last for ordering (cab), prompt number
and answer letter for matching (1b 2a), a number for numeric ($1,234.50, with
or without the unit), codes for code entry (E11.9, I10 or 99213-25), text, or
a scale position for likert (4). A case item shows its scenario once and then
asks for each part on its own line; "skip" leaves a part blank, "back" goes to
the previous part, "cancel" drops the parts typed. All parts are sent as one
answer after the last. Commands: n p g N f l s q ?

Answers file (--answers FILE): one `ITEM_ID: ANSWER` line per item; lines
starting with # are comments. Name things by id, never by letter, since
letters follow each attempt's shuffle:
  single choice, the option id             q-claim: cms1500
  select all, option ids                   q-denials: co, pr
  true/false                               q-appeal: true
  ordering, every step id, first to last   q-steps: s2, s1, s3
  matching, PROMPT_ID=ANSWER_ID pairs      q-forms: p1=r2, p2=r1
  numeric, optionally with the unit        q-owed: $64.00
  code entry                               q-dx: E11.9, I10
  short text                               q-term: coinsurance
  likert, position on the scale            q-fit: 4
  case, one line per sub-item id           c-dx: E11.9
    (sent together; a part left out        c-copay: 20
    is left blank)
The server checks the file's ids against the quiz before the attempt starts:
an unknown id is reported as FILE:LINE and nothing is started.
)";

// `quiz review --help` after the options.
constexpr char kReviewHelpFooter[] = R"(
Without ATTEMPT, each item is shown like a practice question: answer it as in
`quiz take` (letters, t/f, numbers, codes, text; a case one part per line),
"s" or "skip" skips it, "q" stops. Each answer is graded at once and the item
is rescheduled: right answers come back after 1, 6, then more days; wrong ones
stay due. Piped input takes one line per item.
)";

struct ReviewFlags {
  std::string attempt;
  bool wrong = false;  // only the items not fully correct
  std::string topic;
  int count = 0;
};

struct TakeFlags {
  std::string quiz;
  std::string assignment;
  std::string answers;
  bool force_new = false;
};

absl::Status RunQuizzes(Context& context) {
  quiz::v1::ListQuizzesResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListQuizzesResponse>(
      [&](const std::string& token) {
        quiz::v1::ListQuizzesRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListQuizzes(request);
      },
      [&](const quiz::v1::ListQuizzesResponse& page) {
        all.mutable_quizzes()->MergeFrom(page.quizzes());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  context.out() << RenderQuizTable({all.quizzes().begin(), all.quizzes().end()},
                                   TableWidth(context.env().env));
  return absl::OkStatus();
}

absl::Status RunAttempts(Context& context, const std::string& user_flag) {
  std::string user = user_flag;
  if (!user.empty() && !absl::StartsWith(user, "users/")) {
    user = absl::StrCat("users/", user);
  }
  quiz::v1::ListAttemptsResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListAttemptsResponse>(
      [&](const std::string& token) {
        quiz::v1::ListAttemptsRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        request.set_user(user);
        return context.Api().ListAttempts(request);
      },
      [&](const quiz::v1::ListAttemptsResponse& page) {
        all.mutable_attempts()->MergeFrom(page.attempts());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  context.out() << RenderAttemptTable(
      {all.attempts().begin(), all.attempts().end()}, context.env().zone,
      TableWidth(context.env().env));
  return absl::OkStatus();
}

absl::Status RunTake(Context& context, const TakeFlags& flags) {
  const CommandEnv& env = context.env();
  TakeOptions options;
  options.quiz = flags.quiz;
  if (!flags.assignment.empty()) {
    options.assignment = absl::StartsWith(flags.assignment, "assignments/")
                             ? flags.assignment
                             : "assignments/" + flags.assignment;
    // The quiz is the assignment's.
    quiz::v1::GetAssignmentRequest get;
    get.set_name(options.assignment);
    absl::StatusOr<quiz::v1::Assignment> assignment =
        context.Api().GetAssignment(get);
    if (!assignment.ok()) return assignment.status();
    if (!options.quiz.empty() && QuizName(options.quiz) != assignment->quiz()) {
      return UsageError(absl::StrCat("--assignment ", flags.assignment,
                                     " is of ", assignment->quiz(), ", not ",
                                     QuizName(options.quiz)));
    }
    options.quiz = assignment->quiz();
  } else if (options.quiz.empty()) {
    return UsageError("give a QUIZ, or --assignment A");
  }
  options.force_new = flags.force_new;
  options.answers_path = flags.answers;
  TakeIo io;
  io.in = env.in;
  io.out = &context.human();
  io.interactive = env.stdin_is_terminal && options.answers_path.empty();
  io.width = env.width;
  io.now = env.now;
  io.new_request_id = env.new_request_id;
  // The live clock reads the real terminal: only when `in` is std::cin.
  if (io.interactive && env.in == &std::cin) io.input_fd = STDIN_FILENO;
  absl::StatusOr<TakeResult> result = TakeQuiz(context.Api(), options, io);
  if (!result.ok()) return result.status();
  if (context.flags().json) return PrintJson(result->attempt, context.out());
  return absl::OkStatus();
}

// Whether `item` lost points: anything graded short of full marks. Unscored
// (likert) items are never "wrong".
bool NotFullyCorrect(const quiz::v1::AttemptItem& item) {
  const quiz::v1::Correctness correctness = item.outcome().correctness();
  if (correctness == quiz::v1::NOT_SCORED) return false;
  return correctness != quiz::v1::CORRECT ||
         item.outcome().score() < item.outcome().max_score();
}

absl::Status RunReview(Context& context, const std::string& attempt_flag,
                       bool wrong_only) {
  std::string name = attempt_flag;
  if (!absl::StartsWith(name, "attempts/")) {
    name = absl::StrCat("attempts/", name);
  }
  quiz::v1::GetAttemptRequest request;
  request.set_name(name);
  absl::StatusOr<quiz::v1::Attempt> attempt = context.Api().GetAttempt(request);
  if (!attempt.ok()) return attempt.status();
  if (attempt->state() != quiz::v1::FINISHED) {
    return absl::FailedPreconditionError(absl::StrCat(
        "attempt ", ResourceId(name),
        " is in progress and cannot be reviewed yet; finish it with `quiz "
        "take ",
        ResourceId(attempt->quiz()), "`"));
  }
  if (context.flags().json) return PrintJson(*attempt, context.out());
  // Built whole, then paged: a 100-item exam is a few thousand lines.
  std::ostringstream out;
  out << "Review of attempt " << Printable(ResourceId(name)) << ": "
      << Printable(attempt->quiz_title()) << " (" << ModeName(attempt->mode())
      << ", finished "
      << FormatTimestamp(attempt->finish_time(), context.env().zone) << ")\n"
      << RenderRegrades(*attempt, context.env().zone, context.env().width)
      << "Marks: * correct answer, > your choice\n";
  const std::string rule(72, '-');
  int shown = 0;
  for (const quiz::v1::AttemptItem& item : attempt->items()) {
    if (wrong_only && !NotFullyCorrect(item)) continue;
    ++shown;
    out << rule << "\n"
        << RenderReviewItem(item, attempt->items_size(), context.env().width);
  }
  if (wrong_only) {
    out << rule << "\n"
        << shown << " of " << attempt->items_size()
        << (shown == 1 ? " item was" : " items were")
        << " not fully correct (--wrong shows only those).\n";
  }
  out << rule << "\n" << RenderSummary(*attempt);
  WritePaged(out.str(), context.out(), context.env().env);
  return absl::OkStatus();
}

}  // namespace

void AddQuizCommands(CLI::App& app, GlobalFlags& flags, CommandList& commands) {
  CLI::App* quizzes = app.add_subcommand("quizzes", "List the quizzes");
  quizzes->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({quizzes, RunQuizzes});

  auto take_flags = std::make_shared<TakeFlags>();
  CLI::App* take = app.add_subcommand("take", "Take a quiz (or resume it)");
  take->add_option("quiz", take_flags->quiz,
                   "Quiz id (optional with --assignment)");
  take->add_option("--assignment", take_flags->assignment,
                   "Take it through assignment A of your course");
  take->add_option("--answers", take_flags->answers,
                   "Answer from FILE (lines ITEM_ID: ANSWER, see below), "
                   "then finish");
  take->footer(kTakeHelpFooter);
  take->add_flag("--json", flags.json,
                 "Print the attempt as JSON on stdout, other text on stderr");
  take->add_flag("--new", take_flags->force_new,
                 "Start a new attempt; one in progress is finished first "
                 "(asked at a terminal)");
  commands.push_back({take, [take_flags](Context& context) {
                        return RunTake(context, *take_flags);
                      }});

  auto user = std::make_shared<std::string>();
  CLI::App* attempts = app.add_subcommand("attempts", "List your attempts");
  attempts->add_flag("--json", flags.json, "Print JSON");
  attempts->add_option("--user", *user,
                       "List USER's attempts (instructors and admins)");
  commands.push_back({attempts, [user](Context& context) {
                        return RunAttempts(context, *user);
                      }});

  auto review_flags = std::make_shared<ReviewFlags>();
  CLI::App* review = app.add_subcommand(
      "review",
      "Review the items due (spaced review), or a finished ATTEMPT item by "
      "item");
  CLI::Option* attempt_option =
      review->add_option("attempt", review_flags->attempt,
                         "Attempt id: show this finished attempt instead");
  review
      ->add_option("--topic", review_flags->topic,
                   "Review the weakest items of BANK/TOPIC, due or not")
      ->excludes(attempt_option);
  review
      ->add_option("--count", review_flags->count,
                   "Review at most N items (default 20)")
      ->check(CLI::Range(1, 200))
      ->excludes(attempt_option);
  review
      ->add_flag("--wrong", review_flags->wrong,
                 "Show only the items not fully correct")
      ->needs(attempt_option);
  review->add_flag("--json", flags.json,
                   "Print the attempt, or the review answers, as JSON");
  review->footer(kReviewHelpFooter);
  commands.push_back(
      {review, [review_flags](Context& context) {
         if (review_flags->attempt.empty()) {
           return RunReviewSessionCommand(context, review_flags->topic,
                                          review_flags->count);
         }
         return RunReview(context, review_flags->attempt, review_flags->wrong);
       }});
}

}  // namespace client
