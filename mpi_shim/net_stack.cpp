#include "mpi_shim/net_stack.h"

#include <algorithm>
#include <map>
#include <stdexcept>

#include "driver/net_device.h"
#include "models/cluster.h"
#include "models/core.h"
#include "models/interrupt_controller.h"
#include "sim/stats.h"

namespace smvn::net {

namespace {
constexpr uint64_t kLine = 32;
constexpr uint64_t kAlign = 2;  // NET_IP_ALIGN: the payload after the 54-byte header starts 8-aligned
uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }
// seq a comes after seq b (32-bit wrap-around arithmetic, RFC 793).
bool after(uint32_t a, uint32_t b) { return int32_t(a - b) > 0; }
constexpr Picos kNever = ~Picos(0);
}  // namespace

struct NetStack::Buffer {
  uint64_t addr = 0;
  int refs = 0;  // the send queue, and a loopback receiver that has not read it yet
};

struct NetStack::TxSeg {
  uint32_t seq, len;
  int buf;       // the socket's segment buffer, or -1 (zero-copy: built in a pool slot)
  uint32_t sum;  // unfolded checksum of the payload
  bool psh = false;
  uint64_t slot_frame = 0;  // zero-copy: the frame in its pool slot
};

struct NetStack::RxSkb {
  uint64_t addr;      // payload
  uint32_t len, off;  // bytes, bytes already read
  uint32_t charge;    // what it counts against the receive buffer (its whole buffer)
  int lo_buf;         // loopback: the sender's buffer it refers to, else -1
  uint64_t skb;       // SMVN: the node skb to free, else 0
  uint64_t slot_frame = 0;  // SMVN zero-copy: the pool slot's frame it is read from, to return
};

struct NetStack::Socket {
  int id = 0, peer = 0;
  unsigned node = 0, owner = 0, peer_node = 0;
  uint16_t port = 0, peer_port = 0;
  bool loopback = false;
  bool zero_copy = false;  // over SMVN in zero-copy mode: segments live in pool slots
  uint32_t mss = 0;
  std::vector<Buffer> bufs;
  std::vector<int> free_bufs;
  // send side
  uint32_t snd_una = 0, snd_nxt = 0, write_seq = 0, snd_wnd = 0;
  std::deque<TxSeg> txq;  // written and not yet acknowledged, in sequence order
  bool pushing = false;
  // receive side
  uint32_t rcv_nxt = 0, rx_charge = 0, adv_wnd = 0;
  std::deque<RxSkb> rxq;
  bool ack_pending = false;  // an ACK held back by a stopped device queue
  // The delayed-ACK engine (see NetParams::delayed_ack_us).
  uint32_t rcv_wup = 0;     // rcv_nxt when the last ACK went out
  uint32_t quick = 0;       // ACKs still to send at once (quick-ACK mode)
  bool rx_started = false;  // data has arrived (the engine starts with the first)
  bool pingpong = false;    // interactive: sends data soon after receiving
  uint32_t short_owed = 0;  // unacknowledged segments shorter than the MSS (ICSK_ACK_PUSHED, PUSHED2)
  Picos last_rx = 0;        // when data last arrived
  Picos delack_at = 0;      // when the delayed-ACK timer fires (0: not armed)
};

struct NetStack::NodeNet {
  uint64_t next = 0, end = 0;     // the bump allocator of the node's kernel buffers
  std::vector<uint64_t> free_skbs;
  uint64_t skb_bytes = 0;
  std::vector<int> sockets;
  std::map<uint16_t, int> by_port;
  uint16_t next_port = 1024;
  std::vector<uint64_t> ack_frame;  // per local core: where it builds pure ACKs
  bool has_blocked = false;         // something waits for a stopped device queue
  Picos timer_at = kNever;          // no delayed-ACK timer of the node fires earlier
  NodeNetStats st;
};

// A data segment the rx core steered to its socket's owner (net.rps), waiting in the
// owner's backlog for its protocol processing there.
struct NetStack::Steered {
  int sock;
  TcpHeader h;
  uint64_t frame, skb, slot_frame;
};

struct NetStack::CoreWait {
  bool event = false, waiting = false, ipi_sent = false;
  unsigned sockets = 0;  // the sockets this core owns: what its poll(2) walks
  std::deque<Steered> backlog;  // net.rps: segments for this core's sockets, in arrival order
};

