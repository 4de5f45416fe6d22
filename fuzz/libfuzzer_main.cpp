// libFuzzer's entry point (clang -fsanitize=fuzzer): build-fuzz/fuzz/fuzz_config.
#include "fuzz/config_target.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  smvn::fuzz::run_config_input(data, size);
  return 0;
}
