// The SMVN virtual network of a cluster: the pool (where the configuration puts it),
// its lists and one network device per node, built from the `smvn:` section of an
// experiment file (smvn_params.h) and checked against the machine: a pool outside a
// node's memory, overlapping the receive buffers, too small for one frame per node, a
// master that is not a node, a pool mapped uncached under its ll/sc locks, each is a
// configuration error naming the key.
#pragma once

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "driver/net_device.h"
#include "driver/netdev.h"
#include "smvn_pool/pool_layout.h"
#include "driver/smvn_lists.h"
#include "driver/smvn_params.h"

namespace smvn {
class Cluster;
class ConfigNode;
class StatsRegistry;
}  // namespace smvn

namespace smvn::driver {

class SmvnNetwork final : public Network {
 public:
  // SECTION is the `smvn:` mapping (possibly empty: every default). Before the
  // simulation starts: an uncached pool is marked in the cluster's address map here.
  SmvnNetwork(const ConfigNode& section, Cluster& cluster);

  const SmvnParams& params() const { return p_; }
  const PoolLayout& layout() const { return lists_->layout(); }
  const SmvnLists& lists() const { return *lists_; }
  unsigned nodes() const override { return unsigned(devices_.size()); }
  SmvnNetDevice& device(unsigned node) override { return *devices_.at(node); }
  // The core of NODE that takes the SMVN interrupt (and runs open).
  Core& rx_core(unsigned node) override;
  unsigned rx_core_index() const override { return p_.rx_core; }
  unsigned mtu() const override { return p_.mtu; }
  bool zero_copy() const override { return p_.zero_copy; }

  // smvn.nodeN.* for every device.
  void register_stats(StatsRegistry& s, const std::string& prefix) const;
  void register_stats(StatsRegistry& s) const override { register_stats(s, "smvn"); }

 private:
  SmvnParams p_;
  Cluster& cluster_;
  std::unique_ptr<SmvnLists> lists_;
  std::vector<std::unique_ptr<SmvnNetDevice>> devices_;
};

}  // namespace smvn::driver
