// A whole file as text ("" when it cannot be read): run outputs, OSU tables, configs read
// back by the front end.
#pragma once

#include <fstream>
#include <sstream>
#include <string>

namespace smvn {

inline std::string read_text_file(const std::string& path) {
  std::ifstream in(path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

}  // namespace smvn
