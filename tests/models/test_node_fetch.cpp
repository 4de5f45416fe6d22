// Instruction fetch through the L1I: software that models its code footprint pays misses
// the first time and hits afterwards, and the fetches never disturb the data side.
#include <cstdint>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

TEST(NodeFetch, SecondFetchOfSameCodeHitsInL1I) {
  Simulation sim(node_config());
  sc_core::sc_time cold, warm;
  sim.cluster().core(1).set_program([&](Core& c) {
    const uint64_t code = 0x400000;
    sc_core::sc_time t0 = c.now();
    c.fetch(code, 4096);
    cold = c.now() - t0;
    t0 = c.now();
    c.fetch(code, 4096);
    warm = c.now() - t0;
  });
  sim.run();
  EXPECT_GT(cold, warm * 4.0);
  EXPECT_EQ(sim.stats().value("cluster.node0.core1_l1i.read_misses"), 4096 / 32);
  EXPECT_EQ(sim.stats().value("cluster.node0.core1_l1i.read_hits"), 4096 / 32);
  EXPECT_EQ(sim.stats().value("cluster.node0.core1_l1d.read_misses"), 0);
}
