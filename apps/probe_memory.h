// `smvn probe memory`: the node's memory-latency curve, measured as lmbench's lat_mem_rd
// does: a chain of pointers laid through a working set, followed by one core so that
// every load depends on the one before; the average time per load is the latency at
// that working-set size. Plateaus show the L1, the L2 and DRAM.
#pragma once

#include <cstdint>
#include <vector>

#include "simulation.h"

namespace smvn {

struct MemoryProbeOptions {
  uint64_t min_bytes = 4 * 1024;
  uint64_t max_bytes = 32ull << 20;
  unsigned stride = 32;         // bytes between chain elements (one per cache line)
  uint64_t min_loads = 8192;    // timed loads per size at least (whole passes of the chain)
  unsigned core = 0;            // global id of the core that chases
  unsigned home_node = 0;       // node whose memory holds the chain
};

struct LatencyPoint {
  uint64_t working_set_bytes;
  double latency_ns;
};

// The working-set sizes the probe visits: powers of two and the points halfway between
// them (x1.5), from MIN to MAX.
std::vector<uint64_t> probe_sizes(uint64_t min_bytes, uint64_t max_bytes);

// Gives the chasing core its program and runs the simulation to completion.
std::vector<LatencyPoint> probe_memory_latency(Simulation& sim, const MemoryProbeOptions& opt);

}  // namespace smvn
