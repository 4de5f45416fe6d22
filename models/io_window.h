// A node's register window (AddressMap::io_base, 64 KiB, never cached) as the crossbar
// sees it: the IPI blocks of the cores at its bottom (InterruptController) and, above
// them, devices attached later (a NIC's registers). The window itself adds no time; each
// target charges its own register access. It exists so that a device model can be given
// registers without the interrupt controller knowing it.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "address_map.h"

namespace smvn {

class IoWindow : public sc_core::sc_module {
 public:
  using Access = std::function<void(tlm::tlm_generic_payload&, sc_core::sc_time&)>;
  // Devices start here (node-relative); below is the IPI controller's.
  static constexpr uint64_t kDeviceBase = 0x8000;

  tlm_utils::simple_target_socket<IoWindow> target;    // from the node crossbar
  tlm_utils::simple_initiator_socket<IoWindow> ipi;    // to the interrupt controller

  IoWindow(sc_core::sc_module_name name, unsigned node, const AddressMap& map);

  // Registers [OFFSET, OFFSET + BYTES) of the window (node-relative, at or above
  // kDeviceBase) are ACCESS's. Before the simulation starts; overlaps are a logic error.
  void attach(uint64_t offset, uint64_t bytes, Access access, const std::string& who);

 private:
  struct Device {
    uint64_t offset, bytes;
    Access access;
  };
  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  const Device* find(uint64_t addr) const;

  uint64_t base_;
  std::vector<Device> devices_;
};

}  // namespace smvn
