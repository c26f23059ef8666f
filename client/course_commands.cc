// `quiz course ...`: courses and their members (CourseService), for
// instructors (their own courses), admins and API keys.
#include <fstream>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "client/command_context.h"
#include "client/errors.h"
#include "client/format.h"
#include "client/member_csv.h"
#include "client/tables.h"
#include "client/terminal.h"
#include "client/when.h"

namespace client {
namespace {

// Rows per BatchUpdateMembers call: the server takes up to 1,000.
constexpr int kMemberChunkRows = 1000;

std::string CourseName(const std::string& id) {
  return absl::StartsWith(id, "courses/") ? id : absl::StrCat("courses/", id);
}

std::string CourseRoleName(quiz::v1::CourseRole role) {
  switch (role) {
    case quiz::v1::COURSE_ROLE_LEARNER:
      return "learner";
    case quiz::v1::COURSE_ROLE_INSTRUCTOR:
      return "instructor";
    case quiz::v1::COURSE_ROLE_TEACHING_ASSISTANT:
      return "ta";
    default:
      return "-";
  }
}

std::string MemberStatusName(quiz::v1::MemberStatus status) {
  switch (status) {
    case quiz::v1::MEMBER_STATUS_ACTIVE:
      return "active";
    case quiz::v1::MEMBER_STATUS_INACTIVE:
      return "inactive";
    case quiz::v1::MEMBER_STATUS_DELETED:
      return "removed";
    default:
      return "-";
  }
}

// What the server said about the rows of one or more member batches.
struct MemberTally {
  int created = 0, updated = 0, unchanged = 0, failed = 0;

