// `smvn probe smvn` (apps/probe_smvn.h) on the paper's cluster, small: latency grows with
// hops and frame size, streaming throughput with frame size, zero-copy beats copy mode
// because the driver copies nothing; and the smvn: section's mistakes are refused naming
// file, line and key.
#include <sstream>

#include <gtest/gtest.h>

#include "apps/probe_smvn.h"
#include "smvn_harness.h"

using namespace smvn;
using namespace smvn::testing_smvn;

namespace {

std::vector<SmvnPoint> probe(bool zero_copy) {
  const ConfigNode cfg = smvn_config([&](YAML::Node& s) { s["zero_copy"] = zero_copy; });
  Simulation sim(cfg);
  SmvnNetwork net(cfg.child_or_empty("smvn"), sim.cluster());
  SmvnProbeOptions opt;
  opt.pairs = parse_pairs("0-1,0-3", kNodes);
  opt.frame_bytes = {60, 1514};
  opt.ping_warmup = 2;
  opt.ping_iterations = 10;
  opt.stream_frames = 60;
  return probe_smvn(sim, net, opt);
}

const SmvnPoint& at(const std::vector<SmvnPoint>& pts, unsigned dst, uint32_t bytes) {
  for (const SmvnPoint& p : pts)
    if (p.dst == dst && p.frame_bytes == bytes) return p;
  throw std::runtime_error("no point");
}

// The configuration error EDIT causes ("" for none), from a run in a child process
// (SystemC elaborates once per process).
std::string config_error(const std::function<void(YAML::Node&)>& edit) {
  return testing_node::run_in_child([&]() -> std::string {
    try {
      const ConfigNode cfg = smvn_config(edit);
      Simulation sim(cfg);
      SmvnNetwork net(cfg.child_or_empty("smvn"), sim.cluster());
      sim.run(sc_core::sc_time(1, sc_core::SC_US));  // checks every key was used
    } catch (const ConfigError& e) {
      return e.what();
    }
    return "";
  });
}

// The 1514-byte point to node 1 as "throughput latency", from a child process.
std::string large_frame_point(bool zero_copy) {
  return testing_node::run_in_child([zero_copy] {
    const auto pts = probe(zero_copy);
    return std::to_string(at(pts, 1, 1514).throughput_mbps) + " " + std::to_string(at(pts, 1, 1514).latency_us);
  });
}

}  // namespace

TEST(SmvnProbe, LatencyAndThroughputFollowHopsAndSizes) {
  const auto pts = probe(false);
  ASSERT_EQ(pts.size(), 4u);
  EXPECT_EQ(at(pts, 1, 60).hops, 1u);
  EXPECT_EQ(at(pts, 3, 60).hops, 2u);
  // One more hop each way costs time; so does a longer frame.
  EXPECT_GT(at(pts, 3, 60).latency_us, at(pts, 1, 60).latency_us);
  EXPECT_GT(at(pts, 1, 1514).latency_us, at(pts, 1, 60).latency_us);
  // Per-frame costs (locks, interrupts, list walks) dominate small frames.
  EXPECT_GT(at(pts, 1, 1514).throughput_mbps, 4 * at(pts, 1, 60).throughput_mbps);
  for (const SmvnPoint& p : pts) {
    EXPECT_GT(p.latency_us, 0.5) << p.dst << " " << p.frame_bytes;  // an interrupt alone is ~0.8 us
    EXPECT_LT(p.latency_us, 50.0);
  }
}

TEST(SmvnProbe, ZeroCopyIsFasterForLargeFrames) {
  const std::string c = large_frame_point(false), z = large_frame_point(true);
  double ct = 0, cl = 0, zt = 0, zl = 0;
  ASSERT_EQ(std::sscanf(c.c_str(), "%lf %lf", &ct, &cl), 2) << c;
  ASSERT_EQ(std::sscanf(z.c_str(), "%lf %lf", &zt, &zl), 2) << z;
  EXPECT_GT(zt, ct);
  EXPECT_LT(zl, cl);
}

TEST(SmvnConfig, MistakesNameTheKey) {
  EXPECT_NE(config_error([](YAML::Node& s) { s["pool"]["size"] = "4KiB"; }).find("smvn.pool.size: SMVN pool: 4096 bytes hold 2 slots"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["pool"]["master"] = 4; }).find("smvn.pool.master: node 4 does not exist"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["pool"]["placement"] = "everywhere"; }).find("smvn.pool.placement"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["pool"]["offset"] = "255MiB"; }).find("smvn.pool.offset: the pool"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["rx_buffer_offset"] = "255MiB"; }).find("smvn.rx_buffer_offset"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["rx_core"] = 4; }).find("smvn.rx_core: core 4 does not exist"),
            std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["mtu"] = 20000; }).find("smvn.mtu"), std::string::npos);
  EXPECT_NE(config_error([](YAML::Node& s) { s["pool"]["cacheabel"] = false; }).find("smvn.pool.cacheabel"),
            std::string::npos);
  // And a correct section is accepted.
  EXPECT_EQ(config_error([](YAML::Node& s) { s["pool"]["size"] = "1MiB"; }), "");
}

// The same configuration and seed give byte-identical statistics, driver counters and
// histograms included, in copy and zero-copy mode.
TEST(SmvnProbe, Deterministic) {
  for (bool zero_copy : {false, true}) {
    const auto stats = [zero_copy] {
      return testing_node::run_in_child([zero_copy] {
        const ConfigNode cfg = smvn_config([&](YAML::Node& s) { s["zero_copy"] = zero_copy; });
        Simulation sim(cfg);
        SmvnNetwork net(cfg.child_or_empty("smvn"), sim.cluster());
        net.register_stats(sim.stats());
        SmvnProbeOptions opt;
        opt.pairs = parse_pairs("all", kNodes);
        opt.frame_bytes = {100, 1514};
        opt.ping_iterations = 3;
        opt.stream_frames = 20;
        probe_smvn(sim, net, opt);
        std::ostringstream out;
        sim.stats().write_text(out);
        return out.str();
      });
    };
    const std::string a = stats(), b = stats();
    EXPECT_GT(a.size(), 10000u);
    EXPECT_NE(a.find("smvn.node3.rx_frames"), std::string::npos);
    EXPECT_EQ(a, b) << (zero_copy ? "zero-copy" : "copy");
  }
}
