// Test entry point. libsystemc supplies main() and calls sc_main(), so the GoogleTest
// runner lives here rather than in gtest_main (SystemC declares sc_main extern "C").
// SystemC elaborates once per process: run the tests one at a time (ctest does, since
// every TEST is its own ctest entry; by hand use --gtest_filter).
#include <gtest/gtest.h>

extern "C" int sc_main(int argc, char* argv[]) {
  testing::InitGoogleTest(&argc, argv);
  return RUN_ALL_TESTS();
}
