#include "driver/smvn_network.h"

#include <cstdio>

#include <stdexcept>

#include "models/cluster.h"
#include "sim/config.h"
#include "sim/stats.h"

namespace smvn::driver {

SmvnNetwork::SmvnNetwork(const ConfigNode& c, Cluster& cluster)
    : p_(SmvnParams::from_config(c)), cluster_(cluster) {
  const AddressMap& map = cluster.address_map();
  const unsigned nodes = cluster.nodes();
  const unsigned cores = cluster.params().node.cores;
  const uint64_t node_bytes = map.node_bytes();
  const ConfigNode pool = c.child_or_empty("pool");
  if (p_.master >= nodes)
    pool.fail("master", "node " + std::to_string(p_.master) + " does not exist (the cluster has " +
                            std::to_string(nodes) + " nodes)");
  if (p_.rx_core >= cores)
    c.fail("rx_core", "core " + std::to_string(p_.rx_core) + " does not exist (nodes have " + std::to_string(cores) +
                          " cores)");
  if (p_.pool_bytes == 0 || p_.pool_bytes > node_bytes)
    pool.fail("size", "a pool of " + std::to_string(p_.pool_bytes) + " bytes does not fit in a node's " +
                          std::to_string(node_bytes) + " bytes of memory");
  // Linux reserves such a region at the top of memory (mem=); so do we by default.
  const uint64_t offset = p_.pool_offset.value_or((node_bytes - p_.pool_bytes) / PoolLayout::kLine * PoolLayout::kLine);
  if (offset % PoolLayout::kLine != 0)
    pool.fail("offset", "must be a multiple of the " + std::to_string(PoolLayout::kLine) + "-byte line");
  if (offset > node_bytes || p_.pool_bytes > node_bytes - offset)
    pool.fail(p_.pool_offset ? "offset" : "size", "the pool [" + std::to_string(offset) + ", +" +
                                                      std::to_string(p_.pool_bytes) + ") does not fit in a node's " +
                                                      std::to_string(node_bytes) + " bytes of memory");
  // The receive buffer (copy mode) must not sit in the pool of its node.
  const uint64_t rx_end = p_.rx_buffer_offset + 2 + PoolLayout::kEthHeader + p_.mtu;
  if (rx_end > node_bytes)
    c.fail("rx_buffer_offset", "the receive buffer ends beyond the node's memory");
  if (p_.rx_buffer_offset < offset + p_.pool_bytes && offset < rx_end)
    c.fail("rx_buffer_offset", "the receive buffer overlaps the pool (pool at node offset " + std::to_string(offset) +
                                   ", " + std::to_string(p_.pool_bytes) + " bytes)");

  PoolConfig pc;
  pc.nodes = nodes;
  pc.cores_per_node = cores;
  pc.mtu = p_.mtu;
  pc.locks_on_separate_lines = p_.locks_on_separate_lines;
  // The master's segment first: it holds the header. Distributed: then every other node.
  pc.segments.push_back({map.node_base(p_.master) + offset, p_.pool_bytes});
  if (p_.distributed)
    for (unsigned n = 0; n < nodes; ++n)
      if (n != p_.master) pc.segments.push_back({map.node_base(n) + offset, p_.pool_bytes});
  try {
    lists_ = std::make_unique<SmvnLists>(PoolLayout(pc));
  } catch (const std::invalid_argument& e) {
    pool.fail("size", e.what());
  }
  if (!p_.cacheable) {
    // MIPS ll/sc on uncached memory is unpredictable (our L1 refuses it), so the header
    // with its locks and list words stays cacheable; the packet slots, where the frames
    // are copied, bypass the caches.
    const PoolLayout& l = lists_->layout();
    for (size_t i = 0; i < pc.segments.size(); ++i) {
      const uint64_t skip = i == 0 ? l.header_bytes() : 0;
      cluster.mark_uncached({pc.segments[i].base + skip, pc.segments[i].bytes - skip});
    }
  }
  // The other nodes wait for the master's ready at most timeout x (restarts + 1), while
  // the master first links every slot into the FreeList: a store and a few instructions
  // per slot, at most a cache miss or an uncached HT write each (kInitSlotUs). A small
  // MTU on a large pool makes thousands of slots, and the others would give up ("saw no
  // ready") with the master still at work: their wait is scaled to twice the estimate.
  constexpr double kInitSlotUs = 0.25;
  const double estimate_us = double(lists_->layout().slots()) * kInitSlotUs;
  const double budget_us = p_.init_timeout_us * double(p_.init_max_restarts + 1);
  if (nodes > 1 && estimate_us > budget_us) {
    const double scaled = 2 * estimate_us / double(p_.init_max_restarts + 1);
    std::fprintf(stderr,
                 "smvn-sim: smvn.init.timeout_us scaled from %g to %g us: the master links %llu slots into the "
                 "FreeList (up to %g us), longer than the other nodes would wait (%g us in all)\n",
                 p_.init_timeout_us, scaled, (unsigned long long)lists_->layout().slots(), estimate_us, budget_us);
    p_.init_timeout_us = scaled;
  }
  for (unsigned n = 0; n < nodes; ++n)
    devices_.push_back(std::make_unique<SmvnNetDevice>(*lists_, p_, n, map, cores));
}

Core& SmvnNetwork::rx_core(unsigned node) { return cluster_.core(node * cluster_.params().node.cores + p_.rx_core); }

void SmvnNetwork::register_stats(StatsRegistry& s, const std::string& prefix) const {
  for (unsigned n = 0; n < devices_.size(); ++n) devices_[n]->register_stats(s, prefix + ".node" + std::to_string(n));
}

}  // namespace smvn::driver
