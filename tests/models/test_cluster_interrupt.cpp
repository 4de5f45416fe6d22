// Inter-processor interrupts across chips on the 2x2 cluster: a core writes the IPI
// registers of a core on another node (uncached stores that cross HyperTransport as
// posted writes) and the target takes the interrupt exactly when the SET write reaches
// its node's interrupt controller. One Simulation and one run() per TEST.
#include <cstdint>
#include <functional>
#include <string>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "models/ht_fabric.h"
#include "models/ht_link.h"
#include "models/interrupt_controller.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using IC = smvn::InterruptController;

namespace {

// The interrupt controller's register access time: InterruptController's default
// access_cycles (interrupt_controller.h), which Node uses.
constexpr unsigned kIpiAccessCycles = 4;

// Delay from a core's 4-byte store to a remote IPI register (issued at the sender's local
// time) to the register's update at the target node, derived from crossbar.cpp and
// ht_fabric.cpp: the source crossbar's hop, the posted write (8 B control + 4 B data)
// walked along the route (router latency + serialization per link), the home crossbar's
// hop into its IO port, and the controller's access time. The interrupt line is raised
// at that time (InterruptController::update_line), and wait_for_interrupt() returns then.
Picos remote_set_delay(Cluster& cl, unsigned src, unsigned dst) {
  const Clock core(cl.params().node.core.clock_mhz);
  const Picos hop = core.cycles(cl.params().node.crossbar.hop_cycles);
  return hop + cl.fabric().unloaded_time(src, dst, HtPacket::posted_write(4)) + hop + core.cycles(kIpiAccessCycles);
}

void wait_until_cycle(Core& c, uint64_t cycle) {
  if (c.cycle() < cycle) c.stall_cycles(cycle - c.cycle());
  c.relax();
}

}  // namespace

