#include "client/help_format.h"

#include <sstream>

#include "client/format.h"

namespace client {
namespace {

// Help is read on terminals of any width; 80 columns fit them all.
constexpr int kHelpColumns = 80;
// The column holding option and subcommand names.
constexpr int kNameColumns = 30;

}  // namespace

HelpFormatter::HelpFormatter() { column_width(kNameColumns); }

std::string HelpFormatter::WrapDescription(const std::string& text) const {
  std::string wrapped = Wrap(text, kHelpColumns - kNameColumns);
  while (!wrapped.empty() && wrapped.back() == '\n') wrapped.pop_back();
  return wrapped;
}

std::string HelpFormatter::make_option_desc(const CLI::Option* option) const {
  return WrapDescription(CLI::Formatter::make_option_desc(option));
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
  return description.empty() ? description : Wrap(description, kHelpColumns);
}

std::string HelpFormatter::make_footer(const CLI::App* app) const {
  const std::string footer = CLI::Formatter::make_footer(app);
  return footer.empty() ? footer : Wrap(footer, kHelpColumns);
}

}  // namespace client