NetStack::NetStack(const NetParams& p, Cluster& cluster, driver::Network& smvn)
    : p_(p),
      cluster_(cluster),
      smvn_(smvn),
      nodes_(cluster.nodes()),
      cores_(cluster.total_cores()),
      library_cursor_(cluster.total_cores(), 0) {
  while ((p_.socket_buffer >> wscale_) > 65535) ++wscale_;
  const AddressMap& map = cluster.address_map();
  const unsigned cpn = cluster.params().node.cores;
  for (unsigned n = 0; n < nodes_.size(); ++n) {
    NodeNet& nn = nodes_[n];
    nn.next = map.node_base(n) + p_.kernel_offset;
    nn.end = nn.next + p_.kernel_bytes;
    if (p_.kernel_offset + p_.kernel_bytes > map.node_bytes())
      throw std::invalid_argument("net: kernel buffers (net.kernel_offset + net.kernel_bytes) beyond node memory");
    if (p_.user_offset + p_.user_bytes + cpn * p_.library_bytes_per_core > map.node_bytes())
      throw std::invalid_argument("net: the user region (net.user_offset + net.user_bytes + cores x "
                                  "net.library_bytes_per_core) is beyond node memory");
    nn.skb_bytes = round_up(kAlign + smvn.device(n).max_frame(), kLine);
    for (unsigned c = 0; c < cpn; ++c) nn.ack_frame.push_back(allocate(n, 64) + kAlign);
    driver::NetDevice& dev = smvn.device(n);
    dev.set_rx_buffer_provider([this, n](uint32_t) {
      NodeNet& node = nodes_[n];
      if (node.free_skbs.empty())
        throw std::runtime_error("net: node " + std::to_string(n) + " ran out of receive buffers (a window was "
                                 "not respected: a bug of the socket layer)");
      const uint64_t skb = node.free_skbs.back();
      node.free_skbs.pop_back();
      return skb + kAlign;
    });
    dev.set_rx_handler([this](Core& c, const driver::RxFrame& f) { receive(c, f, 0); });
    dev.set_after_interrupt([this](Core& c) { kick(c); });
  }
  std::vector<uint64_t> user_regions;
  for (unsigned n = 0; n < nodes_.size(); ++n) user_regions.push_back(map.node_base(n) + p_.user_offset);
  user_memory_ = std::make_unique<UserMemory>(user_regions, p_.user_bytes);
}

NetStack::~NetStack() = default;

const NodeNetStats& NetStack::stats(unsigned node) const { return nodes_.at(node).st; }

unsigned NetStack::node_of_core(unsigned core) const { return core / cluster_.params().node.cores; }

uint64_t NetStack::allocate(unsigned node, uint64_t bytes) {
  NodeNet& n = nodes_.at(node);
  const uint64_t at = round_up(n.next, kLine);
  if (at + bytes > n.end)
    throw std::invalid_argument("net: node " + std::to_string(node) + " needs more kernel buffer memory than net.kernel_bytes (" +
                                std::to_string(p_.kernel_bytes) + " bytes) gives");
  n.next = at + bytes;
  return at;
}

