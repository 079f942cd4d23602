#include "store/rows.h"

namespace cordon::store {

std::string join_list(const std::vector<std::string>& words) {
  std::string out;
  for (const auto& w : words) {
    if (!out.empty()) out += ',';
    out += w;
  }
  return out;
}

std::vector<std::string> split_list(const std::string& column) {
  std::vector<std::string> out;
  size_t start = 0;
  while (start <= column.size()) {
    size_t comma = column.find(',', start);
    if (comma == std::string::npos) comma = column.size();
    if (comma > start) out.push_back(column.substr(start, comma - start));
    start = comma + 1;
  }
  return out;
}

}  // namespace cordon::store
