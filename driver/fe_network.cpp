#include "driver/fe_network.h"

#include "driver/ethernet.h"
#include "models/cluster.h"
#include "models/fe_nic.h"
#include "models/fe_switch.h"
#include "sim/config.h"
#include "sim/stats.h"

namespace smvn::driver {

FeNetwork::FeNetwork(const ConfigNode& c, Cluster& cluster) : p_(FeParams::from_config(c)), cluster_(cluster) {
  const AddressMap& map = cluster.address_map();
  const unsigned nodes = cluster.nodes();
  const unsigned cores = cluster.params().node.cores;
  if (p_.rx_core >= cores)
    c.fail("rx_core", "core " + std::to_string(p_.rx_core) + " does not exist (nodes have " + std::to_string(cores) +
                          " cores)");
  const uint64_t region = FeNetDevice::region_bytes(p_);
  if (p_.ring_offset + region > map.node_bytes())
    c.fail("ring_offset", "the rings and their buffers [" + std::to_string(p_.ring_offset) + ", +" +
                              std::to_string(region) + ") do not fit in a node's " + std::to_string(map.node_bytes()) +
                              " bytes of memory");
  if (AddressMap::kIpiCoreStride * cores > kRegisterOffset)
    throw std::logic_error("fast_ethernet: the NIC registers would overlap the IPI blocks");
  switch_ = std::make_unique<FeSwitch>("fe_switch", p_.sw, nodes);
  for (unsigned n = 0; n < nodes; ++n) {
    Node& node = cluster.node(n);
    FeNicParams np = p_.nic;
    np.dma_line_bytes = cluster.params().node.l2.line_bytes;
    nics_.push_back(std::make_unique<FastEthernetNic>(("fe_nic" + std::to_string(n)).c_str(), n, np,
                                                      node.interrupt_controller(), p_.rx_core, NetDevice::kRxBit));
    FastEthernetNic& nic = *nics_.back();
    nic.dma.bind(node.crossbar().cpu_side);
    node.io_window().attach(kRegisterOffset, FastEthernetNic::kBlockBytes,
                            [&nic](tlm::tlm_generic_payload& t, sc_core::sc_time& d) { nic.mmio(t, d); },
                            "fast_ethernet NIC");
    nic.connect(*switch_, n);
    switch_->connect(n, nic, mac_of_node(n));
    devices_.push_back(std::make_unique<FeNetDevice>(p_, n, map, cores, map.io_base(n) + kRegisterOffset));
  }
}

FeNetwork::~FeNetwork() = default;

Core& FeNetwork::rx_core(unsigned node) { return cluster_.core(node * cluster_.params().node.cores + p_.rx_core); }

void FeNetwork::register_stats(StatsRegistry& s) const {
  for (unsigned n = 0; n < devices_.size(); ++n) devices_[n]->register_stats(s, "fast_ethernet.node" + std::to_string(n));
  for (const auto& nic : nics_) nic->register_stats(s);
  switch_->register_stats(s);
}

}  // namespace smvn::driver
