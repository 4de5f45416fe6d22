// The socket layer (mpi_shim/net_stack.h) on the paper's cluster over SMVN and over the
// loopback device: byte streams arrive intact and in order whatever the write and read
// sizes, windows hold senders back without loss, small pools stop device queues without
// loss, and the figures follow the model: intra-node (loopback) streams are faster than
// inter-node ones, pure ACKs are fewer than segments.
#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

#include <gtest/gtest.h>

#include "../driver/smvn_harness.h"
#include "mpi_shim/net_stack.h"
#include "mpi_shim/node_runtime.h"
#include "mpi_shim/socket_transport.h"

using namespace smvn;
using namespace smvn::net;
using namespace smvn::testing_smvn;

namespace {

const sc_core::sc_time kLimit(200, sc_core::SC_MS);

struct NetRun {
  ConfigNode cfg;
  Simulation sim;
  SmvnNetwork smvn;
  NetStack stack;
  NodeRuntime rt;
  explicit NetRun(const ConfigNode& c, const NetParams& np = {})
      : cfg(c), sim(cfg), smvn(cfg.child_or_empty("smvn"), sim.cluster()), stack(np, sim.cluster(), smvn),
        rt(sim.cluster(), smvn) {
    smvn.register_stats(sim.stats());
    stack.register_stats(sim.stats());
  }
};

std::vector<uint8_t> pattern(size_t n, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = uint8_t(rng());
  return v;
}

// Streams BYTES from core A to core B (and as much back from B to A when BOTH), with
// random write and read sizes; returns the simulated seconds from the first write to the
// last byte read at B.
struct StreamResult {
  bool intact_ab = false, intact_ba = false;
  double seconds = 0;
};

StreamResult stream(NetRun& run, unsigned core_a, unsigned core_b, size_t bytes, bool both) {
  StreamResult r;
  auto [sa, sb] = run.stack.connect(core_a, core_b);
  const std::vector<uint8_t> ab = pattern(bytes, 1), ba = pattern(both ? bytes : 0, 2);
  std::vector<uint8_t> got_ab(bytes), got_ba(ba.size());
  sc_core::sc_time t0, t1;
  auto endpoint = [&](Core& c, int s, const std::vector<uint8_t>& out, std::vector<uint8_t>& in, uint64_t seed,
                      bool measure) {
    std::mt19937_64 rng(seed);
    size_t sent = 0, got = 0;
    if (measure) t0 = c.now();
    while (sent < out.size() || got < in.size()) {
      bool moved = false;
      if (sent < out.size()) {
        const size_t want = std::min<size_t>(out.size() - sent, 1 + rng() % 20000);
        const size_t n = run.stack.send(c, s, out.data() + sent, want);
        sent += n;
        moved |= n > 0;
      }
      if (got < in.size()) {
        const size_t want = std::min<size_t>(in.size() - got, 1 + rng() % 9000);
        const size_t n = run.stack.recv(c, s, in.data() + got, want);
        got += n;
        moved |= n > 0;
      }
      if (!moved) run.stack.wait(c);
    }
  };
  run.rt.run_on(core_a, [&](Core& c) { endpoint(c, sa, ab, got_ba, 11, true); });
  run.rt.run_on(core_b, [&](Core& c) {
    endpoint(c, sb, ba, got_ab, 12, false);
    t1 = c.now();
  });
  run.rt.install();
  run.sim.run(kLimit);
  EXPECT_EQ(run.rt.unfinished(), 0u);
  r.intact_ab = got_ab == ab;
  r.intact_ba = got_ba == ba;
  r.seconds = (t1 - t0).to_seconds();
  return r;
}

}  // namespace

