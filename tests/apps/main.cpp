// Test entry point. libsystemc supplies main() and calls sc_main(), so the GoogleTest
// runner lives here rather than in gtest_main (SystemC declares sc_main extern "C").
#include <gtest/gtest.h>

extern "C" int sc_main(int argc, char* argv[]) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