std::pair<int, int> NetStack::connect(unsigned core_a, unsigned core_b) {
  const unsigned na = node_of_core(core_a), nb = node_of_core(core_b);
  const bool lo = na == nb && p_.intra_node == IntraNodePath::Loopback;
  const uint32_t mtu = lo ? p_.loopback_mtu : smvn_.mtu();
  const uint32_t mss = mtu - uint32_t(kIpBytes + kTcpBytes);
  const uint64_t buf_bytes = round_up(kAlign + kHeaderBytes + mss, kLine);
  // Enough segment buffers to fill the window with full segments, and one more.
  const unsigned nbufs = (p_.socket_buffer + mss - 1) / mss + 1;
  int ids[2];
  for (int side = 0; side < 2; ++side) {
    auto s = std::make_unique<Socket>();
    s->id = int(sockets_.size());
    s->node = side ? nb : na;
    s->owner = side ? core_b : core_a;
    ++cores_.at(s->owner).sockets;
    s->peer_node = side ? na : nb;
    s->loopback = lo;
    s->zero_copy = !lo && smvn_.zero_copy();
    s->mss = mss;
    NodeNet& node = nodes_[s->node];
    s->port = node.next_port++;
    node.by_port[s->port] = s->id;
    node.sockets.push_back(s->id);
    for (unsigned i = 0; i < nbufs; ++i) {
      s->bufs.push_back({allocate(s->node, buf_bytes), 0});
      s->free_bufs.push_back(int(nbufs - 1 - i));
    }
    s->snd_wnd = p_.socket_buffer;
    s->adv_wnd = p_.socket_buffer;
    if (!lo) {
      // Receive buffers for what the window lets in (charged by whole buffer, so small
      // segments close it sooner, as Linux's truesize does) plus what is in flight.
      const uint64_t skbs = p_.socket_buffer / node.skb_bytes + nbufs + 4;
      for (uint64_t i = 0; i < skbs; ++i) node.free_skbs.push_back(allocate(s->node, node.skb_bytes));
    }
    ids[side] = s->id;
    sockets_.push_back(std::move(s));
  }
  Socket& a = sock(ids[0]);
  Socket& b = sock(ids[1]);
  a.peer = b.id, b.peer = a.id;
  a.peer_port = b.port, b.peer_port = a.port;
  return {ids[0], ids[1]};
}

uint64_t NetStack::library_span(unsigned core, const void* p, std::size_t n) {
  // The next N bytes of the core's library window, wrapping, with the host buffer's offset
  // in its doubleword kept (it decides whether the copy loop is aligned).
  const unsigned cpn = cluster_.params().node.cores;
  uint64_t& cursor = library_cursor_[core];
  const uint64_t need = (n + 8 + 31) & ~uint64_t(31);
  if (cursor + need > p_.library_bytes_per_core) cursor = 0;
  const uint64_t at = cluster_.address_map().node_base(core / cpn) + p_.user_offset + p_.user_bytes +
                      (core % cpn) * p_.library_bytes_per_core + cursor + (reinterpret_cast<uintptr_t>(p) & 7);
  cursor += need;
  return at;
}

template <class F>
void NetStack::for_each_user_piece(Core& c, const void* user, std::size_t n, bool library, F&& f) {
  if (library) {  // streamed through the core's window, in pieces it holds
    const std::size_t piece = p_.library_bytes_per_core / 2;
    for (std::size_t off = 0; off < n; off += piece) {
      const std::size_t len = std::min(piece, n - off);
      f(library_span(unsigned(c.id()), static_cast<const uint8_t*>(user) + off, len), len);
    }
    return;
  }
  user_memory_->for_each_piece(node_of_core(unsigned(c.id())), user, n, f);  // where the program's bytes are
}

void NetStack::copy_from_user(Core& c, uint64_t sim, const uint8_t* user, std::size_t n, bool library) {
  uint64_t to = sim;
  for_each_user_piece(c, user, n, library, [&](uint64_t from, uint64_t len) {  // the timing
    c.copy(to, from, len);
    to += len;
  });
  cluster_.memory().write(sim, user, n);  // the bytes
}

void NetStack::copy_to_user(Core& c, uint8_t* user, uint64_t sim, std::size_t n, bool library) {
  uint64_t from = sim;
  for_each_user_piece(c, user, n, library, [&](uint64_t to, uint64_t len) {
    c.copy(to, from, len);
    from += len;
  });
  cluster_.memory().read(sim, user, n);
}

uint16_t NetStack::window_field(const Socket& s) const {
  const uint32_t free = p_.socket_buffer > s.rx_charge ? p_.socket_buffer - s.rx_charge : 0;
  return uint16_t(std::min<uint32_t>(free >> wscale_, 65535));
}

void NetStack::header(Socket& s, uint8_t flags, uint32_t seq, uint16_t payload, uint32_t payload_sum, uint8_t* out) {
  TcpHeader h;
  h.src_node = s.node, h.dst_node = s.peer_node;
  h.src_port = s.port, h.dst_port = s.peer_port;
  h.seq = seq, h.ack = s.rcv_nxt, h.flags = flags;
  h.window = window_field(s);
  h.payload = payload, h.payload_sum = payload_sum;
  h.encode(out);
  // Every segment carries the acknowledgement and the window: whatever ACK was owed goes
  // with it (and counts against quick-ACK mode, as tcp_event_ack_sent does).
  s.adv_wnd = uint32_t(h.window) << wscale_;
  if (s.rcv_wup != s.rcv_nxt && s.quick) --s.quick;
  s.rcv_wup = s.rcv_nxt;
  s.delack_at = 0;
  s.short_owed = 0;
  s.ack_pending = false;
}

