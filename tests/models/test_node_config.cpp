// Node configuration errors: each names the file, the line and the dotted key. No
// simulation is built; ClusterParams::from_config reads what the cluster reads and
// check_all_used() reports keys nobody read (Simulation::run() calls it).
#include <string>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "models/cluster.h"
#include "node_harness.h"
#include "sim/config.h"

using namespace smvn;
using namespace smvn::testing_node;
using ::testing::HasSubstr;

namespace {

// Reads TEXT as a whole configuration the way a run does; returns the error message
// ("" when the configuration is accepted).
std::string config_error(const std::string& text, std::string* key = nullptr, int* line = nullptr) {
  try {
    ConfigNode root = ConfigNode::parse_string(text, "node-test.yaml");
    (void)root.get<uint64_t>("seed", 1);  // Simulation's own key
    (void)ClusterParams::from_config(root);
    root.check_all_used();
  } catch (const ConfigError& e) {
    if (key) *key = e.key();
    if (line) *line = e.line();
    return e.what();
  }
  return "";
}

}  // namespace

TEST(NodeConfig, ShippedNodeConfigIsValid) {
  EXPECT_EQ(config_error(read_text(node_config_path())), "");
  ConfigNode root = ConfigNode::parse_file(node_config_path());
  const ClusterParams p = ClusterParams::from_config(root);
  EXPECT_EQ(p.node.cores, 4u);
  EXPECT_EQ(p.node.core.clock_mhz, 525.0);
  EXPECT_EQ(p.node.l1d.size_bytes, 64u << 10);
  EXPECT_EQ(p.node.l2.bank_bytes, 1u << 20);
  EXPECT_EQ(p.node.memory_bytes, 256ull << 20);
  EXPECT_EQ(p.quantum_ps, 1'000'000u);
}

TEST(NodeConfig, UnknownKeyUnderL1d) {
  std::string key;
  int line = 0;
  const std::string e = config_error(
      "seed: 1\n"
      "node:\n"
      "  cores: 4\n"
      "  l1d:\n"
      "    size: 64KiB\n"
      "    wayz: 4\n",
      &key, &line);
  EXPECT_THAT(e, HasSubstr("node-test.yaml:6:"));
  EXPECT_THAT(e, HasSubstr("node.l1d.wayz"));
  EXPECT_EQ(key, "node.l1d.wayz");
  EXPECT_EQ(line, 6);
}

TEST(NodeConfig, WrongTypeForWays) {
  const std::string e = config_error(
      "node:\n"
      "  l1d:\n"
      "    size: 64KiB\n"
      "    ways: four\n");
  EXPECT_THAT(e, HasSubstr(":4:"));
  EXPECT_THAT(e, HasSubstr("node.l1d.ways"));
}

TEST(NodeConfig, WaysOutOfRange) {
  const std::string e = config_error(
      "node:\n"
      "  l1d:\n"
      "    ways: 0\n");
  EXPECT_THAT(e, HasSubstr(":3:"));
  EXPECT_THAT(e, HasSubstr("node.l1d.ways"));
}

TEST(NodeConfig, NonPowerOfTwoL1Geometry) {
  // 48 KiB / (4 ways * 32 B) = 384 sets: not a power of two.
  const std::string e = config_error(
      "node:\n"
      "  cores: 4\n"
      "  l1d:\n"
      "    ways: 4\n"
      "    size: 48KiB\n");
  EXPECT_THAT(e, HasSubstr(":5:"));
  EXPECT_THAT(e, HasSubstr("node.l1d.size"));
}

TEST(NodeConfig, NonPowerOfTwoL2Geometry) {
  const std::string e = config_error(
      "node:\n"
      "  l2:\n"
      "    bank_size: 768KiB\n"
      "    ways: 4\n");
  EXPECT_THAT(e, HasSubstr(":3:"));
  EXPECT_THAT(e, HasSubstr("node.l2.bank_size"));
}

