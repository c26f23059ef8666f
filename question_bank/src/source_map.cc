#include "question_bank/src/source_map.h"

#include <utility>

namespace question_bank {

void SourceMap::Add(std::string path, TextPosition position) {
  positions_.emplace(std::move(path), position);
}

TextPosition SourceMap::Find(std::string_view path) const {
  while (true) {
    auto it = positions_.find(path);
    if (it != positions_.end()) return it->second;
    if (path.empty()) return {};
    path = ParentPath(path);
  }
}

std::string_view ParentPath(std::string_view path) {
  size_t cut = path.find_last_of(".[");
  if (cut == std::string_view::npos) return {};
  return path.substr(0, cut);
}

}  // namespace question_bank