NetStack::Socket& NetStack::enter_syscall(Core& c, int id) {
  Socket& s = sock(id);
  if (unsigned(c.id()) != s.owner)
    throw std::logic_error("net: socket " + std::to_string(id) + " used by core " + std::to_string(c.id()) +
                           ", not its owner " + std::to_string(s.owner));
  ++nodes_[s.node].st.syscalls;
  c.exec(p_.costs.syscall);
  kick(c);
  return s;
}

std::size_t NetStack::send(Core& c, int id, const void* buf, std::size_t n, bool library) {
  Socket& s = enter_syscall(c, id);
  const uint8_t* p = static_cast<const uint8_t*>(buf);
  std::size_t done = 0;
  while (done < n && (s.zero_copy || !s.free_bufs.empty())) {
    const uint32_t queued = s.write_seq - s.snd_una;
    if (queued >= p_.socket_buffer) break;
    const uint32_t len = uint32_t(std::min<std::size_t>({s.mss, n - done, p_.socket_buffer - queued}));
    if (s.zero_copy) {
      // Zero-copy: the segment is built in a pool slot and leaves from it (the paper's
      // scheme moves slots between lists; the payload is copied once, from the user).
      const uint64_t frame = smvn_.device(s.node).try_alloc_tx_frame(c);
      if (!frame) {
        ++nodes_[s.node].st.device_busy;  // the pool is empty: the owner is woken when slots return
        break;
      }
      copy_from_user(c, frame + kHeaderBytes, p + done, len, library);
      c.exec(uint64_t(p_.costs.checksum_per_byte * len));
      s.txq.push_back({s.write_seq, len, -1, checksum_add(0, p + done, len), false, frame});
      s.write_seq += len;
      done += len;
      continue;
    }
    const int b = s.free_bufs.back();
    s.free_bufs.pop_back();
    s.bufs[std::size_t(b)].refs = 1;
    // copy_from_user into the segment's payload (with the checksum folded in: the device
    // has no checksum offload; the loopback device needs none).
    copy_from_user(c, s.bufs[std::size_t(b)].addr + kAlign + kHeaderBytes, p + done, len, library);
    if (!s.loopback) c.exec(uint64_t(p_.costs.checksum_per_byte * len));
    s.txq.push_back({s.write_seq, len, b, checksum_add(0, p + done, len)});
    s.write_seq += len;
    done += len;
  }
  if (done) s.txq.back().psh = true;
  push(c, s);
  return done;
}

void NetStack::push(Core& c, Socket& s) {
  if (s.pushing) return;  // a loopback delivery re-entered: the outer loop goes on
  s.pushing = true;
  NodeNet& node = nodes_[s.node];
  for (;;) {
    // The first segment not yet sent (the queue is in sequence order and contiguous).
    const TxSeg* seg = nullptr;
    for (const TxSeg& t : s.txq)
      if (t.seq == s.snd_nxt) {
        seg = &t;
        break;
      }
    if (!seg) break;
    if (seg->seq + seg->len - s.snd_una > s.snd_wnd) {
      ++node.st.window_limited;
      break;
    }
    const TxSeg t = *seg;  // the queue may change under a loopback delivery
    c.exec(p_.costs.segment_tx);
    // Data sent soon after data arrived: the connection is interactive, and its ACKs
    // wait to ride on the replies (tcp_event_data_sent).
    if (s.rx_started && c.now().value() - s.last_rx < delack_ps()) s.pingpong = true;
    if (s.rcv_wup != s.rcv_nxt) ++node.st.piggybacked_acks;
    uint8_t hdr[kHeaderBytes];
    header(s, uint8_t(kTcpAck | (t.psh ? kTcpPsh : 0)), t.seq, uint16_t(t.len), t.sum, hdr);
    const uint64_t frame = t.slot_frame ? t.slot_frame : s.bufs[std::size_t(t.buf)].addr + kAlign;
    c.write_block(frame, hdr, kHeaderBytes);
    s.snd_nxt = t.seq + t.len;
    bool sent_loopback = false;
    if (!transmit(c, s, frame, uint32_t(std::max<std::size_t>(kHeaderBytes + t.len, kMinFrame)), sent_loopback)) {
      s.snd_nxt = t.seq;  // held back by the stopped device queue; goes on a kick
      break;
    }
    ++node.st.segments_tx;
    node.st.payload_tx += t.len;
  }
  s.pushing = false;
}

