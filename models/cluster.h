// The simulated machine: the global physical memory and address map, its nodes, and the
// HyperTransport fabric that joins them along the topology's links and routes.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "address_map.h"
#include "ht_fabric.h"
#include "node.h"
#include "physical_memory.h"
#include "topology.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct ClusterParams {
  // The nodes and links: the config's `topology:` section, or the file `topology_file:`
  // names; a single node without links when neither is given.
  std::shared_ptr<const Topology> topology;
  NodeParams node;
  uint64_t quantum_ps = 1'000'000;  // temporal-decoupling quantum: 1 us by default
  uint64_t host_bytes_estimate = 0;  // the host memory the caches' records take (from_config)
  // Also refuses a machine that cannot work: memory reaching the IO window, caches whose
  // records would not fit the host (sim.max_host_memory).
  static ClusterParams from_config(const ConfigNode& root);
};

// The host memory the caches' tag and directory records of P's machine take.
uint64_t host_bytes_estimate(const ClusterParams& p);

// One node and no links: the machine when a config names no topology.
std::shared_ptr<const Topology> single_node_topology();

class Cluster : public sc_core::sc_module {
 public:
  Cluster(sc_core::sc_module_name name, const ClusterParams& p);
  ~Cluster() override;

  unsigned nodes() const { return unsigned(nodes_.size()); }
  Node& node(unsigned i) { return *nodes_.at(i); }
  unsigned total_cores() const { return nodes() * p_.node.cores; }
  const Topology& topology() const { return *p_.topology; }
  unsigned hops(unsigned src, unsigned dst) const { return p_.topology->hops(src, dst); }
  HtFabric& fabric() { return *fabric_; }
  Core& core(unsigned global_id) { return nodes_.at(global_id / p_.node.cores)->core(global_id % p_.node.cores); }
  L1Cache& l1d(unsigned global_id) { return nodes_.at(global_id / p_.node.cores)->l1d(global_id % p_.node.cores); }
  PhysicalMemory& memory() { return memory_; }
  const AddressMap& address_map() const { return map_; }
  // Marks a global range uncached (e.g. a driver's pool mapped uncached). Only before the
  // simulation starts: a line already cached there would otherwise stay cached.
  void mark_uncached(const AddressRange& r);
  const ClusterParams& params() const { return p_; }

  void register_stats(StatsRegistry& s) const;

 private:
  ClusterParams p_;
  AddressMap map_;
  PhysicalMemory memory_;
  std::vector<std::unique_ptr<Node>> nodes_;
  std::unique_ptr<HtFabric> fabric_;
};

}  // namespace smvn
