// `smvn probe smvn`: the numbers a driver writer measures first, at the driver level (no
// TCP, no MPI). For each node pair and frame size, one after another on an otherwise
// idle machine:
//   latency     ping-pong: the source's rx core sends a frame and waits for the echo,
//               which the destination's interrupt handler sends straight back (as a
//               kernel answers ICMP echo in softirq); one-way = round trip / 2;
//   throughput  a stream of frames from the source's rx core, as fast as the pool
//               allows, measured from the first transmit to the last delivery at the
//               destination (MB/s of frame bytes, MB = 10^6 bytes).
// Frame sizes are whole Ethernet II frames (14-byte header + payload, no FCS).
#pragma once

#include <cstdint>
#include <utility>
#include <vector>

#include "apps/simulation.h"
#include "driver/smvn_network.h"

namespace smvn {

struct SmvnProbeOptions {
  std::vector<std::pair<unsigned, unsigned>> pairs;  // empty: node 0 to every other node
  std::vector<uint32_t> frame_bytes = {60, 128, 256, 512, 1024, 1514};
  unsigned ping_warmup = 10, ping_iterations = 100;
  unsigned stream_frames = 400;
};

struct SmvnPoint {
  unsigned src, dst, hops;
  uint32_t frame_bytes;
  double latency_us, throughput_mbps;
};

// Opens every node's device, runs the measurements, and returns one point per pair and
// size, in order. Throws std::invalid_argument for a pair or size the network cannot do.
std::vector<SmvnPoint> probe_smvn(Simulation& sim, driver::SmvnNetwork& net, const SmvnProbeOptions& opt);

// Parses "0-1,0-3" (or "all", "from0") into pairs for NODES nodes; throws
// std::invalid_argument naming the bad part.
std::vector<std::pair<unsigned, unsigned>> parse_pairs(const std::string& text, unsigned nodes);

}  // namespace smvn
