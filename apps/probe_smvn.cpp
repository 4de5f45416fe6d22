#include "apps/probe_smvn.h"

#include <algorithm>
#include <sstream>
#include <stdexcept>
#include <string>

#include "driver/ethernet.h"

namespace smvn {

using driver::EthernetHeader;
using driver::RxFrame;
using driver::SmvnNetDevice;

namespace {

// Frames carry a one-byte kind after the header so a handler knows what it holds.
enum Kind : uint8_t { kPing = 1, kPong = 2, kStream = 3, kStreamDone = 4 };
constexpr uint64_t kKindAt = EthernetHeader::kBytes;

struct Experiment {
  unsigned src, dst;
  uint32_t bytes;
};

// Host-side state of the probe (the measurement harness, not driver state): which
// experiment runs, and what the handlers have seen.
struct ProbeState {
  std::vector<Experiment> experiments;
  size_t current = 0;
  bool done = false;
  unsigned pongs = 0, stream_received = 0, stream_expected = 0;
  bool stream_acked = false;
  sc_core::sc_time stream_last_rx;
};

// Where node N stages the frames it sends in copy mode (node-local, NET_IP_ALIGN).
uint64_t staging(const AddressMap& map, unsigned node) { return map.node_base(node) + (32ull << 20) + 2; }

std::vector<uint8_t> frame(unsigned src, unsigned dst, uint32_t bytes, Kind kind) {
  std::vector<uint8_t> f(bytes);
  EthernetHeader{driver::mac_of_node(dst), driver::mac_of_node(src), driver::kEtherTypeExperimental}.encode(f.data());
  for (size_t i = kKindAt + 1; i < f.size(); ++i) f[i] = uint8_t(i * 131 + src);
  f[kKindAt] = kind;
  return f;
}

// Sends host bytes F as a frame from core C of device DEV: staged and copied into the pool
// in copy mode, written straight into a pool slot in zero-copy mode.
void send(Core& c, SmvnNetDevice& dev, const AddressMap& map, bool zero_copy, const std::vector<uint8_t>& f) {
  if (zero_copy) {
    const uint64_t at = dev.alloc_tx_frame(c);
    c.write_block(at, f.data(), f.size());
    dev.send_tx_frame(c, at, uint32_t(f.size()));
  } else {
    c.write_block(staging(map, dev.node()), f.data(), f.size());
    dev.transmit(c, staging(map, dev.node()), uint32_t(f.size()));
  }
}

}  // namespace

std::vector<std::pair<unsigned, unsigned>> parse_pairs(const std::string& text, unsigned nodes) {
  std::vector<std::pair<unsigned, unsigned>> pairs;
  if (text == "all") {
    for (unsigned s = 0; s < nodes; ++s)
      for (unsigned d = 0; d < nodes; ++d)
        if (s != d) pairs.emplace_back(s, d);
    return pairs;
  }
  if (text == "from0" || text.empty()) {
    for (unsigned d = 1; d < nodes; ++d) pairs.emplace_back(0, d);
    return pairs;
  }
  std::stringstream in(text);
  std::string part;
  while (std::getline(in, part, ',')) {
    unsigned s = 0, d = 0;
    char dash = 0;
    std::stringstream p(part);
    if (!(p >> s >> dash >> d) || dash != '-' || !p.eof())
      throw std::invalid_argument("pair '" + part + "': expected SRC-DST, e.g. 0-1");
    if (s >= nodes || d >= nodes || s == d)
      throw std::invalid_argument("pair '" + part + "': nodes must differ and be below " + std::to_string(nodes));
    pairs.emplace_back(s, d);
  }
  if (pairs.empty()) throw std::invalid_argument("no pairs in '" + text + "'");
  return pairs;
}

std::vector<SmvnPoint> probe_smvn(Simulation& sim, driver::SmvnNetwork& net, const SmvnProbeOptions& opt) {
  Cluster& cl = sim.cluster();
  const AddressMap& map = cl.address_map();
  const unsigned nodes = net.nodes();
  const bool zero_copy = net.params().zero_copy;
  const auto pairs = opt.pairs.empty() ? parse_pairs("from0", nodes) : opt.pairs;
  const uint32_t max_frame = net.device(0).max_frame();
  ProbeState st;
  for (const auto& [s, d] : pairs)
    for (uint32_t b : opt.frame_bytes) {
      if (b < kKindAt + 1 || b > max_frame)
        throw std::invalid_argument("probe smvn: frame size " + std::to_string(b) + " outside 15.." +
                                    std::to_string(max_frame) + " bytes (Ethernet header + MTU " +
                                    std::to_string(net.params().mtu) + ")");
      st.experiments.push_back({s, d, b});
    }
  if (nodes < 2) throw std::invalid_argument("probe smvn: needs at least two nodes");
  if (opt.ping_iterations == 0 || opt.stream_frames == 0)
    throw std::invalid_argument("probe smvn: iterations and stream frames must be at least 1");

  std::vector<SmvnPoint> points;
  for (unsigned n = 0; n < nodes; ++n) {
    SmvnNetDevice& dev = net.device(n);
    // The handler of node N: answers pings, counts stream frames, notes pongs and acks.
    dev.set_rx_handler([&, n](Core& c, const RxFrame& f) {
      const uint8_t kind = c.load<uint8_t>(f.addr + kKindAt);
      switch (kind) {
        case kPing: {
          // Echo: the same bytes back with the addresses swapped.
          std::vector<uint8_t> pong(f.len);
          c.read_block(f.addr, pong.data(), f.len);
          EthernetHeader{driver::mac_of_node(f.src_node), driver::mac_of_node(n), driver::kEtherTypeExperimental}
              .encode(pong.data());
          pong[kKindAt] = kPong;
          send(c, dev, map, zero_copy, pong);
          break;
        }
        case kPong: ++st.pongs; break;
        case kStream:
          if (++st.stream_received == st.stream_expected) {
            st.stream_last_rx = c.now();
            send(c, dev, map, zero_copy, frame(n, f.src_node, 60, kStreamDone));
          }
          break;
        case kStreamDone: st.stream_acked = true; break;
        default:
          throw std::runtime_error("probe smvn: node " + std::to_string(n) + " received a frame of unknown kind " +
                                   std::to_string(kind));
      }
    });
    net.rx_core(n).set_program([&, n](Core& c) {
      dev.open(c);
      while (!st.done) {
        if (st.current >= st.experiments.size() || st.experiments[st.current].src != n) {
          c.wait_for_interrupt();  // the handler serves the others' experiments
          continue;
        }
        const Experiment e = st.experiments[st.current];
        // Latency: warm-up round trips, then timed ones.
        const std::vector<uint8_t> ping = frame(n, e.dst, e.bytes, kPing);
        sc_core::sc_time t0;
        for (unsigned i = 0; i < opt.ping_warmup + opt.ping_iterations; ++i) {
          if (i == opt.ping_warmup) t0 = c.now();
          const unsigned want = st.pongs + 1;
          send(c, dev, map, zero_copy, ping);
          while (st.pongs < want) c.wait_for_interrupt();
        }
        const double latency_us = (c.now() - t0).to_seconds() * 1e6 / (2.0 * opt.ping_iterations);
        // Throughput: a stream, then the destination's acknowledgement.
        st.stream_received = 0;
        st.stream_expected = opt.stream_frames;
        st.stream_acked = false;
        const std::vector<uint8_t> data = frame(n, e.dst, e.bytes, kStream);
        if (!zero_copy) c.write_block(staging(map, n), data.data(), data.size());
        const sc_core::sc_time s0 = c.now();
        for (unsigned i = 0; i < opt.stream_frames; ++i) {
          if (zero_copy)
            send(c, dev, map, true, data);
          else
            dev.transmit(c, staging(map, n), e.bytes);  // the staged frame, copied into the pool each time
        }
        while (!st.stream_acked) c.wait_for_interrupt();
        const double seconds = (st.stream_last_rx - s0).to_seconds();
        points.push_back({e.src, e.dst, cl.hops(e.src, e.dst), e.bytes, latency_us,
                          double(e.bytes) * opt.stream_frames / seconds / 1e6});
        // Hand over to the next experiment's source (an interrupt wakes its rx core),
        // or end every node's loop.
        ++st.current;
        if (st.current == st.experiments.size()) st.done = true;
        for (unsigned m = 0; m < nodes; ++m)
          if (m != n && (st.done || st.experiments[st.current].src == m))
            c.store<uint32_t>(map.ipi_base(m, net.params().rx_core) + InterruptController::kSet, SmvnNetDevice::kRxBit);
      }
    });
  }
  sim.run();
  return points;
}

}  // namespace smvn
