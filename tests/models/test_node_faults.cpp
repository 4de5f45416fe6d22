// Memory faults raised by the software's own bugs: a misaligned access and an address
// outside memory. The exception leaves the core's program and escapes sc_start (SystemC
// may wrap it in an sc_report), so the test catches std::exception from run().
#include <cstdint>
#include <fstream>
#include <iterator>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using ::testing::HasSubstr;

TEST(NodeFaults, MisalignedLoadNamesTheAddress) {
  Simulation sim(node_config());
  bool returned = false, caught_as_memory_fault = false;
  std::string inside;
  sim.cluster().core(0).set_program([&](Core& c) {
    try {
      (void)c.load<uint32_t>(0x200002);  // misaligned 4-byte load: caught by the program
    } catch (const MemoryFault& e) {
      caught_as_memory_fault = true;
      inside = e.what();
    }
    (void)c.load<uint64_t>(0x200003);  // this one escapes
    returned = true;
  });
  const std::string error = run_expecting_error(sim);
  EXPECT_TRUE(caught_as_memory_fault) << "the core raises smvn::MemoryFault";
  EXPECT_THAT(inside, HasSubstr("0x200002"));
  EXPECT_THAT(inside, HasSubstr("misaligned"));
  EXPECT_FALSE(returned);
  EXPECT_THAT(error, HasSubstr("0x200003"));
  EXPECT_THAT(error, HasSubstr("misaligned"));
  EXPECT_THAT(error, HasSubstr("core0"));
}

TEST(NodeFaults, MisalignedStoreDoesNotWrite) {
  Simulation sim(node_config());
  bool caught = false;
  sim.cluster().memory().store<uint64_t>(0x200000, 0);
  sim.cluster().memory().store<uint64_t>(0x200008, 0);
  sim.cluster().core(0).set_program([&](Core& c) {
    try {
      c.store<uint64_t>(0x200004, ~0ull);
    } catch (const MemoryFault&) {
      caught = true;
    }
  });
  sim.run();
  EXPECT_TRUE(caught);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(0x200000), 0u);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(0x200008), 0u);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.write_misses"), 0);
}

// core.h: MemoryFault is "a memory access that the hierarchy refused (address outside
// memory, ll/sc on an uncached line, a misaligned access): the software's bug, reported
// with the core".
TEST(NodeFaults, LoadOutsideMemoryIsAMemoryFault) {
  Simulation sim(node_config());
  const uint64_t beyond = sim.cluster().address_map().total_bytes() + 0x40;
  bool caught_as_memory_fault = false;
  std::string inside;
  sim.cluster().core(0).set_program([&](Core& c) {
    try {
      (void)c.load<uint64_t>(beyond);
    } catch (const MemoryFault& e) {
      caught_as_memory_fault = true;
      inside = e.what();
    }
  });
  const std::string error = run_expecting_error(sim);
  EXPECT_TRUE(caught_as_memory_fault) << "escaped as: " << error;
  EXPECT_THAT(inside, HasSubstr("0x10000040"));
  EXPECT_THAT(inside, HasSubstr("core0"));
}

// A program that waits for an interrupt nobody raises must not end the run as if it had
// finished: the simulation reports which core is stuck.
TEST(NodeFaults, ProgramWaitingForeverIsReported) {
  Simulation sim(node_config());
  sim.cluster().core(0).set_program([](Core& c) { c.exec(100); });
  sim.cluster().core(2).set_program([](Core& c) { c.wait_for_interrupt(); });
  const std::string error = run_expecting_error(sim);
  EXPECT_THAT(error, HasSubstr("core2 never finished"));
  EXPECT_THAT(error, Not(HasSubstr("core0")));
}

// A program's error ends the run with the error as its stop record, so the statistics
// written for it say how it ended (issue 13).
TEST(NodeFaults, ErrorIsTheRunsStopRecord) {
  Simulation sim(node_config());
  sim.cluster().core(0).set_program([&](Core& c) { (void)c.load<uint64_t>(0x200003); });
  EXPECT_THROW(sim.run(), std::exception);
  EXPECT_EQ(sim.stop_record().reason, StopReason::Error);
  EXPECT_EQ(sim.stop_record().exit_status, 1);
  EXPECT_THAT(sim.stop_record().detail, HasSubstr("0x200003"));
  const std::string dir = ::testing::TempDir() + "/node-faults-error-record";
  sim.write_outputs(dir);
  std::ifstream in(dir + "/stats.txt");
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  EXPECT_THAT(text, ::testing::ContainsRegex("run\\.stop_reason +error #"));
}