bool NetStack::transmit(Core& c, Socket& s, uint64_t frame, uint32_t len, bool& loopback_done) {
  NodeNet& node = nodes_[s.node];
  if (s.loopback) {
    // The loopback device: the receive path runs here, on the sending core (Linux's
    // netif_rx + softirq on the same CPU), on the very same buffer.
    ++node.st.loopback_segments;
    loopback_done = true;
    uint8_t hdr[kHeaderBytes];
    c.read_block(frame, hdr, kHeaderBytes);
    TcpHeader h;
    if (!h.decode(hdr)) throw std::logic_error("net: loopback segment with a bad header");
    int buf = -1;
    if (h.payload) {
      for (std::size_t i = 0; i < s.bufs.size(); ++i)
        if (s.bufs[i].addr + kAlign == frame) buf = int(i);
    }
    segment_arrived(c, sock(s.peer), h, frame + kHeaderBytes, buf, 0);
    return true;
  }
  driver::NetDevice& dev = smvn_.device(s.node);
  if (s.zero_copy) {
    dev.send_tx_frame(c, frame, len);  // the slot itself goes to the receiver's InputList
    return true;
  }
  // Held back, the segment waits for the node's rx core: its interrupt (slots returned)
  // retries whatever the node holds back (kick), whoever queued it.
  const int rx_core = smvn_.rx_core(s.node).id();
  if (dev.start_xmit(c, frame, len, rx_core) == driver::NetDevice::TxStatus::Busy) {
    ++node.st.device_busy;
    node.has_blocked = true;
    return false;
  }
  return true;
}

bool NetStack::send_ack(Core& c, Socket& s) {
  NodeNet& node = nodes_[s.node];
  uint64_t frame = node.ack_frame.at(unsigned(c.id()) % node.ack_frame.size());
  if (s.zero_copy) {
    // Built in a slot like every zero-copy frame; with the pool empty it waits as a
    // held-back ACK for the node's rx core (its interrupt retries it).
    frame = smvn_.device(s.node).try_alloc_tx_frame(c, smvn_.rx_core(s.node).id());
    if (!frame) {
      ++node.st.device_busy;
      node.has_blocked = true;
      s.ack_pending = true;
      return false;
    }
  }
  uint8_t hdr[kMinFrame] = {};
  c.exec(p_.costs.ack_tx);
  header(s, kTcpAck, s.snd_nxt, 0, 0, hdr);
  c.write_block(frame, hdr, kMinFrame);
  bool lo = false;
  if (!transmit(c, s, frame, kMinFrame, lo)) {
    s.ack_pending = true;
    return false;
  }
  ++node.st.acks_tx;
  return true;
}

void NetStack::receive(Core& c, const driver::RxFrame& f, uint64_t) {
  const unsigned n = node_of_core(unsigned(c.id()));
  NodeNet& node = nodes_[n];
  const uint64_t frame = f.addr;
  // Copy mode: the driver copied the frame into one of the node's skbs. Zero-copy: it
  // lies in its pool slot, and a data segment is delivered from there (the slot is kept
  // until the reader has copied it out); a pure ACK's slot goes back after this handler.
  const bool in_slot = smvn_.zero_copy();
  const uint64_t skb = in_slot ? 0 : frame - kAlign;
  uint8_t hdr[kHeaderBytes];
  c.read_block(frame, hdr, kHeaderBytes);
  TcpHeader h;
  auto port = node.by_port.end();
  if (f.len < kHeaderBytes || !h.decode(hdr) || h.dst_node != n || (port = node.by_port.find(h.dst_port)) == node.by_port.end() ||
      kHeaderBytes + h.payload > f.len)
    throw std::runtime_error("net: node " + std::to_string(n) + " received a frame that is no segment of its sockets "
                             "(from node " + std::to_string(f.src_node) + ", " + std::to_string(f.len) + " bytes)");
  Socket& s = sock(port->second);
  if (in_slot && h.payload) f.keep = true;
  const uint64_t slot_frame = f.keep ? frame : 0;
  if (p_.rps && h.payload && s.owner != unsigned(c.id())) {
    // Receive packet steering (Linux's RPS/RFS): the interrupt core has done the driver's
    // part; the protocol work goes to the core that owns the socket, through its backlog
    // and an IPI (enqueue_to_backlog), and runs there when it next enters the kernel.
    c.exec(p_.costs.rps_enqueue);
    ++node.st.steered;
    cores_[s.owner].backlog.push_back({s.id, h, frame, skb, slot_frame});
    wake(c, s.owner);
    return;
  }
  deliver(c, s, h, frame, skb, slot_frame);
}

