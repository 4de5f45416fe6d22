// Coherence and ll/sc across the 2x2 cluster (configs/paper-cluster.yaml): the node tests'
// checks (test_node_coherence.cpp, test_node_llsc.cpp) extended to all 16 cores, with
// lines homed on every node, so requests, snoops and write-backs cross the HT fabric.
// One Simulation and one run() per TEST (ctest runs each TEST in its own process).
#include <array>
#include <cstdint>
#include <functional>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "models/directory.h"
#include "models/l1_cache.h"
#include "models/l2_bank.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr unsigned kNodes = 4;
constexpr unsigned kCores = 16;
constexpr uint64_t kNodeBytes = 256ull << 20;

double sum_l1d(Simulation& sim, const std::string& stat) {
  double s = 0;
  for (unsigned c = 0; c < kCores; ++c)
    s += sim.stats().value("cluster.node" + std::to_string(c / 4) + ".core" + std::to_string(c % 4) + "_l1d." + stat);
  return s;
}
double sum_cores(Simulation& sim, const std::string& stat) {
  double s = 0;
  for (unsigned c = 0; c < kCores; ++c)
    s += sim.stats().value("cluster.node" + std::to_string(c / 4) + ".core" + std::to_string(c % 4) + "." + stat);
  return s;
}

// ---------------------------------------------------------------------------------------
// ll/sc spinlock

constexpr uint64_t kLock = 0x400000;     // homed at node 0
constexpr uint64_t kCounter = 0x400020;  // the next line (another L2 bank of node 0)

// 16 cores x N increments of a counter under a test-and-set spinlock on ll/sc, lock and
// counter homed at node 0 (12 of the 16 cores reach them over HyperTransport).
void cluster_spinlock(double quantum_ns, unsigned increments) {
  Simulation sim(cluster_config([&](YAML::Node& y) { y["sim"]["quantum_ns"] = quantum_ns; }));
  ASSERT_EQ(sim.cluster().total_cores(), kCores);
  ASSERT_EQ(sim.cluster().address_map().home_node(kLock), 0u);
  unsigned in_critical = 0, overlaps = 0;
  std::array<unsigned, kCores> done{};
  for (unsigned id = 0; id < kCores; ++id) {
    sim.cluster().core(id).set_program([&, id](Core& c) {
      for (unsigned i = 0; i < increments; ++i) {
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
        c.sync();
        c.store<uint64_t>(kLock, 0);
        c.exec(20);
        ++done[id];
      }
    });
  }
  sim.run();
  EXPECT_EQ(overlaps, 0u) << "two cores inside the critical section at once";
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kCounter), uint64_t(kCores) * increments);
  EXPECT_EQ(sim.cluster().memory().load<uint64_t>(kLock), 0u);
  for (unsigned id = 0; id < kCores; ++id) {
    EXPECT_EQ(done[id], increments) << "core " << id;
    EXPECT_TRUE(sim.cluster().core(id).finished()) << "core " << id;
  }
  // Contention, counted: the lock line bounced between the caches of all four nodes.
  EXPECT_GT(sum_l1d(sim, "invalidations"), 1000);
  EXPECT_GT(sum_l1d(sim, "sc_failure") + sum_l1d(sim, "link_breaks"), 0);
  EXPECT_EQ(sum_l1d(sim, "sc_success"), double(kCores) * increments) << "exactly one successful sc per acquire";
  EXPECT_GT(sum_cores(sim, "relaxes"), 100) << "nobody ever found the lock taken";
  EXPECT_GT(sim.stats().value("cluster.ht.snoops"), 1000) << "invalidations of remote copies crossed the fabric";
  for (unsigned n = 1; n < kNodes; ++n) {
    double remote_invals = 0;
    for (unsigned c = 0; c < 4; ++c)
      remote_invals +=
          sim.stats().value("cluster.node" + std::to_string(n) + ".core" + std::to_string(c) + "_l1d.invalidations");
    EXPECT_GT(remote_invals, 100) << "node " << n << " never held the lock line";
  }
}

}  // namespace

TEST(ClusterLlsc, SpinlockCounterAcrossAllSixteenCores) { cluster_spinlock(1000, 2000); }

