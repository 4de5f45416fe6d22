// A streaming copy far beyond the L2 (issue 12): DRAM to DRAM, against the read and write
// streams of the same node. Each figure comes from its own child process (SystemC
// elaborates once per process), on the shipped node configuration.
#include <cstdint>
#include <cstdio>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr uint64_t kMiB = 1 << 20;
constexpr uint64_t kN = 16 * kMiB;           // 4x the L2: every line comes from DRAM
constexpr uint64_t kSrc = 16 * kMiB, kDst = 64 * kMiB;  // cold ranges, power-of-two apart

struct Figures {
  double mbps = 0;  // MB/s, MB = 10^6 bytes
  double row_hits = 0, row_misses = 0, row_conflicts = 0, dram_reads = 0, dram_writes = 0;
  bool ok = false;
};

// KIND: "read" (a block read), "write" (a fill) or "copy" of kN bytes on core 0.
Figures measure(const std::string& kind) {
  std::istringstream in(run_in_child([kind] {
    Simulation sim(node_config());
    PhysicalMemory& mem = sim.cluster().memory();
    for (uint64_t a = 0; a < kN; a += 8) mem.store<uint64_t>(kSrc + a, a * 0x9e3779b97f4a7c15ull);
    double seconds = 0;
    std::vector<uint8_t> sink(kind == "read" ? kN : 0);
    sim.cluster().core(0).set_program([&](Core& c) {
      const auto t0 = c.now();
      if (kind == "read")
        c.read_block(kSrc, sink.data(), kN);
      else if (kind == "write")
        c.fill(kDst, 0x5a, kN);
      else
        c.copy(kDst, kSrc, kN);
      seconds = (c.now() - t0).to_seconds();
    });
    sim.run();
    bool ok = true;
    if (kind == "copy")
      for (uint64_t a = 0; a < kN && ok; a += 4096) ok = mem.load<uint64_t>(kDst + a) == a * 0x9e3779b97f4a7c15ull;
    const StatsRegistry& s = sim.stats();
    const std::string d = "cluster.node0.ddr2.";
    std::ostringstream out;
    out << double(kN) / seconds / 1e6 << ' ' << s.value(d + "row_hits") << ' ' << s.value(d + "row_misses") << ' '
        << s.value(d + "row_conflicts") << ' ' << s.value(d + "reads") << ' ' << s.value(d + "writes") << ' '
        << (ok ? "ok" : "corrupt");
    return out.str();
  }));
  Figures f;
  std::string ok;
  in >> f.mbps >> f.row_hits >> f.row_misses >> f.row_conflicts >> f.dram_reads >> f.dram_writes >> ok;
  f.ok = ok == "ok";
  std::printf("%-5s %8.1f MB/s  DRAM reads %.0f writes %.0f  row hits %.0f misses %.0f conflicts %.0f\n",
              kind.c_str(), f.mbps, f.dram_reads, f.dram_writes, f.row_hits, f.row_misses, f.row_conflicts);
  return f;
}

}  // namespace

// A copy is a read stream and a write stream at once: per 32-byte line it fetches the
// source line, fetches the destination line for ownership and later writes it back, three
// DRAM transfers where the read stream makes one. The data bus alone therefore allows it a
// third of the read stream's bus use; and its two misses per line share the core's miss
// buffers, so with the read stream latency-bound (4 misses in flight) the copy can reach
// half the read stream's rate. At least a third of the read stream is the floor: below it
// something serialises what the hardware overlaps (every DRAM access a row conflict in one
// bank made 16 MiB copies tRC-bound: 3 x 55 ns per line, 193 MB/s).
TEST(NodeCopyBandwidth, SixteenMiBCopyReachesAThirdOfTheReadStream) {
  const Figures read = measure("read"), write = measure("write"), copy = measure("copy");
  EXPECT_TRUE(copy.ok) << "the copy's bytes must arrive";
  EXPECT_GT(read.mbps, 0);
  EXPECT_GT(write.mbps, 0);
  EXPECT_GE(copy.mbps, read.mbps / 3) << "copy " << copy.mbps << " MB/s, read stream " << read.mbps << " MB/s";
  // And no faster than the bus allows: three line transfers per copied line at 3.2 GB/s.
  EXPECT_LT(copy.mbps, 3.2e3 / 3);
  // The copy's DRAM traffic is what the physics says: two fills per line, one write-back.
  const double lines = double(kN / 32);
  EXPECT_GE(copy.dram_reads, 2 * lines);
  EXPECT_GE(copy.dram_writes, lines - double(4 * kMiB / 32));  // the last L2-full stays dirty
}
