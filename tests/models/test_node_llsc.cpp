// ll/sc on the node: a test-and-set spinlock and a lock-free counter with four cores
// contending, and the link rules one at a time (what breaks a link and what does not).
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "models/l1_cache.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr unsigned kCores = 4;
constexpr uint64_t kLock = 0x400000;
constexpr uint64_t kCounter = 0x400020;  // the next line (another L2 bank)

double sum_l1d(Simulation& sim, const std::string& stat) {
  double s = 0;
  for (unsigned c = 0; c < kCores; ++c)
    s += sim.stats().value("cluster.node0.core" + std::to_string(c) + "_l1d." + stat);
  return s;
}

// 4 cores x 10,000 increments of a shared counter under a test-and-set spinlock on
// ll/sc. QUANTUM_NS: the temporal-decoupling quantum (a short one makes the cores
// interleave between ll and sc far more often).
void spinlock_counter(double quantum_ns) {
  Simulation sim(node_config([&](YAML::Node& y) { y["sim"]["quantum_ns"] = quantum_ns; }));
  constexpr unsigned kIncrements = 10000;
  unsigned in_critical = 0, overlaps = 0;
  for (unsigned id = 0; id < kCores; ++id) {
    sim.cluster().core(id).set_program([&](Core& c) {
      for (unsigned i = 0; i < kIncrements; ++i) {
        // acquire: ll; if taken relax and retry; sc(1); if it failed retry
        for (;;) {
          if (c.load_linked<uint64_t>(kLock) != 0) {
            c.relax();
            continue;
          }
          if (c.store_conditional<uint64_t>(kLock, 1)) break;
        }
        c.sync();
        if (in_critical++ != 0) ++overlaps;
        const uint64_t v = c.load<uint64_t>(kCounter);
        c.exec(5);
        c.store<uint64_t>(kCounter, v + 1);
        --in_critical;
        // release
        c.sync();
        c.store<uint64_t>(kLock, 0);
        c.exec(20);  // a little work outside the lock
      }
    });
  }
  sim.run();
  EXPECT_EQ(overlaps, 0u) << "two cores inside the critical section at once";
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kCounter), uint64_t(kCores) * kIncrements);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kLock), 0u);
  // The cores really contended for the lock line.
  EXPECT_GT(sum_l1d(sim, "invalidations"), 1000);
  EXPECT_GT(sum_l1d(sim, "sc_failure") + sum_l1d(sim, "link_breaks"), 0);
  double relaxes = 0;
  for (unsigned c = 0; c < kCores; ++c) relaxes += sim.stats().value("cluster.node0.core" + std::to_string(c) + ".relaxes");
  EXPECT_GT(relaxes, 100) << "nobody ever found the lock taken";
  for (unsigned c = 0; c < kCores; ++c) EXPECT_TRUE(sim.cluster().core(c).finished()) << "core " << c;
}

}  // namespace

TEST(NodeLlsc, SpinlockProtectsCounter) { spinlock_counter(1000); }  // the shipped 1 us quantum

TEST(NodeLlsc, SpinlockProtectsCounterShortQuantum) { spinlock_counter(10); }

// A lock-free fetch-and-add: every successful sc is exactly one increment.
TEST(NodeLlsc, LockFreeCounterCountsEverySuccessfulSc) {
  Simulation sim(node_config());
  constexpr unsigned kIncrements = 10000;
  for (unsigned id = 0; id < kCores; ++id) {
    sim.cluster().core(id).set_program([&](Core& c) {
      for (unsigned i = 0; i < kIncrements; ++i) {
        for (;;) {
          const uint64_t v = c.load_linked<uint64_t>(kCounter);
          c.exec(2);
          if (c.store_conditional<uint64_t>(kCounter, v + 1)) break;
        }
      }
    });
  }
  sim.run();
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kCounter), uint64_t(kCores) * kIncrements);
  EXPECT_EQ(sum_l1d(sim, "sc_success"), double(kCores) * kIncrements);
  EXPECT_GT(sum_l1d(sim, "sc_failure"), 0) << "the cores never contended";
  EXPECT_EQ(sum_l1d(sim, "ll"), sum_l1d(sim, "sc_success") + sum_l1d(sim, "sc_failure"));
}