TEST(NodeConfig, L1AndL2LineSizesDiffer) {
  std::string key;
  const std::string e = config_error(
      "node:\n"
      "  l1d:\n"
      "    line_bytes: 64\n"
      "    size: 64KiB\n"
      "  l1i:\n"
      "    line_bytes: 64\n"
      "  l2:\n"
      "    line_bytes: 32\n",
      &key);
  EXPECT_THAT(e, HasSubstr(":7:"));
  EXPECT_THAT(e, HasSubstr("node.l2"));
  EXPECT_THAT(e, HasSubstr("line"));
}

TEST(NodeConfig, UncachedRangeOutsideMemory) {
  std::string key;
  const std::string e = config_error(
      "node:\n"
      "  memory_size: 256MiB\n"
      "  uncached:\n"
      "    - base: 0x0F000000\n"
      "      size: 32MiB\n",
      &key);
  EXPECT_THAT(e, HasSubstr(":5:"));
  EXPECT_THAT(e, HasSubstr("node.uncached[0].size"));
  EXPECT_THAT(e, HasSubstr("inside"));
}

TEST(NodeConfig, UncachedRangeBaseBeyondMemory) {
  const std::string e = config_error(
      "node:\n"
      "  memory_size: 16MiB\n"
      "  uncached:\n"
      "    - {base: 0x100000, size: 1MiB}\n"
      "    - base: 0x2000000\n"
      "      size: 4KiB\n");
  EXPECT_THAT(e, HasSubstr("node.uncached[1]"));
  EXPECT_THAT(e, HasSubstr(":6:"));
}

TEST(NodeConfig, UnknownKeyInUncachedRange) {
  const std::string e = config_error(
      "node:\n"
      "  uncached:\n"
      "    - base: 0x100000\n"
      "      size: 1MiB\n"
      "      cacheable: false\n");
  EXPECT_THAT(e, HasSubstr(":5:"));
  EXPECT_THAT(e, HasSubstr("node.uncached[0].cacheable"));
}

TEST(NodeConfig, MemorySizeNotAMultipleOfThePage) {
  const std::string e = config_error(
      "sim:\n"
      "  quantum_ns: 1000\n"
      "node:\n"
      "  memory_size: 1000000\n");
  EXPECT_THAT(e, HasSubstr(":4:"));
  EXPECT_THAT(e, HasSubstr("node.memory_size"));
}

TEST(NodeConfig, BadValuesInOtherSections) {
  struct Case {
    const char* yaml;
    const char* key;
    const char* line;
  } cases[] = {
      {"node:\n  core:\n    max_outstanding_misses: 0\n", "node.core.max_outstanding_misses", ":3:"},
      {"node:\n  core:\n    clock_mhz: fast\n", "node.core.clock_mhz", ":3:"},
      {"node:\n  core:\n    burst_chunk: 16\n", "node.core.burst_chunk", ":3:"},
      {"node:\n  l2:\n    banks: 3\n", "node.l2.banks", ":3:"},
      {"node:\n  crossbar:\n    hop_cycles: -1\n", "node.crossbar.hop_cycles", ":3:"},
      {"node:\n  ddr2:\n    banks: 6\n", "node.ddr2.banks", ":3:"},
      {"node:\n  ddr2:\n    t_cl: 0\n", "node.ddr2.t_cl", ":3:"},
      {"sim:\n  quantum_ns: 0\n", "sim.quantum_ns", ":2:"},
      {"node:\n  l1i:\n    line_bytes: 24\n", "node.l1i.line_bytes", ":3:"},
      {"node:\n  cores: 4\n  memory_crossbar:\n    hop_cycle: 4\n", "node.memory_crossbar.hop_cycle", ":4:"},
  };
  for (const Case& c : cases) {
    SCOPED_TRACE(c.yaml);
    const std::string e = config_error(c.yaml);
    EXPECT_THAT(e, HasSubstr(c.key));
    EXPECT_THAT(e, HasSubstr(c.line));
    EXPECT_THAT(e, HasSubstr("node-test.yaml"));
  }
}
