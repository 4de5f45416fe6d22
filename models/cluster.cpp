#include "cluster.h"

#include <string>

#include <tlm_utils/tlm_quantumkeeper.h>

#include "directory.h"
#include "sim/config.h"
#include "sim/stats.h"
#include "timing.h"

namespace smvn {

using namespace sc_core;

ClusterParams ClusterParams::from_config(const ConfigNode& root) {
  ClusterParams p;
  ConfigNode sim = root.child_or_empty("sim");
  const double quantum_ns = sim.get<double>("quantum_ns", 1000.0, 0.001, 1e9);
  p.quantum_ps = uint64_t(quantum_ns * 1000.0 + 0.5);
  p.node = NodeParams::from_config(root.child_or_empty("node"));
  return p;
}

Cluster::Cluster(sc_module_name name, const ClusterParams& p)
    : sc_module(name), p_(p), map_(p.nodes, p.node.memory_bytes), memory_(map_.total_bytes()) {
  require_picosecond_resolution();
  tlm_utils::tlm_quantumkeeper::set_global_quantum(from_ps(p.quantum_ps));
  const unsigned total_cores = p.nodes * p.node.cores;
  SharerSet::set_group_shift(SharerSet::shift_for(total_cores));
  for (unsigned n = 0; n < p.nodes; ++n)
    for (const AddressRange& r : p.node.uncached) map_.add_uncached({map_.node_base(n) + r.base, r.size});
  for (unsigned n = 0; n < p.nodes; ++n)
    nodes_.push_back(
        std::make_unique<Node>(("node" + std::to_string(n)).c_str(), p.node, n, total_cores, memory_, map_));
}

void Cluster::register_stats(StatsRegistry& s) const {
  for (auto& n : nodes_) n->register_stats(s);
}

}  // namespace smvn
