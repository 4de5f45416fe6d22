#include "ht_fabric.h"

#include <stdexcept>
#include <string>

#include "cache_array.h"
#include "mem_request.h"
#include "sim/stats.h"

namespace smvn {

using namespace sc_core;

HtFabric::HtFabric(sc_module_name name, const Topology& topology, const AddressMap& map, unsigned cores_per_node,
                   unsigned line_bytes)
    : sc_module(name),
      from_node("from_node"),
      to_node("to_node"),
      topo_(topology),
      map_(map),
      cores_per_node_(cores_per_node),
      line_bytes_(line_bytes),
      line_shift_(log2_exact(line_bytes)) {
  from_node.register_b_transport(this, &HtFabric::b_transport);
  from_node.register_transport_dbg(this, &HtFabric::transport_dbg);
  const auto& links = topology.links();
  for (std::size_t i = 0; i < links.size(); ++i) {
    const LinkParams& p = links[i].params;
    for (int d = 0; d < 2; ++d) {
      const unsigned from = d ? links[i].b : links[i].a, to = d ? links[i].a : links[i].b;
      dirs_.push_back(std::make_unique<HtLinkDirection>(topology.name(from) + "_to_" + topology.name(to),
                                                        p.width_bits, p.clock_mhz, p.credits_posted,
                                                        p.credits_nonposted, p.credits_response));
    }
    router_ps_.push_back(Picos(p.router_ns) * 1000);
  }
  const unsigned n = topology.nodes();
  for (unsigned src = 0; src < n; ++src) ports_.emplace_back(*this, src);
  home_channels_.assign(n, nullptr);
  home_resolved_.assign(n, false);
  snoop_channels_.assign(n, nullptr);
  snoop_resolved_.assign(n, false);
  route_hops_.resize(std::size_t(n) * n);
  for (unsigned src = 0; src < n; ++src)
    for (unsigned dst = 0; dst < n; ++dst) {
      if (!topology.connected(src, dst)) continue;  // standalone nodes: travel() refuses
      const std::vector<unsigned>& route = topology.route(src, dst);
      for (std::size_t h = 0; h + 1 < route.size(); ++h)
        route_hops_[std::size_t(src) * n + dst].push_back(
            {router_ps_[unsigned(topology.link_between(route[h], route[h + 1]))], &direction(route[h], route[h + 1])});
    }
}

HtLinkDirection& HtFabric::direction(unsigned from, unsigned to) {
  const int l = topo_.link_between(from, to);
  if (l < 0) throw std::logic_error("HT route uses a link that does not exist");
  return *dirs_[2 * unsigned(l) + (topo_.links()[unsigned(l)].a == from ? 0 : 1)];
}

Picos HtFabric::travel(unsigned src, unsigned dst, const HtPacket& packet, Picos t) {
  const std::vector<Hop>& hops = route_hops_[std::size_t(src) * topo_.nodes() + dst];
  if (hops.empty() && src != dst) topo_.route(src, dst);  // no HT path: throws, naming the nodes
  for (const Hop& hop : hops) {
    t += hop.router_ps;  // the router decides and switches, then serializes
    hop.dir->prune(now_ps_);
    t = hop.dir->send(packet, t).arrival;
    ++hops_;
  }
  return t;
}

Picos HtFabric::unloaded_time(unsigned src, unsigned dst, const HtPacket& packet) const {
  Picos t = 0;
  const std::vector<unsigned>& route = topo_.route(src, dst);
  for (std::size_t h = 0; h + 1 < route.size(); ++h) {
    const int l = topo_.link_between(route[h], route[h + 1]);
    t += router_ps_[unsigned(l)] + dirs_[2 * unsigned(l)]->wire_time(packet);
  }
  return t;
}

void HtFabric::b_transport(int src_port, tlm::tlm_generic_payload& trans, sc_time& delay) {
  MemRequest* ext = trans.get_extension<MemRequest>();
  const unsigned src = unsigned(src_port);
  const bool snoop = ext && (ext->op == MemOp::Invalidate || ext->op == MemOp::Downgrade);
  const unsigned dst = snoop ? unsigned(ext->target) / cores_per_node_ : map_.serving_node(trans.get_address());
  if (dst >= topo_.nodes() || dst == src) {
    trans.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return;
  }
  snoop ? ++snoops_ : ++requests_;

  // The packets this transaction is on the wire (REFERENCE.md: 8-byte requests with an
  // address, 4-byte responses, data packets of 4..64 bytes).
  const MemOp op = ext ? ext->op : MemOp::Uncached;
  HtPacket request = HtPacket::read_request();
  bool posted = false;
  if (snoop || op == MemOp::Upgrade) {
    request = HtPacket::nonposted_request();
  } else if (op == MemOp::Writeback) {
    request = HtPacket::posted_write(ext->dirty ? line_bytes_ : 0);
    posted = true;
  } else if (trans.is_write()) {  // uncached store, register write
    request = HtPacket::posted_write(trans.get_data_length());
    posted = true;
  }

  const Picos now = kernel_ps();
  now_ps_ = now;
  Picos t = travel(src, dst, request, now + delay.value());
  sc_time d = from_ps(t - now);
  to_node[dst]->b_transport(trans, d);
  t = now + d.value();
  if (!posted) {
    HtPacket response = HtPacket::ack();
    if (snoop)
      response = ext->dirty ? HtPacket::read_response(line_bytes_) : HtPacket::ack();
    else if (op != MemOp::Upgrade)
      response = HtPacket::read_response(op == MemOp::Uncached ? trans.get_data_length() : line_bytes_);
    t = travel(dst, src, response, t);
  }
  delay = from_ps(t - now);
}

LineChannel* HtFabric::home_channel(unsigned node) {
  if (!home_resolved_[node]) {
    home_channels_[node] = query_line_channel(to_node[node]);
    home_resolved_[node] = true;
  }
  return home_channels_[node];
}

void HtFabric::prefetch(unsigned src, uint64_t line) {
  const unsigned dst = map_.serving_node(line << line_shift_);
  if (dst >= topo_.nodes() || dst == src) return;
  if (LineChannel* home = home_channel(dst)) home->prefetch(line);
}

bool HtFabric::line_request(unsigned src, LineRequest& r) {
  // What b_transport does for the same request: the same packets on the same routes.
  const unsigned dst = map_.serving_node(r.line << line_shift_);
  if (dst >= topo_.nodes() || dst == src || r.has_victim) return false;
  LineChannel* home = home_channel(dst);
  if (!home) return false;
  ++requests_;
  HtPacket request = HtPacket::read_request();
  bool posted = false;
  if (r.op == MemOp::Upgrade) {
    request = HtPacket::nonposted_request();
  } else if (r.op == MemOp::Writeback) {
    request = HtPacket::posted_write(r.dirty ? line_bytes_ : 0);
    posted = true;
  }
  home->prefetch(r.line);  // the home bank's set loads into the host caches during travel()
  now_ps_ = kernel_ps();
  r.at = travel(src, dst, request, r.at);
  // The home crossbar serves every line homed at its node directly.
  if (!home->line_request(r)) throw std::logic_error("HT fabric: a home node refused a line request");
  if (!posted)
    r.done = travel(dst, src, r.op == MemOp::Upgrade ? HtPacket::ack() : HtPacket::read_response(line_bytes_), r.done);
  return true;
}

inline SnoopChannel* HtFabric::snoop_channel(unsigned node) {
  if (!snoop_resolved_[node]) resolve_snoop_channel(node);
  return snoop_channels_[node];
}

void HtFabric::resolve_snoop_channel(unsigned node) {
  snoop_channels_[node] = query_snoop_channel(to_node[node]);
  snoop_resolved_[node] = true;
}

bool HtFabric::snoop_request(unsigned src, SnoopRequest& s) {
  // What b_transport does for a snoop: a nonposted request there, the target crossbar's
  // delivery, an ack (or the dirty line) back.
  const unsigned dst = unsigned(s.target) / cores_per_node_;
  if (dst >= topo_.nodes() || dst == src) return false;  // b_transport answers the error
  SnoopChannel* target = snoop_channel(dst);
  if (!target) return false;
  ++snoops_;
  now_ps_ = kernel_ps();
  s.at = travel(src, dst, HtPacket::nonposted_request(), s.at);
  // The target crossbar delivers every snoop it is sent (as from_remote() does).
  if (!target->snoop_request(s)) throw std::logic_error("HT fabric: a node refused a snoop");
  s.done = travel(dst, src, s.dirty ? HtPacket::read_response(line_bytes_) : HtPacket::ack(), s.done);
  return true;
}

unsigned HtFabric::transport_dbg(int src_port, tlm::tlm_generic_payload& trans) {
  if (auto* q = trans.get_extension<LineChannelQuery>()) {
    q->channel = &ports_[unsigned(src_port)];
    return 0;
  }
  if (auto* q = trans.get_extension<SnoopChannelQuery>()) {
    q->channel = &ports_[unsigned(src_port)];
    return 0;
  }
  const unsigned dst = map_.serving_node(trans.get_address());
  if (dst >= topo_.nodes() || dst == unsigned(src_port)) return 0;
  return to_node[dst]->transport_dbg(trans);
}

void HtFabric::register_stats(StatsRegistry& s) const {
  const std::string n = name();
  s.counter(n + ".requests", requests_, "requests that crossed to another node");
  s.counter(n + ".snoops", snoops_, "invalidations and downgrades sent to another node");
  s.counter(n + ".hops", hops_, "packet hops over links");
  for (const auto& d : dirs_) d->register_stats(s, n + "." + d->name());
}

}  // namespace smvn
