#include "cluster.h"

#include <filesystem>
#include <stdexcept>
#include <string>

#include <unistd.h>

#include <fmt/core.h>
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
  // Host stacks are reserved per core (mapped on first touch): 64 KiB is the least a
  // rank's MPI calls need, 1 GiB a bound no program needs.
  p.node.core.stack_bytes = sim.get_bytes("stack_size", p.node.core.stack_bytes);
  if (p.node.core.stack_bytes < (uint64_t(64) << 10) || p.node.core.stack_bytes > (uint64_t(1) << 30))
    sim.fail("stack_size", "must be between 64KiB and 1GiB");
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
  // The nodes' memory must end below the IO window of the interrupt controllers (at
  // 1 TiB), or the top of it would be registers.
  const uint64_t nodes = p.topology->nodes();
  if (p.node.memory_bytes > AddressMap::kIoBase / nodes)
    root.child_or_empty("node").fail(
        "memory_size", fmt::format("{} nodes of {} bytes reach past 1 TiB, where the nodes' IO windows (the interrupt "
                                   "controllers) start: at most {} bytes per node with {} nodes",
                                   nodes, p.node.memory_bytes, AddressMap::kIoBase / nodes, nodes));
  // The caches' tag and directory records are host memory, all allocated up front.
  p.host_bytes_estimate = smvn::host_bytes_estimate(p);
  const long pages = sysconf(_SC_PHYS_PAGES), page = sysconf(_SC_PAGESIZE);
  const uint64_t ram = pages > 0 && page > 0 ? uint64_t(pages) * uint64_t(page) : (uint64_t(16) << 30);
  // Read only when given: the default depends on the host, which the resolved config must not.
  const uint64_t limit = sim.has("max_host_memory") ? sim.get_bytes("max_host_memory") : ram / 4 * 3;
  if (p.host_bytes_estimate > limit)
    root.child_or_empty("node").fail(
        "l2", fmt::format("the caches of {} nodes need about {:.1f} GiB of host memory for their records, more than "
                          "sim.max_host_memory ({:.1f} GiB; three quarters of this host's RAM by default)",
                          nodes, double(p.host_bytes_estimate) / double(1 << 30), double(limit) / double(1 << 30)));
  return p;
}

uint64_t host_bytes_estimate(const ClusterParams& p) {
  // Per line: an L1 record (tag, state, LRU age) about 16 bytes, an L2 record with its
  // directory entry 24 (models/cache_array.h, models/directory.h), rounded up.
  const NodeParams& n = p.node;
  const uint64_t l1_lines = n.l1d.size_bytes / n.l1d.line_bytes + n.l1i.size_bytes / n.l1i.line_bytes;
  const uint64_t l2_lines = uint64_t(n.l2.banks) * (n.l2.bank_bytes / n.l2.line_bytes);
  return uint64_t(p.topology->nodes()) * (uint64_t(n.cores) * l1_lines * 16 + l2_lines * 32);
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