TEST(NetStack, InterNodeStreamArrivesIntact) {
  NetRun run(smvn_config());
  const size_t bytes = 1 << 20;
  const StreamResult r = stream(run, 1, 5, bytes, false);  // node 0 core 1 -> node 1 core 1
  EXPECT_TRUE(r.intact_ab);
  const NodeNetStats& tx = run.stack.stats(0);
  const NodeNetStats& rx = run.stack.stats(1);
  EXPECT_EQ(tx.payload_tx, bytes);
  EXPECT_EQ(rx.payload_rx, bytes);
  EXPECT_GE(tx.segments_tx, bytes / 1460);  // never more than an MSS per segment
  EXPECT_EQ(tx.loopback_segments, 0u);
  // Delayed ACKs: at most one pure ACK per segment, and many fewer on a stream.
  EXPECT_LT(rx.acks_tx, tx.segments_tx);
  EXPECT_GT(rx.acks_tx, tx.segments_tx / 4);
  ::testing::Test::RecordProperty("MBps", std::to_string(bytes / r.seconds / 1e6));
  EXPECT_GT(bytes / r.seconds / 1e6, 5.0);
}

TEST(NetStack, LoopbackStreamIsIntactAndFasterThanSmvn) {
  const size_t bytes = 1 << 20;
  const std::string inter = testing_node::run_in_child([&] {
    NetRun run(smvn_config());
    const StreamResult r = stream(run, 1, 5, bytes, false);
    return std::to_string(r.intact_ab ? r.seconds : -1.0);
  });
  NetRun run(smvn_config());
  const StreamResult r = stream(run, 1, 2, bytes, false);  // two cores of node 0
  EXPECT_TRUE(r.intact_ab);
  EXPECT_EQ(run.stack.stats(0).loopback_segments, run.stack.stats(0).segments_tx + run.stack.stats(0).acks_tx);
  EXPECT_EQ(run.smvn.device(0).stats().tx_frames, 0u);  // nothing crossed the pool
  const double inter_s = std::stod(inter);
  ASSERT_GT(inter_s, 0);
  EXPECT_LT(r.seconds, inter_s);
  ::testing::Test::RecordProperty("loopback_over_smvn", std::to_string(inter_s / r.seconds));
}

TEST(NetStack, BothWaysAtOnceWithSmallWindow) {
  NetParams np;
  np.socket_buffer = 8 * 1024;
  NetRun run(smvn_config(), np);
  const StreamResult r = stream(run, 0, 15, 300000, true);  // two rx cores, opposite corners
  EXPECT_TRUE(r.intact_ab);
  EXPECT_TRUE(r.intact_ba);
  EXPECT_GT(run.stack.stats(0).window_limited, 0u);
  EXPECT_GT(run.stack.stats(3).window_limited, 0u);
}

// A pool of five slots shared by four streams into node 0: device queues stop and wake,
// nothing is lost.
TEST(NetStack, TinyPoolStopsQueuesWithoutLoss) {
  NetRun run(smvn_config([](YAML::Node& s) { s["pool"]["size"] = PoolLayout::bytes_for(kNodes, 5); }));
  std::vector<std::vector<uint8_t>> sent, got;
  const size_t bytes = 100000;
  std::vector<int> rx_sock;
  for (unsigned src = 1; src < kNodes; ++src) {
    auto [a, b] = run.stack.connect(src * kCoresPerNode + 2, 1 + (src - 1) % 3);
    sent.push_back(pattern(bytes, src));
    got.emplace_back(bytes);
    run.rt.run_on(src * kCoresPerNode + 2, [&, a = a, i = src - 1](Core& c) {
      size_t done = 0;
      while (done < bytes) {
        const size_t n = run.stack.send(c, a, sent[i].data() + done, bytes - done);
        done += n;
        if (!n) run.stack.wait(c);
      }
    });
    rx_sock.push_back(b);
  }
  for (unsigned i = 0; i < 3; ++i)
    run.rt.run_on(1 + i, [&, i](Core& c) {
      size_t done = 0;
      while (done < bytes) {
        const size_t n = run.stack.recv(c, rx_sock[i], got[i].data() + done, bytes - done);
        done += n;
        if (!n) run.stack.wait(c);
      }
    });
  run.rt.install();
  run.sim.run(kLimit);
  EXPECT_EQ(run.rt.unfinished(), 0u);
  for (unsigned i = 0; i < 3; ++i) EXPECT_EQ(got[i], sent[i]) << "stream " << i;
  uint64_t busy = 0;
  for (unsigned n = 0; n < kNodes; ++n) busy += run.stack.stats(n).device_busy;
  EXPECT_GT(busy, 0u) << "the small pool never stopped a queue";
}

