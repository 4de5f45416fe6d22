// The HyperTransport fabric that joins the nodes (Godson-3A: coherent HT links, X-Y
// routed in a mesh). A request for another node leaves the source crossbar, crosses the
// links of its route hop by hop as the HT packets it really is (a read request, a posted
// write with its data, a probe), is served by the home node, and its response comes back
// along the reverse route, which on a mesh is a different path (X first both ways).
//
// L1 line requests may also arrive as direct calls (LineChannel, mem_request.h): each
// node's crossbar gets a channel for its port, and the fabric passes the request to the
// home crossbar's own channel. The packets, hops and times are those of b_transport.
// Snoops likewise (SnoopChannel): the port passes them to the target node's crossbar.
//
// Each direction of each link is an HtLinkDirection (serialization, periodic CRC,
// credits per virtual channel, one packet at a time); each router traversal costs the
// link's router latency. The fabric is one module so that a request and its response,
// which travel different paths, stay one blocking b_transport for the initiator.
#pragma once

#include <cstdint>
#include <memory>
#include <vector>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/multi_passthrough_initiator_socket.h>
#include <tlm_utils/multi_passthrough_target_socket.h>

#include "address_map.h"
#include "ht_link.h"
#include "mem_request.h"
#include "topology.h"

namespace smvn {

class StatsRegistry;

class HtFabric : public sc_core::sc_module {
 public:
  tlm_utils::multi_passthrough_target_socket<HtFabric> from_node;   // bound by node i's remote_out, in order
  tlm_utils::multi_passthrough_initiator_socket<HtFabric> to_node;  // bound to node i's remote_in, in order

  HtFabric(sc_core::sc_module_name name, const Topology& topology, const AddressMap& map,
           unsigned cores_per_node, unsigned line_bytes);

  // Simulated time of an unloaded one-way crossing of a route for PACKET (tests, probes).
  Picos unloaded_time(unsigned src, unsigned dst, const HtPacket& packet) const;

  void register_stats(StatsRegistry& s) const;

 private:
  // The direct channels of one source node's port.
  class Port final : public LineChannel, public SnoopChannel {
   public:
    Port(HtFabric& fabric, unsigned src) : fabric_(&fabric), src_(src) {}
    bool line_request(LineRequest& r) override { return fabric_->line_request(src_, r); }
    void prefetch(uint64_t line) override { fabric_->prefetch(src_, line); }
    bool snoop_request(SnoopRequest& s) override { return fabric_->snoop_request(src_, s); }

   private:
    HtFabric* fabric_;
    unsigned src_;
  };

  void b_transport(int src_port, tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // A line request (no victim) of node SRC leaving its crossbar at r.at, as b_transport
  // carries it; false (nothing booked) when it must go as a transaction.
  bool line_request(unsigned src, LineRequest& r);
  LineChannel* home_channel(unsigned node);
  // Passes a prefetch hint of node SRC to LINE's home.
  void prefetch(unsigned src, uint64_t line);
  // A snoop of node SRC's directory leaving its crossbar at s.at, as b_transport carries
  // it; false (nothing booked) when it must go as a transaction.
  bool snoop_request(unsigned src, SnoopRequest& s);
  SnoopChannel* snoop_channel(unsigned node);
  void resolve_snoop_channel(unsigned node);
  unsigned transport_dbg(int src_port, tlm::tlm_generic_payload& trans);
  // Walks PACKET from SRC to DST leaving at T; returns its arrival at DST's crossbar.
  Picos travel(unsigned src, unsigned dst, const HtPacket& packet, Picos t);
  HtLinkDirection& direction(unsigned from, unsigned to);

  const Topology& topo_;
  const AddressMap& map_;
  unsigned cores_per_node_;
  unsigned line_bytes_;
  std::vector<std::unique_ptr<HtLinkDirection>> dirs_;  // link i: 2i is a->b, 2i+1 is b->a
  std::vector<Picos> router_ps_;                         // per link
  // Every route walked as (router latency, link direction) per hop, computed once:
  // route_hops_[src * nodes + dst].
  struct Hop {
    Picos router_ps;
    HtLinkDirection* dir;
  };
  std::vector<std::vector<Hop>> route_hops_;
  std::vector<Port> ports_;                   // by source node
  std::vector<LineChannel*> home_channels_;   // by node, resolved on first use
  std::vector<bool> home_resolved_;
  std::vector<SnoopChannel*> snoop_channels_;  // by node, resolved on first use
  std::vector<bool> snoop_resolved_;
  unsigned line_shift_;
  Picos now_ps_ = 0;  // kernel time of the transaction being walked
  uint64_t requests_ = 0, snoops_ = 0, hops_ = 0;
};

}  // namespace smvn
