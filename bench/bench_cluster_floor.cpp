// The speed of light for issue 3's scaling target: bench_cluster's workload run through
// only the state an exact per-line model of the cluster must keep, on 2x2, 4x4 and 8x8
// meshes. Every core of every node makes the same random loads as in bench_cluster (a
// 256 KiB region per core homed at its partner node, 0-1, 2-3, ...);
// per load: the core's L1 lookup (64 KB, 4-way, LRU ages), the victim's clean-eviction
// notice at its home L2 set and directory entry, the fill at the home L2 set (4 banks of
// 1 MB, 4-way, LRU ages, sharer vector and owner), and one time stamp per link direction
// crossed. The loaded bytes are not touched: bench_cluster never writes its regions, so
// the simulator reads them as zeros without a host page either. Cores take turns of a few
// loads each, as the simulator's cores do within their quanta. No timing model,
// statistics, TLM or SystemC.
//
// The state is floor_state.h's (the simulator's record sizes), so the host's caches see
// the same footprint per node. If host time per node grows with the mesh here too, it is
// the host's memory hierarchy holding the state of more nodes, which no exact model
// avoids, not anything the simulator adds.
//
// A bare loop of loads lets the host overlap the cache misses of consecutive loads; a
// simulator, which computes for a few hundred nanoseconds between them (timing, links,
// queues), cannot. So a second table pads every load with as many host instructions as
// the simulator runs per remote load, register-only (no memory touched): the growth a
// model as fast as the simulator would see from this state alone.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <random>
#include <vector>

#include <systemc>

#include "floor_state.h"

namespace {

using Clk = std::chrono::steady_clock;
using floor_state::kNoLine;
using floor_state::L1Way;
using floor_state::Sets;

constexpr uint64_t kLoadsPerCore = 20000;  // as bench_cluster
constexpr unsigned kCores = 4, kTurn = 4;  // loads per core per turn: about one 1 us quantum
constexpr uint64_t kNodeLines = (64u << 20) / 32;  // 64 MiB per node, as bench_cluster

struct Node {
  std::vector<Sets<L1Way>> l1;
  floor_state::HomeBanks l2;
  uint64_t link_out = 0, link_in = 0;  // the time stamps of the link directions used
  Node() {
    for (unsigned c = 0; c < kCores; ++c) l1.emplace_back(512, 4, 0);
  }
};

class Cluster {
 public:
  explicit Cluster(unsigned nodes) : nodes_(nodes) {}

  // One load of core C of node N to LINE (homed at node HOME); true when it hit the L1.
  bool load(unsigned n, unsigned c, unsigned home, uint64_t line) {
    Node& me = nodes_[n];
    Node& at = nodes_[home];
    L1Way* victim;
    if (L1Way* w = me.l1[c].find(line, victim)) {
      me.l1[c].touch(w);
      return true;
    }
    const int cache = int(n * kCores + c);
    if (victim->line != kNoLine) at.l2.give_up(victim->line, cache, false);
    at.l2.fetch(line, cache, false);
    ++me.link_out;  // request out, reply back
    ++at.link_in;
    victim->line = line;
    victim->state = 2;
    me.l1[c].touch(victim);
    return false;
  }

  size_t nodes() const { return nodes_.size(); }

 private:
  std::vector<Node> nodes_;
};

// WORK rounds of dependent register arithmetic (12 host instructions each), seeded by X.
uint64_t register_work(uint64_t x, unsigned work) {
  for (unsigned i = 0; i < work; ++i) {
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
  }
  return x;
}

// Host seconds for every core of a W x H mesh to make its loads, each followed by
// register_work(WORK).
double run(unsigned w, unsigned h, unsigned work) {
  Cluster cl(w * h);
  const unsigned cores = unsigned(cl.nodes()) * kCores;
  std::vector<std::mt19937_64> rng;
  for (unsigned g = 0; g < cores; ++g) rng.emplace_back(g);
  uint64_t hits = 0;
  const auto start = Clk::now();
  for (uint64_t done = 0; done < kLoadsPerCore; done += kTurn)
    for (unsigned g = 0; g < cores; ++g) {
      const unsigned n = g / kCores, c = g % kCores, home = n ^ 1u;
      const uint64_t base = home * kNodeLines + c * (kNodeLines / 8);
      for (unsigned k = 0; k < kTurn; ++k) {
        const uint64_t word = rng[g]() % (1u << 15);  // 256 KiB of words
        hits += cl.load(n, c, home, base + word / 4);
        hits += register_work(word | 1, work) == 0;
      }
    }
  const double s = std::chrono::duration<double>(Clk::now() - start).count();
  if (hits == 1) std::puts("");
  return s;
}

// Prints one table: a row per mesh, the median of kRepeats runs.
void table(unsigned work) {
  constexpr int kRepeats = 3;
  std::printf("mesh,nodes,host_s,M_loads_per_host_s,host_s_per_node_vs_2x2\n");
  double base = 0;
  for (unsigned d : {2u, 4u, 8u}) {
    std::vector<double> t;
    for (int r = 0; r < kRepeats; ++r) t.push_back(run(d, d, work));
    std::sort(t.begin(), t.end());
    const double s = t[t.size() / 2], per_node = s / (d * d);
    if (base == 0) base = per_node;
    std::printf("%ux%u,%u,%.3f,%.3f,%.2f\n", d, d, d * d, s, double(kLoadsPerCore) * d * d * kCores / s / 1e6,
                per_node / base);
  }
}

}  // namespace

int sc_main(int, char**) {
  std::printf("bench_cluster_floor: bench_cluster's loads through the bare per-line state only (medians of 3)\n");
  table(0);
  // 2,400 instructions: about what the simulator runs per remote load (2,330 on the 2x2
  // mesh, cachegrind: bench_cluster --mesh 2x2 with 16 busy cores minus 4), so the rows
  // compare with bench_cluster's.
  constexpr unsigned kWork = 200;
  std::printf("bench_cluster_floor: the same, each load followed by %u host instructions of register-only work\n",
              kWork * 12);
  table(kWork);
  return 0;
}
