#include "cli_help/help_format.h"

#include <sstream>

namespace cli_help {
namespace {

// Help is read on terminals of any width; 80 columns fit them all.
constexpr int kHelpColumns = 80;
// The column holding option and subcommand names.
constexpr int kNameColumns = 30;

}  // namespace

std::string WrapHelp(const std::string& text, int width) {
  std::string out;
  std::istringstream paragraphs(text);
  std::string paragraph;
  while (std::getline(paragraphs, paragraph)) {
    std::istringstream words(paragraph);
    std::string word, line;
    while (words >> word) {
      if (!line.empty() &&
          static_cast<int>(line.size() + 1 + word.size()) > width) {
        out += line + "\n";
        line.clear();
      }
      line += (line.empty() ? "" : " ") + word;
    }
    out += line + "\n";
  }
  return out;
}

HelpFormatter::HelpFormatter() { column_width(kNameColumns); }

std::string HelpFormatter::WrapDescription(const std::string& text) const {
  std::string wrapped = WrapHelp(text, kHelpColumns - kNameColumns);
  while (!wrapped.empty() && wrapped.back() == '\n') wrapped.pop_back();
  return wrapped;
}

std::string HelpFormatter::make_option_opts(const CLI::Option* option) const {
  if (!option->get_option_text().empty()) {
    return " " + option->get_option_text();
  }
  std::string opts;
  if (option->get_type_size() != 0) {
    if (!option->get_type_name().empty()) {
      opts += " " + get_label(option->get_type_name());
    }
    if (option->get_expected_max() == CLI::detail::expected_max_vector_size) {
      opts += " ...";
    } else if (option->get_expected_min() > 1) {
      opts += " x " + std::to_string(option->get_expected());
    }
    if (option->get_required()) opts += " " + get_label("REQUIRED");
  }
  for (const CLI::Option* other : option->get_needs()) {
    opts += " " + get_label("Needs") + ": " + other->get_name();
  }
  for (const CLI::Option* other : option->get_excludes()) {
    opts += " " + get_label("Excludes") + ": " + other->get_name();
  }
  return opts;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  std::string description = CLI::Formatter::make_option_desc(option);
  std::string notes;
  if (option->get_option_text().empty() && option->get_type_size() != 0 &&
      !option->get_default_str().empty()) {
    notes = "default " + option->get_default_str();
  }
  if (option->get_option_text().empty() && !option->get_envname().empty()) {
    notes += (notes.empty() ? "" : ", ") + std::string("env ") +
             option->get_envname();
  }
  if (!notes.empty()) description += " [" + notes + "]";
  return WrapDescription(description);
}

std::string HelpFormatter::make_subcommand(const CLI::App* subcommand) const {
  std::stringstream out;
  CLI::detail::format_help(out, subcommand->get_display_name(true),
                           WrapDescription(subcommand->get_description()),
                           kNameColumns);
  return out.str();
}

std::string HelpFormatter::make_description(const CLI::App* app) const {
  const std::string description = CLI::Formatter::make_description(app);
  return description.empty() ? description
                             : WrapHelp(description, kHelpColumns);
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  const std::string footer = CLI::Formatter::make_footer(app);
  return footer.empty() ? footer : WrapHelp(footer, kHelpColumns);
}

}  // namespace cli_help
