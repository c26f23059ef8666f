// `quiz assignment ...`: assigning quizzes to courses, with their windows,
// attempts, time limits and release of keys, and learners' overrides.
// Times are typed and shown in the user's time zone.
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/time/time.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/tables.h"
#include "client/when.h"

namespace client {
namespace {

// The values of create and update; an empty string or nullopt is "not
// given" (update changes only what is given).
struct AssignmentFlags {
  std::string course;
  std::string quiz;
  std::string name;  // update, show, publish, delete, override
  std::string title;
  std::string opens;
  std::string due;
  std::string closes;
  std::optional<int> attempts;
  std::string time_limit;
  std::string scoring;
  std::string release;
  std::optional<double> points;
  std::string external_id;
  bool draft = false;
  bool publish = false;
};

struct OverrideFlags {
  std::string assignment;
  std::string user;
  std::optional<double> time_factor;
  std::optional<int> extra_minutes;
  std::optional<int> extra_attempts;
  std::string due;
  std::string closes;
};

std::string Named(const std::string& collection, const std::string& id) {
  return id.find('/') == std::string::npos ? collection + "/" + id : id;
}

struct Choice {
  const char* word;
  int value;
};
constexpr Choice kScoring[] = {{"highest", quiz::v1::SCORING_POLICY_HIGHEST},
                               {"latest", quiz::v1::SCORING_POLICY_LATEST},
                               {"first", quiz::v1::SCORING_POLICY_FIRST},
                               {"average", quiz::v1::SCORING_POLICY_AVERAGE}};
constexpr Choice kRelease[] = {
    {"immediately", quiz::v1::RELEASE_IMMEDIATELY},
    {"after-attempt", quiz::v1::RELEASE_AFTER_EACH_ATTEMPT},
    {"after-due", quiz::v1::RELEASE_AFTER_DUE},
    {"never", quiz::v1::RELEASE_NEVER}};

template <size_t N>
absl::StatusOr<int> ParseChoice(const std::string& text,
                                const Choice (&choices)[N], const char* flag) {
  std::string words;
  for (const Choice& choice : choices) {
    if (absl::AsciiStrToLower(text) == choice.word) return choice.value;
    absl::StrAppend(&words, words.empty() ? "" : ", ", choice.word);
  }
  return UsageError(
      absl::StrCat(flag, ": \"", Elide(text), "\" is not one of ", words));
}

template <size_t N>
std::string ChoiceWord(int value, const Choice (&choices)[N]) {
  for (const Choice& choice : choices) {
    if (choice.value == value) return choice.word;
  }
  return std::string(choices[0].word);  // unspecified: the default
}

// "90m", "1h30m", "45s", or a bare number of minutes.
absl::StatusOr<int> ParseTimeLimit(const std::string& text) {
  int minutes = 0;
  if (absl::SimpleAtoi(text, &minutes) && minutes >= 0) return minutes * 60;
  absl::Duration duration;
  if (absl::ParseDuration(text, &duration) &&
      duration >= absl::ZeroDuration()) {
    return static_cast<int>(absl::ToInt64Seconds(duration));
  }
  return UsageError(absl::StrCat("--time-limit: \"", Elide(text),
                                 "\" is not a duration (90m, 1h30m, or "
                                 "minutes)"));
}

// Sets the fields `flags` give in `a` and names them in `mask`.
absl::Status ApplyFlags(const AssignmentFlags& flags, absl::TimeZone zone,
                        quiz::v1::Assignment& a,
                        std::vector<std::string>& mask) {
  if (!flags.title.empty()) {
    a.set_title(flags.title);
    mask.push_back("title");
  }
  const struct {
    const std::string& text;
    const char* flag;
    const char* field;
    google::protobuf::Timestamp* out;
  } times[] = {
      {flags.opens, "--opens", "open_time", a.mutable_open_time()},
      {flags.due, "--due", "due_time", a.mutable_due_time()},
      {flags.closes, "--closes", "close_time", a.mutable_close_time()}};
  for (const auto& t : times) {
    if (t.text.empty()) continue;
    absl::StatusOr<absl::Time> when = ParseWhen(t.text, zone, t.flag);
    if (!when.ok()) return when.status();
    SetTime(*when, t.out);
    mask.push_back(t.field);
  }
  if (!a.has_open_time() || a.open_time().seconds() == 0) a.clear_open_time();
  if (!a.has_due_time() || a.due_time().seconds() == 0) a.clear_due_time();
  if (!a.has_close_time() || a.close_time().seconds() == 0) {
    a.clear_close_time();
  }
  if (flags.attempts.has_value()) {
    a.set_max_attempts(*flags.attempts);
    mask.push_back("max_attempts");
  }
  if (!flags.time_limit.empty()) {
    absl::StatusOr<int> seconds = ParseTimeLimit(flags.time_limit);
    if (!seconds.ok()) return seconds.status();
    a.set_time_limit_seconds(*seconds);
    mask.push_back("time_limit_seconds");
  }
  if (!flags.scoring.empty()) {
    absl::StatusOr<int> scoring =
        ParseChoice(flags.scoring, kScoring, "--scoring");
    if (!scoring.ok()) return scoring.status();
    a.set_scoring_policy(static_cast<quiz::v1::ScoringPolicy>(*scoring));
    mask.push_back("scoring_policy");
  }
  if (!flags.release.empty()) {
    absl::StatusOr<int> release =
        ParseChoice(flags.release, kRelease, "--release");
    if (!release.ok()) return release.status();
    a.set_release_policy(static_cast<quiz::v1::ReleasePolicy>(*release));
    mask.push_back("release_policy");
  }
  if (flags.points.has_value()) {
    a.set_score_maximum(*flags.points);
    mask.push_back("score_maximum");
  }
  if (!flags.external_id.empty()) {
    a.set_external_id(flags.external_id);
    mask.push_back("external_id");
  }
  return absl::OkStatus();
}

std::string AttemptsText(int max_attempts) {
  return max_attempts == 0 ? "unlimited" : absl::StrCat(max_attempts);
}

std::string TimeLimitText(int seconds) {
  return seconds == 0 ? "the quiz's" : FormatElapsed(absl::Seconds(seconds));
}

// One assignment, a line per field, times in `zone`.
std::string RenderAssignment(const quiz::v1::Assignment& a,
                             absl::TimeZone zone) {
  std::vector<std::vector<std::string>> rows = {
      {"Assignment", ResourceId(a.name())},
      {"Title", a.title()},
      {"Course", ResourceId(a.course())},
      {"Quiz", ResourceId(a.quiz())},
      {"Status", a.published() ? "published" : "draft"},
      {"Opens", FormatTimestamp(a.open_time(), zone)},
      {"Due", FormatTimestamp(a.due_time(), zone)},
      {"Closes", FormatTimestamp(a.close_time(), zone)},
      {"Attempts", AttemptsText(a.max_attempts())},
      {"Time limit", TimeLimitText(a.time_limit_seconds())},
      {"Scoring", ChoiceWord(a.scoring_policy(), kScoring)},
      {"Keys shown",
       ChoiceWord(a.release_policy() == 0 ? quiz::v1::RELEASE_AFTER_EACH_ATTEMPT
                                          : a.release_policy(),
                  kRelease)},
      {"Points", FormatNumber(a.score_maximum())},
  };
  if (!a.external_id().empty())
    rows.push_back({"External id", a.external_id()});
  std::string out;
  for (const auto& row : rows) {
    absl::StrAppend(&out, row[0], ":", std::string(12 - row[0].size(), ' '),
                    Printable(row[1]), "\n");
  }
  return out;
}

absl::Status Show(Context& context, const quiz::v1::Assignment& a) {
  if (context.flags().json) return PrintJson(a, context.out());
  context.out() << RenderAssignment(a, context.env().zone);
  return absl::OkStatus();
}

absl::Status RunCreate(Context& context, const AssignmentFlags& flags) {
  quiz::v1::CreateAssignmentRequest request;
  quiz::v1::Assignment& a = *request.mutable_assignment();
  a.set_course(Named("courses", flags.course));
  a.set_quiz(Named("quizzes", flags.quiz));
  a.set_published(!flags.draft);
  std::vector<std::string> mask;
  if (absl::Status applied = ApplyFlags(flags, context.env().zone, a, mask);
      !applied.ok()) {
    return applied;
  }
  request.set_request_id(context.env().new_request_id());
  absl::StatusOr<quiz::v1::Assignment> created =
      context.Api().CreateAssignment(request);
  if (!created.ok()) return created.status();
  context.human() << "Created " << Printable(ResourceId(created->name()))
                  << (created->published() ? "" : " (a draft)") << ".\n";
  return Show(context, *created);
}

absl::Status RunUpdate(Context& context, const AssignmentFlags& flags) {
  quiz::v1::UpdateAssignmentRequest request;
  quiz::v1::Assignment& a = *request.mutable_assignment();
  a.set_name(Named("assignments", flags.name));
  std::vector<std::string> mask;
  if (absl::Status applied = ApplyFlags(flags, context.env().zone, a, mask);
      !applied.ok()) {
    return applied;
  }
  if (flags.draft || flags.publish) {
    a.set_published(flags.publish);
    mask.push_back("published");
  }
  if (mask.empty()) {
    return UsageError("nothing to change; give at least one option");
  }
  for (const std::string& path : mask) request.add_update_mask(path);
  absl::StatusOr<quiz::v1::Assignment> updated =
      context.Api().UpdateAssignment(request);
  if (!updated.ok()) return updated.status();
  return Show(context, *updated);
}

absl::Status RunShow(Context& context, const std::string& name) {
  quiz::v1::GetAssignmentRequest request;
  request.set_name(Named("assignments", name));
  absl::StatusOr<quiz::v1::Assignment> a = context.Api().GetAssignment(request);
  if (!a.ok()) return a.status();
  return Show(context, *a);
}

absl::Status RunList(Context& context, const std::string& course) {
  quiz::v1::ListAssignmentsResponse all;
  quiz::v1::ListAssignmentsRequest request;
  request.set_course(Named("courses", course));
  request.set_page_size(context.env().list_page_size);
  absl::Status read = ReadAllPages<quiz::v1::ListAssignmentsResponse>(
      [&](const std::string& token) {
        request.set_page_token(token);
        return context.Api().ListAssignments(request);
      },
      [&](const quiz::v1::ListAssignmentsResponse& page) {
        all.mutable_assignments()->MergeFrom(page.assignments());
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.assignments().empty()) {
    context.out() << "No assignments in " << Printable(course) << ".\n";
    return absl::OkStatus();
  }
  const absl::TimeZone zone = context.env().zone;
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::Assignment& a : all.assignments()) {
    rows.push_back({ResourceId(a.name()), a.title(), ResourceId(a.quiz()),
                    FormatTimestamp(a.due_time(), zone),
                    FormatTimestamp(a.close_time(), zone),
                    AttemptsText(a.max_attempts()),
                    a.published() ? "published" : "draft"});
  }
  context.out() << RenderTable(
      {"ID", "TITLE", "QUIZ", "DUE", "CLOSES", "ATTEMPTS", "STATUS"}, rows, {},
      context.env().width, {1});
  return absl::OkStatus();
}

absl::Status RunDelete(Context& context, const std::string& name) {
  quiz::v1::DeleteAssignmentRequest request;
  request.set_name(Named("assignments", name));
  absl::StatusOr<quiz::v1::DeleteAssignmentResponse> deleted =
      context.Api().DeleteAssignment(request);
  if (!deleted.ok()) return deleted.status();
  context.out() << "Deleted " << Printable(ResourceId(request.name()))
                << "; its attempts and results stay.\n";
  return absl::OkStatus();
}

absl::Status RunOverride(Context& context, const OverrideFlags& flags) {
  quiz::v1::SetOverrideRequest request;
  quiz::v1::AssignmentOverride& o = *request.mutable_override();
  o.set_assignment(Named("assignments", flags.assignment));
  o.set_user(Named("users", flags.user));
  if (flags.time_factor.has_value())
    o.set_time_limit_factor(*flags.time_factor);
  if (flags.extra_minutes.has_value())
    o.set_extra_minutes(*flags.extra_minutes);
  if (flags.extra_attempts.has_value()) {
    o.set_extra_attempts(*flags.extra_attempts);
  }
  const absl::TimeZone zone = context.env().zone;
  if (!flags.due.empty()) {
    absl::StatusOr<absl::Time> due = ParseWhen(flags.due, zone, "--due");
    if (!due.ok()) return due.status();
    SetTime(*due, o.mutable_due_time());
  }
  if (!flags.closes.empty()) {
    absl::StatusOr<absl::Time> closes =
        ParseWhen(flags.closes, zone, "--closes");
    if (!closes.ok()) return closes.status();
    SetTime(*closes, o.mutable_close_time());
  }
  absl::StatusOr<quiz::v1::AssignmentOverride> stored =
      context.Api().SetOverride(request);
  if (!stored.ok()) return stored.status();
  if (context.flags().json) return PrintJson(*stored, context.out());
  std::vector<std::string> parts;
  if (stored->time_limit_factor() > 0) {
    parts.push_back(
        absl::StrCat("time x", FormatNumber(stored->time_limit_factor())));
  }
  if (stored->extra_minutes() > 0) {
    parts.push_back(absl::StrCat("+", stored->extra_minutes(), " min"));
  }
  if (stored->extra_attempts() > 0) {
    parts.push_back(absl::StrCat("+", stored->extra_attempts(), " attempts"));
  }
  if (IsSet(stored->due_time())) {
    parts.push_back("due " + FormatTimestamp(stored->due_time(), zone));
  }
  if (IsSet(stored->close_time())) {
    parts.push_back("closes " + FormatTimestamp(stored->close_time(), zone));
  }
  std::string summary;
  for (const std::string& part : parts) {
    absl::StrAppend(&summary, summary.empty() ? "" : ", ", part);
  }
  context.out() << "Override for " << Printable(ResourceId(stored->user()))
                << " on " << Printable(ResourceId(stored->assignment())) << ": "
                << (summary.empty() ? "none" : summary) << ".\n";
  return absl::OkStatus();
}

// The options create and update share.
void AddValueOptions(CLI::App* app, AssignmentFlags& flags) {
  app->add_option("--title", flags.title, "Title (default: the quiz's)");
  app->add_option("--opens", flags.opens,
                  "Opens at TIME (\"2026-12-07 09:00\", local time, or ISO "
                  "8601)");
  app->add_option("--due", flags.due, "Due at TIME; later starts are late");
  app->add_option("--closes", flags.closes,
                  "Closes at TIME: no start after it, and attempts in "
                  "progress end then");
  app->add_option("--attempts", flags.attempts,
                  "Attempts allowed (0: unlimited)");
  app->add_option("--time-limit", flags.time_limit,
                  "Time limit (90m, 1h30m; default: the quiz's)");
  app->add_option("--scoring", flags.scoring,
                  "Which attempt counts: highest, latest, first, average");
  app->add_option("--release", flags.release,
                  "When learners see keys: immediately, after-attempt, "
                  "after-due, never");
  app->add_option("--points", flags.points,
                  "Points the score is put on (default 100)");
  app->add_option("--external-id", flags.external_id,
                  "The id your LMS knows it by");
}

}  // namespace

void AddAssignmentCommands(CLI::App& app, GlobalFlags& flags,
                           CommandList& commands) {
  CLI::App* group = app.add_subcommand(
      "assignment", "Assign quizzes to a course (instructors)");
  group->require_subcommand(1);

  auto create_flags = std::make_shared<AssignmentFlags>();
  CLI::App* create = group->add_subcommand("create",
                                           "Assign QUIZ to COURSE (published "
                                           "unless --draft)");
  create->add_option("course", create_flags->course, "Course id")->required();
  create->add_option("quiz", create_flags->quiz, "Quiz id")->required();
  AddValueOptions(create, *create_flags);
  create->add_flag("--draft", create_flags->draft,
                   "Keep it hidden from learners until published");
  create->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({create, [create_flags](Context& context) {
                        return RunCreate(context, *create_flags);
                      }});

  auto list_course = std::make_shared<std::string>();
  CLI::App* list = group->add_subcommand("list", "List a course's assignments");
  list->add_option("course", *list_course, "Course id")->required();
  list->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({list, [list_course](Context& context) {
                        return RunList(context, *list_course);
                      }});

  auto show_name = std::make_shared<std::string>();
  CLI::App* show = group->add_subcommand("show", "Show an assignment");
  show->add_option("assignment", *show_name, "Assignment id")->required();
  show->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({show, [show_name](Context& context) {
                        return RunShow(context, *show_name);
                      }});

  auto update_flags = std::make_shared<AssignmentFlags>();
  CLI::App* update = group->add_subcommand(
      "update", "Change the given settings of an assignment");
  update->add_option("assignment", update_flags->name, "Assignment id")
      ->required();
  AddValueOptions(update, *update_flags);
  update->add_flag("--draft", update_flags->draft, "Hide it from learners");
  update->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({update, [update_flags](Context& context) {
                        return RunUpdate(context, *update_flags);
                      }});

  auto publish_flags = std::make_shared<AssignmentFlags>();
  CLI::App* publish =
      group->add_subcommand("publish", "Make a draft visible to learners");
  publish->add_option("assignment", publish_flags->name, "Assignment id")
      ->required();
  publish_flags->publish = true;
  commands.push_back({publish, [publish_flags](Context& context) {
                        return RunUpdate(context, *publish_flags);
                      }});

  auto delete_name = std::make_shared<std::string>();
  CLI::App* remove = group->add_subcommand(
      "delete", "Delete an assignment (its attempts and results stay)");
  remove->add_option("assignment", *delete_name, "Assignment id")->required();
  commands.push_back({remove, [delete_name](Context& context) {
                        return RunDelete(context, *delete_name);
                      }});

  auto override_flags = std::make_shared<OverrideFlags>();
  CLI::App* override_cmd = group->add_subcommand(
      "override", "Give one learner extra time, attempts or later dates");
  override_cmd
      ->add_option("assignment", override_flags->assignment, "Assignment id")
      ->required();
  override_cmd->add_option("user", override_flags->user, "Learner's username")
      ->required();
  CLI::Option* factor =
      override_cmd->add_option("--time-factor", override_flags->time_factor,
                               "Multiply the time limit (e.g. 1.5)");
  override_cmd
      ->add_option("--extra-minutes", override_flags->extra_minutes,
                   "Add N minutes to the time limit")
      ->excludes(factor);
  override_cmd->add_option("--extra-attempts", override_flags->extra_attempts,
                           "Allow N more attempts");
  override_cmd->add_option("--due", override_flags->due,
                           "A later due TIME for this learner");
  override_cmd->add_option("--closes", override_flags->closes,
                           "A later close TIME for this learner");
  override_cmd->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({override_cmd, [override_flags](Context& context) {
                        return RunOverride(context, *override_flags);
                      }});
}

}  // namespace client