namespace {

// ROUNDS ping-pongs of 8 bytes between node 0 core 1 and node 1 core 1 over SMVN; returns
// the mean one-way time (us) and the stack's figures of both nodes.
struct PingPong {
  double one_way_us = 0;
  uint64_t acks_tx = 0, piggybacked = 0, delayed = 0;
};

PingPong ping_pong(const NetParams& np, int rounds) {
  NetRun run(smvn_config(), np);
  auto [sa, sb] = run.stack.connect(1, 5);
  sc_core::sc_time t0, t1;
  auto exchange = [&](Core& c, int s, bool first) {
    uint64_t msg = 0;
    auto send8 = [&] { for (size_t d = 0; d < 8;) { const size_t n = run.stack.send(c, s, reinterpret_cast<uint8_t*>(&msg) + d, 8 - d); d += n; if (!n) run.stack.wait(c); } };
    auto recv8 = [&] { for (size_t d = 0; d < 8;) { const size_t n = run.stack.recv(c, s, reinterpret_cast<uint8_t*>(&msg) + d, 8 - d); d += n; if (!n) run.stack.wait(c); } };
    for (int i = 0; i < rounds; ++i) {
      if (first && i == 2) t0 = c.now();  // after the connection's first exchanges
      if (first) { msg = uint64_t(i); send8(); recv8(); EXPECT_EQ(msg, uint64_t(i) + 1000); }
      else { recv8(); msg += 1000; send8(); }
    }
    if (first) t1 = c.now();
  };
  run.rt.run_on(1, [&, s = sa](Core& c) { exchange(c, s, true); });
  run.rt.run_on(5, [&, s = sb](Core& c) { exchange(c, s, false); });
  run.rt.install();
  run.sim.run(kLimit);
  EXPECT_EQ(run.rt.unfinished(), 0u);
  PingPong r;
  r.one_way_us = (t1 - t0).to_seconds() * 1e6 / (2.0 * (rounds - 2));
  for (unsigned n : {0u, 1u}) {
    r.acks_tx += run.stack.stats(n).acks_tx;
    r.piggybacked += run.stack.stats(n).piggybacked_acks;
    r.delayed += run.stack.stats(n).delayed_acks;
  }
  return r;
}

}  // namespace

// Linux's delayed ACKs on an interactive connection: after the one quick ACK each side
// sends for its first data, every ACK rides on the reply, and a ping-pong is faster for it
// than with an ACK sent at once for every segment (net.delayed_ack_us: 0).
TEST(NetStack, PingPongAcksRideOnTheReplies) {
  const int rounds = 100;
  const std::string immediate = testing_node::run_in_child([&] {
    NetParams np;
    np.delayed_ack_us = 0;
    const PingPong r = ping_pong(np, rounds);
    return std::to_string(r.one_way_us) + " " + std::to_string(r.acks_tx);
  });
  const PingPong r = ping_pong(NetParams{}, rounds);
  EXPECT_EQ(r.acks_tx, 2u);  // one quick ACK per side, before the connection turns interactive
  // Every data segment carries an owed ACK but the first three: the opening message, its
  // reply and the second message each follow a quick ACK of everything received.
  EXPECT_EQ(r.piggybacked, 2u * rounds - 3);
  EXPECT_EQ(r.delayed, 0u);
  double immediate_us = 0;
  unsigned long immediate_acks = 0;
  ASSERT_EQ(std::sscanf(immediate.c_str(), "%lf %lu", &immediate_us, &immediate_acks), 2) << immediate;
  EXPECT_EQ(immediate_acks, 2u * rounds);  // every segment acknowledged alone
  EXPECT_LT(r.one_way_us, immediate_us);
  ::testing::Test::RecordProperty("one_way_us_delayed", std::to_string(r.one_way_us));
  ::testing::Test::RecordProperty("one_way_us_immediate", std::to_string(immediate_us));
}