// The link rules, one phase per microsecond: core 0 does ll/sc, core 1 interferes.
TEST(NodeLlsc, LinkRules) {
  Simulation sim(node_config());
  constexpr uint64_t kWord = 0x500000, kSameLine = kWord + 8, kOther = 0x500040;
  constexpr uint64_t kPhase = 2000;  // core cycles per phase (~3.8 us)
  struct {
    bool sc_without_ll = true, after_remote_store = true, after_remote_load = false, after_own_store_other_line = false;
    bool after_relink = true, after_eviction = true, plain = false, after_uncontended_wait = false;
    uint64_t value_after_failed = 0;
    Mesi core0_after_remote_load = Mesi::I;
  } r;
  auto phase = [&](Core& c, unsigned n) {  // waits until phase N starts
    const uint64_t target = n * kPhase;
    if (c.cycle() < target) c.stall_cycles(target - c.cycle());
    c.relax();
  };
  sim.cluster().core(0).set_program([&](Core& c) {
    c.store<uint64_t>(kWord, 100);
    // Phase 0: an sc with no ll before it fails and stores nothing.
    r.sc_without_ll = c.store_conditional<uint64_t>(kWord, 1);
    r.value_after_failed = c.load<uint64_t>(kWord);
    // Phase 1: plain ll/sc succeeds.
    phase(c, 1);
    (void)c.load_linked<uint64_t>(kWord);
    r.plain = c.store_conditional<uint64_t>(kWord, 101);
    // Phase 2: core 1 stores to another word of the linked line in between: sc fails.
    phase(c, 2);
    (void)c.load_linked<uint64_t>(kWord);
    phase(c, 3);  // core 1 acts at the start of phase 2 + 1/2
    r.after_remote_store = c.store_conditional<uint64_t>(kWord, 102);
    // Phase 4: core 1 only reads the line in between: the link survives the downgrade
    // of this core's M copy to S.
    phase(c, 4);
    c.store<uint64_t>(kWord, 103);  // M here, core 1's copy invalidated
    (void)c.load_linked<uint64_t>(kWord);
    phase(c, 5);
    r.core0_after_remote_load = sim.cluster().l1d(0).state_of(kWord);
    r.after_remote_load = c.store_conditional<uint64_t>(kWord, 103);
    // Phase 6: a store by this core to another line does not break the link.
    phase(c, 6);
    (void)c.load_linked<uint64_t>(kWord);
    c.store<uint64_t>(kOther, 5);
    r.after_own_store_other_line = c.store_conditional<uint64_t>(kWord, 104);
    // A second ll moves the link: an sc to the first line fails.
    (void)c.load_linked<uint64_t>(kWord);
    (void)c.load_linked<uint64_t>(kOther);
    r.after_relink = c.store_conditional<uint64_t>(kWord, 105);
    // Evicting the linked line (four conflicting lines, 16 KiB apart) breaks the link.
    (void)c.load_linked<uint64_t>(kWord);
    for (uint64_t k = 1; k <= 4; ++k) (void)c.load<uint64_t>(kWord + k * (16 << 10));
    r.after_eviction = c.store_conditional<uint64_t>(kWord, 106);
    // Waiting (time passing with nobody touching the line) does not break it.
    (void)c.load_linked<uint64_t>(kWord);
    phase(c, 7);
    r.after_uncontended_wait = c.store_conditional<uint64_t>(kWord, 107);
  });
  sim.cluster().core(1).set_program([&](Core& c) {
    c.stall_cycles(2 * kPhase + kPhase / 2);
    c.relax();
    c.store<uint64_t>(kSameLine, 7);  // phase 2.5: a write to the linked line
    c.stall_cycles(2 * kPhase);
    c.relax();
    (void)c.load<uint64_t>(kSameLine);  // phase 4.5: a read of the linked line
  });
  sim.run();
  EXPECT_FALSE(r.sc_without_ll);
  EXPECT_EQ(r.value_after_failed, 100u);
  EXPECT_TRUE(r.plain);
  EXPECT_FALSE(r.after_remote_store);
  EXPECT_EQ(r.core0_after_remote_load, Mesi::S);
  EXPECT_TRUE(r.after_remote_load);
  EXPECT_TRUE(r.after_own_store_other_line);
  EXPECT_FALSE(r.after_relink);
  EXPECT_FALSE(r.after_eviction);
  EXPECT_TRUE(r.after_uncontended_wait);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kWord), 107u);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kSameLine), 7u);
  EXPECT_GE(sim.stats().value("cluster.node0.core0_l1d.link_breaks"), 2);  // remote store + eviction
}
