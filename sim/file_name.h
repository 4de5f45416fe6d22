// Names from a configuration that become file or folder names (a suite's job, an
// evaluation's case or program) must stay inside the output folder: "../../x", "a/b", an
// absolute path or a hidden name would write elsewhere or out of sight.
#pragma once

#include <string>

namespace smvn {

// Empty when NAME can be a file name in a run folder; otherwise why not. Allowed: 1 to
// 100 of letters, digits, '_', '-', '.', '@', '+', not starting with '.'.
std::string file_name_problem(const std::string& name);

}  // namespace smvn
