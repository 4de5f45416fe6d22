// The fitted configuration `smvn calibrate` writes: the input file, byte for byte, with
// each fitted key's value replaced in place (its comments kept, the line marked), and a
// comment on top that says how the values were fitted. A key the file does not spell out
// (its model's default was used) cannot be replaced in place; then the whole file is
// written again by yaml-cpp with the key added, and the comment says its comments were lost.
#pragma once

#include <string>
#include <utility>
#include <vector>

namespace smvn {

// TEXT is the content of the file (named FILE in messages); VALUES are (dotted key,
// new value as YAML text); HEADER are comment lines without their "# ".
std::string fitted_config_text(const std::string& text, const std::string& file,
                               const std::vector<std::pair<std::string, std::string>>& values,
                               const std::vector<std::string>& header);

}  // namespace smvn
