#include "crossbar.h"

#include <algorithm>
#include <string>

#include "cache_array.h"
#include "mem_request.h"
#include "sim/config.h"

namespace smvn {

using namespace sc_core;

namespace {
// The number of lines that start below byte address END: ceil(END / line size).
uint64_t lines_from(uint64_t end, unsigned line_shift) {
  return (end >> line_shift) + ((end & ((uint64_t(1) << line_shift) - 1)) != 0);
}
}  // namespace

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
      io_side("io_side"),
      remote_out("remote_out"),
      remote_in("remote_in"),
      hop_(from_ps(clock.cycles(p.hop_cycles))),
      hop_ps_(clock.cycles(p.hop_cycles)),
      node_(node),
      first_cache_(first_cache),
      bank_mask_(banks - 1),
      line_shift_(log2_exact(line_bytes)),
      map_(map),
      local_first_line_(lines_from(std::min(map.node_base(node), map.total_bytes()), line_shift_)),
      local_lines_(lines_from(std::min(map.node_base(node) + map.node_bytes(), map.total_bytes()), line_shift_) -
                   local_first_line_) {
  cpu_side.register_b_transport(this, &NodeCrossbar::request);
  cpu_side.register_transport_dbg(this, &NodeCrossbar::request_dbg);
  snoop_in.register_b_transport(this, &NodeCrossbar::snoop);
  snoop_in.register_transport_dbg(this, &NodeCrossbar::snoop_dbg);
  remote_in.register_b_transport(this, &NodeCrossbar::from_remote);
  remote_in.register_transport_dbg(this, &NodeCrossbar::from_remote_dbg);
}

void NodeCrossbar::request(int, tlm::tlm_generic_payload& trans, sc_time& delay) {
  const uint64_t addr = trans.get_address();
  if (map_.is_io(addr) ? !map_.io_valid(addr) : addr >= map_.total_bytes()) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  if (map_.serving_node(addr) != node_) {  // homed on another chip: over HyperTransport
    delay += hop_;
    remote_out->b_transport(trans, delay);
    delay += hop_;
    return;
  }
  serve_local(trans, delay);
}

void NodeCrossbar::serve_local(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const uint64_t addr = trans.get_address();
  delay += hop_;
  if (map_.is_io(addr))
    io_side->b_transport(trans, delay);
  else
    bank_side[(addr >> line_shift_) & bank_mask_]->b_transport(trans, delay);
  delay += hop_;
}

void NodeCrossbar::from_remote(tlm::tlm_generic_payload& trans, sc_time& delay) {
  const MemRequest* ext = trans.get_extension<MemRequest>();
  if (ext && (ext->op == MemOp::Invalidate || ext->op == MemOp::Downgrade)) {
    deliver_snoop(ext->target - first_cache_, trans, delay);
    return;
  }
  if (map_.serving_node(trans.get_address()) != node_) {  // misrouted: never forwarded twice
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  serve_local(trans, delay);
}

bool NodeCrossbar::line_request(LineRequest& r) {
  // The same routing and traversal costs as request(): absolute times instead of delays.
  // Here the two usual cases, a local line alone or with a victim of the same home bank;
  // everything else in line_request_split(), out of line so this saves fewer registers.
  const uint64_t line = r.line;
  if (local(line)) {
    LineChannel* const bank = bank_channels_[line & bank_mask_];
    if (!r.has_victim) {
      r.at += hop_ps_;
      if (!bank->line_request(r)) {  // it changed nothing: undo the traversal exactly
        r.at -= hop_ps_;
        return false;
      }
      r.done += hop_ps_;
      return true;
    }
    if (((r.victim_line ^ line) & bank_mask_) == 0 && local(r.victim_line)) {
      // One home bank for both (within a node the L1 set index includes the bank bits),
      // which serves the eviction and then the request in one call, each after the same
      // traversal as below.
      r.at += hop_ps_;
      r.victim_at += hop_ps_;
      if (!bank->line_request(r)) {
        r.at -= hop_ps_;
        r.victim_at -= hop_ps_;
        return false;
      }
      r.done += hop_ps_;
      return true;
    }
  }
  return line_request_split(r);
}

void NodeCrossbar::prefetch(uint64_t line) {
  if (local(line))
    bank_channels_[line & bank_mask_]->prefetch(line);
  else if (remote_channel_)
    remote_channel_->prefetch(line);
}

bool NodeCrossbar::line_request_split(LineRequest& r) {
  if (r.has_victim) {
    // Otherwise the eviction goes first, as its own request to its own home (meanwhile a
    // remote home's set for R loads into the host caches).
    if (!local(r.line)) prefetch(r.line);
    LineRequest v;
    v.op = MemOp::Writeback;
    v.dirty = r.victim_dirty;
    v.instruction = r.instruction;
    v.requester = r.requester;
    v.line = r.victim_line;
    v.at = r.victim_at + hop_ps_;
    if (!route(v)) return false;
    r.has_victim = false;
  }
  const Picos at = r.at;
  r.at = at + hop_ps_;
  if (!route(r)) {
    r.at = at;
    return false;
  }
  r.done += hop_ps_;
  return true;
}

inline bool NodeCrossbar::route(LineRequest& r) {
  if (local(r.line)) return bank_channels_[r.line & bank_mask_]->line_request(r);
  return remote_channel_ && remote_channel_->line_request(r);
}

bool NodeCrossbar::resolve_bank_channels() {
  if (bank_channels_.size() == bank_side.size()) return true;
  remote_channel_ = query_line_channel(remote_out);
  bank_channels_.clear();
  for (unsigned b = 0; b < bank_side.size(); ++b) {
    LineChannel* c = query_line_channel(bank_side[b]);
    if (!c) {
      bank_channels_.clear();
      return false;
    }
    bank_channels_.push_back(c);
  }
  return true;
}

unsigned NodeCrossbar::request_dbg(int, tlm::tlm_generic_payload& trans) {
  if (auto* q = trans.get_extension<LineChannelQuery>()) {
    q->channel = resolve_bank_channels() ? this : nullptr;
    return 0;
  }
  const uint64_t addr = trans.get_address();
  return bank_side[(addr >> line_shift_) & bank_mask_]->transport_dbg(trans);
}

unsigned NodeCrossbar::from_remote_dbg(tlm::tlm_generic_payload& trans) {
  // The fabric asks for the channel that serves this node's lines to other nodes: the
  // same as the local one (a request without a victim takes the local path).
  if (auto* q = trans.get_extension<LineChannelQuery>()) {
    q->channel = resolve_bank_channels() ? this : nullptr;
    return 0;
  }
  if (auto* q = trans.get_extension<SnoopChannelQuery>()) {
    q->channel = resolve_snoop_channels() ? &remote_snoops_ : nullptr;
    return 0;
  }
  const uint64_t addr = trans.get_address();
  if (map_.is_io(addr) || map_.serving_node(addr) != node_) return 0;
  return bank_side[(addr >> line_shift_) & bank_mask_]->transport_dbg(trans);
}

void NodeCrossbar::snoop(int, tlm::tlm_generic_payload& trans, sc_time& delay) {
  const MemRequest* ext = trans.get_extension<MemRequest>();
  if (!ext) {
    trans.set_response_status(tlm::TLM_GENERIC_ERROR_RESPONSE);
    return;
  }
  const int local = ext->target - first_cache_;
  if (local >= 0 && local < int(snoop_out.size() / 2)) {
    deliver_snoop(local, trans, delay);
    return;
  }
  // The copy is cached by a core of another node (the directory tracks the whole cluster).
  delay += hop_;
  remote_out->b_transport(trans, delay);
  delay += hop_;
}

void NodeCrossbar::deliver_snoop(int local, tlm::tlm_generic_payload& trans, sc_time& delay) {
  if (local < 0 || local >= int(snoop_out.size() / 2)) {  // the L1Ds come first
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  delay += hop_;
  snoop_out[local]->b_transport(trans, delay);
  delay += hop_;
}

bool NodeCrossbar::snoop_request(SnoopRequest& s) {
  // The same routing and traversal costs as snoop(): absolute times instead of delays.
  const int local = s.target - first_cache_;
  if (local >= 0 && local < int(l1_channels_.size())) return deliver_direct(local, s);
  // For another node: through the fabric, which refuses (changing nothing) what it
  // cannot carry directly, e.g. a target outside the cluster.
  const Picos at = s.at;
  s.at = at + hop_ps_;
  if (!remote_snoop_channel_ || !remote_snoop_channel_->snoop_request(s)) {
    s.at = at;
    return false;
  }
  s.done += hop_ps_;
  return true;
}

bool NodeCrossbar::deliver_direct(int local, SnoopRequest& s) {
  if (local < 0 || local >= int(l1_channels_.size())) {
    // deliver_snoop() answers an error without time or effect; the fabric has already
    // sent the packet, so answer the same here rather than refuse.
    s.done = s.at;
    s.dirty = false;
    return true;
  }
  s.at += hop_ps_;
  l1_channels_[unsigned(local)]->snoop_request(s);
  s.done += hop_ps_;
  return true;
}

bool NodeCrossbar::resolve_snoop_channels() {
  const unsigned l1ds = unsigned(snoop_out.size() / 2);  // the L1Ds come first
  if (!snoops_resolved_) {
    snoops_resolved_ = true;
    remote_snoop_channel_ = query_snoop_channel(remote_out);
    for (unsigned i = 0; i < l1ds; ++i) {
      SnoopChannel* c = query_snoop_channel(snoop_out[i]);
      if (!c) {  // snoop_request() serves every local target directly, or none
        l1_channels_.clear();
        break;
      }
      l1_channels_.push_back(c);
    }
  }
  return l1_channels_.size() == l1ds;
}

unsigned NodeCrossbar::snoop_dbg(int, tlm::tlm_generic_payload& trans) {
  if (auto* q = trans.get_extension<SnoopChannelQuery>()) q->channel = resolve_snoop_channels() ? this : nullptr;
  return 0;
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
