// Long runs: a wall-clock limit stops the simulation cleanly (statistics still written),
// and the monitor never keeps a finished or stuck simulation alive.
#include <filesystem>
#include <fstream>
#include <sstream>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "node_harness.h"

using namespace smvn;
using namespace smvn::testing_node;
using ::testing::HasSubstr;

TEST(RunMonitor, HostTimeLimitStopsAnEndlessProgramAndStatsAreWritten) {
  Simulation sim(node_config([](YAML::Node& y) {
    y["sim"]["host_time_limit_s"] = 0.2;
    y["sim"]["monitor_interval_us"] = 10;
  }));
  sim.cluster().core(0).set_program([](Core& c) {
    for (;;) {  // a program that never ends
      c.exec(1000);
      (void)c.load<uint64_t>(0x100000);
    }
  });
  sim.run();
  EXPECT_EQ(sim.stopped_early(), RunMonitor::Stop::HostTimeLimit);
  EXPECT_GE(sim.host_seconds(), 0.1);  // the limit counts from elaboration, a little earlier
  EXPECT_LT(sim.host_seconds(), 30.0);
  EXPECT_GT(sim.stats().value("cluster.node0.core0.loads"), 0);
  const auto dir = std::filesystem::path(::testing::TempDir()) / "monitor-limit";
  sim.write_outputs(dir);
  std::ifstream in(dir / "stats.txt");
  std::stringstream text;
  text << in.rdbuf();
  EXPECT_THAT(text.str(), HasSubstr("cluster.node0.core0.loads"));
}

TEST(RunMonitor, FinishedRunEndsWithoutTheMonitor) {
  Simulation sim(node_config([](YAML::Node& y) { y["sim"]["monitor_interval_us"] = 0.01; }));
  sim.cluster().core(0).set_program([](Core& c) { c.exec(525); });  // 1 us of work
  const sc_core::sc_time end = sim.run();
  EXPECT_EQ(sim.stopped_early(), RunMonitor::Stop::None);
  EXPECT_LT(end, sc_core::sc_time(2, sc_core::SC_US));  // not kept alive by the 10 ns checks
}