// With nothing going back to carry it, an owed ACK waits for the delayed-ACK timer: the
// sender's send space comes back net.delayed_ack_us after its write (here 40 ms), never
// sooner, and the receiver, asleep in wait(), still sends it.
TEST(NetStack, DelayedAckTimerFiresWhenNothingCarriesTheAck) {
  NetParams np;
  np.quickacks = 0;  // no quick-ACK mode: the first segment's ACK is delayed too
  NetRun run(smvn_config(), np);
  auto [sa, sb] = run.stack.connect(1, 5);
  sc_core::sc_time sent_at, acked_at;
  bool second_read = false;
  run.rt.run_on(1, [&, s = sa](Core& c) {
    const uint8_t first[100] = {1}, second[100] = {2};
    ASSERT_EQ(run.stack.send(c, s, first, sizeof first), sizeof first);
    sent_at = c.now();
    const uint64_t acks = run.stack.stats(1).delayed_acks;
    while (run.stack.stats(1).delayed_acks == acks) run.stack.wait(c);  // woken by the ACK's send space
    acked_at = c.now();
    ASSERT_EQ(run.stack.send(c, s, second, sizeof second), sizeof second);
  });
  run.rt.run_on(5, [&, s = sb](Core& c) {
    uint8_t got[200] = {};
    size_t n = 0;
    while (n < 200) {
      run.stack.wait(c);  // the bytes wait unread: only the timer can send their ACK
      if (c.now() > sc_core::sc_time(45, sc_core::SC_MS) || run.stack.readable(s) == 200)
        n += run.stack.recv(c, s, got + n, sizeof got - n);
    }
    second_read = got[100] == 2;
  });
  run.rt.install();
  run.sim.run(kLimit);
  EXPECT_EQ(run.rt.unfinished(), 0u);
  EXPECT_TRUE(second_read);
  EXPECT_EQ(run.stack.stats(1).delayed_acks, 1u);
  // The timer's ACK, and the one for the second message, sent when the reader drains it
  // (the connection left interactive mode when the timer fired).
  EXPECT_EQ(run.stack.stats(1).acks_tx, 2u);
  const double waited_ms = (acked_at - sent_at).to_seconds() * 1e3;
  EXPECT_GE(waited_ms, 40.0);
  EXPECT_LT(waited_ms, 40.2);
}

// Zero-copy mode (smvn.zero_copy): segments are built in pool slots and delivered from
// them, so the driver copies no frame, and the sending and receiving cores copy fewer
// bytes than in copy mode; the stream still arrives intact.
TEST(NetStack, ZeroCopyBuildsAndDeliversFramesInPoolSlots) {
  const size_t bytes = 1 << 20;
  auto run_mode = [&](bool zero_copy, uint64_t& range_bytes) {
    NetRun run(smvn_config([&](YAML::Node& s) { s["zero_copy"] = zero_copy; }));
    const StreamResult r = stream(run, 1, 5, bytes, false);
    EXPECT_TRUE(r.intact_ab);
    range_bytes = run.sim.cluster().core(1).range_bytes() + run.sim.cluster().core(4).range_bytes() +
                  run.sim.cluster().core(5).range_bytes();
    return run.smvn.device(0).stats().frames_copied + run.smvn.device(1).stats().frames_copied;
  };
  const std::string copy = testing_node::run_in_child([&] {
    uint64_t rb = 0;
    const uint64_t frames = run_mode(false, rb);
    return std::to_string(frames) + " " + std::to_string(rb);
  });
  uint64_t zc_bytes = 0;
  EXPECT_EQ(run_mode(true, zc_bytes), 0u);
  unsigned long copy_frames = 0, copy_bytes = 0;
  ASSERT_EQ(std::sscanf(copy.c_str(), "%lu %lu", &copy_frames, &copy_bytes), 2) << copy;
  EXPECT_GT(copy_frames, 2 * bytes / 1460);  // each data frame copied into and out of the pool
  // Copy mode moves the payload four times (user -> skb -> slot -> skb -> user), zero-copy
  // twice (user -> slot -> user): well under three quarters of the bytes.
  EXPECT_LT(double(zc_bytes), 0.75 * double(copy_bytes));
  ::testing::Test::RecordProperty("range_bytes_copy", std::to_string(copy_bytes));
  ::testing::Test::RecordProperty("range_bytes_zero_copy", std::to_string(zc_bytes));
}

