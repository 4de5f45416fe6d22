// The core's interrupt line: raised by a source at its own local time plus a latency, taken
// by wait_for_interrupt() exactly at delivery time; several raises before the core looks
// are one pending interrupt (the source's status register says which).
#include <cstdint>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using sc_core::sc_time;
using sc_core::SC_NS;

TEST(NodeInterrupt, TakenAtSendersTimePlusLatency) {
  Simulation sim(node_config());
  Core& target = sim.cluster().core(3);
  sc_time sent, taken;
  sim.cluster().core(0).set_program([&](Core& c) {
    c.exec(1000);  // run ahead of the kernel inside the quantum
    sent = c.now();
    target.raise_interrupt(c.now() - sc_core::sc_time_stamp() + sc_time(100, SC_NS));
  });
  target.set_program([&](Core& c) {
    c.wait_for_interrupt();
    taken = c.now();
  });
  sim.run();
  EXPECT_GT(sent, sc_time(1000, SC_NS));  // 1000 instructions at 525 MHz
  EXPECT_EQ(taken, sent + sc_time(100, SC_NS));
  EXPECT_EQ(sim.stats().value("cluster.node0.core3.interrupts"), 1);
}

TEST(NodeInterrupt, EarliestOfSeveralRaisesIsTakenOnce) {
  Simulation sim(node_config());
  Core& target = sim.cluster().core(1);
  sc_time taken;
  bool pending_after = true;
  sim.cluster().core(0).set_program([&](Core& c) {
    target.raise_interrupt(sc_time(500, SC_NS));
    target.raise_interrupt(sc_time(200, SC_NS));
    target.raise_interrupt(sc_time(300, SC_NS));
  });
  target.set_program([&](Core& c) {
    c.wait_for_interrupt();
    taken = c.now();
    pending_after = c.interrupt_pending();
  });
  sim.run();
  EXPECT_EQ(taken, sc_time(200, SC_NS));
  EXPECT_FALSE(pending_after);
}
