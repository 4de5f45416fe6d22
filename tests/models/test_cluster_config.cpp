// How a cluster configuration names its topology (ClusterParams::from_config): an inline
// `topology:` section or a `topology_file:`, never both; a missing file is reported with
// its path; a larger mesh (2x4) builds its nodes and serves remote homes over its links.
// One Simulation and one run() per TEST (ctest runs each TEST in its own process).
#include <cstdint>
#include <string>

#include <gtest/gtest.h>

#include "apps/simulation.h"
#include "models/cluster.h"
#include "models/ht_fabric.h"
#include "models/ht_link.h"
#include "node_harness.h"
#include "sim/config.h"

using namespace smvn;
using namespace smvn::testing_node;

namespace {

const char* kInlineMesh =
    "topology:\n"
    "  kind: mesh\n"
    "  dims: [2, 2]\n";

// Returns the ConfigError that building the cluster parameters from TEXT throws.
ConfigError cluster_params_error(const std::string& text, const std::string& name) {
  const ConfigNode root = ConfigNode::parse_string(text, name);
  try {
    (void)ClusterParams::from_config(root);
  } catch (const ConfigError& e) {
    return e;
  }
  ADD_FAILURE() << "no ConfigError for:\n" << text;
  return ConfigError(name, 0, "", "none");
}

}  // namespace

TEST(ClusterConfig, TopologySectionAndTopologyFileTogetherIsAnError) {
  const std::string text = std::string("seed: 3\n") + kInlineMesh + "topology_file: topologies/mesh-2x2.yaml\n";
  const ConfigError e = cluster_params_error(text, "both.yaml");
  EXPECT_EQ(e.key(), "topology_file");
  EXPECT_NE(std::string(e.what()).find("topology_file"), std::string::npos) << e.what();
  EXPECT_NE(std::string(e.what()).find("both.yaml"), std::string::npos) << e.what();
  EXPECT_EQ(e.line(), 5) << "the line of topology_file: " << e.what();
}

TEST(ClusterConfig, MissingTopologyFileIsAnErrorWithItsPath) {
  {
    const ConfigError e = cluster_params_error("topology_file: topologies/no-such-mesh.yaml\n", "missing.yaml");
    EXPECT_EQ(e.key(), "topology_file");
    EXPECT_NE(std::string(e.what()).find("topologies/no-such-mesh.yaml"), std::string::npos) << e.what();
    EXPECT_NE(std::string(e.what()).find("missing.yaml:1"), std::string::npos) << e.what();
  }
  {
    const ConfigError e = cluster_params_error("topology_file: /nonexistent/dir/mesh.yaml\n", "abs.yaml");
    EXPECT_EQ(e.key(), "topology_file");
    EXPECT_NE(std::string(e.what()).find("/nonexistent/dir/mesh.yaml"), std::string::npos) << e.what();
  }
}

// The shipped files resolve (beside the config, else in the source tree) and an inline
// section gives the same machine as the file it copies.
TEST(ClusterConfig, InlineSectionAndShippedFileGiveTheSameMesh) {
  const ClusterParams from_file =
      ClusterParams::from_config(ConfigNode::parse_file(source_path("configs/paper-cluster.yaml")));
  const ClusterParams inline_section = ClusterParams::from_config(ConfigNode::parse_string(kInlineMesh, "inline.yaml"));
  ASSERT_TRUE(from_file.topology && inline_section.topology);
  EXPECT_EQ(from_file.topology->nodes(), 4u);
  EXPECT_EQ(inline_section.topology->nodes(), 4u);
  EXPECT_EQ(from_file.topology->route_table(), inline_section.topology->route_table());
  const ClusterParams single = ClusterParams::from_config(ConfigNode::parse_string("seed: 1\n", "none.yaml"));
  EXPECT_EQ(single.topology->nodes(), 1u) << "no topology: one node";
}

