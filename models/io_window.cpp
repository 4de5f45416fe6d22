#include "io_window.h"

#include <stdexcept>

namespace smvn {

IoWindow::IoWindow(sc_core::sc_module_name name, unsigned node, const AddressMap& map)
    : sc_module(name), target("target"), ipi("ipi"), base_(map.io_base(node)) {
  target.register_b_transport(this, &IoWindow::b_transport);
  target.register_transport_dbg(this, &IoWindow::transport_dbg);
}

void IoWindow::attach(uint64_t offset, uint64_t bytes, Access access, const std::string& who) {
  if (offset < kDeviceBase || bytes == 0 || offset + bytes > AddressMap::kIoNodeBytes)
    throw std::logic_error("IO window: " + who + " registers outside the device area");
  for (const Device& d : devices_)
    if (offset < d.offset + d.bytes && d.offset < offset + bytes)
      throw std::logic_error("IO window: " + who + " registers overlap another device's");
  devices_.push_back({offset, bytes, std::move(access)});
}

const IoWindow::Device* IoWindow::find(uint64_t addr) const {
  const uint64_t off = addr - base_;
  for (const Device& d : devices_)
    if (off - d.offset < d.bytes) return &d;
  return nullptr;
}

void IoWindow::b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay) {
  const uint64_t off = trans.get_address() - base_;
  if (off < kDeviceBase) {
    ipi->b_transport(trans, delay);
  } else if (const Device* d = find(trans.get_address())) {
    d->access(trans, delay);
  } else {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
  }
}

unsigned IoWindow::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (trans.get_address() - base_ < kDeviceBase) return ipi->transport_dbg(trans);
  return 0;  // device registers have read side effects: no debug access
}

}  // namespace smvn