  void Add(const quiz::v1::BatchUpdateMembersResponse& reply) {
    created += reply.created();
    updated += reply.updated();
    unchanged += reply.unchanged();
    failed += reply.failed();
  }
  std::string Text() const {
    return absl::StrCat(created, " added, ", updated, " changed, ", unchanged,
                        " unchanged");
  }
};

// A server's row error "rows[3].user: ..." as "user: ...".
std::string RowMessage(absl::string_view error) {
  if (absl::StartsWith(error, "rows[")) {
    const size_t close = error.find("].");
    if (close != error.npos) error.remove_prefix(close + 2);
  }
  return std::string(error);
}

// Prints one course: its fields, one per line.
void PrintCourse(Context& context, const quiz::v1::Course& course) {
  std::ostream& out = context.out();
  const absl::TimeZone zone = context.env().zone;
  out << "Course:      " << Printable(course.name()) << "\n"
      << "Title:       " << Printable(course.title()) << "\n"
      << "Term:        " << Printable(course.term()) << "\n"
      << "External id: " << Printable(course.external_id()) << "\n"
      << "Archived:    " << (course.archived() ? "yes" : "no") << "\n"
      << "Created:     " << FormatTimestamp(course.create_time(), zone) << "\n"
      << "Updated:     " << FormatTimestamp(course.update_time(), zone) << "\n";
}

// --- create, show, update, archive ---

struct CourseFlags {
  std::string id;
  std::string title, term, external_id;
  CLI::Option* title_option = nullptr;
  CLI::Option* term_option = nullptr;
  CLI::Option* external_id_option = nullptr;
};

void AddCourseFlags(CLI::App& command, CourseFlags& flags,
                    bool title_required) {
  command.add_option("id", flags.id, "Course id (a-z, 0-9, -)")->required();
  flags.title_option =
      command.add_option("--title", flags.title, "Title, e.g. \"CPC prep\"");
  if (title_required) flags.title_option->required();
  flags.term_option =
      command.add_option("--term", flags.term, "Term, e.g. \"2027 Spring\"");
  flags.external_id_option = command.add_option(
      "--external-id", flags.external_id, "The id an LMS or SIS uses");
}

absl::Status RunCreate(Context& context, const CourseFlags& flags) {
  quiz::v1::CreateCourseRequest request;
  absl::string_view id = flags.id;
  absl::ConsumePrefix(&id, "courses/");
  request.set_course_id(std::string(id));
  request.set_title(flags.title);
  request.set_term(flags.term);
  request.set_external_id(flags.external_id);
  absl::StatusOr<quiz::v1::Course> course = context.Api().CreateCourse(request);
  if (!course.ok()) return course.status();
  context.out() << "Created " << Printable(course->name()) << "\n";
  return absl::OkStatus();
}

absl::Status RunShow(Context& context, const std::string& id) {
  quiz::v1::GetCourseRequest request;
  request.set_name(CourseName(id));
  absl::StatusOr<quiz::v1::Course> course = context.Api().GetCourse(request);
  if (!course.ok()) return course.status();
  if (context.flags().json) return PrintJson(*course, context.out());
  PrintCourse(context, *course);
  return absl::OkStatus();
}

absl::Status Update(Context& context,
                    const quiz::v1::UpdateCourseRequest& request,
                    const char* verb) {
  absl::StatusOr<quiz::v1::Course> course = context.Api().UpdateCourse(request);
  if (!course.ok()) return course.status();
  context.out() << verb << " " << Printable(course->name()) << "\n";
  return absl::OkStatus();
}

absl::Status RunUpdate(Context& context, const CourseFlags& flags) {
  quiz::v1::UpdateCourseRequest request;
  request.set_name(CourseName(flags.id));
  if (flags.title_option->count() > 0) request.set_title(flags.title);
  if (flags.term_option->count() > 0) request.set_term(flags.term);
  if (flags.external_id_option->count() > 0) {
    request.set_external_id(flags.external_id);
  }
  if (!request.has_title() && !request.has_term() &&
      !request.has_external_id()) {
    return UsageError(
        "name a field to change: --title, --term or --external-id (an empty "
        "value clears the term or external id)");
  }
  return Update(context, request, "Updated");
}

absl::Status RunArchive(Context& context, const std::string& id,
                        bool archived) {
  quiz::v1::UpdateCourseRequest request;
  request.set_name(CourseName(id));
  request.set_archived(archived);
  return Update(context, request, archived ? "Archived" : "Restored");
}

// --- list ---

absl::Status RunList(Context& context, bool archived) {
  quiz::v1::ListCoursesRequest request;
  request.set_include_archived(archived);
  request.set_page_size(context.env().list_page_size);
  quiz::v1::ListCoursesResponse all;
  absl::Status read = ReadAllPages<quiz::v1::ListCoursesResponse>(
      [&](const std::string& token) {
        request.set_page_token(token);
        return context.Api().ListCourses(request);
      },
      [&](const quiz::v1::ListCoursesResponse& page) {
        all.mutable_courses()->MergeFrom(page.courses());
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.courses().empty()) {
    context.out() << "No courses.\n";
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::Course& course : all.courses()) {
    rows.push_back({ResourceId(course.name()), course.title(), course.term(),
                    course.external_id(),
                    course.archived() ? "archived" : "active"});
  }
  context.out() << RenderTable({"ID", "TITLE", "TERM", "EXTERNAL ID", "STATUS"},
                               rows, {}, TableWidth(context.env().env),
                               /*elastic=*/{1, 2, 3});
  return absl::OkStatus();
}

// --- members ---

struct MembersFlags {
  std::string id;
  std::vector<std::string> users;
  std::string role;
  bool by_external_id = false;
};

// Sends `rows` in chunks as one batch each; every row was checked by a
// dry run first, so a chunk fails only when something changed meanwhile.
absl::StatusOr<MemberTally> SendRows(
    Context& context, const std::string& course,
    const std::vector<quiz::v1::MemberUpdate>& rows, bool validate_only,
    bool skip_invalid,
    std::vector<quiz::v1::BatchUpdateMembersResponse>* replies = nullptr) {
  MemberTally tally;
  for (size_t begin = 0; begin < rows.size(); begin += kMemberChunkRows) {
    quiz::v1::BatchUpdateMembersRequest request;
    request.set_course(course);
    request.set_validate_only(validate_only);
    request.set_skip_invalid(skip_invalid);
    for (size_t k = begin; k < rows.size() && k < begin + kMemberChunkRows;
         ++k) {
      *request.add_rows() = rows[k];
    }
    absl::StatusOr<quiz::v1::BatchUpdateMembersResponse> reply =
        context.Api().BatchUpdateMembers(request);
    if (!reply.ok()) {
      if (begin > 0) {
        *context.env().err << "The first " << begin
                           << " rows were stored before this failure.\n";
      }
      return reply.status();
    }
    tally.Add(*reply);
    if (replies != nullptr) replies->push_back(*std::move(reply));
  }
  return tally;
}

absl::Status RunMembersChange(Context& context, const MembersFlags& flags,
                              bool remove) {
  std::vector<quiz::v1::MemberUpdate> rows;
  std::optional<quiz::v1::CourseRole> role;
  if (!remove) {
    role = ParseCourseRole(flags.role);
    if (!role.has_value()) {
      return UsageError(absl::StrCat("--role: \"", Elide(flags.role),
                                     "\" is not one of learner, instructor, "
                                     "ta"));
    }
  }
  for (const std::string& user : flags.users) {
    quiz::v1::MemberUpdate& row = rows.emplace_back();
    if (flags.by_external_id) {
      row.set_user_external_id(user);
    } else {
      row.set_user(user);
    }
    if (remove) {
      row.set_status(quiz::v1::MEMBER_STATUS_DELETED);
    } else {
      row.set_role(*role);
      row.set_status(quiz::v1::MEMBER_STATUS_ACTIVE);
    }
  }
  absl::StatusOr<MemberTally> tally =
      SendRows(context, CourseName(flags.id), rows, false, false);
  if (!tally.ok()) return tally.status();
  if (remove) {
    context.out() << tally->updated << " removed, " << tally->unchanged
                  << " were not members\n";
  } else {
    context.out() << tally->Text() << "\n";
  }
  return absl::OkStatus();
}

struct MembersListFlags {
  std::string id;
  std::string changed_since;
  std::string role;
  bool removed = false;
};

absl::Status RunMembersList(Context& context, const MembersListFlags& flags) {
  quiz::v1::ListMembersRequest request;
  request.set_course(CourseName(flags.id));
  request.set_include_deleted(flags.removed);
  if (!flags.role.empty()) {
    std::optional<quiz::v1::CourseRole> role = ParseCourseRole(flags.role);
    if (!role.has_value()) {
      return UsageError(absl::StrCat("--role: \"", Elide(flags.role),
                                     "\" is not one of learner, instructor, "
                                     "ta"));
    }
    request.set_role(*role);
  }
  if (!flags.changed_since.empty()) {
    absl::StatusOr<absl::Time> since =
        ParseWhen(flags.changed_since, context.env().zone, "--changed-since");
    if (!since.ok()) return since.status();
    SetTime(*since, request.mutable_changed_since());
  }
  request.set_page_size(context.env().list_page_size);
  quiz::v1::ListMembersResponse all;
  absl::Status read = ReadAllPages<quiz::v1::ListMembersResponse>(
      [&](const std::string& token) {
        request.set_page_token(token);
        return context.Api().ListMembers(request);
      },
      [&](const quiz::v1::ListMembersResponse& page) {
        all.mutable_members()->MergeFrom(page.members());
      });
  if (!read.ok()) return read;
  if (context.flags().json) return PrintJson(all, context.out());
  if (all.members().empty()) {
    context.out() << "No members match.\n";
    return absl::OkStatus();
  }
  std::vector<std::vector<std::string>> rows;
  for (const quiz::v1::CourseMember& member : all.members()) {
    rows.push_back({ResourceId(member.user()), member.display_name(),
                    CourseRoleName(member.role()),
                    MemberStatusName(member.status()),
                    member.user_external_id(),
                    FormatTimestamp(member.update_time(), context.env().zone)});
  }
  context.out() << RenderTable(
      {"USER", "NAME", "ROLE", "STATUS", "EXTERNAL ID", "CHANGED"}, rows, {},
      TableWidth(context.env().env), /*elastic=*/{1, 4});
  return absl::OkStatus();
}

struct ImportFlags {
  std::string id;
  std::string file;
  bool skip_bad = false;
  bool dry_run = false;
};

absl::Status RunMembersImport(Context& context, const ImportFlags& flags) {
  const CommandEnv& env = context.env();
  const std::string shown_file = Printable(flags.file);
  std::ifstream in(flags.file, std::ios::binary);
  if (!in) return UsageError(absl::StrCat(shown_file, ": cannot be read"));
  std::string content(kMaxMemberFileBytes + 1, '\0');
  in.read(content.data(), static_cast<std::streamsize>(content.size()));
  content.resize(static_cast<size_t>(in.gcount()));
  absl::StatusOr<MemberFile> file = ParseMemberFile(content);
  if (!file.ok()) {
    return UsageError(absl::StrCat(shown_file, ":", file.status().message()));
  }
  std::map<int, std::string> errors;  // by line: the file's, then the server's
  for (const MemberFileError& error : file->errors) {
    errors[error.line] = error.message;
  }
  std::vector<quiz::v1::MemberUpdate> rows;
  for (const MemberFileRow& row : file->rows) rows.push_back(row.row);
  const std::string course = CourseName(flags.id);
  // A dry run of every row first, so that a bad line anywhere stops the
  // import before anything is stored.
  std::vector<quiz::v1::BatchUpdateMembersResponse> checked;
  absl::StatusOr<MemberTally> would =
      SendRows(context, course, rows, /*validate_only=*/true,
               /*skip_invalid=*/true, &checked);
  if (!would.ok()) return would.status();
  std::vector<char> bad(rows.size(), 0);
  for (size_t chunk = 0; chunk < checked.size(); ++chunk) {
    for (const quiz::v1::MemberUpdateResult& result :
         checked[chunk].results()) {
      const size_t r = chunk * kMemberChunkRows + result.index();
      if (result.outcome() != quiz::v1::UPSERT_OUTCOME_ERROR ||
          result.index() < 0 || r >= rows.size()) {
        continue;
      }
      errors[file->rows[r].line] = RowMessage(result.error());
      bad[r] = 1;
    }
  }
  for (const auto& [line, message] : errors) {
    *env.err << shown_file << ":" << line << ": " << Printable(message) << "\n";
  }
  const int bad_lines = static_cast<int>(errors.size());
  if (bad_lines > 0 && !flags.skip_bad) {
    return UsageError(absl::StrCat(
        shown_file, ": ", bad_lines,
        bad_lines == 1 ? " bad line" : " bad lines",
        "; nothing was changed (fix them, or pass --skip-bad to import the "
        "others)"));
  }
  if (flags.dry_run) {
    context.out() << "Dry run: would have " << would->Text()
                  << (bad_lines > 0 ? absl::StrCat(", ", bad_lines, " skipped")
                                    : std::string())
                  << "; nothing was changed.\n";
    return absl::OkStatus();
  }
  std::vector<quiz::v1::MemberUpdate> good;
  for (size_t r = 0; r < rows.size(); ++r) {
    if (!bad[r]) good.push_back(rows[r]);
  }
  absl::StatusOr<MemberTally> done =
      SendRows(context, course, good, false, flags.skip_bad);
  if (!done.ok()) return done.status();
  context.out() << done->Text();
  const int skipped = bad_lines + done->failed;
  if (skipped > 0) context.out() << ", " << skipped << " skipped";
  context.out() << "\n";
  return absl::OkStatus();
}

}  // namespace

void AddCourseCommands(CLI::App& app, GlobalFlags& flags,
                       CommandList& commands) {
  CLI::App* course = app.add_subcommand(
      "course", "Courses and their members (instructors: your own courses)");
  course->require_subcommand(1);
  course->fallthrough();

  auto create = std::make_shared<CourseFlags>();
  CLI::App* create_app = course->add_subcommand(
      "create", "Create a course (an instructor creating it teaches it)");
  AddCourseFlags(*create_app, *create, /*title_required=*/true);
  commands.push_back({create_app, [create](Context& context) {
                        return RunCreate(context, *create);
                      }});

  auto archived = std::make_shared<bool>(false);
  CLI::App* list_app = course->add_subcommand("list", "List your courses");
  list_app->add_flag("--archived", *archived, "Include archived courses");
  list_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({list_app, [archived](Context& context) {
                        return RunList(context, *archived);
                      }});

  auto shown = std::make_shared<std::string>();
  CLI::App* show_app = course->add_subcommand("show", "Show one course");
  show_app->add_option("id", *shown, "Course id")->required();
  show_app->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({show_app, [shown](Context& context) {
                        return RunShow(context, *shown);
                      }});

  auto update = std::make_shared<CourseFlags>();
  CLI::App* update_app = course->add_subcommand(
      "update", "Change a course's title, term or external id");
  AddCourseFlags(*update_app, *update, /*title_required=*/false);
  commands.push_back({update_app, [update](Context& context) {
                        return RunUpdate(context, *update);
                      }});

  for (const bool archive : {true, false}) {
    auto id = std::make_shared<std::string>();
    CLI::App* app_for = course->add_subcommand(
        archive ? "archive" : "restore",
        archive ? "Archive a course: members and results stay, no attempt "
                  "of it starts"
                : "Restore an archived course");
    app_for->add_option("id", *id, "Course id")->required();
    commands.push_back({app_for, [id, archive](Context& context) {
                          return RunArchive(context, *id, archive);
                        }});
  }

  CLI::App* members =
      course->add_subcommand("members", "Add, remove, list and import members");
  members->require_subcommand(1);
  members->fallthrough();

  for (const bool remove : {false, true}) {
    auto change = std::make_shared<MembersFlags>();
    CLI::App* change_app = members->add_subcommand(
        remove ? "remove" : "add",
        remove ? "Remove users from a course (kept as removed for syncs)"
               : "Add users to a course, or change their role");
    change_app->add_option("id", change->id, "Course id")->required();
    change_app->add_option("users", change->users, "Usernames")->required();
    if (!remove) {
      change_app
          ->add_option("--role", change->role, "learner, instructor or ta")
          ->required();
    }
    change_app->add_flag("--external-id", change->by_external_id,
                         "The users are given by external id");
    commands.push_back({change_app, [change, remove](Context& context) {
                          return RunMembersChange(context, *change, remove);
                        }});
  }

  auto list = std::make_shared<MembersListFlags>();
  CLI::App* members_list = members->add_subcommand(
      "list", "List a course's members (learners see staff and themselves)");
  members_list->add_option("id", list->id, "Course id")->required();
  members_list->add_option("--changed-since", list->changed_since,
                           "Only changes after this time, removals "
                           "included (2026-12-01, \"2026-12-01 14:30\", RFC "
                           "3339)");
  members_list->add_option("--role", list->role,
                           "Only learner, instructor or ta");
  members_list->add_flag("--removed", list->removed, "Include removed members");
  members_list->add_flag("--json", flags.json, "Print JSON");
  commands.push_back({members_list, [list](Context& context) {
                        return RunMembersList(context, *list);
                      }});

  auto import = std::make_shared<ImportFlags>();
  CLI::App* import_app = members->add_subcommand(
      "import",
      "Add, change or remove members from a CSV file whose header row names "
      "its columns: username or external_id, role (learner, instructor, ta), "
      "status (active, inactive, deleted)");
  import_app->add_option("id", import->id, "Course id")->required();
  import_app->add_option("file", import->file, "Member CSV file")->required();
  import_app->add_flag("--skip-bad", import->skip_bad,
                       "Import the good lines when some are bad");
  import_app->add_flag("--dry-run", import->dry_run,
                       "Check every line and say what would change");
  commands.push_back({import_app, [import](Context& context) {
                        return RunMembersImport(context, *import);
                      }});
}

}  // namespace client
