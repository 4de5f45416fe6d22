// The SMVN network devices (driver/netdev.h) on the paper's 2x2 cluster: all-to-all
// exchanges of random-size frames in copy and zero-copy modes, cacheable and uncached,
// with the paper's 2 MiB pool, a pool of a few slots, a distributed pool; the init
// protocol with a late master, a node that never starts and a master that never starts.
// Every frame must arrive exactly once, in order per (source, destination), bytes intact.
// One Simulation per TEST (SystemC elaborates once per process).
#include <gtest/gtest.h>

#include "smvn_harness.h"

using namespace smvn;
using namespace smvn::testing_smvn;

namespace {

// Simulated time bound: far beyond what the exchanges below need, so a lost frame or
// slot fails the test instead of leaving a core waiting forever.
const sc_core::sc_time kLimit(20, sc_core::SC_MS);

struct SmvnRun {
  Simulation sim;
  SmvnNetwork net;
  Exchange ex;
  SmvnRun(const ConfigNode& cfg, unsigned k)
      : sim(cfg), net(cfg.child_or_empty("smvn"), sim.cluster()), ex{sim, net, k, {}, {}} {
    net.register_stats(sim.stats());
  }
};

uint64_t total(SmvnNetwork& net, uint64_t NetDevStats::*field) {
  uint64_t t = 0;
  for (unsigned n = 0; n < net.nodes(); ++n) t += net.device(n).stats().*field;
  return t;
}

void copy_mode_exchange(bool cacheable) {
  SmvnRun run(smvn_config([&](YAML::Node& s) { s["pool"]["cacheable"] = cacheable; }), 10);
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
  // Copy mode: the driver copies every frame twice (into the pool, out to the buffer).
  const uint64_t frames = total(run.net, &NetDevStats::tx_frames);
  EXPECT_EQ(total(run.net, &NetDevStats::frames_copied), 2 * frames);
  EXPECT_EQ(total(run.net, &NetDevStats::bytes_copied), 2 * total(run.net, &NetDevStats::tx_bytes));
  // The paper's pool never runs dry under this load.
  EXPECT_EQ(total(run.net, &NetDevStats::queue_stops), 0u);
  // Uncached slots: every frame byte went through the L1s' uncached path. (The IPI
  // registers are uncached too: at most a few accesses per frame.)
  uint64_t uncached = 0;
  for (unsigned c = 0; c < kNodes * kCoresPerNode; ++c)
    uncached += uint64_t(run.sim.stats().value("cluster.node" + std::to_string(c / kCoresPerNode) + ".core" +
                                               std::to_string(c % kCoresPerNode) + "_l1d.uncached_accesses"));
  if (cacheable) {
    EXPECT_LE(uncached, 4 * frames);
  } else {
    EXPECT_GE(uncached, total(run.net, &NetDevStats::tx_bytes) / 8) << "the slots were not uncached";
  }
  ::testing::Test::RecordProperty("last_finish_ns", std::to_string(run.ex.r.last_finish.to_seconds() * 1e9));
}

void zero_copy_exchange(bool cacheable) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            s["zero_copy"] = true;
            s["pool"]["cacheable"] = cacheable;
          }),
          10);
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
  // The same bytes arrived (checked above) with no copy made by the driver.
  EXPECT_EQ(total(run.net, &NetDevStats::frames_copied), 0u);
  EXPECT_EQ(total(run.net, &NetDevStats::bytes_copied), 0u);
}

}  // namespace

TEST(SmvnNetDevice, AllToAllCopyModeCacheable) { copy_mode_exchange(true); }
TEST(SmvnNetDevice, AllToAllCopyModeUncached) { copy_mode_exchange(false); }
TEST(SmvnNetDevice, AllToAllZeroCopyCacheable) { zero_copy_exchange(true); }
TEST(SmvnNetDevice, AllToAllZeroCopyUncached) { zero_copy_exchange(false); }

// Five slots for four senders, a budget of two: the FreeList runs dry again and again,
// queues stop and are woken, and still every frame arrives once and in order.
TEST(SmvnNetDevice, TinyPoolStopsQueuesAndLosesNothing) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            s["pool"]["size"] = PoolLayout::bytes_for(kNodes, 5);
            s["rx_budget"] = 2;
          }),
          12);
  ASSERT_EQ(run.net.layout().slots(), 5u);
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
  const uint64_t stops = total(run.net, &NetDevStats::queue_stops);
  EXPECT_GT(stops, 0u) << "the small pool never ran empty";
  EXPECT_EQ(total(run.net, &NetDevStats::queue_wakes), stops) << "every stopped queue was woken";
  EXPECT_GT(total(run.net, &NetDevStats::wake_interrupts_sent), 0u);
  EXPECT_EQ(run.sim.stats().value("smvn.node1.queue_stops"), double(run.net.device(1).stats().queue_stops));
}

// Locks on the lines of their list words, and four slots: the false-sharing layout.
TEST(SmvnNetDevice, SameLineLocksTinyPool) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            s["pool"]["locks_on_separate_lines"] = false;
            s["pool"]["size"] = PoolLayout::bytes_for(kNodes, 4, 1500, false);
            s["rx_budget"] = 1;
          }),
          6);
  ASSERT_EQ(run.net.layout().slots(), 4u);
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
}

