// `quiz --help` within 80 columns: CLI11 prints each description on one
// line however long; this formatter word-wraps them under their column.
#ifndef QUIZD_CLIENT_HELP_FORMAT_H_
#define QUIZD_CLIENT_HELP_FORMAT_H_

#include <string>

#include "CLI/CLI.hpp"

namespace client {

class HelpFormatter : public CLI::Formatter {
 public:
  HelpFormatter();
  std::string make_option_desc(const CLI::Option* option) const override;
  std::string make_subcommand(const CLI::App* subcommand) const override;
  std::string make_description(const CLI::App* app) const override;
  std::string make_footer(const CLI::App* app) const override;

 private:
  // `text` wrapped to the columns right of the name column, without a
  // final line break (CLI11 indents the line after each one).
  std::string WrapDescription(const std::string& text) const;
};

}  // namespace client

#endif  // QUIZD_CLIENT_HELP_FORMAT_H_