void NetStack::deliver(Core& c, Socket& s, const TcpHeader& h, uint64_t frame, uint64_t skb, uint64_t slot_frame) {
  if (h.payload) {
    // Verify the checksum: the pass over the payload that Linux folds into a copy.
    std::vector<uint8_t> payload(h.payload);
    c.read_block(frame + kHeaderBytes, payload.data(), payload.size());
    c.exec(uint64_t(p_.costs.checksum_per_byte * h.payload));
    if (h.tcp_checksum(checksum_add(0, payload.data(), payload.size())) != h.carried_checksum)
      throw std::runtime_error("net: checksum mismatch on a segment from node " + std::to_string(h.src_node) + " to node " +
                               std::to_string(s.node) + " (seq " + std::to_string(h.seq) + "): the bytes were changed in transit");
  }
  segment_arrived(c, s, h, frame + kHeaderBytes, -1, skb, slot_frame);
}

void NetStack::process_backlog(Core& c) {
  std::deque<Steered>& q = cores_[unsigned(c.id())].backlog;
  while (!q.empty()) {
    const Steered st = q.front();
    q.pop_front();
    deliver(c, sock(st.sock), st.h, st.frame, st.skb, st.slot_frame);
  }
}

void NetStack::segment_arrived(Core& c, Socket& s, const TcpHeader& h, uint64_t payload_addr, int lo_buf, uint64_t skb,
                               uint64_t slot_frame) {
  NodeNet& node = nodes_[s.node];
  // The way up: a pure ACK takes tcp_rcv_established's fast path, a data segment the
  // whole receive path (see NetCosts).
  c.exec(h.payload ? p_.costs.segment_rx : p_.costs.ack_rx);
  // The acknowledgement and window every segment carries.
  if (after(h.ack, s.snd_una)) {
    while (!s.txq.empty() && !after(s.txq.front().seq + s.txq.front().len, h.ack)) {
      if (s.txq.front().buf >= 0) {
        Buffer& b = s.bufs[std::size_t(s.txq.front().buf)];
        if (--b.refs == 0) s.free_bufs.push_back(s.txq.front().buf);
      }
      s.txq.pop_front();
    }
    s.snd_una = h.ack;
    wake(c, s.owner);  // send space
  }
  s.snd_wnd = uint32_t(h.window) << wscale_;
  if (!h.payload) {
    ++node.st.acks_rx;
    if (skb) node.free_skbs.push_back(skb);
    push(c, s);
    return;
  }
  if (h.seq != s.rcv_nxt)
    throw std::logic_error("net: segment out of order on node " + std::to_string(s.node) + " (seq " +
                           std::to_string(h.seq) + ", expected " + std::to_string(s.rcv_nxt) + ")");
  ++node.st.segments_rx;
  node.st.payload_rx += h.payload;
  const Picos now = c.now().value();
  if (!s.rx_started) {
    // The first data starts the engine in quick-ACK mode (tcp_incr_quickack): an ACK at
    // once for each of the first segments, as many as half the window holds, at most
    // net.quickacks.
    s.rx_started = true;
    const uint32_t half_window = std::max<uint32_t>(p_.socket_buffer / (2 * s.mss), 2);
    s.quick = std::min(half_window, p_.quickacks);
  }
  s.last_rx = now;
  if (h.payload < s.mss) ++s.short_owed;  // tcp_measure_rcv_mss: the end of a write
  uint32_t charge = uint32_t(node.skb_bytes);
  if (lo_buf >= 0) {
    Socket& peer = sock(s.peer);
    ++peer.bufs[std::size_t(lo_buf)].refs;
    charge = uint32_t(round_up(kAlign + kHeaderBytes + peer.mss, kLine));
  }
  s.rxq.push_back({payload_addr, h.payload, 0, charge, lo_buf, skb, slot_frame});
  s.rx_charge += charge;
  s.rcv_nxt += h.payload;
  wake(c, s.owner);  // bytes to read
  // __tcp_ack_snd_check: at once when more than a full segment is unacknowledged or in
  // quick-ACK mode; else the delayed-ACK timer, unless data going back carries it first.
  if (s.rcv_nxt - s.rcv_wup > s.mss || (s.quick && !s.pingpong) || p_.delayed_ack_us == 0) {
    send_ack(c, s);
  } else if (!s.delack_at) {
    s.delack_at = now + delack_ps();
    node.timer_at = std::min(node.timer_at, s.delack_at);
  }
  push(c, s);
}

