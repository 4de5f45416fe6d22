// SMVN FreeList / InputList transport (driver/smvn_queue.h) on the 2x2 cluster: core 1
// of every node sends K frames of random sizes to every other node; core 0 of every node
// takes the SMVN interrupt and receives with a budget. Every frame must arrive exactly
// once, in order per (source, destination), bytes intact; with a pool of a few slots the
// senders find the FreeList empty, wait and retry, and still no frame is lost.
// One Simulation per TEST.
#include <algorithm>
#include <array>
#include <cstdint>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "driver/smvn_queue.h"
#include "models/interrupt_controller.h"

using namespace smvn;
using namespace smvn::driver;
using IC = smvn::InterruptController;

namespace {

constexpr unsigned kNodes = 4, kCoresPerNode = 4;
constexpr unsigned kSenderCore = 1;  // local index; core 0 is SmvnQueue::kReceiveCore
constexpr uint16_t kEtherType = 0x88b5;  // IEEE local experimental
constexpr double kTimeLimitMs = 20;  // far beyond what the exchanges below need
constexpr size_t kSeqAt = 14, kSumAt = 18, kDataAt = 22;

uint32_t fnv1a(const uint8_t* p, size_t n) {
  uint32_t h = 2166136261u;
  for (size_t i = 0; i < n; ++i) h = (h ^ p[i]) * 16777619u;
  return h;
}

// Frame SEQ from SRC to DST: Ethernet II header (MACs 02:00:00:00:00:node), sequence
// number, checksum of the data, then seeded random data; 60..1514 bytes in all. Both
// sides can regenerate it, so the receiver checks every byte.
std::vector<uint8_t> make_frame(uint64_t seed, unsigned src, unsigned dst, uint32_t seq) {
  std::mt19937_64 rng(seed ^ (uint64_t(src) << 48) ^ (uint64_t(dst) << 40) ^ seq);
  std::vector<uint8_t> f(std::uniform_int_distribution<size_t>(60, 1514)(rng));
  const uint8_t dst_mac[6] = {2, 0, 0, 0, 0, uint8_t(dst)}, src_mac[6] = {2, 0, 0, 0, 0, uint8_t(src)};
  std::memcpy(&f[0], dst_mac, 6);
  std::memcpy(&f[6], src_mac, 6);
  f[12] = kEtherType >> 8;
  f[13] = kEtherType & 0xff;
  for (size_t i = kDataAt; i < f.size(); ++i) f[i] = uint8_t(rng());
  std::memcpy(&f[kSeqAt], &seq, 4);
  const uint32_t sum = fnv1a(&f[kDataAt], f.size() - kDataAt);
  std::memcpy(&f[kSumAt], &sum, 4);
  return f;
}

struct Result {
  std::array<std::array<uint32_t, kNodes>, kNodes> next_seq{};  // [dst][src]
  unsigned out_of_order = 0, corrupt = 0, wrong_dst = 0, bad_checksum = 0;
  std::array<unsigned, kNodes> received{};
};

// Runs the all-to-all exchange with a pool of POOL_SLOTS slots (0: the paper's 2 MiB),
// K frames per (src, dst), receive budget BUDGET. SIM_BUFFERS: senders stage each frame
// in their node's memory and use transmit_from (Core::copy) instead of a host buffer.
void all_to_all(unsigned k, uint64_t pool_slots, unsigned budget, bool sim_buffers, bool separate_lines) {
  Simulation sim(ConfigNode::parse_file(source_path("configs/paper-cluster.yaml")));
  Cluster& cl = sim.cluster();
  const AddressMap& map = cl.address_map();
  ASSERT_EQ(cl.nodes(), kNodes);
  ASSERT_EQ(cl.params().node.cores, kCoresPerNode);
  PoolConfig pc;
  pc.base = map.node_base(0) + (128ull << 20);  // ceded by the master node
  pc.bytes = pool_slots ? PoolLayout::bytes_for(kNodes, pool_slots, 1500, separate_lines) : (2ull << 20);
  pc.nodes = kNodes;
  pc.locks_on_separate_lines = separate_lines;
  SmvnQueue q(PoolLayout(pc), map, kCoresPerNode);
  if (pool_slots) {
    ASSERT_EQ(q.layout().slots(), pool_slots);
  }
  q.register_stats(sim.stats(), "smvn");
  const uint64_t seed = sim.seed();
  const unsigned expected = k * (kNodes - 1);
  Result r;
  sc_core::sc_time last_finish = sc_core::SC_ZERO_TIME;

  for (unsigned node = 0; node < kNodes; ++node) {
    // Receiver: core 0. The master (node 0) initialises the pool first.
    cl.core(node * kCoresPerNode + SmvnQueue::kReceiveCore).set_program([&, node](Core& c) {
      if (node == 0) q.init(c);
      const uint64_t ipi = map.ipi_base(node, SmvnQueue::kReceiveCore);
      c.store<uint32_t>(ipi + IC::kEnable, SmvnQueue::kIpiBit);
      auto deliver = [&, node](unsigned src, const uint8_t* f, uint32_t len) {
        ++r.received[node];
        uint32_t seq = 0;
        std::memcpy(&seq, f + kSeqAt, 4);
        if (f[5] != node || f[11] != src) ++r.wrong_dst;
        uint32_t sum = 0;
        std::memcpy(&sum, f + kSumAt, 4);
        if (len < kDataAt || sum != fnv1a(f + kDataAt, len - kDataAt)) ++r.bad_checksum;
        if (seq != r.next_seq[node][src]) ++r.out_of_order;
        r.next_seq[node][src] = seq + 1;
        const std::vector<uint8_t> want = make_frame(seed, src, node, seq);
        if (want.size() != len || std::memcmp(want.data(), f, len) != 0) ++r.corrupt;
      };
      // Clear before draining: a frame appended after the drain's last look raises STATUS
      // again, so the next wait cannot miss it.
      while (r.received[node] < expected) {
        c.wait_for_interrupt();
        c.store<uint32_t>(ipi + IC::kClear, SmvnQueue::kIpiBit);
        while (r.received[node] < expected && q.receive(c, budget, deliver) > 0) {
        }
      }
      last_finish = std::max(last_finish, c.now());
    });
    // Sender: core 1, round robin over the other nodes, retrying while the pool is empty.
    cl.core(node * kCoresPerNode + kSenderCore).set_program([&, node](Core& c) {
      while (c.load<uint32_t>(q.layout().ready_flag()) == 0) c.relax();
      const uint64_t staging = map.node_base(node) + (64ull << 20) + 8;  // unaligned on purpose
      for (uint32_t seq = 0; seq < k; ++seq) {
        for (unsigned dst = 0; dst < kNodes; ++dst) {
          if (dst == node) continue;
          const std::vector<uint8_t> f = make_frame(seed, node, dst, seq);
          const uint32_t len = uint32_t(f.size());
          if (sim_buffers) c.write_block(staging, f.data(), len);
          while (!(sim_buffers ? q.transmit_from(c, dst, staging, len) : q.transmit(c, dst, f.data(), len)))
            c.relax();
        }
      }
      last_finish = std::max(last_finish, c.now());
    });
  }
  // A bound on simulated time, so a lost frame or slot fails the test instead of leaving
  // senders spinning on an empty FreeList forever.
  sim.run(sc_core::sc_time(kTimeLimitMs, sc_core::SC_MS));
  for (unsigned id = 0; id < kNodes * kCoresPerNode; ++id)
    if (cl.core(id).has_program()) {
      EXPECT_TRUE(cl.core(id).finished()) << "core " << id << " still running";
    }
  // Recorded in the XML report (--gtest_output=xml) for a look at the cost.
  ::testing::Test::RecordProperty("last_finish_ns", std::to_string(last_finish.to_seconds() * 1e9));

  uint64_t sent = 0, pool_empty = 0, interrupts = 0;
  for (unsigned n = 0; n < kNodes; ++n) {
    EXPECT_EQ(r.received[n], expected) << "node " << n;
    for (unsigned s = 0; s < kNodes; ++s)
      EXPECT_EQ(r.next_seq[n][s], s == n ? 0u : k) << "frames from " << s << " to " << n;
    const QueueStats& st = q.stats(n);
    EXPECT_EQ(st.frames_received, expected);
    sent += st.frames_sent;
    pool_empty += st.pool_empty;
    interrupts += st.interrupts_sent;
    EXPECT_EQ(st.locks.attempts, st.locks.acquisitions + st.locks.busy_seen + st.locks.sc_failures);
    EXPECT_EQ(sim.stats().value("cluster.node" + std::to_string(n) + ".ipi.sets"), double(expected));
  }
  ::testing::Test::RecordProperty("pool_empty", std::to_string(pool_empty));
  EXPECT_EQ(r.out_of_order, 0u);
  EXPECT_EQ(r.corrupt, 0u);
  EXPECT_EQ(r.wrong_dst, 0u);
  EXPECT_EQ(r.bad_checksum, 0u);
  EXPECT_EQ(sent, uint64_t(kNodes) * expected);
  EXPECT_EQ(interrupts, sent);
  EXPECT_EQ(sim.stats().value("smvn.node1.frames_sent"), double(expected));
  if (pool_slots && pool_slots < 2 * kNodes) {
    EXPECT_GT(pool_empty, 0u) << "the small pool never ran empty";
  }
  if (!pool_slots) {
    EXPECT_EQ(pool_empty, 0u);
  }
  // Every slot is back on the FreeList: count it through the backing store.
  uint64_t free_slots = 0;
  for (uint64_t s = cl.memory().load<uint64_t>(q.layout().free_head()); s && free_slots <= q.layout().slots();
       s = cl.memory().load<uint64_t>(s))
    ++free_slots;
  EXPECT_EQ(free_slots, q.layout().slots());
}

}  // namespace

TEST(SmvnQueue, AllToAllExactlyOnceInOrder) { all_to_all(12, 0, 4, false, true); }

TEST(SmvnQueue, TinyPoolStopsSendersAndLosesNothing) { all_to_all(10, 5, 2, true, true); }

TEST(SmvnQueue, SameLineLocksTinyPool) { all_to_all(6, 4, 1, false, false); }
