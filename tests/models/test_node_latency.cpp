// Node latencies: single loads timed with Core::now() against values derived from the
// configured parameters (configs/godson3a-node.yaml), and the lat_mem_rd-style probe's
// plateaus. One Simulation and one run() per TEST (ctest runs each TEST in its own
// process).
#include <algorithm>
#include <cstdint>
#include <vector>

#include <gtest/gtest.h>

#include "apps/probe_memory.h"
#include "apps/simulation.h"
#include "models/l1_cache.h"
#include "models/l2_bank.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr uint64_t kA = 2ull << 20;  // a line well inside node 0's memory

// Time one 8-byte load (or store) in ps of this core's local time.
Picos timed_load(Core& c, uint64_t addr) {
  const auto t0 = c.now();
  (void)c.load<uint64_t>(addr);
  return (c.now() - t0).value();
}
Picos timed_store(Core& c, uint64_t addr, uint64_t v) {
  const auto t0 = c.now();
  c.store<uint64_t>(addr, v);
  return (c.now() - t0).value();
}

}  // namespace

TEST(NodeLatency, L1HitCostsHitCycles) {
  Simulation sim(node_config());
  const NodeTiming t(sim.cluster().params().node);
  ASSERT_EQ(t.core_cycle, 1905u);  // 525 MHz, rounded to whole picoseconds
  Picos load_hit = 0, other_word_hit = 0, store_hit = 0, store_again = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    (void)c.load<uint64_t>(kA);  // miss: brings the line in (E, the only copy)
    load_hit = timed_load(c, kA);
    other_word_hit = timed_load(c, kA + 24);  // same 32-byte line
    store_hit = timed_store(c, kA + 8, 7);    // E -> M silently: still a hit
    store_again = timed_store(c, kA + 16, 8); // M
  });
  sim.run();
  // An L1 hit is exactly l1d.hit_cycles core cycles: 3 * 1905 ps.
  EXPECT_EQ(load_hit, 3u * 1905u);
  EXPECT_EQ(load_hit, t.l1_hit);
  EXPECT_EQ(other_word_hit, t.l1_hit);
  EXPECT_EQ(store_hit, t.l1_hit);
  EXPECT_EQ(store_again, t.l1_hit);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.read_hits"), 2);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.read_misses"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.write_hits"), 2);
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.upgrades"), 0);
}

// A line evicted from the L1 by four conflicting lines (the L1 is 64 KiB, 4-way: lines
// 16 KiB apart share a set) but still in the L2 (those lines fall in other L2 sets).
TEST(NodeLatency, L2HitAfterL1Eviction) {
  Simulation sim(node_config());
  const NodeTiming t(sim.cluster().params().node);
  const L1Params& l1 = sim.cluster().params().node.l1d;
  const uint64_t way_stride = l1.size_bytes / l1.ways;  // 16 KiB
  ASSERT_EQ(way_stride, 16u * 1024u);
  Picos reload = 0, second = 0;
  Mesi before_reload = Mesi::M;
  bool in_l2 = false;
  sim.cluster().core(0).set_program([&](Core& c) {
    (void)c.load<uint64_t>(kA);
    for (unsigned k = 1; k <= l1.ways; ++k) (void)c.load<uint64_t>(kA + k * way_stride);
    before_reload = sim.cluster().l1d(0).state_of(kA);
    in_l2 = sim.cluster().node(0).home_bank(kA).directory_entry(kA) != nullptr;
    reload = timed_load(c, kA);
    second = timed_load(c, kA);
  });
  sim.run();
  EXPECT_EQ(before_reload, Mesi::I) << "A should have been evicted from the L1";
  EXPECT_TRUE(in_l2) << "A should still be in its home L2 bank";
  // L2 hit, bank idle: L1 lookup (l1d.hit_cycles 3) + crossbar hop (2) + L2 hit_cycles (8)
  // + crossbar hop back (2) = 15 core cycles = 28575 ps. The bank's occupancy_cycles only
  // delays a request that finds the bank busy; this one does not.
  EXPECT_EQ(reload, 15u * 1905u);
  EXPECT_EQ(reload, t.l2_hit);
  EXPECT_EQ(second, t.l1_hit);
  EXPECT_GT(sim.stats().value("cluster.node0.l2_bank0.hits"), 0);
}