TEST(ClusterLlsc, SpinlockCounterAcrossAllSixteenCoresShortQuantum) { cluster_spinlock(10, 500); }

// ---------------------------------------------------------------------------------------
// The coherence checker across nodes

namespace {

constexpr unsigned kLineBytes = 32;
constexpr unsigned kWordsPerLine = kLineBytes / 8;
// Hot lines on every node: two per node, in different L2 banks.
const std::array<uint64_t, 8> kHot = {
    0 * kNodeBytes + 0x300000, 0 * kNodeBytes + 0x300020, 1 * kNodeBytes + 0x300040, 1 * kNodeBytes + 0x310060,
    2 * kNodeBytes + 0x300000, 2 * kNodeBytes + 0x300080, 3 * kNodeBytes + 0x300020, 3 * kNodeBytes + 0x320040,
};
constexpr unsigned kWords = unsigned(kHot.size()) * kWordsPerLine;

uint64_t word_addr(unsigned w) { return kHot[w / kWordsPerLine] + 8 * (w % kWordsPerLine); }

const char* mesi_name(Mesi m) {
  switch (m) {
    case Mesi::I: return "I";
    case Mesi::S: return "S";
    case Mesi::E: return "E";
    case Mesi::M: return "M";
  }
  return "?";
}

// Single writer / multiple readers over all 16 L1Ds, and the directory at the line's home
// bank (on its home node) agreeing with them: the owner is the one M/E copy, every copy
// is recorded as a sharer, and (full-map vector on 16 caches) no sharer is recorded
// without a copy. Returns "" when every hot line is consistent.
std::string check_line_states(Cluster& cluster) {
  std::ostringstream err;
  for (uint64_t line : kHot) {
    std::array<Mesi, kCores> st{};
    int exclusive = -1;
    unsigned exclusive_count = 0, valid = 0;
    for (unsigned c = 0; c < kCores; ++c) {
      st[c] = cluster.l1d(c).state_of(line);
      if (st[c] != Mesi::I) ++valid;
      if (st[c] == Mesi::M || st[c] == Mesi::E) {
        exclusive = int(c);
        ++exclusive_count;
      }
    }
    auto states = [&] {
      std::string s;
      for (unsigned c = 0; c < kCores; ++c) s += mesi_name(st[c]);
      return s;
    };
    err << std::hex;
    if (exclusive_count > 1) err << "line 0x" << line << ": two M/E copies " << states() << "; ";
    if (exclusive_count == 1 && valid > 1) err << "line 0x" << line << ": an M/E copy beside others " << states() << "; ";
    const unsigned home = cluster.address_map().home_node(line);
    const DirectoryEntry* d = cluster.node(home).home_bank(line).directory_entry(line);
    if (!d) {
      if (valid) err << "line 0x" << line << ": in an L1 but not in its home L2 (inclusion) " << states() << "; ";
      continue;
    }
    if (exclusive >= 0 && d->owner != exclusive)
      err << "line 0x" << line << ": L1 " << std::dec << exclusive << " holds it " << mesi_name(st[exclusive])
          << " but the directory owner is " << d->owner << std::hex << " " << states() << "; ";
    if (exclusive < 0 && d->owner >= 0)
      err << "line 0x" << line << ": directory owner " << std::dec << d->owner << std::hex << " holds no M/E copy "
          << states() << "; ";
    for (unsigned c = 0; c < kCores; ++c) {
      if (st[c] != Mesi::I && !d->sharers.may_contain(int(c)))
        err << "line 0x" << line << ": L1 " << std::dec << c << std::hex << " holds a copy the directory does not record "
            << states() << "; ";
      if (st[c] == Mesi::I && d->sharers.may_contain(int(c)))
        err << "line 0x" << line << ": the directory records L1 " << std::dec << c << std::hex
            << " which holds no copy " << states() << "; ";
    }
  }
  return err.str();
}

// Per-core private lines that share an L1 set with hot line H (16 KiB apart, on H's home
// node): loading four of them pushes H out of that core's L1 (written back if it was M).
uint64_t conflict_line(unsigned core, unsigned h, unsigned k) {
  return kHot[h] + (1u << 20) * (core + 1) + (16u << 10) * (k + 1);
}

}  // namespace