// Every node cedes 64 KiB: slots on all four nodes, one FreeList over them.
TEST(SmvnNetDevice, DistributedPool) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            s["pool"]["placement"] = "distributed";
            s["pool"]["size"] = "64KiB";
          }),
          12);
  const PoolLayout& l = run.net.layout();
  const AddressMap& map = run.sim.cluster().address_map();
  std::array<unsigned, kNodes> per_node{};
  for (uint64_t i = 0; i < l.slots(); ++i) ++per_node[map.home_node(l.slot(i))];
  for (unsigned n = 0; n < kNodes; ++n) EXPECT_GT(per_node[n], 30u) << "node " << n;
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
}

// The master opens 250 us late; the others time out every 100 us and restart, then
// hear its ready broadcast and come up; the exchange runs as usual. (A 64 KiB pool: the
// master links its 42 slots in a few us, so ready comes before the third timeout.)
TEST(SmvnNetDevice, LateMasterOthersRestartThenRun) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
                s["init"]["timeout_us"] = 100;
                s["pool"]["size"] = "64KiB";
              }),
              4);
  run.ex.start_delay_us = {250, 0, 0, 0};
  run.ex.install();
  run.sim.run(kLimit);
  run.ex.expect_complete();
  for (unsigned n = 1; n < kNodes; ++n) EXPECT_EQ(run.net.device(n).stats().init_restarts, 2u) << "node " << n;
  EXPECT_EQ(run.net.device(0).stats().init_restarts, 0u);
}

// Node 3 never starts: the master re-broadcasts ready max_restarts times, then stops the
// run with an error naming the node and the settings.
TEST(SmvnNetDevice, NodeThatNeverStartsIsAClearError) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            s["init"]["timeout_us"] = 50;
            s["init"]["max_restarts"] = 3;
          }),
          1);
  run.ex.start_delay_us = {0, 0, 0, -1};
  run.ex.install();
  const std::string err = testing_node::run_expecting_error(run.sim);
  EXPECT_NE(err.find("SMVN init: node(s) 3 never came up"), std::string::npos) << err;
  EXPECT_NE(err.find("smvn.init.max_restarts = 3"), std::string::npos) << err;
  EXPECT_EQ(run.net.device(0).stats().init_restarts, 3u);
  // The first broadcast reaches all three others, each restart only node 3.
  EXPECT_EQ(run.net.device(0).stats().ready_interrupts_sent, 3u + 3u);
}

// The master never starts: the first other node to exhaust its restarts says so.
TEST(SmvnNetDevice, MasterThatNeverStartsIsAClearError) {
  SmvnRun run(smvn_config([&](YAML::Node& s) {
            // A pool small enough that the init timer needs no scaling to its slot count.
            s["pool"]["size"] = PoolLayout::bytes_for(kNodes, 64);
            s["init"]["timeout_us"] = 50;
            s["init"]["max_restarts"] = 2;
          }),
          1);
  run.ex.start_delay_us = {-1, 0, 0, 0};
  run.ex.install();
  const std::string err = testing_node::run_expecting_error(run.sim);
  EXPECT_NE(err.find("saw no ready from the master (node 0) after 2 restarts"), std::string::npos) << err;
  // ~3 timeouts of 50 us: the error comes at the timer's pace, not at the run's limit.
  EXPECT_LT(sc_core::sc_time_stamp(), sc_core::sc_time(200, sc_core::SC_US));
}

// Misuse of the device is a clear error, never a lost frame: an oversize frame, a
// transmit before open; a frame to no node of the network is dropped and counted.
TEST(SmvnNetDevice, MisuseIsAClearErrorAndUnknownMacsAreCounted) {
  SmvnRun run(smvn_config(), 1);
  SmvnNetDevice& dev = run.net.device(1);
  std::string early, oversize;
  run.net.rx_core(0).set_program([&](Core& c) { run.net.device(0).open(c); });
  for (unsigned n = 2; n < kNodes; ++n) run.net.rx_core(n).set_program([&, n](Core& c) { run.net.device(n).open(c); });
  run.net.rx_core(1).set_program([&](Core& c) {
    const uint64_t buf = staging_buffer(run.sim.cluster().address_map(), 1);
    try {
      dev.transmit(c, buf, 60);
    } catch (const std::logic_error& e) {
      early = e.what();
    }
    dev.open(c);
    try {
      dev.transmit(c, buf, dev.max_frame() + 1);
    } catch (const std::invalid_argument& e) {
      oversize = e.what();
    }
    std::vector<uint8_t> f = make_frame(1, 1, 2, 0);
    EthernetHeader{{0x02, 0, 0, 0, 0, 9}, mac_of_node(1), kEtherTypeExperimental}.encode(f.data());
    c.write_block(buf, f.data(), f.size());
    dev.transmit(c, buf, uint32_t(f.size()));
    EthernetHeader{kBroadcastMac, mac_of_node(1), kEtherTypeExperimental}.encode(f.data());
    c.write_block(buf, f.data(), f.size());
    dev.transmit(c, buf, uint32_t(f.size()));
  });
  run.sim.run(kLimit);
  EXPECT_NE(early.find("node 1: transmit while the device is down"), std::string::npos) << early;
  EXPECT_NE(oversize.find("frame of 1515 bytes (an Ethernet II frame is 14 to 1514 bytes)"), std::string::npos)
      << oversize;
  EXPECT_EQ(dev.stats().tx_dropped, 2u);
  EXPECT_EQ(dev.stats().tx_frames, 0u);
}
