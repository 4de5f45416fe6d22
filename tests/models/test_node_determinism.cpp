// Determinism: the same configuration and seed give a byte-identical stats.txt. Each run
// needs its own process (SystemC elaborates once), so the runs are forked children, or
// the smvn-sim command line twice.
#include <unistd.h>

#include <cstdint>
#include <cstdlib>
#include <filesystem>
#include <random>
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/probe_memory.h"
#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using ::testing::HasSubstr;
using ::testing::Not;

namespace {

namespace fs = std::filesystem;

fs::path fresh_dir(const std::string& tag) {
  fs::path d = fs::temp_directory_path() / ("smvn-node-" + tag + "-" + std::to_string(getpid()));
  fs::remove_all(d);
  return d;
}

// One run in a child: four cores contend for a lock with random think times drawn from
// the run's seeded source, core 0 also chases pointers; returns stats.txt.
std::string contended_run_stats(uint64_t seed, const fs::path& dir) {
  return run_in_child([seed, dir] {
    Simulation sim(node_config([&](YAML::Node& y) { y["seed"] = seed; }));
    std::mt19937_64& rng = sim.rng();
    std::vector<uint64_t> think[4];
    for (auto& t : think)
      for (int i = 0; i < 500; ++i) t.push_back(rng() % 200);
    constexpr uint64_t kLock = 0x400000, kCounter = 0x400020;
    for (unsigned id = 0; id < 4; ++id) {
      sim.cluster().core(id).set_program([&, id](Core& c) {
        for (uint64_t w : think[id]) {
          for (;;) {
            if (c.load_linked<uint64_t>(kLock) != 0) {
              c.relax();
              continue;
            }
            if (c.store_conditional<uint64_t>(kLock, 1)) break;
          }
          c.sync();
          c.store<uint64_t>(kCounter, c.load<uint64_t>(kCounter) + 1);
          c.sync();
          c.store<uint64_t>(kLock, 0);
          c.exec(w);
          c.copy(0x800000 + id * 0x10000 + w, 0x900000 + id * 0x10000, 300 + w);
        }
      });
    }
    sim.run();
    sim.write_outputs(dir);
    return read_text((dir / "stats.txt").string());
  });
}

}  // namespace

TEST(NodeDeterminism, SameSeedGivesIdenticalStats) {
  const fs::path d1 = fresh_dir("a"), d2 = fresh_dir("b"), d3 = fresh_dir("c");
  const std::string s1 = contended_run_stats(7, d1);
  const std::string s2 = contended_run_stats(7, d2);
  const std::string s3 = contended_run_stats(8, d3);
  ASSERT_THAT(s1, HasSubstr("cluster.node0.core0_l1d.sc_failure"));
  EXPECT_TRUE(s1 == s2) << "stats.txt differs between two runs with the same seed";
  EXPECT_FALSE(s1 == s3) << "a different seed changed nothing: is the seed used?";
  // Nothing host-dependent in stats.txt (host time, speed, host name live in host.txt).
  EXPECT_THAT(s1, Not(HasSubstr("host")));
  EXPECT_THAT(s1, Not(HasSubstr("wall")));
  EXPECT_TRUE(fs::exists(d1 / "host.txt"));
  EXPECT_TRUE(read_text((d1 / "config.resolved.yaml").string()) == read_text((d2 / "config.resolved.yaml").string()));
  for (const auto& d : {d1, d2, d3}) fs::remove_all(d);
}

// The command line: `smvn-sim probe memory` twice gives byte-identical stats.txt.
TEST(NodeDeterminism, CommandLineProbeTwice) {
  const fs::path self = fs::read_symlink("/proc/self/exe");
  const fs::path cli = self.parent_path().parent_path() / "apps" / "smvn-sim";
  if (!fs::exists(cli)) GTEST_SKIP() << "build the smvn-sim target first (" << cli << " not found)";
  const fs::path d1 = fresh_dir("cli1"), d2 = fresh_dir("cli2");
  const std::string base = cli.string() + " probe memory --max 262144 --csv -o ";
  ASSERT_EQ(std::system((base + d1.string() + " >" + (d1.string() + ".out") + " 2>/dev/null").c_str()), 0);
  ASSERT_EQ(std::system((base + d2.string() + " >" + (d2.string() + ".out") + " 2>/dev/null").c_str()), 0);
  const std::string s1 = read_text((d1 / "stats.txt").string()), s2 = read_text((d2 / "stats.txt").string());
  EXPECT_FALSE(s1.empty());
  EXPECT_TRUE(s1 == s2) << "stats.txt differs between two identical runs";
  EXPECT_THAT(s1, Not(HasSubstr("host")));
  EXPECT_TRUE(read_text(d1.string() + ".out") == read_text(d2.string() + ".out")) << "the latency table differs";
  EXPECT_THAT(read_text(d1.string() + ".out"), HasSubstr("working_set_bytes,latency_ns"));
  for (const auto& d : {d1, d2}) {
    fs::remove_all(d);
    fs::remove(d.string() + ".out");
  }
}
