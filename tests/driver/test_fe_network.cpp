// The Fast Ethernet baseline (driver/fe_network.h) below the socket layer: a frame's time
// on the wire and through the store-and-forward switch, rings that wrap and fill without
// losing a frame (the sender's queue stops, the receiver's NIC holds the switch off), a
// switch queue overflow that is a clear error, and every byte delivered intact.
#include <cstring>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "driver/fe_network.h"
#include "models/core.h"
#include "models/fe_nic.h"
#include "models/fe_switch.h"
#include "smvn_harness.h"

using namespace smvn;
using namespace smvn::driver;
using namespace smvn::testing_smvn;

namespace {

// configs/fast-ethernet.yaml below the sockets: no net, mpi or workload sections; EDIT
// gets the `fast_ethernet` mapping.
ConfigNode fe_config(const std::function<void(YAML::Node&)>& edit = {}) {
  return testing_node::edited_config(std::string(SMVN_SOURCE_DIR) + "/configs/fast-ethernet.yaml", [&](YAML::Node& r) {
    r.remove("net");
    r.remove("mpi");
    r.remove("workload");
    r.remove("network");
    YAML::Node fe = r["fast_ethernet"];
    if (edit) edit(fe);
  });
}

struct FeRun {
  ConfigNode cfg;
  Simulation sim;
  FeNetwork net;
  explicit FeRun(const ConfigNode& c) : cfg(c), sim(cfg), net(cfg.child("fast_ethernet"), sim.cluster()) {
    net.register_stats(sim.stats());
  }
};

// Node 0's rx core sends FRAMES (from make_frame, seed 7, to node 1) as fast as its ring
// takes them, waiting for its interrupt when the queue is stopped; node 1's rx core
// receives, checks each frame and spends RX_INSTS on it. Returns what node 1 saw.
struct Stream {
  unsigned received = 0, out_of_order = 0, corrupt = 0;
  sc_core::sc_time first_sent, last_received;
  std::vector<sc_core::sc_time> arrivals;
};

Stream stream(FeRun& run, unsigned frames, uint64_t rx_insts, size_t min_len = 60, size_t max_len = 1514) {
  Stream s;
  FeNetDevice& tx = run.net.device(0);
  FeNetDevice& rx = run.net.device(1);
  const uint64_t staging = staging_buffer(run.sim.cluster().address_map(), 0);
  const uint64_t rx_buf = run.sim.cluster().address_map().node_base(1) + (64ull << 20) + 2;
  rx.set_rx_buffer_provider([&](uint32_t) { return rx_buf; });
  rx.set_rx_handler([&](Core& c, const RxFrame& f) {
    std::vector<uint8_t> got(f.len);
    c.read_block(f.addr, got.data(), f.len);
    const std::vector<uint8_t> want = make_frame(7, 0, 1, s.received, min_len, max_len);
    if (got != want) {
      uint32_t seq = ~0u;
      if (got.size() >= kSeqAt + 4) std::memcpy(&seq, &got[kSeqAt], 4);
      ++(seq != s.received ? s.out_of_order : s.corrupt);
    }
    c.exec(rx_insts);
    ++s.received;
    s.arrivals.push_back(c.now());
    s.last_received = c.now();
  });
  for (unsigned n = 2; n < kNodes; ++n) run.net.rx_core(n).set_program([&, n](Core& c) { run.net.device(n).open(c); });
  run.net.rx_core(1).set_program([&](Core& c) {
    rx.open(c);
    while (s.received < frames) c.wait_for_interrupt();
  });
  run.net.rx_core(0).set_program([&](Core& c) {
    tx.open(c);
    c.stall_cycles(2000);  // node 1 is up by then
    s.first_sent = c.now();
    for (unsigned i = 0; i < frames; ++i) {
      const std::vector<uint8_t> f = make_frame(7, 0, 1, i, min_len, max_len);
      c.write_block(staging, f.data(), f.size());
      while (tx.start_xmit(c, staging, uint32_t(f.size())) == NetDevice::TxStatus::Busy) c.wait_for_interrupt();
    }
    while (s.received < frames) c.wait_for_interrupt_until(c.now() + sc_core::sc_time(100, sc_core::SC_US));
  });
  run.sim.run(sc_core::sc_time(2, sc_core::SC_SEC));
  return s;
}

}  // namespace