std::size_t NetStack::recv(Core& c, int id, void* buf, std::size_t n, bool library) {
  Socket& s = enter_syscall(c, id);
  NodeNet& node = nodes_[s.node];
  uint8_t* p = static_cast<uint8_t*>(buf);
  std::size_t done = 0;
  while (done < n && !s.rxq.empty()) {
    RxSkb& r = s.rxq.front();
    const uint32_t take = uint32_t(std::min<std::size_t>(n - done, r.len - r.off));
    copy_to_user(c, p + done, r.addr + r.off, take, library);
    r.off += take;
    done += take;
    if (r.off == r.len) {
      const RxSkb gone = r;
      s.rxq.pop_front();
      release(c, s, gone);
    }
  }
  // tcp_cleanup_rbuf: a delayed ACK goes now if more than a full segment is owed, or if
  // the reader emptied the queue of short segments (two of them, or one outside
  // interactive mode); otherwise the window is advertised again once it has opened well
  // beyond what the peer last saw (roughly Linux's rule: two segments, or half the buffer).
  const uint32_t now_wnd = uint32_t(window_field(s)) << wscale_;
  const bool short_read = done && s.rxq.empty() && (s.short_owed >= 2 || (s.short_owed == 1 && !s.pingpong));
  if (s.delack_at && (s.rcv_nxt - s.rcv_wup > s.mss || short_read)) {
    send_ack(c, s);
  } else if (done && now_wnd >= s.adv_wnd + std::min<uint32_t>(2 * s.mss, p_.socket_buffer / 2)) {
    ++node.st.window_updates;
    send_ack(c, s);
  }
  return done;
}

void NetStack::release(Core& c, Socket& s, const RxSkb& r) {
  s.rx_charge -= r.charge;
  if (r.lo_buf >= 0) {
    Socket& peer = sock(s.peer);
    if (--peer.bufs[std::size_t(r.lo_buf)].refs == 0) {
      peer.free_bufs.push_back(r.lo_buf);
      // The sender may be blocked for want of this buffer (sock_wfree -> sk_write_space).
      wake(c, peer.owner);
    }
  } else if (r.skb) {
    nodes_[s.node].free_skbs.push_back(r.skb);
  } else if (r.slot_frame) {
    smvn_.device(s.node).release_rx_frame(c, r.slot_frame);
  }
}

std::size_t NetStack::readable(int id) const {
  const Socket& s = sock(id);
  std::size_t n = 0;
  for (const RxSkb& r : s.rxq) n += r.len - r.off;
  return n;
}

void NetStack::wake(Core& c, unsigned owner) {
  CoreWait& w = cores_[owner];
  w.event = true;
  if (!w.waiting || w.ipi_sent || owner == unsigned(c.id())) return;
  w.ipi_sent = true;
  const unsigned cpn = cluster_.params().node.cores;
  ++nodes_[owner / cpn].st.wakeups;
  c.exec(p_.costs.wakeup);
  c.store<uint32_t>(cluster_.address_map().ipi_base(owner / cpn, owner % cpn) + InterruptController::kSet, kSocketBit);
}

