// The SMVN ll/sc spinlock (driver/spinlock.h) across all 16 cores of the 2x2 cluster: a
// counter incremented under the lock comes out exact, no two cores are ever inside at
// once, and the statistics add up. One Simulation per TEST.
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "smvn_pool/pool_layout.h"
#include "driver/spinlock.h"

using namespace smvn;
using namespace smvn::driver;
using namespace smvn::pool;

TEST(SmvnSpinlock, MutualExclusionAcrossSixteenCores) {
  Simulation sim(ConfigNode::parse_file(source_path("configs/paper-cluster.yaml")));
  Cluster& cl = sim.cluster();
  ASSERT_EQ(cl.total_cores(), 16u);
  // The lock and the counter where the driver puts them: the pool ceded by node 0, lock
  // and counter on separate lines.
  PoolConfig pc;
  pc.segments = {{cl.address_map().node_base(0) + (128ull << 20), 2ull << 20}};
  pc.nodes = 4;
  const PoolLayout pool(pc);
  const uint64_t lock = pool.free_lock(), counter = pool.free_head();
  ASSERT_NE(lock / 32, counter / 32);
  constexpr unsigned kIncrements = 40;
  unsigned inside = 0, overlaps = 0;
  SpinlockStats st[16];
  for (unsigned id = 0; id < 16; ++id) {
    cl.core(id).set_program([&, id](Core& c) {
      for (unsigned i = 0; i < kIncrements; ++i) {
        spin_lock(c, lock, st[id]);
        if (inside++ != 0) ++overlaps;
        const uint64_t v = c.load<uint64_t>(counter);
        c.exec(5);  // a little work inside, so holders overlap with waiters
        c.store<uint64_t>(counter, v + 1);
        --inside;
        spin_unlock(c, lock);
        c.exec(20 + id);  // staggered work outside
      }
    });
  }
  uint64_t final_value = 0;
  sim.run(sc_core::sc_time(20, sc_core::SC_MS));  // bounded: a lost wake-up fails, not hangs
  for (unsigned id = 0; id < 16; ++id) ASSERT_TRUE(cl.core(id).finished()) << "core " << id;
  // Read the result through the backing store after the run (host-side check only).
  cl.memory().read(counter, &final_value, sizeof final_value);
  EXPECT_EQ(final_value, 16u * kIncrements);
  EXPECT_EQ(overlaps, 0u);
  uint64_t acquisitions = 0, attempts = 0, busy = 0, sc_failures = 0, spin = 0;
  for (const auto& s : st) {
    acquisitions += s.acquisitions;
    attempts += s.attempts;
    busy += s.busy_seen;
    sc_failures += s.sc_failures;
    spin += s.spin_cycles;
    EXPECT_EQ(s.attempts, s.acquisitions + s.busy_seen + s.sc_failures);
  }
  EXPECT_EQ(acquisitions, 16u * kIncrements);
  EXPECT_GT(busy + sc_failures, 0u) << "16 cores on one lock never contended";
  EXPECT_GT(spin, 0u);
}
