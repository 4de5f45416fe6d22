#include "interrupt_controller.h"

#include <cstring>
#include <string>

#include "core.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

InterruptController::InterruptController(sc_module_name name, unsigned node, const AddressMap& map,
                                         std::vector<Core*> cores, const Clock& clock, unsigned access_cycles)
    : sc_module(name),
      target("target"),
      node_(node),
      map_(map),
      cores_(std::move(cores)),
      blocks_(cores_.size()),
      access_(from_ps(clock.cycles(access_cycles))) {
  target.register_b_transport(this, &InterruptController::b_transport);
  target.register_transport_dbg(this, &InterruptController::transport_dbg);
}

void InterruptController::b_transport(tlm::tlm_generic_payload& trans, sc_time& delay) {
  delay += access_;
  if (!access(trans, (sc_time_stamp() + delay).value())) return;
  trans.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned InterruptController::transport_dbg(tlm::tlm_generic_payload& trans) {
  if (!trans.is_read()) return 0;  // debug reads only: a debugger must not raise interrupts
  return access(trans, 0) ? trans.get_data_length() : 0;
}

bool InterruptController::access(tlm::tlm_generic_payload& trans, Picos at) {
  const uint64_t offset = trans.get_address() - map_.io_base(node_);
  const unsigned core = unsigned(offset / AddressMap::kIpiCoreStride);
  const uint64_t reg = offset % AddressMap::kIpiCoreStride;
  const unsigned len = trans.get_data_length();
  const bool word = reg < kMailbox && len == 4 && reg % 4 == 0;
  const bool mailbox = reg >= kMailbox && reg < kMailbox + 32 && len == 8 && reg % 8 == 0;
  if (core >= blocks_.size() || !(word || mailbox) || trans.get_byte_enable_ptr()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  Block& b = blocks_[core];
  unsigned char* data = trans.get_data_ptr();
  if (mailbox) {
    uint64_t& m = b.mailbox[(reg - kMailbox) / 8];
    if (trans.is_write()) {
      std::memcpy(&m, data, 8);
      ++mailbox_writes_;
    } else {
      std::memcpy(data, &m, 8);
    }
    return true;
  }
  uint32_t v = 0;
  if (trans.is_read()) {
    switch (reg) {
      case kStatus: v = b.status; break;
      case kEnable: v = b.enable; break;
      default: v = 0; break;  // SET and CLEAR read as zero
    }
    std::memcpy(data, &v, 4);
    return true;
  }
  std::memcpy(&v, data, 4);
  switch (reg) {
    case kStatus: break;  // read-only
    case kEnable: b.enable = v; break;
    case kSet: b.status |= v; ++sets_; break;
    case kClear: b.status &= ~v; ++clears_; break;
  }
  update_line(core, at);
  return true;
}

void InterruptController::device_raise(unsigned core, uint32_t bits) {
  blocks_.at(core).status |= bits;
  update_line(core, kernel_ps());
}

void InterruptController::update_line(unsigned core, Picos at) {
  if ((blocks_[core].status & blocks_[core].enable) == 0) return;
  ++raised_;
  const Picos now = kernel_ps();
  cores_[core]->raise_interrupt(from_ps(at > now ? at - now : 0));
}

void InterruptController::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".sets", sets_, "writes to SET registers");
  s.counter(n + ".clears", clears_, "writes to CLEAR registers");
  s.counter(n + ".raised", raised_, "times a core's interrupt line was raised");
  s.counter(n + ".mailbox_writes", mailbox_writes_, "mailbox words written");
}

}  // namespace smvn
