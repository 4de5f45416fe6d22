// Coherence under random contention: four cores hammer a few hot lines with loads,
// stores and ll/sc increments while a checker, updated as each operation returns, holds
// the values every word should have, and after every operation inspects the four L1Ds
// and the home directories (single writer / multiple readers, directory agreeing with
// the caches). SystemC threads run one at a time, so the checker sees the operations in
// simulated execution order.
#include <array>
#include <cstdint>
#include <map>
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

constexpr unsigned kCores = 4;
constexpr unsigned kLineBytes = 32;
constexpr unsigned kWordsPerLine = kLineBytes / 8;
// Hot lines: two share L2 bank 0 (different sets), the others sit in banks 1 and 3.
const std::array<uint64_t, 4> kHot = {0x300000, 0x300020, 0x300080, 0x310060};

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

// Single writer / multiple readers over the four L1Ds, and the home directory agreeing
// with them. Returns "" when every hot line is consistent, else a description.
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
    if (exclusive_count > 1) err << "line 0x" << std::hex << line << std::dec << ": two M/E copies " << states() << "; ";
    if (exclusive_count == 1 && valid > 1)
      err << "line 0x" << std::hex << line << std::dec << ": an M/E copy beside others " << states() << "; ";
    const DirectoryEntry* d = cluster.node(0).home_bank(line).directory_entry(line);
    if (!d) {
      if (valid) err << "line 0x" << std::hex << line << std::dec << ": in an L1 but not in the L2 (inclusion); ";
      continue;
    }
    if (exclusive >= 0 && d->owner != exclusive)
      err << "line 0x" << std::hex << line << std::dec << ": L1 " << exclusive << " holds it " << mesi_name(st[exclusive])
          << " but the directory owner is " << d->owner << " " << states() << "; ";
    if (exclusive < 0 && d->owner >= 0)
      err << "line 0x" << std::hex << line << std::dec << ": directory owner " << d->owner << " holds no M/E copy "
          << states() << "; ";
    for (unsigned c = 0; c < kCores; ++c)
      if (st[c] != Mesi::I && !d->sharers.may_contain(int(c)))
        err << "line 0x" << std::hex << line << std::dec << ": L1 " << c << " holds a copy the directory does not record; ";
  }
  return err.str();
}

// Per-core private lines that share an L1 set with hot line H (16 KiB apart): loading
// four of them pushes H out of that core's L1 (written back if it was M).
uint64_t conflict_line(unsigned core, unsigned h, unsigned k) {
  return kHot[h] + (1u << 20) * (core + 1) + (16u << 10) * (k + 1);
}

}  // namespace

// The exact checker: the quantum is made so long that a core never yields inside an
// operation; the cores interleave only where the program calls relax() (and where a failed
// sc relaxes), so every operation is atomic with respect to the checker.
TEST(NodeCoherence, RandomStressExactChecker) {
  Simulation sim(node_config([](YAML::Node& y) { y["sim"]["quantum_ns"] = 1e9; }));
  Cluster& cluster = sim.cluster();
  constexpr unsigned kOps = 20000;
  constexpr unsigned kWords = unsigned(kHot.size()) * kWordsPerLine;

  std::vector<uint64_t> shadow(kWords, 0);            // latest value of every word
  std::vector<uint64_t> line_version(kHot.size(), 0); // writes to each line so far
  std::vector<int> last_writer(kWords, -1);
  std::string first_error;
  uint64_t errors = 0, cross_core_reads = 0, sc_ok = 0, sc_fail = 0, checks = 0;
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
      std::mt19937_64 rng(0x5eed0000 + id);
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
          if (last_writer[w] >= 0 && last_writer[w] != int(id)) ++cross_core_reads;
        } else if (kind < 65) {
          name = "store";
          const uint64_t v = (uint64_t(id + 1) << 48) | ++seq;  // unique per store
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
          if (rng() % 2) c.relax();  // let the others in between ll and sc
          const bool ok = c.store_conditional<uint64_t>(a, v + 1);
          // The link breaks exactly when another agent wrote the line in between.
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
  // The workload really contended: values crossed cores, sc's failed and copies were
  // invalidated and downgraded.
  EXPECT_GT(cross_core_reads, 1000u);
  EXPECT_GT(sc_ok, 1000u);
  EXPECT_GT(sc_fail, 100u);
  double inval = 0, down = 0, fails = 0, wb = 0;
  for (unsigned c = 0; c < kCores; ++c) {
    const std::string n = "cluster.node0.core" + std::to_string(c) + "_l1d.";
    inval += sim.stats().value(n + "invalidations");
    down += sim.stats().value(n + "downgrades");
    fails += sim.stats().value(n + "sc_failure");
    wb += sim.stats().value(n + "writebacks");
  }
  EXPECT_GT(inval, 1000);
  EXPECT_GT(down, 1000);
  EXPECT_GT(wb, 10);
  EXPECT_EQ(fails, double(sc_fail));
  // Memory holds what the checker says.
  for (unsigned w = 0; w < kWords; ++w) EXPECT_EQ(cluster.memory().load<uint64_t>(word_addr(w)), shadow[w]) << w;
}