// The exact checker (see NodeCoherence.RandomStressExactChecker): a quantum so long that a
// core never yields inside an operation, so every operation is atomic with respect to the
// checker; the cores interleave only at relax() and failed sc's. Loads return the latest
// store in simulated order, an sc succeeds exactly when no other agent wrote the line
// since the ll, and after every operation the 16 L1Ds and the four home directories agree.
TEST(ClusterCoherence, RandomStressExactCheckerAcrossNodes) {
  Simulation sim(cluster_config([](YAML::Node& y) { y["sim"]["quantum_ns"] = 1e9; }));
  Cluster& cluster = sim.cluster();
  ASSERT_EQ(cluster.total_cores(), kCores);
  for (unsigned h = 0; h < kHot.size(); ++h) ASSERT_EQ(cluster.address_map().home_node(kHot[h]), h / 2);
  constexpr unsigned kOps = 4000;

  std::vector<uint64_t> shadow(kWords, 0);
  std::vector<uint64_t> line_version(kHot.size(), 0);
  std::vector<int> last_writer(kWords, -1);
  std::string first_error;
  uint64_t errors = 0, cross_core_reads = 0, cross_node_reads = 0, sc_ok = 0, sc_fail = 0, checks = 0;
  auto report = [&](const std::string& what) {
    if (errors++ == 0) first_error = what;
  };
  auto check_states = [&](unsigned core, unsigned op, const char* kind) {
    ++checks;
    const std::string e = check_line_states(cluster);
    if (!e.empty()) report("core " + std::to_string(core) + " op " + std::to_string(op) + " (" + kind + "): " + e);
  };

  for (unsigned id = 0; id < kCores; ++id) {
    cluster.core(id).set_program([&, id](Core& c) {
      std::mt19937_64 rng(0xc1a5 + id);
      uint64_t seq = 0;
      for (unsigned op = 0; op < kOps && errors == 0; ++op) {
        const unsigned w = unsigned(rng() % kWords);
        const unsigned line = w / kWordsPerLine;
        const uint64_t a = word_addr(w);
        const unsigned kind = unsigned(rng() % 100);
        const char* name = "";
        if (kind < 35) {
          name = "load";
          const uint64_t v = c.load<uint64_t>(a);
          if (v != shadow[w])
            report("core " + std::to_string(id) + " op " + std::to_string(op) + ": load of word " + std::to_string(w) +
                   " returned " + std::to_string(v) + ", latest store was " + std::to_string(shadow[w]));
          if (last_writer[w] >= 0 && last_writer[w] != int(id)) {
            ++cross_core_reads;
            if (unsigned(last_writer[w]) / 4 != id / 4) ++cross_node_reads;
          }
        } else if (kind < 65) {
          name = "store";
          const uint64_t v = (uint64_t(id + 1) << 48) | ++seq;
          c.store<uint64_t>(a, v);
          shadow[w] = v;
          last_writer[w] = int(id);
          ++line_version[line];
        } else if (kind < 97) {
          name = "ll/sc";
          const uint64_t v = c.load_linked<uint64_t>(a);
          if (v != shadow[w])
            report("core " + std::to_string(id) + " op " + std::to_string(op) + ": ll of word " + std::to_string(w) +
                   " returned " + std::to_string(v) + ", latest store was " + std::to_string(shadow[w]));
          const uint64_t version = line_version[line];
          if (rng() % 2) c.relax();
          const bool ok = c.store_conditional<uint64_t>(a, v + 1);
          const bool intervening = line_version[line] != version;
          if (ok) {
            ++sc_ok;
            if (intervening)
              report("core " + std::to_string(id) + " op " + std::to_string(op) +
                     ": sc succeeded although the line was written since the ll");
            shadow[w] = v + 1;
            last_writer[w] = int(id);
            ++line_version[line];
          } else {
            ++sc_fail;
            if (!intervening)
              report("core " + std::to_string(id) + " op " + std::to_string(op) +
                     ": sc failed although nobody wrote the line since the ll");
          }
        } else {
          name = "evict";
          const unsigned h = unsigned(rng() % kHot.size());
          for (unsigned k = 0; k < 4; ++k) (void)c.load<uint64_t>(conflict_line(id, h, k));
          if (cluster.l1d(id).state_of(kHot[h]) != Mesi::I)
            report("core " + std::to_string(id) + ": hot line survived four conflicting loads");
        }
        check_states(id, op, name);
        if (rng() % 4 == 0) {
          c.relax();
          check_states(id, op, "after relax");
        }
      }
    });
  }
  sim.run();

  EXPECT_EQ(errors, 0u) << first_error;
  EXPECT_GT(checks, uint64_t(kCores) * kOps);
  EXPECT_GT(cross_core_reads, 1000u);
  EXPECT_GT(cross_node_reads, 1000u) << "values did not cross nodes";
  EXPECT_GT(sc_ok, 1000u);
  EXPECT_GT(sc_fail, 100u);
  EXPECT_GT(sum_l1d(sim, "invalidations"), 1000);
  EXPECT_GT(sum_l1d(sim, "downgrades"), 1000);
  EXPECT_GT(sum_l1d(sim, "writebacks"), 10);
  EXPECT_EQ(sum_l1d(sim, "sc_failure"), double(sc_fail));
  EXPECT_GT(sim.stats().value("cluster.ht.snoops"), 1000) << "snoops crossed the fabric";
  for (unsigned w = 0; w < kWords; ++w) EXPECT_EQ(cluster.memory().load<uint64_t>(word_addr(w)), shadow[w]) << w;
}

