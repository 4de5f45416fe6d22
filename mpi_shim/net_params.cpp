#include "mpi_shim/net_params.h"

#include <string>

#include "sim/config.h"

namespace smvn::net {

NetParams NetParams::from_config(const ConfigNode& c) {
  NetParams p;
  p.socket_buffer = uint32_t(c.get_bytes("socket_buffer", p.socket_buffer));
  if (p.socket_buffer < 4096 || p.socket_buffer > (64u << 20))
    c.fail("socket_buffer", "must be between 4KiB and 64MiB");
  const std::string intra = c.get<std::string>("intra_node", std::string("loopback"));
  if (intra == "loopback")
    p.intra_node = IntraNodePath::Loopback;
  else if (intra == "smvn")
    p.intra_node = IntraNodePath::Smvn;
  else
    c.fail("intra_node", "must be 'loopback' or 'smvn', not '" + intra + "'");
  p.rps = c.get<bool>("rps", p.rps);
  p.loopback_mtu = c.get<uint32_t>("loopback_mtu", p.loopback_mtu, 576u, 65536u);
  p.kernel_offset = c.get_bytes("kernel_offset", p.kernel_offset);
  p.kernel_bytes = c.get_bytes("kernel_bytes", p.kernel_bytes);
  p.user_offset = c.get_bytes("user_offset", p.user_offset);
  p.user_bytes = c.get_bytes("user_bytes", p.user_bytes);
  if (p.user_bytes < 4096) c.fail("user_bytes", "must be at least 4KiB");
  p.library_bytes_per_core = c.get_bytes("library_bytes_per_core", p.library_bytes_per_core);
  if (p.library_bytes_per_core < 4096 || p.library_bytes_per_core > (64u << 20))
    c.fail("library_bytes_per_core", "must be between 4KiB and 64MiB");
  if (p.user_offset < p.kernel_offset + p.kernel_bytes && p.kernel_offset < p.user_offset + p.user_bytes)
    c.fail("user_offset", "the user region overlaps the kernel buffers (net.kernel_offset, net.kernel_bytes)");
  p.delayed_ack_us = c.get<uint32_t>("delayed_ack_us", p.delayed_ack_us, 0u, 500000u);
  p.quickacks = c.get<uint32_t>("quickacks", p.quickacks, 0u, 1000u);
  const ConfigNode k = c.child_or_empty("costs");
  auto insts = [&](const char* key, unsigned& v) { v = k.get<uint32_t>(key, v, 0u, 10000000u); };
  insts("syscall_insts", p.costs.syscall);
  insts("segment_tx_insts", p.costs.segment_tx);
  insts("segment_rx_insts", p.costs.segment_rx);
  insts("ack_tx_insts", p.costs.ack_tx);
  insts("ack_rx_insts", p.costs.ack_rx);
  insts("wakeup_insts", p.costs.wakeup);
  insts("switch_in_insts", p.costs.switch_in);
  insts("poll_per_socket_insts", p.costs.poll_per_socket);
  insts("rps_enqueue_insts", p.costs.rps_enqueue);
  p.costs.checksum_per_byte = k.get<double>("checksum_insts_per_byte", p.costs.checksum_per_byte, 0.0, 100.0);
  return p;
}

}  // namespace smvn::net
