// libFuzzer's entry point (clang -fsanitize=fuzzer): build-fuzz/fuzz/fuzz_config.
#include "fuzz/config_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  smvn::fuzz::run_config_input(data, size);
  return 0;
}

// libsystemc.so's main() would call sc_main; libFuzzer's main (linked into this
// executable) is the one that runs, but the library still needs the symbol.
extern "C" int sc_main(int, char**) { return 0; }
