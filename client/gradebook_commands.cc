// `quiz gradebook COURSE`: a course's or one assignment's results, as a
// table or as CSV (GradebookService.ListResults).
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/gradebook_render.h"
#include "client/terminal.h"

namespace client {
namespace {

struct GradebookFlags {
  std::string course;
  std::string assignment;
  std::string csv;
};

// "courses/c1" from "c1" or "courses/c1"; a name of another collection is a
// usage error naming `what`.
absl::StatusOr<std::string> Name(const std::string& text,
                                 const std::string& collection,
                                 const char* what) {
  if (text.empty())
    return UsageError(absl::StrCat(what, ": must not be empty"));
  if (text.find('/') == std::string::npos) return collection + "/" + text;
  if (absl::StartsWith(text, collection + "/")) return text;
  return UsageError(absl::StrCat(what, ": \"", Elide(text), "\" is not ",
                                 collection, "/ID or an id"));
}

absl::Status RunGradebook(Context& context, const GradebookFlags& flags) {
  absl::StatusOr<std::string> course = Name(flags.course, "courses", "COURSE");
  if (!course.ok()) return course.status();
  quiz::v1::ListResultsRequest request;
  request.set_parent(*course);
  if (!flags.assignment.empty()) {
    absl::StatusOr<std::string> assignment =
        Name(flags.assignment, "assignments", "--assignment");
    if (!assignment.ok()) return assignment.status();
    request.set_parent(*assignment);
  }
  request.set_page_size(context.env().list_page_size);
  std::vector<quiz::v1::Result> results;
  absl::Status read = ReadAllPages<quiz::v1::ListResultsResponse>(
      [&](const std::string& token) {
        request.set_page_token(token);
        return context.Api().ListResults(request);
      },
      [&](const quiz::v1::ListResultsResponse& page) {
        results.insert(results.end(), page.results().begin(),
                       page.results().end());
      });
  if (!read.ok()) return read;
  if (!flags.csv.empty()) {
    if (absl::Status written =
            WriteFileAtomically(flags.csv, GradebookCsv(results));
        !written.ok()) {
      return written;
    }
    context.human() << "Wrote " << results.size()
                    << (results.size() == 1 ? " row" : " rows") << " to "
                    << Printable(flags.csv) << ".\n";
    return absl::OkStatus();
  }
  if (context.flags().json) {
    quiz::v1::ListResultsResponse all;
    all.mutable_results()->Add(results.begin(), results.end());
    return PrintJson(all, context.out());
  }
  // Tables fit 80 columns, or $COLUMNS when wider.
  const int width = TableWidth(context.env().env);
  context.out() << (flags.assignment.empty()
                        ? RenderCourseGradebook(results, width)
                        : RenderAssignmentGradebook(results, width));
  return absl::OkStatus();
}

}  // namespace

void AddGradebookCommands(CLI::App& app, GlobalFlags& flags,
                          CommandList& commands) {
  auto gradebook_flags = std::make_shared<GradebookFlags>();
  CLI::App* gradebook = app.add_subcommand(
      "gradebook",
      "Show a course's results: each learner's score on each assignment, "
      "out of the assignment's fixed maximum (instructors, teaching "
      "assistants; learners see their own)");
  gradebook
      ->add_option("COURSE", gradebook_flags->course,
                   "The course (its id, or courses/ID)")
      ->required();
  gradebook->add_option("--assignment", gradebook_flags->assignment,
                        "Only this assignment, with attempts, progress, "
                        "lateness and a score histogram");
  gradebook->add_option("--csv", gradebook_flags->csv,
                        "Write every field of every row to FILE as CSV for "
                        "a spreadsheet (UTF-8, one row per learner and "
                        "assignment) instead of printing a table");
  gradebook->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({gradebook, [gradebook_flags](Context& context) {
                        return RunGradebook(context, *gradebook_flags);
                      }});
}

}  // namespace client
