// The simulator's own speed on meshes of nodes: every core of every node makes the same
// number of loads to random lines homed at the node to its east (or west on the last
// column) in a 256 KiB region per core, so every load misses its L1 and crosses the HT
// fabric to the home L2. Prints remote accesses
// per host second on the 2x2 mesh and how host time grows to 4x4 and 8x8 for the same
// per-node work (it should grow no faster than the number of nodes).
//
// SystemC elaborates once per process, so each mesh runs in a child process of this one.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>

#include "apps/simulation.h"

using namespace smvn;

namespace {

constexpr uint64_t kLoadsPerCore = 20000;

int run_mesh(unsigned w, unsigned h) {
  const std::string yaml = "seed: 1\n"
                           "node:\n  memory_size: 64MiB\n"
                           "topology:\n  kind: mesh\n  dims: [" +
                           std::to_string(w) + ", " + std::to_string(h) + "]\n";
  Simulation sim(ConfigNode::parse_string(yaml, "<bench_cluster>"));
  Cluster& c = sim.cluster();
  const uint64_t node_bytes = c.address_map().node_bytes();
  for (unsigned g = 0; g < c.total_cores(); ++g) {
    const unsigned node = g / c.node(0).cores(), x = node % w;
    const unsigned home = x + 1 < w ? node + 1 : node - 1;
    const uint64_t base = c.address_map().node_base(home) + (g % 4) * (node_bytes / 8);
    c.core(g).set_program([base, g](Core& core) {
      std::mt19937_64 rng(g);
      uint64_t sum = 0;
      for (uint64_t i = 0; i < kLoadsPerCore; ++i) sum += core.load<uint64_t>(base + (rng() % (1u << 15)) * 8);  // 256 KiB per core: misses L1, hits the home L2
      if (sum == 1) std::puts("");
    });
  }
  sim.run();
  const double accesses = double(kLoadsPerCore) * c.total_cores();
  std::printf("%ux%u,%u,%.0f,%.3f,%.3f\n", w, h, c.nodes(), accesses, sim.host_seconds(),
              accesses / sim.host_seconds() / 1e6);
  return 0;
}

}  // namespace

int sc_main(int argc, char** argv) {
  if (argc == 3 && std::strcmp(argv[1], "--mesh") == 0) {
    unsigned w = 0, h = 0;
    if (std::sscanf(argv[2], "%ux%u", &w, &h) != 2) return 2;
    return run_mesh(w, h);
  }
  std::printf("bench_cluster: %llu remote loads per core, every core of every node\n",
              (unsigned long long)kLoadsPerCore);
  std::printf("mesh,nodes,remote_loads,host_s,M_loads_per_host_s,host_s_per_node_vs_2x2\n");
  double base_per_node = 0;
  for (const char* mesh : {"2x2", "4x4", "8x8"}) {
    const std::string cmd = std::string(argv[0]) + " --mesh " + mesh + " 2>/dev/null";
    FILE* child = popen(cmd.c_str(), "r");
    char line[256] = {};
    if (!child || !std::fgets(line, sizeof line, child) || pclose(child) != 0) return 1;
    unsigned nodes = 0;
    double loads = 0, host = 0, rate = 0;
    char name[16] = {};
    if (std::sscanf(line, "%15[^,],%u,%lf,%lf,%lf", name, &nodes, &loads, &host, &rate) != 5) return 1;
    const double per_node = host / nodes;
    if (base_per_node == 0) base_per_node = per_node;
    std::printf("%s,%u,%.0f,%.3f,%.3f,%.2f\n", name, nodes, loads, host, rate, per_node / base_per_node);
  }
  std::printf("(target: host time grows no faster than the node count, i.e. the last column stays near 1)\n");
  return 0;
}