// net.intra_node: smvn sends a node's segments to itself through the pool (the frames
// go through its own InputList and interrupt), instead of the loopback device.
TEST(NetStack, IntraNodeThroughSmvnUsesThePool) {
  for (bool zero_copy : {false, true}) {
    const std::string out = testing_node::run_in_child([&] {
      NetParams np;
      np.intra_node = IntraNodePath::Smvn;
      NetRun run(smvn_config([&](YAML::Node& s) { s["zero_copy"] = zero_copy; }), np);
      const StreamResult r = stream(run, 1, 2, 300000, true);
      const auto& dev = run.smvn.device(0).stats();
      // (the last ACKs may still wait in the InputList when both programs have finished)
      const bool ok = r.intact_ab && r.intact_ba && run.stack.stats(0).loopback_segments == 0 &&
                      dev.rx_frames + 64 >= dev.tx_frames && dev.rx_frames >= 2 * 300000 / 1460;
      return std::string(ok ? "ok" : "bad") + " intact=" + std::to_string(r.intact_ab) + std::to_string(r.intact_ba) +
             " tx_frames=" + std::to_string(dev.tx_frames) + " rx_frames=" + std::to_string(dev.rx_frames) +
             " loopback=" + std::to_string(run.stack.stats(0).loopback_segments);
    });
    EXPECT_EQ(out.substr(0, 2), "ok") << (zero_copy ? "zero-copy: " : "copy: ") << out;
  }
}

// A pure ACK is charged net.costs.ack_rx_insts alone (tcp_ack's fast path), not the whole
// data receive path: the sender of a one-way stream receives nothing but pure ACKs, so its
// instructions do not depend on segment_rx.
TEST(NetStack, PureAckReceiveIsChargedApartFromDataSegments) {
  auto sender_instructions = [](unsigned segment_rx) {
    NetParams np;
    np.costs.segment_rx = segment_rx;
    NetRun run(smvn_config(), np);
    stream(run, 1, 5, 200000, false);
    // Core 1 sends; node 0's rx core 0 takes the ACKs' interrupts and receive path.
    return std::to_string(run.sim.cluster().core(0).instructions() + run.sim.cluster().core(1).instructions()) +
           " " + std::to_string(run.stack.stats(0).acks_rx);
  };
  const std::string a = testing_node::run_in_child([&] { return sender_instructions(4500); });
  const std::string b = testing_node::run_in_child([&] { return sender_instructions(9000); });
  unsigned long ia = 0, ib = 0, acks_a = 0, acks_b = 0;
  ASSERT_EQ(std::sscanf(a.c_str(), "%lu %lu", &ia, &acks_a), 2) << a;
  ASSERT_EQ(std::sscanf(b.c_str(), "%lu %lu", &ib, &acks_b), 2) << b;
  ASSERT_GT(acks_a, 50u);
  // The sender side's work shifts a little with the receiver's timing (how many ACKs, how
  // the polls batch), but not by the 4,500 more instructions per ACK it would cost if
  // an ACK's receive were charged segment_rx.
  EXPECT_LT(std::abs(double(ib) - double(ia)), 2000.0 * double(acks_a)) << a << " vs " << b;
}

// net.rps: the interrupt core hands each data segment's protocol work to the core that
// owns its socket (Linux's RPS/RFS); the stream still arrives intact, and every data
// segment for a socket owned elsewhere went through the owner's backlog.
TEST(NetStack, ReceiveSteeringHandsSegmentsToTheSocketOwner) {
  NetParams np;
  np.rps = true;
  NetRun run(smvn_config(), np);
  const StreamResult r = stream(run, 1, 5, 300000, true);  // node 0 core 1 <-> node 1 core 1
  EXPECT_TRUE(r.intact_ab);
  EXPECT_TRUE(r.intact_ba);
  // The rx cores (core 0 of each node) own no socket: every data segment was steered.
  EXPECT_EQ(run.stack.stats(1).steered, run.stack.stats(1).segments_rx);
  EXPECT_EQ(run.stack.stats(0).steered, run.stack.stats(0).segments_rx);
  EXPECT_GT(run.stack.stats(1).segments_rx, 300000u / 1460);
}
