// `smvn probe numa`: the node-to-node matrix that Intel's Memory Latency Checker prints
// for NUMA machines. For every pair (source node, home node), one core of the source node
// measures, one pair at a time so the machine is otherwise idle:
//   latency   a dependent pointer chase over lines in random order in a fresh region
//             homed at the home node (every load misses to the home's DRAM);
//   read      a streaming block read of a fresh region (MB/s, MB = 10^6 bytes);
//   write     a streaming fill of a fresh region (read-for-ownership and write-backs);
//   copy      a streaming copy between two fresh regions of the home.
#pragma once

#include <cstdint>
#include <vector>

#include "simulation.h"

namespace smvn {

struct NumaProbeOptions {
  uint64_t chase_loads = 2048;        // timed dependent loads per pair
  uint64_t stream_bytes = 256 * 1024; // bytes read, written and copied per pair
};

struct NumaPoint {
  unsigned src, dst, hops;
  double latency_ns, read_mbps, write_mbps, copy_mbps;
};

std::vector<NumaPoint> probe_numa(Simulation& sim, const NumaProbeOptions& opt);

}  // namespace smvn