void NetStack::wait(Core& c) {
  kick(c);
  CoreWait& w = cores_[unsigned(c.id())];
  const unsigned node = node_of_core(unsigned(c.id()));
  NodeNet& nn = nodes_[node];
  NodeNetStats& st = nn.st;
  // poll(2): the call and one pass over the core's sockets.
  ++st.polls;
  c.exec(p_.costs.syscall + uint64_t(p_.costs.poll_per_socket) * w.sockets);
  if (!w.event) {
    const unsigned local = unsigned(c.id()) % cluster_.params().node.cores;
    smvn_.device(node).enable_bits(c, kSocketBit | driver::NetDevice::kWakeBit);
    w.waiting = true;
    // Asleep, the core still runs the node's delayed-ACK timers when they fire (the
    // timer softirq); the process wakes only for an event of its own sockets.
    for (;;) {
      if (nn.timer_at == kNever) {
        c.wait_for_interrupt();  // on the rx core, the SMVN handler runs first
        break;
      }
      if (c.wait_for_interrupt_until(from_ps(nn.timer_at))) break;
      fire_delayed_acks(c, nn);
      if (w.event) break;  // an ACK over loopback ran the peer's receive path here
    }
    w.waiting = false;
    if (local != smvn_.rx_core_index())
      c.store<uint32_t>(cluster_.address_map().ipi_base(node, local) + InterruptController::kClear,
                        kSocketBit | driver::NetDevice::kWakeBit);
    // The process slept: the scheduler switches back to it, and poll passes over the
    // sockets again to see what woke it.
    ++st.sleeps;
    c.exec(p_.costs.switch_in + uint64_t(p_.costs.poll_per_socket) * w.sockets);
  }
  w.event = false;
  w.ipi_sent = false;
}

void NetStack::fire_delayed_acks(Core& c, NodeNet& node) {
  const Picos now = c.now().value();
  if (now < node.timer_at) return;
  node.timer_at = kNever;
  for (int id : node.sockets) {
    Socket& s = sock(id);
    if (!s.delack_at) continue;
    if (s.delack_at > now) {
      node.timer_at = std::min(node.timer_at, s.delack_at);
      continue;
    }
    // tcp_delack_timer: the ACK goes alone, and a connection that missed its chance to
    // piggyback leaves interactive mode.
    s.pingpong = false;
    ++node.st.delayed_acks;
    send_ack(c, s);
  }
}

void NetStack::kick(Core& c) {
  process_backlog(c);
  NodeNet& node = nodes_[node_of_core(unsigned(c.id()))];
  fire_delayed_acks(c, node);
  if (!node.has_blocked) return;
  node.has_blocked = false;
  for (int id : node.sockets) {
    Socket& s = sock(id);
    if (s.ack_pending) send_ack(c, s);
    if (s.snd_nxt != s.write_seq) push(c, s);
  }
}

void NetStack::register_stats(StatsRegistry& s, const std::string& prefix) const {
  for (unsigned n = 0; n < nodes_.size(); ++n) {
    const NodeNetStats& st = nodes_[n].st;
    const std::string p = prefix + ".node" + std::to_string(n) + ".";
    s.counter(p + "segments_tx", st.segments_tx, "data segments sent");
    s.counter(p + "segments_rx", st.segments_rx, "data segments received");
    s.counter(p + "payload_tx", st.payload_tx, "payload bytes sent");
    s.counter(p + "payload_rx", st.payload_rx, "payload bytes received");
    s.counter(p + "acks_tx", st.acks_tx, "pure ACKs sent");
    s.counter(p + "acks_rx", st.acks_rx, "pure ACKs received");
    s.counter(p + "window_updates", st.window_updates, "ACKs sent because the window opened");
    s.counter(p + "delayed_acks", st.delayed_acks, "ACKs sent by the delayed-ACK timer");
    s.counter(p + "piggybacked_acks", st.piggybacked_acks, "data segments that carried an owed ACK");
    s.counter(p + "loopback_segments", st.loopback_segments, "segments over the loopback device");
    s.counter(p + "steered", st.steered, "data segments steered to their socket owner's core (net.rps)");
    s.counter(p + "device_busy", st.device_busy, "transmits held back by a stopped SMVN queue");
    s.counter(p + "window_limited", st.window_limited, "sends stopped by the peer's window");
    s.counter(p + "wakeups", st.wakeups, "interrupts sent to wake a blocked socket owner");
    s.counter(p + "syscalls", st.syscalls, "send and receive system calls");
    s.counter(p + "polls", st.polls, "poll calls (a rank waiting on its sockets)");
    s.counter(p + "sleeps", st.sleeps, "polls that blocked until an event woke the rank");
  }
}

}  // namespace smvn::net