// A full 1514-byte frame, one hop through the switch: on the wire twice (NIC to switch,
// switch to NIC), each time 8 B preamble + 1514 B + 4 B FCS at 80 ns a byte = 122.08 us,
// plus the fabric; the DMA at both ends, the doorbell and the interrupt add a few us.
TEST(FastEthernet, FullFrameOneHopTakesTwoFrameTimesPlusFabric) {
  FeRun run(fe_config());
  const Stream s = stream(run, 1, 0, 1514, 1514);
  ASSERT_EQ(s.received, 1u);
  EXPECT_EQ(s.corrupt + s.out_of_order, 0u);
  const double us = (s.last_received - s.first_sent).to_seconds() * 1e6;
  const double floor_us = 2 * 1526 * 0.080 + 3.0;  // 247.16
  EXPECT_NEAR(double(run.net.ethernet_switch().unloaded_ps(1514)) / 1e6, floor_us, 1e-6);
  EXPECT_GT(us, floor_us);
  // The DMA at each end (48 line transactions through the L2 to DRAM, ~7 us), the
  // registers, the interrupt and the driver's copies.
  EXPECT_LT(us, floor_us + 25.0);
  ::testing::Test::RecordProperty("one_hop_us", std::to_string(us));
}

// A minimum frame is padded to 64 bytes with its FCS: 72 B on the wire, 5.76 us a hop.
TEST(FastEthernet, ShortFrameIsPaddedToTheMinimum) {
  FeRun run(fe_config());
  const Stream s = stream(run, 1, 0, 30, 30);
  ASSERT_EQ(s.received, 1u);
  const double us = (s.last_received - s.first_sent).to_seconds() * 1e6;
  const double floor_us = 2 * 72 * 0.080 + 3.0;
  EXPECT_GT(us, floor_us);
  EXPECT_LT(us, floor_us + 25.0);
}

// Rings of 4 descriptors wrap 30 times; the sender outruns the wire (its queue stops and
// restarts), the receiver is slower than the wire (its ring fills, its NIC holds the
// switch off and the switch queues): every frame arrives, in order and intact.
TEST(FastEthernet, RingsWrapAndFullRingsLoseNothing) {
  FeRun run(fe_config([](YAML::Node& fe) {
    fe["tx_ring"] = 4;
    fe["rx_ring"] = 4;
    fe["nic"]["rx_fifo_frames"] = 1;
  }));
  // ~76 us a frame at 525 MHz against ~65 us on the wire for the average 787-byte frame:
  // the switch queues a sixth of them (~20, within its 64).
  const unsigned frames = 120;
  const Stream s = stream(run, frames, 40000);
  EXPECT_EQ(s.received, frames);
  EXPECT_EQ(s.out_of_order, 0u);
  EXPECT_EQ(s.corrupt, 0u);
  EXPECT_GT(run.net.device(0).stats().queue_stops, 10u);
  EXPECT_EQ(run.net.device(0).stats().queue_stops, run.net.device(0).stats().queue_wakes);
  EXPECT_EQ(run.net.device(0).stats().tx_reclaimed, frames);
  // PAUSE was asserted and the switch queued behind it.
  EXPECT_GT(run.net.ethernet_switch().pauses(1), 10u);
  EXPECT_GT(run.net.ethernet_switch().max_queue(1), 2u);
}

// With a switch queue too short for the backlog a slow receiver builds, the run stops
// with an error naming the key, rather than dropping a frame TCP would never resend.
TEST(FastEthernet, SwitchQueueOverflowIsAClearError) {
  const std::string what = testing_node::run_in_child([] {
    FeRun run(fe_config([](YAML::Node& fe) {
      fe["rx_ring"] = 2;
      fe["nic"]["rx_fifo_frames"] = 1;
      fe["switch"]["queue_frames"] = 3;
    }));
    try {
      stream(run, 60, 400000, 1514, 1514);
    } catch (const std::exception& e) {
      return std::string(e.what());
    }
    return std::string("no error");
  });
  EXPECT_NE(what.find("queue overflow"), std::string::npos) << what;
  EXPECT_NE(what.find("fast_ethernet.switch.queue_frames"), std::string::npos) << what;
}
