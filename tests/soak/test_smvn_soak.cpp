// The SMVN soak test (label slow: `./smvn test -L slow -R Soak`): all-to-all traffic of
// random-sized frames (60 to 1514 bytes), each checksummed and sequence-numbered, through
// every driver mode: copy and zero-copy, cached and uncached slots, the pool on the master
// or spread over every node. 8 modes x 125,004 frames: over a million frames, none lost,
// duplicated, reordered or corrupted, and every slot back on the FreeList at the end
// (Exchange::expect_complete). The counts are printed.
#include <cstdio>

#include <gtest/gtest.h>

#include "../driver/smvn_harness.h"

using namespace smvn;
using namespace smvn::testing_smvn;

namespace {

constexpr unsigned kPerPair = 10417;  // frames from each node to each other node

void soak(bool zero_copy, bool cacheable, bool distributed) {
  const ConfigNode cfg = smvn_config([&](YAML::Node& s) {
    s["zero_copy"] = zero_copy;
    s["pool"]["cacheable"] = cacheable;
    s["pool"]["placement"] = distributed ? "distributed" : "master";
  });
  Simulation sim(cfg);
  SmvnNetwork net(cfg.child_or_empty("smvn"), sim.cluster());
  net.register_stats(sim.stats());
  Exchange ex{sim, net, kPerPair, {}, {}};
  ex.install();
  sim.run(sc_core::sc_time(60, sc_core::SC_SEC));
  ex.expect_complete();
  uint64_t sent = 0, received = 0, stops = 0;
  for (unsigned n = 0; n < kNodes; ++n) {
    sent += net.device(n).stats().tx_frames;
    received += ex.r.received[n];
    stops += net.device(n).stats().queue_stops;
  }
  std::printf("soak %s %s %s: %llu frames sent, %llu received, %llu lost, %u out of order or duplicated, "
              "%u corrupt, %u bad checksums, %llu queue stops, %.3f ms simulated\n",
              zero_copy ? "zero-copy" : "copy", cacheable ? "cached" : "uncached",
              distributed ? "distributed" : "master", (unsigned long long)sent, (unsigned long long)received,
              (unsigned long long)(sent - received), ex.r.out_of_order, ex.r.corrupt, ex.r.bad_checksum,
              (unsigned long long)stops, ex.r.last_finish.to_seconds() * 1e3);
  EXPECT_EQ(sent, uint64_t(kNodes) * (kNodes - 1) * kPerPair);
}

}  // namespace

TEST(SmvnSoak, CopyCachedMaster) { soak(false, true, false); }
TEST(SmvnSoak, CopyUncachedMaster) { soak(false, false, false); }
TEST(SmvnSoak, ZeroCopyCachedMaster) { soak(true, true, false); }
TEST(SmvnSoak, ZeroCopyUncachedMaster) { soak(true, false, false); }
TEST(SmvnSoak, CopyCachedDistributed) { soak(false, true, true); }
TEST(SmvnSoak, CopyUncachedDistributed) { soak(false, false, true); }
TEST(SmvnSoak, ZeroCopyCachedDistributed) { soak(true, true, true); }
TEST(SmvnSoak, ZeroCopyUncachedDistributed) { soak(true, false, true); }
