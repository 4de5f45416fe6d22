// Replays inputs through the fuzz target in the normal build: every file under the
// folders given (fuzz/findings/: each past finding, fixed) must end cleanly. An
// unexpected exception fails the run naming the file; a crash fails the test.
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

#include <systemc>

#include "fuzz/config_target.h"

int sc_main(int argc, char** argv) {
  int files = 0;
  for (int i = 1; i < argc; ++i) {
    for (const auto& e : std::filesystem::directory_iterator(argv[i])) {
      if (!e.is_regular_file()) continue;
      std::ifstream in(e.path(), std::ios::binary);
      const std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      try {
        smvn::fuzz::run_config_input(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
      } catch (const std::exception& ex) {
        std::cerr << "FAIL " << e.path().string() << ": " << ex.what() << "\n";
        return 1;
      }
      ++files;
    }
  }
  std::cout << "replayed " << files << " inputs cleanly\n";
  return 0;
}