// With a short quantum the cores also yield inside operations (a load's value is fixed
// when the hierarchy serves it, the core may then sync before the call returns), so the
// checker here asks only what stays exact: single writer / multiple readers and the
// directory at every program point, per-core monotonic reads of counters that only grow
// (read-read coherence), and final counters equal to the successful sc's.
TEST(NodeCoherence, ShortQuantumCountersAndInvariants) {
  Simulation sim(node_config([](YAML::Node& y) { y["sim"]["quantum_ns"] = 40; }));
  Cluster& cluster = sim.cluster();
  constexpr unsigned kOps = 15000;
  constexpr unsigned kWords = unsigned(kHot.size()) * kWordsPerLine;
  std::vector<uint64_t> increments(kWords, 0);
  std::string first_error;
  uint64_t errors = 0;
  auto report = [&](const std::string& what) {
    if (errors++ == 0) first_error = what;
  };
  for (unsigned id = 0; id < kCores; ++id) {
    cluster.core(id).set_program([&, id](Core& c) {
      std::mt19937_64 rng(0xc0ffee + id);
      std::vector<uint64_t> seen(kWords, 0);
      for (unsigned op = 0; op < kOps && errors == 0; ++op) {
        const unsigned w = unsigned(rng() % kWords);
        const uint64_t a = word_addr(w);
        const unsigned kind = unsigned(rng() % 100);
        uint64_t v;
        if (kind < 45) {
          v = c.load<uint64_t>(a);
        } else if (kind < 97) {
          v = c.load_linked<uint64_t>(a);
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
  double sc_success = 0, sc_failure = 0;
  for (unsigned c = 0; c < kCores; ++c) {
    sc_success += sim.stats().value("cluster.node0.core" + std::to_string(c) + "_l1d.sc_success");
    sc_failure += sim.stats().value("cluster.node0.core" + std::to_string(c) + "_l1d.sc_failure");
  }
  EXPECT_EQ(sc_success, double(total));
  EXPECT_GT(sc_failure, 0) << "the cores never contended";
}

// Inclusion: when the home bank evicts a line (its 4-way set overflows: lines 1 MiB apart
// share a bank and a set), the L1 copies go first. A dirty copy makes the write-back
// reach memory, and the owner's ll link breaks.
TEST(NodeCoherence, L2EvictionBackInvalidatesL1Copies) {
  Simulation sim(node_config());
  Cluster& cluster = sim.cluster();
  const NodeTiming t(cluster.params().node);
  constexpr uint64_t kX = 0x300000, kSetStride = 1 << 20;
  Mesi before = Mesi::I, after = Mesi::M;
  bool sc_ok = true, in_l2_after = true;
  uint64_t reread = 0;
  Picos reload = 0;
  std::string dir_error = "unset";
  cluster.core(0).set_program([&](Core& c) {
    c.store<uint64_t>(kX, 0xabcdef);  // M in this L1, LRU in its L2 set from now on
    (void)c.load_linked<uint64_t>(kX);
    before = cluster.l1d(0).state_of(kX);
    c.stall_cycles(2000);
    c.relax();  // core 1 overflows the set meanwhile
    after = cluster.l1d(0).state_of(kX);
    in_l2_after = cluster.node(0).home_bank(kX).directory_entry(kX) != nullptr;
    sc_ok = c.store_conditional<uint64_t>(kX, 1);
    const auto t0 = c.now();
    reread = c.load<uint64_t>(kX);
    reload = (c.now() - t0).value();
    dir_error = "";
    const DirectoryEntry* d = cluster.node(0).home_bank(kX).directory_entry(kX);
    if (!d || d->owner != 0 || !d->sharers.may_contain(0)) dir_error = "directory does not record core 0 as owner";
  });
  cluster.core(1).set_program([&](Core& c) {
    c.stall_cycles(1000);
    c.relax();
    for (uint64_t k = 1; k <= 4; ++k) (void)c.load<uint64_t>(kX + k * kSetStride);
  });
  sim.run();
  EXPECT_EQ(before, Mesi::M);
  EXPECT_EQ(after, Mesi::I) << "the L2 evicted the line but the L1 kept it (inclusion broken)";
  EXPECT_FALSE(in_l2_after);
  EXPECT_FALSE(sc_ok) << "the link must not survive a back-invalidation";
  EXPECT_EQ(reread, 0xabcdefu);
  EXPECT_GT(reload, t.l2_hit) << "the line had left the L2: the reload goes to memory";
  EXPECT_EQ(dir_error, "");
  // Two: X out of core 0 (by core 1's fill of X+4 MiB), then X+1 MiB out of core 1 when
  // core 0's reload of X takes the set's LRU way.
  EXPECT_EQ(sim.stats().value("cluster.node0.l2_bank0.back_invalidations"), 2);
  EXPECT_EQ(sim.stats().value("cluster.node0.core1_l1d.invalidations"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.l2_bank0.writebacks"), 1) << "the dirty L1 copy must reach memory";
  EXPECT_EQ(sim.stats().value("cluster.node0.core0_l1d.invalidations"), 1);
  EXPECT_GE(sim.stats().value("cluster.node0.core0_l1d.link_breaks"), 1);
  EXPECT_EQ(sim.stats().value("cluster.node0.ddr2.writes"), 1);
}

// Range operations take part in coherence line by line: a burst write (fill, copy)
// invalidates other cores' copies and breaks their ll links, a burst read downgrades an
// exclusive copy to shared.
TEST(NodeCoherence, BurstsInvalidateDowngradeAndBreakLinks) {
  Simulation sim(node_config());
  Cluster& cluster = sim.cluster();
  constexpr uint64_t kBase = 0x700000, kLine = 32;
  auto line = [&](unsigned i) { return kBase + i * kLine; };
  Mesi core1_after[9], core0_after[9];
  bool sc_ok = true;
  uint64_t seen_fill = 0, seen_copy = 0;
  uint8_t host[4 * kLine];
  cluster.memory().fill(0x780000, 0x22, 4 * kLine);
  cluster.core(1).set_program([&](Core& c) {
    for (unsigned i = 0; i < 4; ++i) c.store<uint64_t>(line(i), i + 1);  // L0..L3: M
    for (unsigned i = 4; i < 8; ++i) (void)c.load<uint64_t>(line(i));    // L4..L7: E
    (void)c.load_linked<uint64_t>(line(8));                              // L8: E, linked
    c.stall_cycles(2000);
    c.relax();  // core 0 works on the lines meanwhile
    for (unsigned i = 0; i < 9; ++i) core1_after[i] = cluster.l1d(1).state_of(line(i));
    sc_ok = c.store_conditional<uint64_t>(line(8), 99);
    seen_fill = c.load<uint64_t>(line(0));
    seen_copy = c.load<uint64_t>(line(8));
  });
  cluster.core(0).set_program([&](Core& c) {
    c.stall_cycles(1000);
    c.relax();
    c.fill(line(0), 0x11, 4 * kLine);        // write burst over core 1's M lines
    c.read_block(line(4), host, 4 * kLine);  // read burst over core 1's E lines
    c.copy(line(8) + 8, 0x780000, 8);        // a copy into the linked line
    for (unsigned i = 0; i < 9; ++i) core0_after[i] = cluster.l1d(0).state_of(line(i));
  });
  sim.run();
  for (unsigned i = 0; i < 4; ++i) {
    EXPECT_EQ(core1_after[i], Mesi::I) << "line " << i;
    EXPECT_EQ(core0_after[i], Mesi::M) << "line " << i;
  }
  for (unsigned i = 4; i < 8; ++i) {
    EXPECT_EQ(core1_after[i], Mesi::S) << "line " << i;
    EXPECT_EQ(core0_after[i], Mesi::S) << "line " << i;
  }
  EXPECT_EQ(core1_after[8], Mesi::I);
  EXPECT_EQ(core0_after[8], Mesi::M);
  EXPECT_FALSE(sc_ok) << "a burst write by another core must break the ll link";
  EXPECT_EQ(seen_fill, 0x1111111111111111ull);
  EXPECT_EQ(seen_copy, 0u);  // the first word of L8 was not copied over
  EXPECT_EQ(cluster.memory().load<uint64_t>(line(8) + 8), 0x2222222222222222ull);
  EXPECT_EQ(cluster.memory().load<uint64_t>(line(8)), 0u) << "the failed sc must not store";
  EXPECT_EQ(host[0], 0);
  EXPECT_GE(sim.stats().value("cluster.node0.core1_l1d.invalidations"), 5);
  EXPECT_GE(sim.stats().value("cluster.node0.core1_l1d.downgrades"), 4);
}