// Core 0 (node 00) interrupts core 13 (node 11, local core 1; 2 hops): the target enables
// bit 0 itself and waits; the sender writes a mailbox word, then SET. The target wakes at
// the sender's SET time plus the derived delay, reads STATUS (1) and the mailbox, clears,
// and STATUS reads 0.
TEST(ClusterInterrupt, RemoteSetWakesTargetAfterTheFabricDelay) {
  Simulation sim(cluster_config());
  Cluster& cl = sim.cluster();
  const AddressMap& map = cl.address_map();
  constexpr unsigned kTargetNode = 3, kTargetLocal = 1, kTarget = kTargetNode * 4 + kTargetLocal;
  ASSERT_EQ(cl.hops(0, kTargetNode), 2u);
  const uint64_t ipi = map.ipi_base(kTargetNode, kTargetLocal);
  constexpr uint64_t kMail = 0x5eed'f00d'1234'5678ull;
  Picos set_at = 0, woke = 0;
  uint32_t status_after_wake = 0, status_after_clear = 99, enable = 0;
  uint64_t mail = 0;
  bool pending_before = true;
  cl.core(kTarget).set_program([&](Core& c) {
    c.store<uint32_t>(ipi + IC::kEnable, 1);
    enable = c.load<uint32_t>(ipi + IC::kEnable);
    pending_before = c.interrupt_pending();
    c.wait_for_interrupt();
    woke = c.now().value();
    status_after_wake = c.load<uint32_t>(ipi + IC::kStatus);
    mail = c.load<uint64_t>(ipi + IC::kMailbox);
    c.store<uint32_t>(ipi + IC::kClear, 1);
    status_after_clear = c.load<uint32_t>(ipi + IC::kStatus);
  });
  cl.core(0).set_program([&](Core& c) {
    wait_until_cycle(c, 2000);  // the target is waiting by now
    c.store<uint64_t>(ipi + IC::kMailbox, kMail);
    c.exec(7);
    set_at = c.now().value();
    c.store<uint32_t>(ipi + IC::kSet, 1);
  });
  sim.run();
  EXPECT_EQ(enable, 1u);
  EXPECT_FALSE(pending_before);
  const Picos delay = remote_set_delay(cl, 0, kTargetNode);
  ASSERT_GT(delay, 0u);
  // 2 * 3810 (crossbar hops) + 2 * (20000 router + 7559 for 12 B on 8-bit 800 MHz) + 7620.
  EXPECT_EQ(delay, 2 * 3810u + 2 * (20000u + 7559u) + 4 * 1905u);
  EXPECT_GT(woke, set_at);
  EXPECT_EQ(woke - set_at, delay);
  EXPECT_EQ(status_after_wake, 1u);
  EXPECT_EQ(mail, kMail) << "the mailbox word written before SET must be there when the target wakes";
  EXPECT_EQ(status_after_clear, 0u);
  EXPECT_EQ(sim.stats().value("cluster.node3.ipi.sets"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node3.ipi.clears"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node3.ipi.mailbox_writes"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node3.core1.interrupts"), 1);
  // Route of the posted writes: 00 -> 01 -> 11 (X first).
  EXPECT_EQ(sim.stats().value("cluster.ht.00_to_01.packets_posted"), 2);
  EXPECT_EQ(sim.stats().value("cluster.ht.01_to_11.packets_posted"), 2);
}

// Three senders on three other nodes (00, 01, 10) each set a different bit of core 13's
// STATUS at nearly the same time. The target loops: wait, read STATUS, clear what it saw.
// Every bit is seen (over one or more wake-ups), none is lost, and each wake-up happens no
// later than the latest arrival of a SET.
TEST(ClusterInterrupt, NearSimultaneousSetsFromThreeNodesAreNotLost) {
  Simulation sim(cluster_config());
  Cluster& cl = sim.cluster();
  const AddressMap& map = cl.address_map();
  constexpr unsigned kTargetNode = 3, kTarget = kTargetNode * 4 + 1;
  const uint64_t ipi = map.ipi_base(kTargetNode, 1);
  const unsigned senders[3] = {0, 5, 10};  // node 00 core 0, node 01 core 1, node 10 core 2
  Picos set_at[3] = {};
  uint32_t seen = 0, final_status = 99;
  unsigned wakes = 0;
  Picos last_wake = 0;
  cl.core(kTarget).set_program([&](Core& c) {
    c.store<uint32_t>(ipi + IC::kEnable, 0x7);
    for (unsigned i = 0; i < 8 && seen != 0x7; ++i) {
      c.wait_for_interrupt();
      ++wakes;
      last_wake = c.now().value();
      const uint32_t s = c.load<uint32_t>(ipi + IC::kStatus);
      seen |= s;
      if (s) c.store<uint32_t>(ipi + IC::kClear, s);
    }
    final_status = c.load<uint32_t>(ipi + IC::kStatus);
  });
  for (unsigned k = 0; k < 3; ++k) {
    cl.core(senders[k]).set_program([&, k](Core& c) {
      wait_until_cycle(c, 3000);
      c.exec(k);  // a cycle apart
      set_at[k] = c.now().value();
      c.store<uint32_t>(ipi + IC::kSet, 1u << k);
    });
  }
  sim.run();
  EXPECT_EQ(seen, 0x7u) << "an interrupt bit was lost";
  EXPECT_EQ(final_status, 0u);
  EXPECT_GE(wakes, 1u);
  EXPECT_LE(wakes, 3u);
  Picos latest_arrival = 0;
  for (unsigned k = 0; k < 3; ++k) {
    const unsigned node = senders[k] / 4;
    EXPECT_NE(node, kTargetNode);
    latest_arrival = std::max(latest_arrival, set_at[k] + remote_set_delay(cl, node, kTargetNode));
  }
  EXPECT_LE(last_wake, latest_arrival);
  EXPECT_EQ(sim.stats().value("cluster.node3.ipi.sets"), 3);
  EXPECT_EQ(sim.stats().value("cluster.node3.core1.interrupts"), double(wakes));
}

// A raise that arrives while the target already waits for a later pending one must wake
// it at the earlier time ("taken by wait_for_interrupt() exactly at delivery time").
// With temporal decoupling a sender that runs ahead of the kernel raises the line for its
// own (later) local time first; a second sender, later in call order but earlier in
// simulated time, then raises it for an earlier time. The target entered
// wait_for_interrupt() between the two calls.
//
// Setup (a 200 us quantum makes the run-ahead large and the error obvious): the target
// (core 13) enables bits 0 and 1 at time 0. Core 0 (node 00) syncs at cycle 1000, then
// runs ahead ~95 us inside its quantum and writes SET bit 1: the line is raised for
// ~97 us. The target syncs at cycle 1500 (its earlier wake-up, when core 0 has already
// made that call) and waits. Core 4 (node 01) syncs at cycle 2000 (~3.8 us) and writes
// SET bit 0 at once: the line is raised for ~3.9 us.
// The target must wake at ~3.9 us: wait_for_interrupt waits on the event too.
TEST(ClusterInterrupt, EarlierRaiseWakesATargetWaitingForALaterOne) {
  Simulation sim(cluster_config([](YAML::Node& y) { y["sim"]["quantum_ns"] = 200000; }));
  Cluster& cl = sim.cluster();
  const AddressMap& map = cl.address_map();
  const uint64_t ipi = map.ipi_base(3, 1);
  Picos far_set = 0, near_set = 0, woke = 0;
  uint32_t status = 0;
  cl.core(13).set_program([&](Core& c) {
    c.store<uint32_t>(ipi + IC::kEnable, 0x3);
    wait_until_cycle(c, 1500);
    c.wait_for_interrupt();
    woke = c.now().value();
    status = c.load<uint32_t>(ipi + IC::kStatus);
  });
  cl.core(0).set_program([&](Core& c) {
    wait_until_cycle(c, 1000);
    c.exec(50000);  // ~95 us ahead of the kernel, inside the quantum
    far_set = c.now().value();
    c.store<uint32_t>(ipi + IC::kSet, 0x2);
  });
  cl.core(4).set_program([&](Core& c) {
    wait_until_cycle(c, 2000);
    near_set = c.now().value();
    c.store<uint32_t>(ipi + IC::kSet, 0x1);
  });
  sim.run();
  const Picos near_arrival = near_set + remote_set_delay(cl, 1, 3);
  const Picos far_arrival = far_set + remote_set_delay(cl, 0, 3);
  ASSERT_LT(near_arrival + 50'000'000, far_arrival) << "the setup did not make the two raises far apart";
  EXPECT_EQ(woke, near_arrival) << "woke " << (woke - near_arrival) / 1000 << " ns late (the later raise was at "
                                << far_arrival / 1000 << " ns)";
  EXPECT_NE(status & 0x1, 0u);
}
