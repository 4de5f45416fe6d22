// The SMVN driver's configuration: the `smvn:` section of an experiment file.
//
//   smvn:
//     pool:
//       placement: master        # master: one node cedes the whole pool (the paper's testbed)
//                                # distributed: every node cedes `size` of its own memory
//       master: 0                # the node that initialises the pool (and holds it, for master)
//       size: 2MiB               # pool bytes (distributed: per node)
//       offset: 254MiB           # node-relative start; default: the top `size` of the memory
//       cacheable: true          # false maps the packet slots uncached
//       locks_on_separate_lines: true
//     mtu: 1500
//     zero_copy: false           # frames built in and delivered from pool slots
//     rx_budget: 64              # frames per poll (Linux's NAPI weight)
//     rx_core: 0                 # the core of each node that takes the SMVN interrupt
//     rx_buffer_offset: 8MiB     # node-relative address of the receive buffer (copy mode)
//     init: {timeout_us: 100, max_restarts: 5}
//     costs: {...}               # instruction counts of the driver's own code (calibration)
#pragma once

#include <cstdint>
#include <optional>

namespace smvn {
class ConfigNode;
}

namespace smvn::driver {

// Instructions the driver executes besides its memory operations (those charge their own
// latency: list operations, locks, copies). The paper gives none, and no per-path
// measurement of a comparable driver was found; all but the interrupt's exception entry
// are guesses, sized by what the code must do. Costs are charged at core.ipc (see
// mpi_shim/net_params.h for how cycles measured elsewhere are carried over).
struct DriverCosts {
  // ndo_start_xmit: checks, header parse, slot set-up (~60, guess), and freeing the
  // transmitted skb clone once its bytes are in the pool (dev_kfree_skb: a slab free and
  // the clone's release, ~200, guess).
  unsigned transmit = 260;
  // Per frame in a poll: walk, length check, hand-up (~40, guess), and the receive skb
  // (netdev_alloc_skb: two slab allocations and the sk_buff's initialisation, plus
  // eth_type_trans: ~300, guess). The loopback path needs neither skb operation, which is
  // why they are here and not in net.costs.
  unsigned receive_frame = 340;
  unsigned poll = 20;           // per poll call (guess: a few tests and a loop set-up)
  // Entry and exit of the SMVN interrupt handler: 155 for the MIPS exception entry and
  // exit with the register save and restore (lmbench null syscall, 861 ns on a 180 MHz
  // R5000 under Linux, R. Baechle on linux-kernel, 1998), ~250 for the IRQ dispatch,
  // irq_exit and the softirq start (guess).
  unsigned interrupt = 400;
};

struct SmvnParams {
  bool distributed = false;
  unsigned master = 0;
  uint64_t pool_bytes = 2ull << 20;
  std::optional<uint64_t> pool_offset;
  bool cacheable = true;
  bool locks_on_separate_lines = true;
  unsigned mtu = 1500;
  bool zero_copy = false;
  unsigned rx_budget = 64;
  unsigned rx_core = 0;
  uint64_t rx_buffer_offset = 8ull << 20;
  double init_timeout_us = 100.0;
  unsigned init_max_restarts = 5;
  DriverCosts costs;

  // Reads and range-checks the keys; checks against the machine (memory size, node
  // count) are SmvnNetwork's, which knows it.
  static SmvnParams from_config(const ConfigNode& c);
};

}  // namespace smvn::driver
