#include "sim/file_name.h"

namespace smvn {

std::string file_name_problem(const std::string& name) {
  if (name.empty()) return "a name cannot be empty";
  if (name.size() > 100) return "'" + name.substr(0, 40) + "...' is longer than 100 characters";
  if (name[0] == '.') return "'" + name + "' starts with '.' (it would be hidden, or name a parent folder)";
  for (char ch : name) {
    const bool ok = (ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9') || ch == '_' ||
                    ch == '-' || ch == '.' || ch == '@' || ch == '+';
    if (!ok)
      return "'" + name + "' becomes a file name in the output folder: use letters, digits and _ - . @ + only";
  }
  return "";
}

}  // namespace smvn
