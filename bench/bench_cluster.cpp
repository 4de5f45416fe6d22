// The simulator's own speed on meshes of nodes: every core of every node makes the same
// number of loads to random lines in a 256 KiB region per core homed at its partner node
// (nodes pair up along the rows, 0-1, 2-3, ...: one hop apart, each the home of the
// other), so every load misses its L1 and crosses the HT fabric to the home L2. Prints
// remote accesses per host second on the 2x2 mesh and how host time grows to 4x4 and 8x8
// for the same per-node work (it should grow no faster than the number of nodes).
//
// A second table keeps the work fixed instead: only the 16 cores of nodes 0-3 load (two
// pairs, as on the 2x2 mesh), on meshes of 4, 16 and 64 nodes. What
// the simulator pays per access for the size of the machine shows there; what the first
// table adds on top is the host's caches holding the touched state of more busy nodes
// (bench_cluster_floor measures that growth without the simulator).
//
// SystemC elaborates once per process, so each mesh runs in a child process of this one.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include "apps/simulation.h"

using namespace smvn;

namespace {

constexpr uint64_t kLoadsPerCore = 20000;

// Runs the loads of the cores of the first BUSY nodes of a W x H mesh (all when 0).
int run_mesh(unsigned w, unsigned h, unsigned busy) {
  const std::string yaml = "seed: 1\n"
                           "node:\n  memory_size: 64MiB\n"
                           "topology:\n  kind: mesh\n  dims: [" +
                           std::to_string(w) + ", " + std::to_string(h) + "]\n";
  Simulation sim(ConfigNode::parse_string(yaml, "<bench_cluster>"));
  Cluster& c = sim.cluster();
  const uint64_t node_bytes = c.address_map().node_bytes();
  const unsigned busy_cores = busy ? busy * c.node(0).cores() : c.total_cores();
  for (unsigned g = 0; g < busy_cores; ++g) {
    const unsigned home = (g / c.node(0).cores()) ^ 1u;  // the partner (widths are even)
    const uint64_t base = c.address_map().node_base(home) + (g % 4) * (node_bytes / 8);
    c.core(g).set_program([base, g](Core& core) {
      std::mt19937_64 rng(g);
      uint64_t sum = 0;
      for (uint64_t i = 0; i < kLoadsPerCore; ++i) sum += core.load<uint64_t>(base + (rng() % (1u << 15)) * 8);  // 256 KiB per core: misses L1, hits the home L2
      if (sum == 1) std::puts("");
    });
  }
  sim.run();
  const double accesses = double(kLoadsPerCore) * busy_cores;
  std::printf("%ux%u,%u,%.0f,%.3f,%.3f\n", w, h, c.nodes(), accesses, sim.host_seconds(),
              accesses / sim.host_seconds() / 1e6);
  return 0;
}

// Runs each mesh kRuns times, each in a child process (SystemC elaborates once per
// process), and prints the median run's row. The last column is host time relative to
// the 2x2 row: per node of the mesh when PER_MESH_NODE, else for the whole run.
constexpr int kRuns = 5;

struct Row {
  double host = 0, loads = 0, rate = 0;
  unsigned nodes = 0;
  char mesh[16] = {};
  bool operator<(const Row& o) const { return host < o.host; }
};

bool table(const char* self, const char* busy, bool per_mesh_node) {
  double base = 0;
  for (const char* mesh : {"2x2", "4x4", "8x8"}) {
    const std::string cmd = std::string(self) + " --mesh " + mesh + " " + busy + " 2>/dev/null";
    std::vector<Row> runs(kRuns);
    for (Row& r : runs) {
      FILE* child = popen(cmd.c_str(), "r");
      char line[256] = {};
      if (!child || !std::fgets(line, sizeof line, child) || pclose(child) != 0 ||
          std::sscanf(line, "%15[^,],%u,%lf,%lf,%lf", r.mesh, &r.nodes, &r.loads, &r.host, &r.rate) != 5)
        return false;
    }
    std::sort(runs.begin(), runs.end());
    const Row& r = runs[kRuns / 2];
    const double cost = per_mesh_node ? r.host / r.nodes : r.host;
    if (base == 0) base = cost;
    std::printf("%s,%u,%.0f,%.3f,%.3f,%.2f\n", r.mesh, r.nodes, r.loads, r.host, r.rate, cost / base);
  }
  return true;
}

}  // namespace

int sc_main(int argc, char** argv) {
  if ((argc == 3 || argc == 4) && std::strcmp(argv[1], "--mesh") == 0) {
    unsigned w = 0, h = 0, busy = 0;
    if (std::sscanf(argv[2], "%ux%u", &w, &h) != 2 || w % 2 || (argc == 4 && std::sscanf(argv[3], "%u", &busy) != 1) ||
        busy > w * h) {
      std::fprintf(stderr, "usage: %s --mesh WxH [BUSY_NODES]  (W even: nodes pair up along the rows)\n", argv[0]);
      return 2;
    }
    return run_mesh(w, h, busy);
  }
  std::printf("bench_cluster: %llu remote loads per core, every core of every node (median of %d runs)\n",
              (unsigned long long)kLoadsPerCore, kRuns);
  std::printf("mesh,nodes,remote_loads,host_s,M_loads_per_host_s,host_s_per_node_vs_2x2\n");
  if (!table(argv[0], "0", true)) return 1;
  std::printf("(target: host time grows no faster than the node count, i.e. the last column stays near 1)\n");
  std::printf("bench_cluster: the same work on every mesh, the 16 cores of nodes 0-3 busy, the rest idle\n");
  std::printf("mesh,nodes,remote_loads,host_s,M_loads_per_host_s,host_s_vs_2x2\n");
  if (!table(argv[0], "4", false)) return 1;
  return 0;
}
