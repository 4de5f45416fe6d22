// Range operations (copy, fill, compare, block read/write) walked by the L1 as bursts:
// exact bytes for random sizes and alignments, nothing outside the destination touched,
// memmove semantics for overlapping copies, and a 1 MiB copy's time against the memory
// system's bandwidth, with and without overlapping misses.
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

constexpr uint8_t kCanary = 0xA5;
constexpr uint64_t kGuard = 64;  // canary bytes checked on each side of a destination

std::vector<uint8_t> random_bytes(std::mt19937_64& rng, uint64_t n) {
  std::vector<uint8_t> v(n);
  for (auto& b : v) b = uint8_t(rng());
  return v;
}

std::vector<uint8_t> read_mem(PhysicalMemory& m, uint64_t a, uint64_t n) {
  std::vector<uint8_t> v(n);
  if (n) m.read(a, v.data(), n);
  return v;
}

// Errors collected inside a core's program; the test body asserts on them.
struct Errors {
  unsigned count = 0;
  std::ostringstream first;
  template <typename... A> void add(const A&... parts) {
    if (count++ < 5) {
      ((first << parts), ...);
      first << "\n";
    }
  }
};

bool guards_intact(PhysicalMemory& m, uint64_t dst, uint64_t n) {
  const auto before = read_mem(m, dst - kGuard, kGuard);
  const auto after = read_mem(m, dst + n, kGuard);
  auto ok = [](const std::vector<uint8_t>& v) { return std::all_of(v.begin(), v.end(), [](uint8_t b) { return b == kCanary; }); };
  return ok(before) && ok(after);
}

}  // namespace

TEST(NodeBurst, CopyRandomSizesAndAlignments) {
  Simulation sim(node_config());
  PhysicalMemory& mem = sim.cluster().memory();
  Errors err;
  unsigned copies = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    std::mt19937_64 rng(1234);
    const uint64_t kSrc = 0x800000, kDst = 0xC00000;
    const uint64_t fixed[] = {0, 1, 7, 8, 31, 32, 33, 4095, 4096, 4097, 8192 + 5, 20000};
    for (unsigned i = 0; i < 100; ++i) {
      const uint64_t n = i < std::size(fixed) ? fixed[i] : rng() % 20001;
      const uint64_t src = kSrc + rng() % 32, dst = kDst + rng() % 32;
      const auto bytes = random_bytes(rng, n);
      if (n) mem.write(src, bytes.data(), n);
      mem.fill(dst - kGuard, kCanary, n + 2 * kGuard);
      c.copy(dst, src, n);
      ++copies;
      if (read_mem(mem, dst, n) != bytes) err.add("copy ", i, ": ", n, " bytes 0x", std::hex, src, " -> 0x", dst, std::dec, " differ");
      if (read_mem(mem, src, n) != bytes) err.add("copy ", i, ": source changed");
      if (!guards_intact(mem, dst, n)) err.add("copy ", i, ": ", n, " bytes to 0x", std::hex, dst, std::dec, " wrote outside the destination");
    }
  });
  sim.run();
  EXPECT_EQ(copies, 100u);
  EXPECT_EQ(err.count, 0u) << err.first.str();
  EXPECT_EQ(sim.stats().value("cluster.node0.core0.ranges"), 100);
  EXPECT_GT(sim.stats().value("cluster.node0.core0_l1d.burst_lines"), 1000);
}

// Overlapping copies behave as memmove, checked against a host mirror of the region.
TEST(NodeBurst, OverlappingCopyIsMemmove) {
  Simulation sim(node_config());
  PhysicalMemory& mem = sim.cluster().memory();
  Errors err;
  sim.cluster().core(0).set_program([&](Core& c) {
    std::mt19937_64 rng(99);
    const uint64_t kBase = 0xE00000, kRegion = 64 << 10;
    std::vector<uint8_t> mirror = random_bytes(rng, kRegion);
    mem.write(kBase, mirror.data(), kRegion);
    for (unsigned i = 0; i < 60; ++i) {
      const uint64_t n = rng() % 20001;
      const uint64_t src = rng() % (kRegion - n);
      // Half the time the destination overlaps the source (above or below it).
      uint64_t dst;
      if (i % 2 == 0) {
        const int64_t shift = int64_t(rng() % 200) - 100;
        dst = uint64_t(std::clamp<int64_t>(int64_t(src) + shift, 0, int64_t(kRegion - n)));
      } else {
        dst = rng() % (kRegion - n);
      }
      std::memmove(mirror.data() + dst, mirror.data() + src, n);
      c.copy(kBase + dst, kBase + src, n);
      if (read_mem(mem, kBase, kRegion) != mirror) {
        err.add("copy ", i, ": ", n, " bytes from +", src, " to +", dst, " is not memmove");
        mem.write(kBase, mirror.data(), kRegion);  // resynchronise
      }
    }
  });
  sim.run();
  EXPECT_EQ(err.count, 0u) << err.first.str();
}

