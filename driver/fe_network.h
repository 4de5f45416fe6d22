// The Fast Ethernet baseline of a cluster ("UN + Ethernet switch" in the paper): one
// 100BASE-TX NIC per node (models/fe_nic.h) cabled to one store-and-forward switch
// (models/fe_switch.h), and one driver instance per node (fe_netdev.h), built from the
// `fast_ethernet:` section (fe_params.h) and checked against the machine: rings beyond a
// node's memory or an rx core that does not exist are configuration errors naming the key.
//
// The hardware is built here, before the simulation starts, rather than in the Cluster:
// the cluster is the same machine whichever network the experiment puts on it, and the
// NIC's registers and DMA attach to a node's IO window and crossbar as a PCI card would.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "driver/fe_netdev.h"
#include "driver/fe_params.h"
#include "driver/net_device.h"

namespace smvn {
class Cluster;
class ConfigNode;
class FastEthernetNic;
class FeSwitch;
class StatsRegistry;
}  // namespace smvn

namespace smvn::driver {

class FeNetwork final : public Network {
 public:
  // Where each node's NIC registers sit in its IO window (node-relative).
  static constexpr uint64_t kRegisterOffset = 0x8000;

  FeNetwork(const ConfigNode& section, Cluster& cluster);
  ~FeNetwork() override;

  const FeParams& params() const { return p_; }
  unsigned nodes() const override { return unsigned(devices_.size()); }
  FeNetDevice& device(unsigned node) override { return *devices_.at(node); }
  Core& rx_core(unsigned node) override;
  unsigned rx_core_index() const override { return p_.rx_core; }
  unsigned mtu() const override { return p_.mtu; }
  FastEthernetNic& nic(unsigned node) { return *nics_.at(node); }
  FeSwitch& ethernet_switch() { return *switch_; }
  // fast_ethernet.nodeN.* (drivers), fe_nicN.* and fe_switch.* (hardware).
  void register_stats(StatsRegistry& s) const override;

 private:
  FeParams p_;
  Cluster& cluster_;
  std::unique_ptr<FeSwitch> switch_;
  std::vector<std::unique_ptr<FastEthernetNic>> nics_;
  std::vector<std::unique_ptr<FeNetDevice>> devices_;
};

}  // namespace smvn::driver
