// Run output folder: stats files, resolved config, host figures and the banner.
#include <filesystem>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string>

#include <gmock/gmock.h>
#include <fmt/format.h>
#include <gtest/gtest.h>

#include "sim/config.h"
#include "sim/run_output.h"
#include "sim/stats.h"

namespace smvn {
namespace {

namespace fs = std::filesystem;
using ::testing::HasSubstr;
using ::testing::Not;

std::string read_file(const fs::path& p) {
  std::ifstream in(p, std::ios::binary);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

class RunOutputTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    base_ = fs::path(::testing::TempDir()) / "smvn_run_output_test" / info->name();
    fs::remove_all(base_);
  }
  fs::path base_;
};

// A registry as a small simulation would build it.
struct SampleStats {
  uint64_t reads = 1000, writes = 250;
  Histogram latency{16, 8};
  StatsRegistry reg;
  SampleStats() {
    for (uint64_t v : {3, 20, 40, 500}) latency.sample(v);
    reg.counter("node0.l1d.reads", reads, "reads");
    reg.counter("node0.l1d.writes", writes, "writes");
    reg.formula("node0.l1d.write_ratio", [this] { return double(writes) / double(reads + writes); }, "writes/all");
    reg.histogram("node0.l1d.latency", latency, "access latency (cycles)");
  }
};

TEST_F(RunOutputTest, CreatesNestedFolder) {
  const fs::path dir = base_ / "a" / "b" / "run1";
  RunOutput out(dir);
  EXPECT_TRUE(fs::is_directory(dir));
  EXPECT_EQ(out.dir(), dir);
  EXPECT_EQ(out.path("stats.txt"), dir / "stats.txt");
  RunOutput again(dir);  // an existing folder is fine
  EXPECT_TRUE(fs::is_directory(again.dir()));
}

TEST_F(RunOutputTest, FolderThatIsAFileIsAnError) {
  fs::create_directories(base_);
  std::ofstream(base_ / "file") << "x";
  try {
    RunOutput out(base_ / "file");
    FAIL() << "expected std::runtime_error";
  } catch (const std::runtime_error& e) {
    EXPECT_THAT(e.what(), HasSubstr("file"));
  }
}

TEST_F(RunOutputTest, WritesStatsTextAndJson) {
  SampleStats s;
  RunOutput out(base_);
  out.write_stats(s.reg);
  std::ostringstream expected;
  s.reg.write_text(expected);
  // The registry's lines, with how the run ended right after the opening line.
  std::string text = expected.str();
  text.insert(text.find('\n') + 1,
              fmt::format("{:<60} {:>20} # how the run ended: completed, time_limit, interrupted, mpi_error, "
                          "rank_fault, deadlock, error\n{:<60} {:>20} # the exit status of the command\n",
                          "run.stop_reason", "completed", "run.exit_status", 0));
  EXPECT_EQ(read_file(base_ / "stats.txt"), text);
  nlohmann::json j = nlohmann::json::parse(read_file(base_ / "stats.json"));
  EXPECT_EQ(j["run.stop_reason"], "completed");
  EXPECT_EQ(j["run.exit_status"], 0);
  j.erase("run.stop_reason");
  j.erase("run.exit_status");
  EXPECT_EQ(j, s.reg.to_json());
  EXPECT_EQ(j["node0.l1d.reads"].get<uint64_t>(), 1000u);
  EXPECT_EQ(j["node0.l1d.latency"]["samples"].get<uint64_t>(), 4u);
}

// A run that stopped early says so, with why, in all three files (issue 13).
TEST_F(RunOutputTest, StopRecordGoesIntoEveryFile) {
  SampleStats s;
  RunOutput out(base_);
  const StopRecord stop{StopReason::RankFault, 139, "rank 1 on core 4 was killed by SIGSEGV"};
  out.write_stats(s.reg, stop);
  out.write_host_stats(1.0, 0.5, stop);
  const std::string text = read_file(base_ / "stats.txt");
  EXPECT_THAT(text, HasSubstr("run.stop_reason"));
  EXPECT_THAT(text, ::testing::ContainsRegex("run\\.stop_reason +rank_fault #"));
  EXPECT_THAT(text, ::testing::ContainsRegex("run\\.exit_status +139 #"));
  EXPECT_THAT(text, HasSubstr("\"rank 1 on core 4 was killed by SIGSEGV\""));
  const nlohmann::json j = nlohmann::json::parse(read_file(base_ / "stats.json"));
  EXPECT_EQ(j["run.stop_reason"], "rank_fault");
  EXPECT_EQ(j["run.exit_status"], 139);
  EXPECT_EQ(j["run.stop_detail"], stop.detail);
  const std::string host = read_file(base_ / "host.txt");
  EXPECT_THAT(host, ::testing::ContainsRegex("stop_reason +rank_fault"));
  EXPECT_THAT(host, ::testing::ContainsRegex("exit_status +139"));
}

TEST_F(RunOutputTest, StatsFilesAreByteIdenticalAcrossRuns) {
  SampleStats s1, s2;
  RunOutput run1(base_ / "run1"), run2(base_ / "run2");
  run1.write_stats(s1.reg);
  run1.write_host_stats(1.25, 0.001);
  run2.write_stats(s2.reg);
  run2.write_host_stats(9.5, 0.001);  // a slower host
  EXPECT_EQ(read_file(base_ / "run1" / "stats.txt"), read_file(base_ / "run2" / "stats.txt"));
  EXPECT_EQ(read_file(base_ / "run1" / "stats.json"), read_file(base_ / "run2" / "stats.json"));
  EXPECT_NE(read_file(base_ / "run1" / "host.txt"), read_file(base_ / "run2" / "host.txt"));
}

TEST_F(RunOutputTest, HostFiguresStayOutOfStats) {
  SampleStats s;
  RunOutput out(base_);
  out.write_host_stats(2.0, 0.5);
  out.write_stats(s.reg);
  for (const char* f : {"stats.txt", "stats.json"}) {
    const std::string t = read_file(base_ / f);
    EXPECT_THAT(t, Not(HasSubstr("host_seconds"))) << f;
    EXPECT_THAT(t, Not(HasSubstr(host_name()))) << f;
  }
}

TEST_F(RunOutputTest, HostStats) {
  RunOutput out(base_);
  out.write_host_stats(2.0, 0.5);
  const std::string t = read_file(base_ / "host.txt");
  EXPECT_THAT(t, HasSubstr("host_seconds"));
  EXPECT_THAT(t, HasSubstr(" 2.000000 "));
  EXPECT_THAT(t, HasSubstr("sim_seconds"));
  EXPECT_THAT(t, HasSubstr(" 0.500000000000 "));
  EXPECT_THAT(t, HasSubstr("sim_seconds_per_host_second"));
  EXPECT_THAT(t, HasSubstr(" 0.25 "));
}

TEST_F(RunOutputTest, HostStatsWithZeroHostTime) {
  RunOutput out(base_);
  out.write_host_stats(0.0, 0.5);
  EXPECT_THAT(read_file(base_ / "host.txt"), HasSubstr(" nan "));
}

TEST_F(RunOutputTest, ResolvedConfigRoundTrips) {
  ConfigNode c = ConfigNode::parse_string("seed: 3\nnode:\n  l1d: {ways: 4}\n", "cfg");
  c.get<uint64_t>("seed");
  c.child("node").child("l1d").get<int>("ways");
  c.child("node").child("l1d").get_bytes("size", 64 * 1024);
  c.get<std::string>("label", "a: b");
  RunOutput out(base_);
  out.write_resolved_config(c.resolved());
  const std::string text = read_file(base_ / "config.resolved.yaml");
  ConfigNode back = ConfigNode::parse_string(text, "resolved");
  EXPECT_EQ(back.get<uint64_t>("seed"), 3u);
  EXPECT_EQ(back.child("node").child("l1d").get<int>("ways"), 4);
  EXPECT_EQ(back.child("node").child("l1d").get_bytes("size"), 65536u);
  EXPECT_EQ(back.get<std::string>("label"), "a: b");
  EXPECT_NO_THROW(back.check_all_used());
}

TEST(Banner, FormatHoldsEveryField) {
  BannerInfo info;
  info.program = "smvn-sim";
  info.version = "0.1.0";
  info.command_line = "smvn-sim run configs/mesh.yaml --seed 7";
  info.host = "build-host-3";
  info.seed = 7;
  info.config_file = "configs/mesh.yaml";
  const std::string b = format_banner(info);
  EXPECT_EQ(b.substr(0, b.find('\n')), "smvn-sim 0.1.0");
  EXPECT_THAT(b, HasSubstr("host     build-host-3\n"));
  EXPECT_THAT(b, HasSubstr("command  smvn-sim run configs/mesh.yaml --seed 7\n"));
  EXPECT_THAT(b, HasSubstr("config   configs/mesh.yaml\n"));
  EXPECT_THAT(b, HasSubstr("seed     7\n"));
}

TEST(Banner, NoConfigLineWithoutConfig) {
  BannerInfo info{"p", "1", "p --x", "h", 18446744073709551615ull, ""};
  const std::string b = format_banner(info);
  EXPECT_THAT(b, Not(HasSubstr("config")));
  EXPECT_THAT(b, HasSubstr("seed     18446744073709551615\n"));
}

TEST_F(RunOutputTest, BannerNamesHostAndFolder) {
  RunOutput out(base_);
  const std::string b = out.banner("smvn-sim", "0.1.0", "smvn-sim run x.yaml", 11, "x.yaml");
  EXPECT_THAT(b, HasSubstr("smvn-sim 0.1.0"));
  EXPECT_THAT(b, HasSubstr("host     " + host_name() + "\n"));
  EXPECT_THAT(b, HasSubstr("seed     11\n"));
  EXPECT_THAT(b, HasSubstr("output   " + base_.string() + "\n"));
  EXPECT_FALSE(host_name().empty());
}

TEST(CommandLine, QuotesWhatTheShellWouldSplit) {
  const char* argv[] = {"smvn-sim", "--out", "runs/a b", "--tag", "it's", "", "--seed=7"};
  EXPECT_EQ(join_command_line(7, argv), "smvn-sim --out 'runs/a b' --tag 'it'\\''s' '' --seed=7");
}

}  // namespace
}  // namespace smvn
