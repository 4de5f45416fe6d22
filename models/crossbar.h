// The node's on-chip interconnect (Godson-3A: an AXI crossbar joining the 4 cores to the
// 4 L2 banks, and a second one from the banks to the memory controller and IO).
//
// NodeCrossbar carries requests from the L1 caches to the home L2 bank (line interleave)
// and snoops from the banks back to the L1 caches, each way paying a fixed traversal
// latency. MemoryCrossbar funnels the banks' fills and write-backs into the memory
// controller.
#pragma once

#include <cstdint>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include <vector>

#include "address_map.h"
#include "mem_request.h"
#include "timing.h"

namespace smvn {

class ConfigNode;

struct CrossbarParams {
  unsigned hop_cycles = 2;  // one traversal of the crossbar (calibration value)
  static CrossbarParams from_config(const ConfigNode& c, const CrossbarParams& defaults);
};

// Also a LineChannel: L1 line requests reach the home bank as direct calls (see
// LineChannel in mem_request.h), paying the same two traversals: straight to a bank of
// this node, or through the HT fabric's direct channel to another node's crossbar, whose
// own channel (offered on remote_in) serves them as from_remote() would.
//
// And a SnoopChannel: the banks' snoops reach the L1 caches as direct calls (SnoopChannel
// in mem_request.h), paying the same traversals as snoop(): to an L1D of this node, or
// through the fabric's direct channel to another node's crossbar, whose snoop channel on
// remote_in delivers them as from_remote() would.
class NodeCrossbar : public LineChannel, public SnoopChannel, public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<NodeCrossbar> cpu_side;      // from L1 caches
  tlm_utils::multi_passthrough_initiator_socket<NodeCrossbar> bank_side;  // to L2 banks, by index
  tlm_utils::multi_passthrough_target_socket<NodeCrossbar> snoop_in;      // from L2 banks
  tlm_utils::multi_passthrough_initiator_socket<NodeCrossbar> snoop_out;  // to L1D caches, by local core
  tlm_utils::simple_initiator_socket<NodeCrossbar> io_side;     // to this node's interrupt controller
  // Requests and snoops for other nodes leave through remote_out (to the HT fabric);
  // those of other nodes for this one arrive through remote_in.
  tlm_utils::simple_initiator_socket<NodeCrossbar> remote_out;
  tlm_utils::simple_target_socket<NodeCrossbar> remote_in;

  // FIRST_CACHE is the global id of this node's core 0 (L1 ids equal core ids).
  NodeCrossbar(sc_core::sc_module_name name, const CrossbarParams& p, const Clock& clock, unsigned node,
               int first_cache, unsigned banks, unsigned line_bytes, const AddressMap& map);

 private:
  void request(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void snoop(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void from_remote(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned from_remote_dbg(tlm::tlm_generic_payload& trans);
  // A request served by this node: the home bank, or the register window.
  void serve_local(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void deliver_snoop(int local_cache, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned request_dbg(int port, tlm::tlm_generic_payload& trans);
  bool line_request(LineRequest& r) final;
  void prefetch(uint64_t line) final;
  // A snoop from a bank of this node, sent on to its L1 as snoop() does.
  bool snoop_request(SnoopRequest& s) final;
  unsigned snoop_dbg(int port, tlm::tlm_generic_payload& trans);
  // A snoop for L1D LOCAL of this node, from one of its banks or from another node:
  // deliver_snoop() as direct calls.
  bool deliver_direct(int local, SnoopRequest& s);
  // Asks every L1D for its snoop channel, and the fabric for its; false when an L1D has
  // none (a fabric without one only keeps remote snoops on b_transport).
  bool resolve_snoop_channels();
  // line_request() when R's victim has another home, or R's line is remote: the eviction
  // first, as its own request, then R.
  __attribute__((noinline)) bool line_request_split(LineRequest& r);
  // Sends R (no victim) on to its home: a bank of this node, or the fabric. R.at is when
  // it leaves this crossbar; false (R unchanged) when it must travel as a transaction.
  bool route(LineRequest& r);
  // True when LINE's home is this node (the direct channel serves local homes only).
  // (The address range of home_node() == node_, below total_bytes(), precomputed as the
  // lines whose first byte lies in it: [ceil(base / line), ceil(end / line)).)
  bool local(uint64_t line) const { return line - local_first_line_ < local_lines_; }
  // Asks every bank for its direct channel; false when one has none.
  bool resolve_bank_channels();

  sc_core::sc_time hop_;
  Picos hop_ps_;
  std::vector<LineChannel*> bank_channels_;  // by bank index, once resolved
  // The snoop channel this crossbar offers the fabric on remote_in: snoops for this node.
  class RemoteSnoops final : public SnoopChannel {
   public:
    explicit RemoteSnoops(NodeCrossbar& xbar) : xbar_(&xbar) {}
    bool snoop_request(SnoopRequest& s) override {
      return xbar_->deliver_direct(s.target - xbar_->first_cache_, s);
    }

   private:
    NodeCrossbar* xbar_;
  };
  RemoteSnoops remote_snoops_{*this};
  std::vector<SnoopChannel*> l1_channels_;        // by local L1D, once resolved
  SnoopChannel* remote_snoop_channel_ = nullptr;  // the fabric's (nullptr: none)
  bool snoops_resolved_ = false;
  LineChannel* remote_channel_ = nullptr;    // the fabric's, once resolved (nullptr: none)
  unsigned node_;
  int first_cache_;
  unsigned bank_mask_;
  unsigned line_shift_;
  const AddressMap& map_;
  uint64_t local_first_line_, local_lines_;
};

class MemoryCrossbar : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<MemoryCrossbar> bank_side;  // from L2 banks
  tlm_utils::multi_passthrough_initiator_socket<MemoryCrossbar> memory;  // to the memory controller

  MemoryCrossbar(sc_core::sc_module_name name, const CrossbarParams& p, const Clock& clock);

 private:
  void request(int port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  unsigned request_dbg(int port, tlm::tlm_generic_payload& trans);
  sc_core::sc_time hop_;
};

}  // namespace smvn
