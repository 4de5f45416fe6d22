// Helpers shared by the loader tests: where the test programs are, and argv building.
#pragma once

#include <initializer_list>
#include <string>
#include <vector>

namespace smvn::test {

// A program built at build time by smvn-mpicc from tests/mpi_shim/programs/<name>.c.
inline std::string rank_program(const std::string& name) {
  return std::string(SMVN_RANK_PROGRAM_DIR) + "/" + name + ".so";
}

// An argv that the test keeps (run() must not need it to outlive the call, but the test
// checks that it is left as it was).
struct Argv {
  std::vector<std::string> words;
  std::vector<char*> ptrs;
  Argv(std::initializer_list<std::string> w) : words(w) {
    for (auto& s : words) ptrs.push_back(s.data());
    ptrs.push_back(nullptr);
  }
  int argc() const { return static_cast<int>(words.size()); }
  char** argv() { return ptrs.data(); }
};

}  // namespace smvn::test