// With a short quantum the cores also yield inside operations, so the checker asks only
// what stays exact: the line-state invariants at every program point, per-core monotonic
// reads of counters that only grow, and final counters equal to the successful sc's.
TEST(ClusterCoherence, ShortQuantumCountersAndInvariantsAcrossNodes) {
  Simulation sim(cluster_config([](YAML::Node& y) { y["sim"]["quantum_ns"] = 40; }));
  Cluster& cluster = sim.cluster();
  constexpr unsigned kOps = 3000;
  std::vector<uint64_t> increments(kWords, 0);
  std::string first_error;
  uint64_t errors = 0;
  auto report = [&](const std::string& what) {
    if (errors++ == 0) first_error = what;
  };
  for (unsigned id = 0; id < kCores; ++id) {
    cluster.core(id).set_program([&, id](Core& c) {
      std::mt19937_64 rng(0xfeed + id);
      std::vector<uint64_t> seen(kWords, 0);
      for (unsigned op = 0; op < kOps && errors == 0; ++op) {
        const unsigned w = unsigned(rng() % kWords);
        const uint64_t a = word_addr(w);
        const unsigned kind = unsigned(rng() % 100);
        uint64_t v;
        if (kind < 50) {
          v = c.load<uint64_t>(a);
        } else if (kind < 95) {
          v = c.load_linked<uint64_t>(a);
          if (rng() % 2) c.exec(3);
          if (c.store_conditional<uint64_t>(a, v + 1)) {
            ++increments[w];
            ++v;
          }
        } else {
          const unsigned h = unsigned(rng() % kHot.size());
          for (unsigned k = 0; k < 4; ++k) (void)c.load<uint64_t>(conflict_line(id, h, k));
          v = seen[w];
        }
        if (v < seen[w])
          report("core " + std::to_string(id) + " op " + std::to_string(op) + ": word " + std::to_string(w) +
                 " went backwards from " + std::to_string(seen[w]) + " to " + std::to_string(v));
        seen[w] = v;
        const std::string e = check_line_states(cluster);
        if (!e.empty()) report("core " + std::to_string(id) + " op " + std::to_string(op) + ": " + e);
      }
    });
  }
  sim.run();
  EXPECT_EQ(errors, 0u) << first_error;
  uint64_t total = 0;
  for (unsigned w = 0; w < kWords; ++w) {
    EXPECT_EQ(cluster.memory().load<uint64_t>(word_addr(w)), increments[w]) << "word " << w;
    total += increments[w];
  }
  EXPECT_EQ(sum_l1d(sim, "sc_success"), double(total));
  EXPECT_GT(sum_l1d(sim, "sc_failure"), 0) << "the cores never contended";
  EXPECT_GT(sim.stats().value("cluster.ht.snoops"), 100);
}
