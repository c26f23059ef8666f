// progress, career-fit and the review session of `quiz review`: where a
// student stands and what to study next.
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/command_context.h"
#include "client/progress_render.h"
#include "client/review_session.h"
#include "client/take.h"
#include "google/protobuf/util/json_util.h"

namespace client {
namespace {

// The inventory `quiz career-fit` takes (question_bank/banks/career_fit.yaml).
constexpr char kCareerFitQuiz[] = "career-fit-inventory";

struct ProgressFlags {
  std::string user;
  std::string quiz;  // --for
  bool history = false;
  bool all = false;
};

struct CareerFitFlags {
  std::string answers;
  bool force_new = false;
  bool show = false;
};

// "users/NAME" for a bare NAME; "" stays "" (the caller).
std::string UserName(const std::string& user) {
  if (user.empty() || absl::StartsWith(user, "users/")) return user;
  return absl::StrCat("users/", user);
}

// Pass marks by quiz name, for the history's PASS/FAIL column.
absl::StatusOr<std::map<std::string, double>> PassMarks(Context& context) {
  std::map<std::string, double> marks;
  absl::Status listed = ReadAllPages<quiz::v1::ListQuizzesResponse>(
      [&](const std::string& token) {
        quiz::v1::ListQuizzesRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListQuizzes(request);
      },
      [&](const quiz::v1::ListQuizzesResponse& page) {
        for (const quiz::v1::QuizSummary& quiz : page.quizzes()) {
          marks[quiz.name()] = quiz.pass_percent();
        }
      });
  if (!listed.ok()) return listed;
  return marks;
}

absl::Status RunStudents(Context& context) {
  quiz::v1::ListProgressResponse all;
  absl::Status listed = ReadAllPages<quiz::v1::ListProgressResponse>(
      [&](const std::string& token) {
        quiz::v1::ListProgressRequest request;
        request.set_page_size(context.env().list_page_size);
        request.set_page_token(token);
        return context.Api().ListProgress(request);
      },
      [&](const quiz::v1::ListProgressResponse& page) {
        all.mutable_students()->MergeFrom(page.students());
      });
  if (!listed.ok()) return listed;
  if (context.flags().json) return PrintJson(all, context.out());
  context.out() << RenderStudentTable(
      {all.students().begin(), all.students().end()});
  return absl::OkStatus();
}

absl::Status RunReadiness(Context& context, const ProgressFlags& flags) {
  quiz::v1::GetReadinessRequest request;
  request.set_quiz(QuizName(flags.quiz));
  request.set_user(UserName(flags.user));
  absl::StatusOr<quiz::v1::Readiness> readiness =
      context.Api().GetReadiness(request);
  if (!readiness.ok()) return readiness.status();
  if (context.flags().json) return PrintJson(*readiness, context.out());
  context.out() << RenderReadiness(*readiness);
  return absl::OkStatus();
}

absl::Status RunProgress(Context& context, const ProgressFlags& flags) {
  if (flags.all) return RunStudents(context);
  if (!flags.quiz.empty()) return RunReadiness(context, flags);
  quiz::v1::GetProgressRequest request;
  request.set_user(UserName(flags.user));
  // The history view shows as much as the server gives (it caps at 1000).
  if (flags.history) request.set_history_size(1000);
  absl::StatusOr<quiz::v1::Progress> progress =
      context.Api().GetProgress(request);
  if (!progress.ok()) return progress.status();
  if (context.flags().json) return PrintJson(*progress, context.out());
  if (flags.history) {
    absl::StatusOr<std::map<std::string, double>> marks = PassMarks(context);
    if (!marks.ok()) return marks.status();
    context.out() << RenderHistory(*progress, *marks, context.env().zone);
    return absl::OkStatus();
  }
  const bool own =
      flags.user.empty() || ResourceId(flags.user) == context.config().username;
  context.out() << RenderProgress(*progress, own, context.env().width);
  return absl::OkStatus();
}

absl::Status RunCareerFit(Context& context, const CareerFitFlags& flags) {
  if (!flags.show) {
    const CommandEnv& env = context.env();
    TakeOptions options;
    options.quiz = kCareerFitQuiz;
    options.force_new = flags.force_new;
    options.answers_path = flags.answers;
    TakeIo io;
    io.in = env.in;
    io.out = &context.human();
    io.interactive = env.stdin_is_terminal && options.answers_path.empty();
    io.width = env.width;
    io.now = env.now;
    io.new_request_id = env.new_request_id;
    absl::StatusOr<TakeResult> taken = TakeQuiz(context.Api(), options, io);
    if (!taken.ok()) return taken.status();
    if (!taken->finished) {
      context.human() << "Your profile is made when the inventory is "
                         "finished: run `quiz career-fit` again.\n";
      return absl::OkStatus();
    }
    context.human() << "\n";
  }
  absl::StatusOr<quiz::v1::CareerProfile> profile =
      context.Api().GetCareerProfile(quiz::v1::GetCareerProfileRequest());
  if (!profile.ok()) return profile.status();
  if (context.flags().json) return PrintJson(*profile, context.out());
  context.out() << RenderCareerProfile(*profile, context.env().zone);
  return absl::OkStatus();
}

// `messages` as one JSON array with proto field names.
template <typename Message>
absl::Status PrintJsonArray(const std::vector<Message>& messages,
                            std::ostream& out) {
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  out << "[";
  for (size_t i = 0; i < messages.size(); ++i) {
    std::string json;
    auto status = google::protobuf::util::MessageToJsonString(messages[i],
                                                              &json, options);
    if (!status.ok()) return absl::InternalError(status.message().as_string());
    out << (i == 0 ? "\n  " : ",\n  ") << json;
  }
  out << (messages.empty() ? "]\n" : "\n]\n");
  return absl::OkStatus();
}

}  // namespace

absl::Status RunReviewSessionCommand(Context& context, const std::string& topic,
                                     int count) {
  const CommandEnv& env = context.env();
  ReviewOptions options;
  options.topic = topic;
  options.count = count;
  ReviewIo io;
  io.in = env.in;
  io.out = &context.human();
  io.interactive = env.stdin_is_terminal;
  io.width = env.width;
  io.now = env.now;
  io.zone = env.zone;
  io.new_request_id = env.new_request_id;
  absl::StatusOr<ReviewResult> result =
      RunReviewSession(context.Api(), options, io);
  if (!result.ok()) return result.status();
  if (context.flags().json)
    return PrintJsonArray(result->replies, context.out());
  return absl::OkStatus();
}

void AddProgressCommands(CLI::App& app, GlobalFlags& flags,
                         CommandList& commands) {
  auto progress_flags = std::make_shared<ProgressFlags>();
  CLI::App* progress = app.add_subcommand(
      "progress", "Show your standing per topic, weakest first");
  CLI::Option* user =
      progress->add_option("--user", progress_flags->user,
                           "Show USER's progress (instructors and admins)");
  CLI::Option* quiz = progress->add_option(
      "--for", progress_flags->quiz,
      "Readiness for QUIZ: expected score, chance of passing, what to study");
  CLI::Option* history = progress->add_flag(
      "--history", progress_flags->history, "Show the score history");
  progress
      ->add_flag("--all", progress_flags->all,
                 "One row per student (instructors and admins)")
      ->excludes(user)
      ->excludes(quiz)
      ->excludes(history);
  quiz->excludes(history);
  progress->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({progress, [progress_flags](Context& context) {
                        return RunProgress(context, *progress_flags);
                      }});

  auto fit_flags = std::make_shared<CareerFitFlags>();
  CLI::App* fit = app.add_subcommand(
      "career-fit",
      "Take the career-fit inventory, then show whether coding or billing "
      "may suit you");
  CLI::Option* answers = fit->add_option(
      "--answers", fit_flags->answers,
      "Answer from FILE (lines ITEM_ID: 1-5, as for `quiz take`), then finish");
  CLI::Option* force_new =
      fit->add_flag("--new", fit_flags->force_new,
                    "Start over; an inventory in progress is finished first "
                    "(asked at a terminal)");
  fit->add_flag("--show", fit_flags->show,
                "Only show the stored profile; take nothing")
      ->excludes(answers)
      ->excludes(force_new);
  fit->add_flag("--json", flags.json,
                "Print the profile as JSON on stdout, other text on stderr");
  commands.push_back({fit, [fit_flags](Context& context) {
                        return RunCareerFit(context, *fit_flags);
                      }});
}

}  // namespace client
