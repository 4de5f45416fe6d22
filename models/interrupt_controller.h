// A node's inter-processor interrupt registers (Godson-3A: one block per core, see
// REFERENCE.md "IPI"): STATUS (0x00, read), EN (0x04), SET (0x08, write ones to raise),
// CLEAR (0x0c, write ones to clear) and a mailbox of four 64-bit words (0x20-0x3f). The
// core's interrupt line is the OR of STATUS & EN; any core in the cluster reaches these
// registers with uncached loads and stores (a remote one over HyperTransport).
#pragma once

#include <array>
#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_target_socket.h>

#include "address_map.h"
#include "timing.h"

namespace smvn {

class Core;
class StatsRegistry;

class InterruptController : public sc_core::sc_module {
 public:
  static constexpr uint64_t kStatus = 0x00, kEnable = 0x04, kSet = 0x08, kClear = 0x0c, kMailbox = 0x20;

  tlm_utils::simple_target_socket<InterruptController> target;

  // CORES are this node's cores (by local index); ACCESS_CYCLES the register access time.
  InterruptController(sc_core::sc_module_name name, unsigned node, const AddressMap& map,
                      std::vector<Core*> cores, const Clock& clock, unsigned access_cycles = 4);

  // A device's interrupt line (a NIC's): sets BITS in local core CORE's STATUS now
  // (kernel time), as a write of SET would, and raises the core's line if enabled.
  void device_raise(unsigned core, uint32_t bits);

  void register_stats(StatsRegistry& s) const;

 private:
  struct Block {
    uint32_t status = 0, enable = 0;
    std::array<uint64_t, 4> mailbox{};
  };
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  // Performs the access; returns false for an address or size the block does not have.
  bool access(tlm::tlm_generic_payload& trans, Picos at);
  void update_line(unsigned core, Picos at);

  unsigned node_;
  const AddressMap& map_;
  std::vector<Core*> cores_;
  std::vector<Block> blocks_;
  sc_core::sc_time access_;
  uint64_t sets_ = 0, clears_ = 0, raised_ = 0, mailbox_writes_ = 0;
};

}  // namespace smvn
