#include "driver/fe_params.h"

#include "sim/config.h"

namespace smvn::driver {

FeParams FeParams::from_config(const ConfigNode& c) {
  FeParams p;
  // 68: IPv4's minimum MTU; 1500: Fast Ethernet carries no jumbo frames.
  p.mtu = c.get<uint32_t>("mtu", p.mtu, 68u, 1500u);
  p.tx_ring = c.get<uint32_t>("tx_ring", p.tx_ring, 2u, 4096u);
  p.rx_ring = c.get<uint32_t>("rx_ring", p.rx_ring, 2u, 4096u);
  p.rx_budget = c.get<uint32_t>("rx_budget", p.rx_budget, 1u, 65536u);
  p.rx_core = c.get<uint32_t>("rx_core", p.rx_core);
  p.napi = c.get<bool>("napi", p.napi);
  p.ring_offset = c.get_bytes("ring_offset", p.ring_offset);
  if (p.ring_offset % 64 != 0) c.fail("ring_offset", "must be a multiple of 64 bytes");
  const ConfigNode nic = c.child_or_empty("nic");
  p.nic.wire.mbit_per_s = nic.get<double>("mbit_per_s", p.nic.wire.mbit_per_s, 1.0, 100000.0);
  p.nic.rx_fifo_frames = nic.get<uint32_t>("rx_fifo_frames", p.nic.rx_fifo_frames, 1u, 64u);
  p.nic.register_ns = nic.get<double>("register_ns", p.nic.register_ns, 0.0, 100000.0);
  const ConfigNode sw = c.child_or_empty("switch");
  p.sw.wire = p.nic.wire;  // one line rate on every cable
  p.sw.fabric_us = sw.get<double>("fabric_us", p.sw.fabric_us, 0.0, 10000.0);
  p.sw.queue_frames = sw.get<uint32_t>("queue_frames", p.sw.queue_frames, 1u, 1000000u);
  const ConfigNode costs = c.child_or_empty("costs");
  p.costs.transmit = costs.get<uint32_t>("transmit_insts", p.costs.transmit, 0u, 1000000u);
  p.costs.receive_frame = costs.get<uint32_t>("receive_frame_insts", p.costs.receive_frame, 0u, 1000000u);
  p.costs.tx_clean = costs.get<uint32_t>("tx_clean_insts", p.costs.tx_clean, 0u, 1000000u);
  p.costs.poll = costs.get<uint32_t>("poll_insts", p.costs.poll, 0u, 1000000u);
  p.costs.interrupt = costs.get<uint32_t>("interrupt_insts", p.costs.interrupt, 0u, 1000000u);
  return p;
}

}  // namespace smvn::driver
