#include "driver/smvn_params.h"

#include <string>

#include "sim/config.h"

namespace smvn::driver {

SmvnParams SmvnParams::from_config(const ConfigNode& c) {
  SmvnParams p;
  const ConfigNode pool = c.child_or_empty("pool");
  const std::string placement = pool.get<std::string>("placement", "master");
  if (placement != "master" && placement != "distributed")
    pool.fail("placement", "must be 'master' (one node cedes the whole pool) or 'distributed' (every node cedes "
                           "part of its memory), not '" + placement + "'");
  p.distributed = placement == "distributed";
  p.master = pool.get<uint32_t>("master", p.master);
  p.pool_bytes = pool.get_bytes("size", p.pool_bytes);
  if (pool.has("offset")) p.pool_offset = pool.get_bytes("offset");
  p.cacheable = pool.get<bool>("cacheable", p.cacheable);
  p.locks_on_separate_lines = pool.get<bool>("locks_on_separate_lines", p.locks_on_separate_lines);
  // 68 bytes is IPv4's minimum MTU; 9000 the usual jumbo frame.
  p.mtu = c.get<uint32_t>("mtu", p.mtu, 68u, 9000u);
  p.zero_copy = c.get<bool>("zero_copy", p.zero_copy);
  p.rx_budget = c.get<uint32_t>("rx_budget", p.rx_budget, 1u, 65536u);
  p.rx_core = c.get<uint32_t>("rx_core", p.rx_core);
  p.rx_buffer_offset = c.get_bytes("rx_buffer_offset", p.rx_buffer_offset);
  const ConfigNode init = c.child_or_empty("init");
  p.init_timeout_us = init.get<double>("timeout_us", p.init_timeout_us, 0.001, 1e9);
  p.init_max_restarts = init.get<uint32_t>("max_restarts", p.init_max_restarts, 0u, 1000000u);
  const ConfigNode costs = c.child_or_empty("costs");
  p.costs.transmit = costs.get<uint32_t>("transmit_insts", p.costs.transmit, 0u, 1000000u);
  p.costs.receive_frame = costs.get<uint32_t>("receive_frame_insts", p.costs.receive_frame, 0u, 1000000u);
  p.costs.poll = costs.get<uint32_t>("poll_insts", p.costs.poll, 0u, 1000000u);
  p.costs.interrupt = costs.get<uint32_t>("interrupt_insts", p.costs.interrupt, 0u, 1000000u);
  return p;
}

}  // namespace smvn::driver