TEST(NodeBurst, FillCompareAndBlockTransfers) {
  Simulation sim(node_config());
  PhysicalMemory& mem = sim.cluster().memory();
  Errors err;
  unsigned compares = 0;
  sim.cluster().core(0).set_program([&](Core& c) {
    std::mt19937_64 rng(777);
    const uint64_t kA = 0x900000, kB = 0xA00000;
    for (unsigned i = 0; i < 60; ++i) {
      const uint64_t n = i == 0 ? 0 : rng() % 20001;
      const uint64_t a = kA + rng() % 32, b = kB + rng() % 32;
      // fill
      const uint8_t value = uint8_t(rng());
      mem.fill(a - kGuard, kCanary, n + 2 * kGuard);
      c.fill(a, value, n);
      const auto filled = read_mem(mem, a, n);
      if (!std::all_of(filled.begin(), filled.end(), [&](uint8_t x) { return x == value; }))
        err.add("fill ", i, ": ", n, " bytes of ", int(value), " at 0x", std::hex, a, " wrong");
      if (!guards_intact(mem, a, n)) err.add("fill ", i, ": wrote outside the range");

      // write_block (host -> simulated) then read_block back
      const auto bytes = random_bytes(rng, n);
      mem.fill(b - kGuard, kCanary, n + 2 * kGuard);
      c.write_block(b, bytes.data(), n);
      if (read_mem(mem, b, n) != bytes) err.add("write_block ", i, ": ", n, " bytes differ");
      if (!guards_intact(mem, b, n)) err.add("write_block ", i, ": wrote outside the range");
      std::vector<uint8_t> back(n + 16, 0x5A);
      c.read_block(b, back.data(), n);
      if (!std::equal(bytes.begin(), bytes.end(), back.begin())) err.add("read_block ", i, ": ", n, " bytes differ");
      if (!std::all_of(back.begin() + long(n), back.end(), [](uint8_t x) { return x == 0x5A; }))
        err.add("read_block ", i, ": wrote past the host buffer's N bytes");

      // compare: equal ranges give 0; one differing byte gives memcmp's sign; with two
      // differences the first decides.
      if (n) mem.write(a, bytes.data(), n);
      if (c.compare(a, b, n) != 0) err.add("compare ", i, ": equal ranges of ", n, " bytes compared unequal");
      ++compares;
      if (n == 0) continue;
      const uint64_t p = rng() % n;
      uint8_t x = uint8_t(bytes[p] ^ uint8_t(1 + rng() % 255));
      mem.write(a + p, &x, 1);
      const int expect = x > bytes[p] ? 1 : -1;
      const int got = c.compare(a, b, n);
      if ((got > 0 ? 1 : got < 0 ? -1 : 0) != expect)
        err.add("compare ", i, ": byte ", p, " of ", n, " differs (", int(x), " vs ", int(bytes[p]), "), got ", got);
      const int swapped = c.compare(b, a, n);
      if ((swapped > 0 ? 1 : swapped < 0 ? -1 : 0) != -expect) err.add("compare ", i, ": swapped operands, got ", swapped);
      if (p + 1 < n) {  // a later difference in the other direction does not matter
        const uint8_t y = expect > 0 ? 0 : 255;  // a[n-1] the other way from b[n-1]
        if (y != bytes[n - 1]) {
          mem.write(a + n - 1, &y, 1);
          const int again = c.compare(a, b, n);
          if ((again > 0 ? 1 : again < 0 ? -1 : 0) != expect) err.add("compare ", i, ": the first difference must decide");
        }
      }
      compares += 2;
    }
  });
  sim.run();
  EXPECT_GT(compares, 100u);
  EXPECT_EQ(err.count, 0u) << err.first.str();
}

namespace {

// In a child process: the simulated time of one 1 MiB copy between cold ranges with
// MAX_OUTSTANDING miss buffers, and whether its bytes arrived.
std::string copy_time_in_child(unsigned max_outstanding) {
  return run_in_child([max_outstanding] {
    Simulation sim(node_config([&](YAML::Node& y) { y["node"]["core"]["max_outstanding_misses"] = max_outstanding; }));
    PhysicalMemory& mem = sim.cluster().memory();
    const uint64_t kSrc = 0x1000000, kDst = 0x2000000, kN = 1 << 20;
    std::mt19937_64 rng(5);
    const auto bytes = random_bytes(rng, kN);
    mem.write(kSrc, bytes.data(), kN);
    Picos t = 0;
    sim.cluster().core(0).set_program([&](Core& c) {
      const auto t0 = c.now();
      c.copy(kDst, kSrc, kN);
      t = (c.now() - t0).value();
    });
    sim.run();
    const bool ok = read_mem(mem, kDst, kN) == bytes;
    return std::to_string(t) + (ok ? " ok" : " corrupt");
  });
}

}  // namespace

TEST(NodeBurst, OneMiBCopyIsMemoryBoundAndOverlapHelps) {
  std::istringstream four(copy_time_in_child(4)), one(copy_time_in_child(1));
  Picos t4 = 0, t1 = 0;
  std::string ok4, ok1;
  four >> t4 >> ok4;
  one >> t1 >> ok1;
  EXPECT_EQ(ok4, "ok");
  EXPECT_EQ(ok1, "ok");
  // Bounded by DDR2-400's 3.2 GB/s peak from below (the copy moves at least the 1 MiB
  // it reads) and well above a crawl of 50 MB/s.
  const double bytes = double(1 << 20);
  for (Picos t : {t4, t1}) {
    EXPECT_GT(double(t), bytes / 3.2e9 * 1e12) << t;
    EXPECT_LT(double(t), bytes / 50e6 * 1e12) << t;
  }
  EXPECT_GT(t1, t4) << "one miss buffer must be slower than four";
  EXPECT_GT(double(t1), 1.5 * double(t4)) << "overlapping four misses should help substantially";
}