// Cold loads served by DRAM (DDR2-400: 5 ns clock, CL = tRCD = tRP = 3, frontend 4, a
// 32-byte line = 4 beats = 2 clocks). The controller maps | row | bank | column(8 KiB) |.
TEST(NodeLatency, DramLatencyByRowState) {
  Simulation sim(node_config());
  const NodeTiming t(sim.cluster().params().node);
  Picos row_miss = 0, row_hit = 0, row_conflict = 0, other_bank = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    // kA is row 32 of bank field 0; with bank_xor (row folded to 3 bits: 4) that is bank
    // 4. Row 33 folds to 5, so its bank 4 is bank field 1: 64 KiB + 8 KiB further on.
    row_miss = timed_load(c, kA);                             // DRAM bank 4 closed: activate
    row_hit = timed_load(c, kA + 64);                         // same row, another line
    row_conflict = timed_load(c, kA + (64 << 10) + (8 << 10)); // bank 4, next row
    other_bank = timed_load(c, kA + (8 << 10));               // bank 5, closed
  });
  sim.run();
  // On chip: L1 3 + hop 2 + L2 8 + memory-crossbar hop 4, then back 4 + 2 = 23 cycles =
  // 43815 ps. DDR2: frontend 4 + CL 3 clocks + 2 clocks of burst = 45 ns for a row hit;
  // + tRCD 15 ns for a closed bank; + tRP 15 ns more for a row conflict.
  EXPECT_EQ(t.dram_row_hit(), 43815u + 45000u);
  EXPECT_EQ(row_hit, t.dram_row_hit());
  EXPECT_EQ(row_miss, t.dram_row_miss());
  EXPECT_EQ(other_bank, t.dram_row_miss());
  EXPECT_EQ(row_conflict, t.dram_row_conflict());
  for (Picos v : {row_miss, row_hit, row_conflict, other_bank}) {
    EXPECT_GT(v, t.l2_hit);
    EXPECT_GT(v, 60'000u);
    EXPECT_LT(v, 200'000u);
  }
  EXPECT_EQ(sim.stats().value("cluster.node0.ddr2.row_hits"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.ddr2.row_misses"), 2);
  EXPECT_EQ(sim.stats().value("cluster.node0.ddr2.row_conflicts"), 1);
}

// Misses that need the directory to reach another core's copy: one snoop round trip
// (crossbar hop, snoop_cycles, hop back) on top of an L2 hit. The cores take turns one
// microsecond apart (relax() brings each core's local time into the kernel's).
TEST(NodeLatency, CoherenceMissesPayOneSnoopRoundTrip) {
  Simulation sim(node_config());
  const NodeParams& p = sim.cluster().params().node;
  const NodeTiming t(p);
  const Picos snoop_trip = Clock(p.core.clock_mhz).cycles(2 * p.crossbar.hop_cycles + p.l1d.snoop_cycles);
  Picos read_of_exclusive = 0, upgrade = 0, read_of_modified = 0;
  Mesi after_read = Mesi::I, after_upgrade0 = Mesi::I, after_upgrade1 = Mesi::M;
  const Picos gap = 1000;  // cycles between phases
  sim.cluster().core(0).set_program([&](Core& c) {
    (void)c.load<uint64_t>(kA);  // phase 0: E
    c.stall_cycles(2 * gap);
    c.relax();
    upgrade = timed_store(c, kA, 42);  // phase 2: S -> M, invalidates core 1
    after_upgrade0 = sim.cluster().l1d(0).state_of(kA);
    after_upgrade1 = sim.cluster().l1d(1).state_of(kA);
  });
  sim.cluster().core(1).set_program([&](Core& c) {
    c.stall_cycles(gap);
    c.relax();
    read_of_exclusive = timed_load(c, kA);  // phase 1: downgrades core 0's E copy
    after_read = sim.cluster().l1d(0).state_of(kA);
    c.stall_cycles(2 * gap);
    c.relax();
    const auto t0 = c.now();
    const uint64_t v = c.load<uint64_t>(kA);  // phase 3: downgrades core 0's M copy
    read_of_modified = (c.now() - t0).value();
    EXPECT_EQ(v, 42u);
  });
  sim.run();
  // 15 cycles of L2 hit + 2 + 2 + 2 of snoop = 21 cycles = 40005 ps.
  EXPECT_EQ(t.l2_hit + snoop_trip, 21u * 1905u);
  EXPECT_EQ(after_read, Mesi::S);
  EXPECT_EQ(read_of_exclusive, t.l2_hit + snoop_trip);
  EXPECT_EQ(upgrade, t.l2_hit + snoop_trip);
  EXPECT_EQ(after_upgrade0, Mesi::M);
  EXPECT_EQ(after_upgrade1, Mesi::I);
  EXPECT_EQ(read_of_modified, t.l2_hit + snoop_trip);
  EXPECT_EQ(sim.cluster().l1d(0).state_of(kA), Mesi::S);
  EXPECT_EQ(sim.cluster().l1d(1).state_of(kA), Mesi::S);
}

// Two L2 hits that reach the same bank at the same time: the second waits for the bank
// pipeline (occupancy_cycles); a third, at another bank, does not.
TEST(NodeLatency, L2BankOccupancySerialisesSimultaneousHits) {
  Simulation sim(node_config());
  const NodeParams& p = sim.cluster().params().node;
  const NodeTiming t(p);
  constexpr uint64_t kX = 0x600000, kY = 0x600080, kZ = 0x600020;  // banks 0, 0, 1
  Picos lat[4] = {0, 0, 0, 0};
  // Core 2 brings X, Y and Z into the L2, then pushes them out of its own L1.
  sim.cluster().core(2).set_program([&](Core& c) {
    for (uint64_t a : {kX, kY, kZ}) {
      (void)c.load<uint64_t>(a);
      for (uint64_t k = 1; k <= 4; ++k) (void)c.load<uint64_t>(a + k * (16 << 10));
    }
  });
  const uint64_t start_cycle = 5000;
  auto reader = [&](unsigned id, uint64_t addr) {
    sim.cluster().core(id).set_program([&, id, addr](Core& c) {
      c.stall_cycles(start_cycle);
      c.relax();  // all three readers start at the same kernel time
      lat[id] = timed_load(c, addr);
    });
  };
  reader(0, kX);
  reader(1, kY);
  reader(3, kZ);
  sim.run();
  const Picos occupancy = Clock(p.core.clock_mhz).cycles(p.l2.occupancy_cycles);
  EXPECT_EQ(lat[3], t.l2_hit);
  EXPECT_EQ(std::min(lat[0], lat[1]), t.l2_hit);
  EXPECT_EQ(std::max(lat[0], lat[1]), t.l2_hit + occupancy) << "the second request waits for the bank";
  EXPECT_EQ(sim.stats().value("cluster.node0.l2_bank0.queue.wait_ps"), double(occupancy));
}

// The lat_mem_rd curve: 64 KiB of L1, 4 MiB of L2 (4 banks x 1 MiB), then DRAM.
TEST(NodeLatency, MemoryProbePlateaus) {
  Simulation sim(node_config());
  const NodeTiming t(sim.cluster().params().node);
  MemoryProbeOptions opt;
  opt.min_bytes = 8 << 10;
  opt.max_bytes = 16 << 20;
  opt.min_loads = 1024;
  const std::vector<LatencyPoint> points = probe_memory_latency(sim, opt);
  ASSERT_EQ(points.size(), probe_sizes(opt.min_bytes, opt.max_bytes).size());
  const double l1_ns = double(t.l1_hit) / 1000.0;
  double l2_ns = -1;
  unsigned l1_points = 0, l2_points = 0, dram_points = 0;
  for (const LatencyPoint& p : points) {
    const uint64_t ws = p.working_set_bytes;
    SCOPED_TRACE("working set " + std::to_string(ws) + " B: " + std::to_string(p.latency_ns) + " ns");
    if (ws <= (64u << 10)) {
      EXPECT_NEAR(p.latency_ns, l1_ns, 1e-6);
      ++l1_points;
    } else if (ws >= (128u << 10) && ws <= (4u << 20)) {
      if (l2_ns < 0) l2_ns = p.latency_ns;
      EXPECT_NEAR(p.latency_ns, l2_ns, 1e-6) << "one L2 plateau";
      ++l2_points;
    } else if (ws >= (8u << 20)) {
      ASSERT_GT(l2_ns, 0);
      EXPECT_GT(p.latency_ns, 2 * l2_ns);
      EXPECT_LT(p.latency_ns, 200.0);
      ++dram_points;
    }
  }
  EXPECT_EQ(l1_points, 7u);    // 8, 12, 16, 24, 32, 48, 64 KiB
  EXPECT_GT(l2_ns, 3 * l1_ns);
  EXPECT_NEAR(l2_ns, double(t.l2_hit) / 1000.0, 1e-6) << "the L2 plateau is the unloaded L2 hit";
  EXPECT_EQ(l2_points, 11u);   // 128 KiB .. 4 MiB: 6 powers of two + 5 midpoints
  EXPECT_EQ(dram_points, 3u);  // 8, 12, 16 MiB
}
