#include "crossbar.h"

#include <string>

#include "cache_array.h"
#include "mem_request.h"
#include "sim/config.h"

namespace smvn {

using namespace sc_core;

CrossbarParams CrossbarParams::from_config(const ConfigNode& c, const CrossbarParams& defaults) {
  CrossbarParams p = defaults;
  p.hop_cycles = c.get<uint32_t>("hop_cycles", p.hop_cycles, 0u, 1000u);
  return p;
}

NodeCrossbar::NodeCrossbar(sc_module_name name, const CrossbarParams& p, const Clock& clock, unsigned node,
                           int first_cache, unsigned banks, unsigned line_bytes, const AddressMap& map)
    : sc_module(name),
      cpu_side("cpu_side"),
      bank_side("bank_side"),
      snoop_in("snoop_in"),
      snoop_out("snoop_out"),
      hop_(from_ps(clock.cycles(p.hop_cycles))),
      node_(node),
      first_cache_(first_cache),
      bank_mask_(banks - 1),
      line_shift_(log2_exact(line_bytes)),
      map_(map) {
  cpu_side.register_b_transport(this, &NodeCrossbar::request);
  cpu_side.register_transport_dbg(this, &NodeCrossbar::request_dbg);
  snoop_in.register_b_transport(this, &NodeCrossbar::snoop);
}

void NodeCrossbar::request(int, tlm::tlm_generic_payload& trans, sc_time& delay) {
  const uint64_t addr = trans.get_address();
  if (addr >= map_.total_bytes() || map_.home_node(addr) != node_) {
    // Remote homes are reached over HyperTransport once the node has links.
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  delay += hop_;
  bank_side[(addr >> line_shift_) & bank_mask_]->b_transport(trans, delay);
  delay += hop_;
}

unsigned NodeCrossbar::request_dbg(int, tlm::tlm_generic_payload& trans) {
  const uint64_t addr = trans.get_address();
  return bank_side[(addr >> line_shift_) & bank_mask_]->transport_dbg(trans);
}

void NodeCrossbar::snoop(int, tlm::tlm_generic_payload& trans, sc_time& delay) {
  const MemRequest* ext = trans.get_extension<MemRequest>();
  const int local = ext ? ext->target - first_cache_ : -1;
  if (local < 0 || local >= int(snoop_out.size() / 2)) {  // the L1Ds come first
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  delay += hop_;
  snoop_out[local]->b_transport(trans, delay);
  delay += hop_;
}

MemoryCrossbar::MemoryCrossbar(sc_module_name name, const CrossbarParams& p, const Clock& clock)
    : sc_module(name), bank_side("bank_side"), memory("memory"), hop_(from_ps(clock.cycles(p.hop_cycles))) {
  bank_side.register_b_transport(this, &MemoryCrossbar::request);
  bank_side.register_transport_dbg(this, &MemoryCrossbar::request_dbg);
}

void MemoryCrossbar::request(int, tlm::tlm_generic_payload& trans, sc_time& delay) {
  delay += hop_;
  memory[0]->b_transport(trans, delay);
  delay += hop_;
}

unsigned MemoryCrossbar::request_dbg(int, tlm::tlm_generic_payload& trans) {
  return memory[0]->transport_dbg(trans);
}

}  // namespace smvn
