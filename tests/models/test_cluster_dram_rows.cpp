// DRAM row state under temporal decoupling, seen from the cores of the 2x2 cluster: the
// same work must measure the same bandwidth whether the cores interleave finely (10 ns
// quantum) or run a microsecond ahead of each other (the shipped 1 us quantum). Each case
// runs its Simulation in a forked child (SystemC elaborates once per process).
#include <algorithm>
#include <cstdio>
#include <sstream>
#include <string>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

struct RowStream {
  double gbps = 0;  // lines loaded * 32 B over the span from the first start to the last end
  double hits = 0, misses = 0, conflicts = 0;  // at the home's DDR2 controller
};

// The four cores of node 0 share one 256 KiB region homed at HOME: core k loads one word
// of every fourth line (k, k + 4, ...), one load at a time, so at any moment all four read
// the same open row of the same DRAM bank, each about a quarter of a line stride apart in
// time. In simulated time every access but the first in a row is a row hit. With a long
// quantum core 0 books a microsecond of these accesses before core 1 books its own, which
// arrive earlier than most of core 0's; a bank whose open row and ready time follow call
// order saw core 1's first access after core 0's last one and queued the four cores one
// behind the other.
RowStream shared_row_stream(double quantum_ns, unsigned home) {
  const std::string out = run_in_child([&] {
    Simulation sim(cluster_config([&](YAML::Node& y) { y["sim"]["quantum_ns"] = quantum_ns; }));
    Cluster& cl = sim.cluster();
    const AddressMap& map = cl.address_map();
    constexpr unsigned kCores = 4, kLine = 32;
    constexpr uint64_t kBytes = 256 << 10;
    const uint64_t region = map.node_base(home) + (48u << 20);
    Picos start[kCores] = {}, end[kCores] = {};
    uint64_t sum = 0;
    for (unsigned id = 0; id < kCores; ++id) {
      cl.core(id).set_program([&, id](Core& c) {
        start[id] = c.now().value();
        for (uint64_t off = uint64_t(id) * kLine; off < kBytes; off += kCores * kLine)
          sum += c.load<uint64_t>(region + off);
        end[id] = c.now().value();
      });
    }
    sim.run();
    const Picos t0 = *std::min_element(start, start + kCores), t1 = *std::max_element(end, end + kCores);
    const std::string ddr = "cluster.node" + std::to_string(home) + ".ddr2.";
    std::ostringstream o;
    o << double(kBytes) / (double(t1 - t0) / 1000.0) << ' ' << sim.stats().value(ddr + "row_hits") << ' '
      << sim.stats().value(ddr + "row_misses") << ' ' << sim.stats().value(ddr + "row_conflicts") << ' ' << sum;
    return o.str();
  });
  RowStream r;
  std::istringstream in(out);
  in >> r.gbps >> r.hits >> r.misses >> r.conflicts;
  return r;
}

void expect_stable_across_quanta(unsigned home) {
  const RowStream fine = shared_row_stream(10, home), coarse = shared_row_stream(1000, home);
  std::printf("home %u: 10 ns quantum %.4f GB/s (hits %.0f misses %.0f conflicts %.0f); "
              "1 us quantum %.4f GB/s (hits %.0f misses %.0f conflicts %.0f)\n",
              home, fine.gbps, fine.hits, fine.misses, fine.conflicts, coarse.gbps, coarse.hits, coarse.misses,
              coarse.conflicts);
  // 8192 lines, each fetched from DRAM once: 32 rows (4 passes over 8 banks).
  EXPECT_EQ(fine.hits + fine.misses + fine.conflicts, 8192);
  EXPECT_EQ(coarse.hits + coarse.misses + coarse.conflicts, 8192);
  EXPECT_NEAR(coarse.gbps, fine.gbps, 0.02 * fine.gbps) << "the bandwidth depends on the quantum";
  // The four cores share each row: one activation per row, whatever the call order.
  EXPECT_LE(coarse.misses + coarse.conflicts, 2 * (fine.misses + fine.conflicts));
}

}  // namespace

TEST(ClusterDramRows, SharedRowStreamIsStableAcrossQuantaLocal) { expect_stable_across_quanta(0); }

TEST(ClusterDramRows, SharedRowStreamIsStableAcrossQuantaRemote) { expect_stable_across_quanta(1); }
