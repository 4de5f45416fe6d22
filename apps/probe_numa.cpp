#include "probe_numa.h"

#include <algorithm>
#include <memory>
#include <numeric>
#include <random>
#include <stdexcept>

namespace smvn {

std::vector<NumaPoint> probe_numa(Simulation& sim, const NumaProbeOptions& opt) {
  Cluster& cluster = sim.cluster();
  const unsigned n = cluster.nodes();
  const AddressMap& map = cluster.address_map();
  const unsigned line = cluster.params().node.l2.line_bytes;
  // Per pair, a private 8 MiB slice of the home node's memory above its first 16 MiB.
  const uint64_t slice = 8ull << 20;
  if (16 * (1ull << 20) + uint64_t(n) * slice > map.node_bytes())
    throw std::invalid_argument("probe numa: node memory too small for one region per source node");
  if (opt.chase_loads * line > slice / 2 || opt.stream_bytes * 4 > slice / 2)
    throw std::invalid_argument("probe numa: chase or stream larger than a region");

  std::vector<NumaPoint> points(size_t(n) * n);
  std::vector<std::unique_ptr<sc_core::sc_event>> turn(n + 1);
  for (auto& e : turn) e = std::make_unique<sc_core::sc_event>();
  PhysicalMemory& mem = cluster.memory();
  std::mt19937_64& rng = sim.rng();

  for (unsigned s = 0; s < n; ++s) {
    cluster.node(s).core(0).set_program([&, s](Core& core) {
      if (s > 0) sc_core::wait(*turn[s]);  // one source node at a time: an idle machine
      for (unsigned d = 0; d < n; ++d) {
        const uint64_t region = map.node_base(d) + (16ull << 20) + uint64_t(s) * slice;
        // Latency: a chain through the lines of the region in random order.
        std::vector<uint64_t> order(opt.chase_loads);
        std::iota(order.begin(), order.end(), 0);
        std::shuffle(order.begin(), order.end(), rng);
        for (std::size_t i = 0; i < order.size(); ++i)
          mem.store<uint64_t>(region + order[i] * line, region + order[(i + 1) % order.size()] * line);
        uint64_t p = region + order[0] * line;
        sc_core::sc_time t0 = core.now();
        for (uint64_t i = 0; i < opt.chase_loads; ++i) p = core.load<uint64_t>(p);
        const double latency = (core.now() - t0).to_seconds() * 1e9 / double(opt.chase_loads);
        // Bandwidth: fresh lines beyond the chase area.
        const uint64_t rd = region + slice / 2, wr = rd + opt.stream_bytes;
        std::vector<uint8_t> sink(opt.stream_bytes);
        t0 = core.now();
        core.read_block(rd, sink.data(), opt.stream_bytes);
        const double read_s = (core.now() - t0).to_seconds();
        t0 = core.now();
        core.fill(wr, 0x5a, opt.stream_bytes);
        const double write_s = (core.now() - t0).to_seconds();
        // Copy: from a fresh range of the home to another (a fill and a read-for-ownership
        // per line; the write-backs come later, when the lines leave the caches).
        const uint64_t cs = wr + opt.stream_bytes, cd = cs + opt.stream_bytes;
        t0 = core.now();
        core.copy(cd, cs, opt.stream_bytes);
        const double copy_s = (core.now() - t0).to_seconds();
        const double mb = double(opt.stream_bytes) / 1e6;
        points[size_t(s) * n + d] = {s, d, cluster.hops(s, d), latency, mb / read_s, mb / write_s, mb / copy_s};
      }
      turn[s + 1]->notify(sc_core::SC_ZERO_TIME);
    });
  }
  sim.run();
  return points;
}

}  // namespace smvn
