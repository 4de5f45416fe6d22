#include "cluster.h"

#include <filesystem>
#include <stdexcept>
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
  if (root.has("topology") && root.has("topology_file"))
    root.fail("topology_file", "give either a topology section or a topology_file, not both");
  if (root.has("topology")) {
    p.topology = std::make_shared<Topology>(Topology::from_config(root.child("topology")));
  } else if (root.has("topology_file")) {
    // Relative to the file that names it, then to the source tree (shipped topologies).
    std::filesystem::path f = root.get<std::string>("topology_file");
    if (f.is_relative()) {
      const auto beside = std::filesystem::path(root.file()).parent_path() / f;
      f = std::filesystem::exists(beside) ? beside : std::filesystem::path(SMVN_SOURCE_DIR) / f;
    }
    if (!std::filesystem::exists(f)) root.fail("topology_file", "no such file: " + f.string());
    p.topology = std::make_shared<Topology>(Topology::load_file(f.string()));
  } else {
    p.topology = single_node_topology();
  }
  return p;
}

std::shared_ptr<const Topology> single_node_topology() {
  static const char* kOne = "kind: custom\nnodes: [{name: n0}]\nlinks: []\n";
  return std::make_shared<Topology>(Topology::from_config(ConfigNode::parse_string(kOne, "<single node>")));
}

Cluster::Cluster(sc_module_name name, const ClusterParams& p)
    : sc_module(name),
      p_(p),
      map_(p.topology->nodes(), p.node.memory_bytes),
      memory_(map_.total_bytes()) {
  require_picosecond_resolution();
  tlm_utils::tlm_quantumkeeper::set_global_quantum(from_ps(p.quantum_ps));
  const unsigned nodes = p.topology->nodes();
  const unsigned total_cores = nodes * p.node.cores;
  SharerSet::set_group_shift(SharerSet::shift_for(total_cores));
  for (unsigned n = 0; n < nodes; ++n)
    for (const AddressRange& r : p.node.uncached) map_.add_uncached({map_.node_base(n) + r.base, r.size});
  for (unsigned n = 0; n < nodes; ++n)
    nodes_.push_back(
        std::make_unique<Node>(("node" + std::to_string(n)).c_str(), p.node, n, total_cores, memory_, map_));
  fabric_ = std::make_unique<HtFabric>("ht", *p.topology, map_, p.node.cores, p.node.l2.line_bytes);
  for (auto& node : nodes_) {
    node->crossbar().remote_out.bind(fabric_->from_node);
    fabric_->to_node.bind(node->crossbar().remote_in);
  }
}

Cluster::~Cluster() = default;

void Cluster::mark_uncached(const AddressRange& r) {
  if (sc_core::sc_is_running() || sc_core::sc_time_stamp() != sc_core::SC_ZERO_TIME)
    throw std::logic_error("Cluster::mark_uncached: the simulation has already started");
  map_.add_uncached(r);
}

void Cluster::register_stats(StatsRegistry& s) const {
  for (auto& n : nodes_) n->register_stats(s);
  fabric_->register_stats(s);
}

}  // namespace smvn
