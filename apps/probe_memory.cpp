#include "probe_memory.h"

#include <stdexcept>

namespace smvn {

std::vector<uint64_t> probe_sizes(uint64_t min_bytes, uint64_t max_bytes) {
  std::vector<uint64_t> sizes;
  for (uint64_t p = 1; p <= max_bytes; p *= 2) {
    if (p >= min_bytes) sizes.push_back(p);
    const uint64_t mid = p + p / 2;
    if (p >= 2 && mid >= min_bytes && mid <= max_bytes && mid < 2 * p) sizes.push_back(mid);
  }
  return sizes;
}

std::vector<LatencyPoint> probe_memory_latency(Simulation& sim, const MemoryProbeOptions& opt) {
  Cluster& cluster = sim.cluster();
  if (opt.core >= cluster.total_cores()) throw std::invalid_argument("probe core does not exist");
  if (opt.home_node >= cluster.nodes()) throw std::invalid_argument("probe home node does not exist");
  if (opt.stride < 8 || opt.stride % 8) throw std::invalid_argument("stride must be a multiple of 8 bytes");
  const uint64_t node_bytes = cluster.address_map().node_bytes();
  // Leave the first MiB of the node alone (where a kernel would sit) and stay inside it.
  const uint64_t base = cluster.address_map().node_base(opt.home_node) + (1u << 20);
  if (opt.max_bytes > node_bytes - (1u << 20))
    throw std::invalid_argument("largest working set does not fit in the node's memory");

  std::vector<LatencyPoint> points;
  const std::vector<uint64_t> sizes = probe_sizes(opt.min_bytes, opt.max_bytes);
  PhysicalMemory& mem = cluster.memory();

  cluster.core(opt.core).set_program([&, base](Core& core) {
    for (uint64_t size : sizes) {
      const uint64_t elements = size / opt.stride;
      if (elements == 0) continue;
      // Lay the chain as a loader would (no simulated time): element i points to i+1.
      for (uint64_t i = 0; i < elements; ++i)
        mem.store<uint64_t>(base + i * opt.stride, base + ((i + 1) % elements) * opt.stride);
      // One pass to warm the caches, then whole passes until enough loads are timed.
      uint64_t p = base;
      for (uint64_t i = 0; i < elements; ++i) p = core.load<uint64_t>(p);
      const uint64_t passes = (opt.min_loads + elements - 1) / elements;
      const uint64_t loads = passes * elements;
      const sc_core::sc_time start = core.now();
      for (uint64_t i = 0; i < loads; ++i) p = core.load<uint64_t>(p);
      const double ns = (core.now() - start).to_seconds() * 1e9 / double(loads);
      if (p != base + (loads % elements) * opt.stride)  // the chase must end where it should
        throw std::logic_error("memory probe: pointer chain corrupted");
      points.push_back({size, ns});
    }
  });
  sim.run();
  return points;
}

}  // namespace smvn