// A 2x4 mesh (topologies/mesh-2x4.yaml): 8 nodes, 32 cores. Core 28 (node 7, "31", the far
// corner: 1 + 3 = 4 hops from node 0) loads words homed at node 0 written beforehand with
// PhysicalMemory::store, and a line homed at node 7 itself for comparison; the remote
// load costs exactly the local one plus the fabric's round trip (see
// ClusterLatency.RemoteLoadCostsTheFabricRoundTripPerHop for the derivation). A store by
// node 7 to node 0's memory is then seen by a core of node 0.
TEST(ClusterConfig, Mesh2x4BuildsEightNodesAndServesFarHomes) {
  Simulation sim(ConfigNode::parse_string("seed: 1\ntopology_file: topologies/mesh-2x4.yaml\n", "mesh-2x4-run.yaml"));
  Cluster& cl = sim.cluster();
  ASSERT_EQ(cl.nodes(), 8u);
  EXPECT_EQ(cl.total_cores(), 32u);
  EXPECT_EQ(cl.topology().mesh_width(), 2u);
  EXPECT_EQ(cl.topology().mesh_height(), 4u);
  EXPECT_EQ(cl.topology().name(7), "31");
  EXPECT_EQ(cl.hops(7, 0), 4u);
  EXPECT_EQ(cl.address_map().node_base(7), 7ull * (256ull << 20));
  EXPECT_EQ(cl.address_map().home_node(cl.address_map().node_base(7) + 100), 7u);
  EXPECT_EQ(cl.memory().size(), 8ull * (256ull << 20));

  constexpr uint64_t kOffset = 0x654320;  // line-aligned
  const uint64_t far = cl.address_map().node_base(0) + kOffset, near = cl.address_map().node_base(7) + kOffset;
  for (unsigned i = 0; i < 4; ++i) cl.memory().store<uint64_t>(far + 8 * i, 0x1111'0000'0000'0000ull + i);
  cl.memory().store<uint64_t>(near, 0x7777);
  uint64_t got[4] = {}, got_near = 0, seen_by_node0 = 0;
  Picos lat_near = 0, lat_far = 0;
  bool stored = false;
  cl.core(28).set_program([&](Core& c) {
    auto t0 = c.now();
    got_near = c.load<uint64_t>(near);
    lat_near = (c.now() - t0).value();
    t0 = c.now();
    got[0] = c.load<uint64_t>(far);
    lat_far = (c.now() - t0).value();
    for (unsigned i = 1; i < 4; ++i) got[i] = c.load<uint64_t>(far + 8 * i);
    c.store<uint64_t>(far + 8, 0xabcdef);
    stored = true;
  });
  cl.core(1).set_program([&](Core& c) {
    while (!stored) {
      c.stall_cycles(50);
      c.relax();
    }
    seen_by_node0 = c.load<uint64_t>(far + 8);
  });
  sim.run();
  EXPECT_EQ(got_near, 0x7777u);
  for (unsigned i = 0; i < 4; ++i) EXPECT_EQ(got[i], 0x1111'0000'0000'0000ull + i) << i;
  EXPECT_EQ(seen_by_node0, 0xabcdefu);
  EXPECT_EQ(cl.memory().load<uint64_t>(far + 8), 0xabcdefu);

  const Clock core(cl.params().node.core.clock_mhz);
  const Picos hop = core.cycles(cl.params().node.crossbar.hop_cycles);
  const Picos round_trip = cl.fabric().unloaded_time(7, 0, HtPacket::read_request()) +
                           cl.fabric().unloaded_time(0, 7, HtPacket::read_response(32));
  EXPECT_EQ(lat_far, lat_near + 2 * hop + round_trip);
  // Four hops each way, every one router + serialization on an 8-bit 800 MHz link.
  EXPECT_EQ(round_trip, 4 * (2 * 20000u + 5040u + 22676u));
  EXPECT_EQ(sim.stats().value("cluster.node7.core0_l1d.read_misses"), 2);
}
