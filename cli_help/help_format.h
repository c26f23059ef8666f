// `--help` of quiz and quizd within 80 columns: CLI11 prints each
// description on one line however long; this formatter word-wraps them under
// their column. A leaf module: the server and the client both use it.
#ifndef QUIZD_CLI_HELP_HELP_FORMAT_H_
#define QUIZD_CLI_HELP_HELP_FORMAT_H_

#include <string>

#include "CLI/CLI.hpp"

namespace cli_help {

// Word-wraps `text` (help text of our own: ASCII, no control characters
// but line breaks) to `width` columns, breaking at spaces; a word longer
// than a line overflows it. Every line ends in "\n".
std::string WrapHelp(const std::string& text, int width);

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  // The type stays by the name; the default and the environment variable
  // go to the description, where they wrap (beside the name they made
  // lines of 90 to 114 columns).
  std::string make_option_opts(const CLI::Option* option) const override;
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_subcommand(const CLI::App* subcommand) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  // `text` wrapped to the columns right of the name column, without a
  // final line break (CLI11 indents the line after each one).
  std::string WrapDescription(const std::string& text) const;
};

}  // namespace cli_help

#endif  // QUIZD_CLI_HELP_HELP_FORMAT_H_
