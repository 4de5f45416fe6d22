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
// latency). Calibration values: the paper gives none. The interrupt entry/exit figure is
// the order of a MIPS Linux exception entry, register save/restore and IRQ dispatch.
struct DriverCosts {
  unsigned transmit = 60;       // ndo_start_xmit: checks, header parse, slot set-up
  unsigned receive_frame = 40;  // per frame in a poll: walk, length check, hand-up
  unsigned poll = 20;           // per poll call
  unsigned interrupt = 400;     // entry and exit of the SMVN interrupt handler
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
