// The simulated machine: the global physical memory and address map, and its nodes.
// One node for now; HyperTransport links and topologies join several.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>

#include "address_map.h"
#include "node.h"
#include "physical_memory.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct ClusterParams {
  unsigned nodes = 1;
  NodeParams node;
  uint64_t quantum_ps = 1'000'000;  // temporal-decoupling quantum: 1 us by default
  static ClusterParams from_config(const ConfigNode& root);
};

class Cluster : public sc_core::sc_module {
 public:
  Cluster(sc_core::sc_module_name name, const ClusterParams& p);

  unsigned nodes() const { return unsigned(nodes_.size()); }
  Node& node(unsigned i) { return *nodes_.at(i); }
  unsigned total_cores() const { return nodes() * p_.node.cores; }
  Core& core(unsigned global_id) { return nodes_.at(global_id / p_.node.cores)->core(global_id % p_.node.cores); }
  L1Cache& l1d(unsigned global_id) { return nodes_.at(global_id / p_.node.cores)->l1d(global_id % p_.node.cores); }
  PhysicalMemory& memory() { return memory_; }
  const AddressMap& address_map() const { return map_; }
  const ClusterParams& params() const { return p_; }

  void register_stats(StatsRegistry& s) const;

 private:
  ClusterParams p_;
  AddressMap map_;
  PhysicalMemory memory_;
  std::vector<std::unique_ptr<Node>> nodes_;
};

}  // namespace smvn
