// Shared pieces of the SMVN driver tests: the paper's cluster with an `smvn:` section,
// frames both ends can regenerate (so the receiver checks every byte), and an all-to-all
// exchange through the network devices with every check a driver writer wants.
#pragma once

#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <functional>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>
#include <yaml-cpp/yaml.h>

#include "../models/node_harness.h"
#include "apps/simulation.h"
#include "driver/ethernet.h"
#include "driver/smvn_network.h"

namespace smvn::testing_smvn {

using namespace smvn::driver;
constexpr unsigned kNodes = 4, kCoresPerNode = 4;

// configs/paper-cluster.yaml with SMVN settings: EDIT gets the `smvn` mapping.
inline ConfigNode smvn_config(const std::function<void(YAML::Node&)>& edit = {}) {
  return testing_node::cluster_config([&](YAML::Node& root) {
    YAML::Node s = root["smvn"];
    s["pool"]["placement"] = "master";  // an explicit section, so it is always there
    if (edit) edit(s);
  });
}

inline uint32_t fnv1a(const uint8_t* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

// Frame SEQ from SRC to DST: Ethernet II header with the nodes' MACs, then sequence
// number, checksum of the data, and seeded random data; MIN..MAX bytes in all.
constexpr size_t kSeqAt = 14, kSumAt = 18, kDataAt = 22;
inline std::vector<uint8_t> make_frame(uint64_t seed, unsigned src, unsigned dst, uint32_t seq, size_t min = 60,
                                       size_t max = 1514) {
  std::mt19937_64 rng(seed ^ (uint64_t(src) << 48) ^ (uint64_t(dst) << 40) ^ seq);
  std::vector<uint8_t> f(std::uniform_int_distribution<size_t>(min, max)(rng));
  EthernetHeader{mac_of_node(dst), mac_of_node(src), kEtherTypeExperimental}.encode(f.data());
  for (size_t i = kDataAt; i < f.size(); ++i) f[i] = uint8_t(rng());
  std::memcpy(&f[kSeqAt], &seq, 4);
  const uint32_t sum = fnv1a(&f[kDataAt], f.size() - kDataAt);
  std::memcpy(&f[kSumAt], &sum, 4);
  return f;
}

// Where a node's sender stages frames (copy mode): node-local, 2 bytes into a line, as
// a Linux skb is (NET_IP_ALIGN).
inline uint64_t staging_buffer(const AddressMap& map, unsigned node) { return map.node_base(node) + (64ull << 20) + 2; }

struct ExchangeResult {
  std::array<std::array<uint32_t, kNodes>, kNodes> next_seq{};  // [dst][src]
  std::array<unsigned, kNodes> received{};
  unsigned out_of_order = 0, corrupt = 0, wrong_dst = 0, bad_checksum = 0;
  sc_core::sc_time last_finish = sc_core::SC_ZERO_TIME;
};

// Core 1 of every node sends K frames to every other node, round robin; the rx core of
// every node receives through the device's interrupt handler and checks each frame.
// START_DELAY_US[node] holds back a node's open (0: at once); a node whose entry is
// negative never starts.
struct Exchange {
  Simulation& sim;
  SmvnNetwork& net;
  unsigned k;
  std::array<double, kNodes> start_delay_us{};
  ExchangeResult r;

  void install() {
    Cluster& cl = sim.cluster();
    const AddressMap& map = cl.address_map();
    const uint64_t seed = sim.seed();
    const unsigned expected = k * (kNodes - 1);
    for (unsigned node = 0; node < kNodes; ++node) {
      if (start_delay_us[node] < 0) continue;
      SmvnNetDevice& dev = net.device(node);
      dev.set_rx_handler([this, node, seed](Core& c, const RxFrame& f) {
        std::vector<uint8_t> got(f.len);
        c.read_block(f.addr, got.data(), f.len);
        ++r.received[node];
        uint32_t seq = 0, sum = 0;
        std::memcpy(&seq, &got[kSeqAt], 4);
        std::memcpy(&sum, &got[kSumAt], 4);
        const EthernetHeader h = EthernetHeader::decode(got.data());
        if (h.dst != mac_of_node(node) || h.src != mac_of_node(f.src_node)) ++r.wrong_dst;
        if (f.len < kDataAt || sum != fnv1a(&got[kDataAt], f.len - kDataAt)) ++r.bad_checksum;
        const unsigned src = f.src_node;
        if (seq != r.next_seq[node][src]) ++r.out_of_order;
        r.next_seq[node][src] = seq + 1;
        if (got != make_frame(seed, src, node, seq)) ++r.corrupt;
      });
      net.rx_core(node).set_program([this, node, expected, &dev](Core& c) {
        if (start_delay_us[node] > 0) c.stall_cycles(uint64_t(start_delay_us[node] * c.clock().mhz()));
        dev.open(c);
        while (r.received[node] < expected) c.wait_for_interrupt();  // the handler receives
        r.last_finish = std::max(r.last_finish, c.now());
      });
      cl.core(node * kCoresPerNode + 1).set_program([this, node, seed, &dev, &map](Core& c) {
        while (!dev.is_open()) c.stall_cycles(100);
        const bool zero_copy = net.params().zero_copy;
        for (uint32_t seq = 0; seq < k; ++seq)
          for (unsigned dst = 0; dst < kNodes; ++dst) {
            if (dst == node) continue;
            const std::vector<uint8_t> f = make_frame(seed, node, dst, seq);
            const uint32_t len = uint32_t(f.size());
            if (zero_copy) {
              const uint64_t at = dev.alloc_tx_frame(c);
              c.write_block(at, f.data(), len);
              dev.send_tx_frame(c, at, len);
            } else {
              c.write_block(staging_buffer(map, node), f.data(), len);
              dev.transmit(c, staging_buffer(map, node), len);
            }
          }
        r.last_finish = std::max(r.last_finish, c.now());
      });
    }
  }

  // The checks every complete exchange must pass.
  void expect_complete() {
    Cluster& cl = sim.cluster();
    for (unsigned id = 0; id < kNodes * kCoresPerNode; ++id)
      if (cl.core(id).has_program()) {
        EXPECT_TRUE(cl.core(id).finished()) << "core " << id << " still running";
      }
    const unsigned expected = k * (kNodes - 1);
    uint64_t sent = 0;
    for (unsigned n = 0; n < kNodes; ++n) {
      EXPECT_EQ(r.received[n], expected) << "node " << n;
      for (unsigned s = 0; s < kNodes; ++s)
        EXPECT_EQ(r.next_seq[n][s], s == n ? 0u : k) << "frames from " << s << " to " << n;
      const NetDevStats& st = net.device(n).stats();
      EXPECT_EQ(st.rx_frames, expected);
      EXPECT_EQ(st.tx_dropped, 0u);
      sent += st.tx_frames;
      const SpinlockStats& l = st.lists.locks;
      EXPECT_EQ(l.attempts, l.acquisitions + l.busy_seen + l.sc_failures);
      // One interrupt per busy period, never more than one per frame.
      EXPECT_LE(st.rx_interrupts_sent, st.tx_frames);
    }
    EXPECT_EQ(sent, uint64_t(kNodes) * expected);
    EXPECT_EQ(r.out_of_order, 0u);
    EXPECT_EQ(r.corrupt, 0u);
    EXPECT_EQ(r.wrong_dst, 0u);
    EXPECT_EQ(r.bad_checksum, 0u);
    // Every slot is back on the FreeList: walk it through the backing store.
    PhysicalMemory& mem = cl.memory();
    const PoolLayout& l = net.layout();
    uint64_t free_slots = 0;
    for (uint64_t s = mem.load<uint64_t>(l.free_head()); s && free_slots <= l.slots(); s = mem.load<uint64_t>(s))
      ++free_slots;
    EXPECT_EQ(free_slots, l.slots());
    EXPECT_EQ(mem.load<uint64_t>(l.free_length()), l.slots());
  }
};

}  // namespace smvn::testing_smvn
