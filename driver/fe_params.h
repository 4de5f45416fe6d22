// The Fast Ethernet baseline's configuration: the `fast_ethernet:` section of an
// experiment file (used when `network: fast_ethernet`).
//
//   fast_ethernet:
//     mtu: 1500
//     tx_ring: 64                # transmit descriptors
//     rx_ring: 64                # receive descriptors
//     rx_budget: 64              # frames per NAPI poll
//     rx_core: 0                 # the core of each node that takes the NIC's interrupt
//     napi: true                 # poll with the NIC's interrupt masked (false: one interrupt per frame)
//     ring_offset: 4MiB          # node-relative start of the rings and their buffers
//     nic: {mbit_per_s: 100, rx_fifo_frames: 2, register_ns: 200}
//     switch: {fabric_us: 3, queue_frames: 64}
//     costs: {...}               # instruction counts of the driver's own code
#pragma once

#include <cstdint>

#include "models/fe_nic.h"
#include "models/fe_switch.h"

namespace smvn {
class ConfigNode;
}

namespace smvn::driver {

// Instructions the NIC driver executes besides its memory and register accesses (those
// charge their own time). As for the SMVN driver (smvn_params.h), no per-path
// measurement of e100 or 8139too on a comparable core was found: the skb work is the same
// guess as SMVN's (the same kernel functions run), the rest is sized by the code.
struct FeDriverCosts {
  // ndo_start_xmit: checks, descriptor set-up (~60, guess) and the transmitted skb's free
  // (dev_kfree_skb, ~200, guess: as smvn.costs.transmit_insts).
  unsigned transmit = 260;
  // Per received frame: descriptor check, netdev_alloc_skb, eth_type_trans and the
  // hand-up (~340, guess: as smvn.costs.receive_frame_insts), and the refill (~20, guess).
  unsigned receive_frame = 360;
  // Per reclaimed transmit descriptor (e100_tx_clean: status test, unmap, count; ~30, guess).
  unsigned tx_clean = 30;
  unsigned poll = 20;  // per poll call (guess)
  // Interrupt entry and exit: the same 400 as smvn.costs.interrupt_insts (155 measured for
  // the MIPS exception path, the rest a guess).
  unsigned interrupt = 400;
};

struct FeParams {
  unsigned mtu = 1500;
  // Linux e100 defaults to 256 RX and 128 TX descriptors (e100.c, E100_DEFAULT_RX/TX);
  // 8139too has 4 TX buffers. 64 each keeps the rings small; the tests vary them.
  unsigned tx_ring = 64;
  unsigned rx_ring = 64;
  unsigned rx_budget = 64;  // NAPI weight
  unsigned rx_core = 0;
  bool napi = true;
  uint64_t ring_offset = 4ull << 20;
  FeNicParams nic;
  FeSwitchParams sw;
  FeDriverCosts costs;

  static FeParams from_config(const ConfigNode& c);
};

}  // namespace smvn::driver
