// Topologies: generators, X-Y and shortest-path routes, validation messages, printing.
// No SystemC simulation is built, so these tests can share one process.
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <sstream>

#include <unistd.h>
#include <string>
#include <vector>

#include <gmock/gmock.h>
#include <gtest/gtest.h>

#include "apps/routes_command.h"
#include "models/topology.h"
#include "sim/config.h"

using namespace smvn;
using ::testing::ElementsAre;
using ::testing::HasSubstr;

namespace {

std::string topo_dir() { return std::string(SMVN_SOURCE_DIR) + "/topologies"; }
std::string shipped(const std::string& name) { return topo_dir() + "/" + name + ".yaml"; }
// A scratch file name no other test process (or other user's run) shares.
std::string temp_file(const std::string& stem) {
  return (std::filesystem::temp_directory_path() / (stem + "-" + std::to_string(getpid()))).string();
}

// Reads TEXT as a whole topology file the way load_file does.
Topology parse(const std::string& text) {
  ConfigNode root = ConfigNode::parse_string(text, "topo-test.yaml");
  Topology t = Topology::from_config(root.child("topology"));
  root.check_all_used();
  return t;
}

// The error message TEXT gives ("" when it is accepted).
std::string error_of(const std::string& text) {
  try {
    parse(text);
  } catch (const ConfigError& e) {
    return e.what();
  }
  return "";
}

unsigned id(const Topology& t, const std::string& name) {
  const int v = t.find(name);
  if (v < 0) throw std::runtime_error("no vertex named " + name);
  return unsigned(v);
}

// The route from SRC to DST by names.
std::vector<std::string> path(const Topology& t, const std::string& src, const std::string& dst) {
  std::vector<std::string> out;
  for (unsigned v : t.route(id(t, src), id(t, dst))) out.push_back(t.name(v));
  return out;
}

// Every step of every route crosses a link, and the route runs from src to dst.
void expect_routes_follow_links(const Topology& t) {
  for (unsigned s = 0; s < t.nodes(); ++s)
    for (unsigned d = 0; d < t.nodes(); ++d) {
      // Only standalone nodes (the Fast Ethernet baseline's) lack HT routes.
      ASSERT_EQ(t.connected(s, d), s == d || t.kind() != "standalone");
      if (!t.connected(s, d)) {
        EXPECT_THROW(t.route(s, d), std::runtime_error);
        continue;
      }
      const auto& r = t.route(s, d);
      ASSERT_FALSE(r.empty());
      EXPECT_EQ(r.front(), s);
      EXPECT_EQ(r.back(), d);
      EXPECT_EQ(t.hops(s, d), r.size() - 1);
      for (std::size_t i = 0; i + 1 < r.size(); ++i)
        EXPECT_GE(t.link_between(r[i], r[i + 1]), 0) << t.name(r[i]) << " - " << t.name(r[i + 1]);
    }
}

// X-Y routing: a route changes x only until it first changes y, and is as short as the
// Manhattan distance.
void expect_xy_routes(const Topology& t) {
  ASSERT_EQ(t.kind(), "mesh");
  expect_routes_follow_links(t);
  for (unsigned s = 0; s < t.nodes(); ++s)
    for (unsigned d = 0; d < t.nodes(); ++d) {
      const auto& r = t.route(s, d);
      bool moved_y = false;
      for (std::size_t i = 0; i + 1 < r.size(); ++i) {
        const bool x_step = t.mesh_x(r[i]) != t.mesh_x(r[i + 1]);
        if (x_step) EXPECT_FALSE(moved_y) << "route " << t.name(s) << " -> " << t.name(d) << " moves X after Y";
        else moved_y = true;
      }
      const int dx = int(t.mesh_x(s)) - int(t.mesh_x(d)), dy = int(t.mesh_y(s)) - int(t.mesh_y(d));
      EXPECT_EQ(t.hops(s, d), unsigned(std::abs(dx) + std::abs(dy)));
    }
}

}  // namespace

// ---------------------------------------------------------------------------------------
// Shapes and routes

TEST(Topology, Mesh2x2TakesGodsonRequestAndReplyPaths) {
  const Topology t = Topology::load_file(shipped("mesh-2x2"));
  EXPECT_EQ(t.kind(), "mesh");
  EXPECT_EQ(t.nodes(), 4u);
  EXPECT_EQ(t.vertices(), 4u);
  EXPECT_EQ(t.mesh_width(), 2u);
  EXPECT_EQ(t.mesh_height(), 2u);
  // Node id = y*W + x, named "<y><x>" (Godson's chip numbering).
  EXPECT_EQ(t.name(0), "00");
  EXPECT_EQ(t.name(1), "01");
  EXPECT_EQ(t.name(2), "10");
  EXPECT_EQ(t.name(3), "11");
  // 3A1000 manual ch.9: request 11 -> 00 via 10, reply 00 -> 11 via 01.
  EXPECT_THAT(path(t, "11", "00"), ElementsAre("11", "10", "00"));
  EXPECT_THAT(path(t, "00", "11"), ElementsAre("00", "01", "11"));
  EXPECT_THAT(path(t, "01", "10"), ElementsAre("01", "00", "10"));
  EXPECT_THAT(path(t, "10", "01"), ElementsAre("10", "11", "01"));
  EXPECT_THAT(path(t, "10", "10"), ElementsAre("10"));
  EXPECT_EQ(t.hops(3, 3), 0u);
  ASSERT_EQ(t.links().size(), 4u);
  for (const Topology::Link& l : t.links()) {
    EXPECT_EQ(l.params.width_bits, 8u);
    EXPECT_EQ(l.params.clock_mhz, 800.0);
  }
  EXPECT_GE(t.link_between(0, 1), 0);
  EXPECT_EQ(t.link_between(0, 1), t.link_between(1, 0));
  EXPECT_EQ(t.link_between(0, 3), -1);  // no diagonal
  expect_xy_routes(t);
}

TEST(Topology, Mesh2x4RoutesXFirst) {
  const Topology t = Topology::load_file(shipped("mesh-2x4"));
  EXPECT_EQ(t.nodes(), 8u);
  EXPECT_EQ(t.mesh_width(), 2u);
  EXPECT_EQ(t.mesh_height(), 4u);
  EXPECT_EQ(t.links().size(), 10u);  // 4 along X + 2*3 along Y
  EXPECT_THAT(path(t, "31", "00"), ElementsAre("31", "30", "20", "10", "00"));
  EXPECT_THAT(path(t, "00", "31"), ElementsAre("00", "01", "11", "21", "31"));
  expect_xy_routes(t);
}

TEST(Topology, Mesh4x4RoutesXFirstWithManhattanHops) {
  const Topology t = Topology::load_file(shipped("mesh-4x4"));
  EXPECT_EQ(t.nodes(), 16u);
  EXPECT_EQ(t.links().size(), 24u);
  EXPECT_THAT(path(t, "03", "30"), ElementsAre("03", "02", "01", "00", "10", "20", "30"));
  EXPECT_THAT(path(t, "30", "03"), ElementsAre("30", "31", "32", "33", "23", "13", "03"));
  expect_xy_routes(t);
}

TEST(Topology, Mesh8x8BuildsFastWithEveryRoute) {
  const auto start = std::chrono::steady_clock::now();
  const Topology t = Topology::load_file(shipped("mesh-8x8"));
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms, 100.0);
  EXPECT_EQ(t.nodes(), 64u);
  EXPECT_EQ(t.links().size(), 112u);
  EXPECT_EQ(t.name(63), "77");
  unsigned routes = 0;
  for (unsigned s = 0; s < 64; ++s)
    for (unsigned d = 0; d < 64; ++d) routes += !t.route(s, d).empty();
  EXPECT_EQ(routes, 64u * 64u);
  EXPECT_EQ(t.hops(0, 63), 14u);
  expect_xy_routes(t);
}

TEST(Topology, LargeMeshNamesCarryAnUnderscore) {
  const Topology t = parse("topology:\n  kind: mesh\n  dims: [16, 2]\n");
  EXPECT_EQ(t.name(0), "n0_0");
  EXPECT_EQ(t.name(31), "n1_15");
  expect_xy_routes(t);
}

TEST(Topology, RingGoesTheShortWayRound) {
  for (unsigned n : {2u, 3u, 4u, 5u, 6u, 9u}) {
    const Topology t = parse("topology:\n  kind: ring\n  nodes: " + std::to_string(n) + "\n");
    EXPECT_EQ(t.nodes(), n);
    EXPECT_EQ(t.links().size(), n == 2 ? 1u : n);
    expect_routes_follow_links(t);
    for (unsigned s = 0; s < n; ++s)
      for (unsigned d = 0; d < n; ++d) {
        const unsigned k = (d + n - s) % n;
        EXPECT_EQ(t.hops(s, d), std::min(k, n - k)) << "ring " << n << ": " << s << " -> " << d;
      }
  }
  // Halfway round both ways are equally short: the lower-numbered neighbour wins, always.
  const Topology t = Topology::load_file(shipped("ring-4"));
  EXPECT_THAT(path(t, "n0", "n2"), ElementsAre("n0", "n1", "n2"));
  EXPECT_THAT(path(t, "n2", "n0"), ElementsAre("n2", "n1", "n0"));
  EXPECT_THAT(path(t, "n1", "n3"), ElementsAre("n1", "n0", "n3"));
  EXPECT_THAT(path(t, "n3", "n0"), ElementsAre("n3", "n0"));
}

TEST(Topology, StarRoutesThroughItsSwitch) {
  const Topology t = Topology::load_file(shipped("star-4"));
  EXPECT_EQ(t.nodes(), 4u);
  EXPECT_EQ(t.vertices(), 5u);
  EXPECT_TRUE(t.is_switch(4));
  EXPECT_FALSE(t.is_switch(3));
  EXPECT_EQ(t.name(4), "sw");
  EXPECT_EQ(t.links().size(), 4u);
  expect_routes_follow_links(t);
  for (unsigned s = 0; s < 4; ++s)
    for (unsigned d = 0; d < 4; ++d)
      if (s != d) {
        EXPECT_EQ(t.hops(s, d), 2u);
        EXPECT_EQ(t.route(s, d)[1], 4u);
      }
  EXPECT_THROW(t.route(4, 0), std::out_of_range);  // a switch is not a traffic source

  const Topology one = parse("topology:\n  kind: star\n  nodes: 1\n");
  EXPECT_EQ(one.vertices(), 2u);
  EXPECT_THAT(one.route(0, 0), ElementsAre(0u));
}

TEST(Topology, CustomLineWithPerLinkOverride) {
  const Topology t = Topology::load_file(shipped("custom-line-3"));
  EXPECT_EQ(t.kind(), "custom");
  EXPECT_EQ(t.nodes(), 3u);
  EXPECT_THAT(path(t, "a", "c"), ElementsAre("a", "b", "c"));
  EXPECT_THAT(path(t, "c", "a"), ElementsAre("c", "b", "a"));
  const int ab = t.link_between(id(t, "a"), id(t, "b")), bc = t.link_between(id(t, "b"), id(t, "c"));
  ASSERT_GE(ab, 0);
  ASSERT_GE(bc, 0);
  EXPECT_EQ(t.links()[ab].params.width_bits, 8u);
  EXPECT_EQ(t.links()[bc].params.width_bits, 16u);
  EXPECT_EQ(t.links()[bc].params.clock_mhz, 800.0);  // from the `link:` defaults
  EXPECT_EQ(t.link_between(id(t, "a"), id(t, "c")), -1);
}

TEST(Topology, CustomSwitchesComeAfterComputeNodes) {
  const Topology t = parse(
      "topology:\n"
      "  kind: custom\n"
      "  nodes: [{name: s1, switch: true}, {name: a}, {name: s2, switch: true}, {name: b}, {name: c}]\n"
      "  links: [{a: a, b: s1}, {a: s1, b: s2}, {a: s2, b: b}, {a: c, b: s2}]\n");
  EXPECT_EQ(t.nodes(), 3u);
  EXPECT_EQ(t.vertices(), 5u);
  EXPECT_EQ(t.name(0), "a");
  EXPECT_EQ(t.name(1), "b");
  EXPECT_EQ(t.name(2), "c");
  EXPECT_EQ(t.name(3), "s1");
  EXPECT_EQ(t.name(4), "s2");
  EXPECT_TRUE(t.is_switch(3));
  EXPECT_THAT(path(t, "a", "c"), ElementsAre("a", "s1", "s2", "c"));
  EXPECT_THAT(path(t, "b", "c"), ElementsAre("b", "s2", "c"));
}

TEST(Topology, ShortestPathTiesDoNotDependOnLinkOrder) {
  // A square a-b-d-c-a: a -> d has two 2-hop routes; both listings pick via b (id 1).
  const std::string head = "topology:\n  kind: custom\n  nodes: [{name: a}, {name: b}, {name: c}, {name: d}]\n";
  const Topology t1 = parse(head + "  links: [{a: a, b: b}, {a: b, b: d}, {a: d, b: c}, {a: c, b: a}]\n");
  const Topology t2 = parse(head + "  links: [{a: c, b: a}, {a: d, b: c}, {a: b, b: d}, {a: a, b: b}]\n");
  EXPECT_THAT(path(t1, "a", "d"), ElementsAre("a", "b", "d"));
  EXPECT_THAT(path(t1, "d", "a"), ElementsAre("d", "b", "a"));
  EXPECT_THAT(path(t1, "b", "c"), ElementsAre("b", "a", "c"));
  for (unsigned s = 0; s < 4; ++s)
    for (unsigned d = 0; d < 4; ++d) EXPECT_EQ(t1.route(s, d), t2.route(s, d));
}

TEST(Topology, EveryShippedFileLoads) {
  unsigned files = 0;
  for (const auto& e : std::filesystem::directory_iterator(topo_dir())) {
    if (e.path().extension() != ".yaml") continue;
    ++files;
    SCOPED_TRACE(e.path().string());
    Topology t = Topology::load_file(e.path().string());
    EXPECT_GT(t.nodes(), 0u);
    expect_routes_follow_links(t);
  }
  EXPECT_GE(files, 7u);
}

TEST(Topology, StandaloneNodesShareNoLinks) {
  const Topology t = parse("topology:\n  kind: standalone\n  nodes: 3\n");
  EXPECT_EQ(t.nodes(), 3u);
  EXPECT_TRUE(t.links().empty());
  EXPECT_TRUE(t.connected(1, 1));
  EXPECT_FALSE(t.connected(0, 2));
  try {
    t.route(0, 2);
    ADD_FAILURE() << "a route between standalone nodes";
  } catch (const std::runtime_error& e) {
    EXPECT_NE(std::string(e.what()).find("no HyperTransport path from node n0 to node n2"), std::string::npos);
  }
  EXPECT_NE(t.route_table().find("(no HT path)"), std::string::npos);
}

TEST(Topology, LinkDefaultsAndOverrides) {
  const Topology t = parse(
      "topology:\n"
      "  kind: ring\n"
      "  nodes: 3\n"
      "  link: {width_bits: 16, clock_mhz: 1000, router_ns: 35, credits_posted: 4, credits_nonposted: 2,"
      " credits_response: 6}\n");
  for (const auto& l : t.links()) {
    EXPECT_EQ(l.params.width_bits, 16u);
    EXPECT_EQ(l.params.clock_mhz, 1000.0);
    EXPECT_EQ(l.params.router_ns, 35u);
    EXPECT_EQ(l.params.credits_posted, 4u);
    EXPECT_EQ(l.params.credits_nonposted, 2u);
    EXPECT_EQ(l.params.credits_response, 6u);
  }
  const Topology d = parse("topology:\n  kind: ring\n  nodes: 3\n");  // no link: section
  const LinkParams def;
  EXPECT_EQ(d.links()[0].params.width_bits, def.width_bits);
  EXPECT_EQ(d.links()[0].params.router_ns, def.router_ns);
}

// ---------------------------------------------------------------------------------------
// Printing and the routes command

TEST(Topology, DotHasEveryLink) {
  const Topology t = Topology::load_file(shipped("custom-line-3"));
  const std::string dot = t.to_dot();
  EXPECT_THAT(dot, HasSubstr("graph topology {"));
  for (unsigned v = 0; v < t.vertices(); ++v)
    EXPECT_THAT(dot, HasSubstr("v" + std::to_string(v) + " [label=\"" + t.name(v) + "\""));
  for (const auto& l : t.links())
    EXPECT_THAT(dot, HasSubstr("v" + std::to_string(l.a) + " -- v" + std::to_string(l.b) + " [label=\"" +
                               std::to_string(l.params.width_bits) + "-bit @ 800 MHz\"]"));
  const Topology m = Topology::load_file(shipped("mesh-4x4"));
  const std::string mdot = m.to_dot();
  for (const auto& l : m.links())
    EXPECT_THAT(mdot, HasSubstr("v" + std::to_string(l.a) + " -- v" + std::to_string(l.b) + " "));
  EXPECT_THAT(Topology::load_file(shipped("star-4")).to_dot(), HasSubstr("[label=\"sw\", shape=box]"));
}

TEST(Topology, RouteTableHasOneLinePerOrderedPair) {
  const Topology t = Topology::load_file(shipped("mesh-2x2"));
  const std::string table = t.route_table();
  std::istringstream in(table);
  std::string line;
  unsigned rows = 0;
  bool request = false, reply = false;
  while (std::getline(in, line)) {
    if (line.rfind("#", 0) == 0) continue;
    ++rows;
    if (line == "  11  -> 00      2  11 10 00") request = true;
    if (line == "  00  -> 11      2  00 01 11") reply = true;
  }
  EXPECT_EQ(rows, 4u * 3u) << table;
  EXPECT_TRUE(request) << table;
  EXPECT_TRUE(reply) << table;
}

TEST(Topology, RoutesCommandPrintsTableAndWritesDot) {
  const std::string dot = temp_file("smvn-topology-test.dot");
  std::filesystem::remove(dot);
  std::ostringstream out;
  EXPECT_EQ(run_routes(RoutesOptions{"mesh-2x2", dot}, out), 0);  // a bare name finds topologies/
  EXPECT_EQ(out.str(), Topology::load_file(shipped("mesh-2x2")).route_table());
  std::ifstream f(dot);
  std::stringstream text;
  text << f.rdbuf();
  EXPECT_EQ(text.str(), Topology::load_file(shipped("mesh-2x2")).to_dot());
  std::filesystem::remove(dot);
  EXPECT_THROW(run_routes(RoutesOptions{"no-such-topology", ""}, out), ConfigError);
}

// ---------------------------------------------------------------------------------------
// Errors: each names the file, the line and the dotted key.

TEST(TopologyConfig, UnknownKind) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: torus\n");
  EXPECT_THAT(e, HasSubstr("topo-test.yaml:2: topology.kind: unknown topology kind 'torus'"));
}

TEST(TopologyConfig, BadMeshDims) {
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n  dims: [4]\n"),
              HasSubstr(":3: topology.dims: expected two positive integers [W, H], got [4]"));
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n  dims: [2, 0]\n"), HasSubstr(":3: topology.dims:"));
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n  dims: [2, 2, 2]\n"), HasSubstr(":3: topology.dims:"));
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n  dims: [2, x]\n"), HasSubstr(":3: topology.dims[1]:"));
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n  dims: [32, 16]\n"),
              HasSubstr(":3: topology.dims: a 32x16 mesh has 512 nodes; at most 256 are supported"));
  EXPECT_THAT(error_of("topology:\n  kind: mesh\n"), HasSubstr(":1: topology.dims: a mesh needs its size"));
  EXPECT_EQ(error_of("topology:\n  kind: mesh\n  dims: [16, 16]\n"), "");
}

TEST(TopologyConfig, TooFewRingOrStarNodes) {
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 1\n"),
              HasSubstr(":3: topology.nodes: a ring needs at least 2 nodes, got 1"));
  EXPECT_THAT(error_of("topology:\n  kind: star\n  nodes: 0\n"),
              HasSubstr(":3: topology.nodes: a star needs at least 1 node, got 0"));
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 300\n"), HasSubstr(":3: topology.nodes: at most 256"));
}

TEST(TopologyConfig, DuplicateNodeName) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes:\n"
      "    - name: a\n"
      "    - name: b\n"
      "    - name: a\n");
  EXPECT_THAT(e, HasSubstr(":6: topology.nodes[2].name: duplicate node name 'a' (first given on line 4)"));
}

TEST(TopologyConfig, LinkToUnknownNode) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes: [{name: a}, {name: b}]\n"
      "  links:\n"
      "    - {a: a, b: b}\n"
      "    - {a: b, b: z}\n");
  EXPECT_THAT(e, HasSubstr(":6: topology.links[1].b: no node is named 'z'"));
}

TEST(TopologyConfig, SelfLink) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes: [{name: a}, {name: b}]\n"
      "  links: [{a: a, b: b}, {a: b, b: b}]\n");
  EXPECT_THAT(e, HasSubstr(":4: topology.links[1].b: a link from node 'b' to itself"));
}

TEST(TopologyConfig, DuplicateLinkEitherDirection) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes: [{name: a}, {name: b}]\n"
      "  links: [{a: a, b: b}, {a: b, b: a}]\n");
  EXPECT_THAT(e, HasSubstr(":4:"));
  EXPECT_THAT(e, HasSubstr("topology.links[1]: a second link between 'b' and 'a' (the first is topology.links[0]"));
  const std::string same = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes: [{name: a}, {name: b}]\n"
      "  links:\n"
      "    - a: a\n"
      "      b: b\n"
      "    - a: a\n"
      "      b: b\n");
  EXPECT_THAT(same, HasSubstr(":7: topology.links[1]: a second link between 'a' and 'b' (the first is "
                              "topology.links[0], line 5)"));
}

TEST(TopologyConfig, Disconnected) {
  const std::string e = error_of(
      "topology:\n"
      "  kind: custom\n"
      "  nodes:\n"
      "    - name: a\n"
      "    - name: b\n"
      "    - name: c\n"
      "  links:\n"
      "    - {a: a, b: b}\n");
  EXPECT_THAT(e, HasSubstr(":6: topology.nodes[2].name: node 'c' cannot be reached from node 'a'"));
  EXPECT_THAT(error_of("topology:\n  kind: custom\n  nodes: [{name: a}, {name: b}]\n"),
              HasSubstr("node 'b' cannot be reached from node 'a'"));
  EXPECT_EQ(error_of("topology:\n  kind: custom\n  nodes: [{name: a}]\n"), "");  // one node needs no links
}

TEST(TopologyConfig, CustomNeedsComputeNodes) {
  EXPECT_THAT(error_of("topology:\n  kind: custom\n"), HasSubstr(":1: topology.nodes: a custom topology needs"));
  EXPECT_THAT(error_of("topology:\n  kind: custom\n  nodes: [{name: s, switch: true}]\n"),
              HasSubstr(":3: topology.nodes: a custom topology needs at least one compute node"));
  EXPECT_THAT(error_of("topology:\n  kind: custom\n  nodes: [{name: 'a b'}]\n"),
              HasSubstr(":3: topology.nodes[0].name: node name 'a b' must be"));
  EXPECT_THAT(error_of("topology:\n  kind: custom\n  nodes: [{name: a.b}]\n"),
              HasSubstr(":3: topology.nodes[0].name: node name 'a.b' must be"));
}

TEST(TopologyConfig, BadLinkParams) {
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 3\n  link:\n    width_bits: 12\n"),
              HasSubstr(":5: topology.link.width_bits: an HT link is 8 or 16 bits wide"));
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 3\n  link:\n    clock_mhz: 100\n"),
              HasSubstr(":5: topology.link.clock_mhz: an HT link clock lies between 200 and 3200 MHz, got 100"));
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 3\n  link:\n    credits_response: 0\n"),
              HasSubstr(":5: topology.link.credits_response: a virtual channel needs at least 1 credit"));
  EXPECT_THAT(error_of("topology:\n"
                       "  kind: custom\n"
                       "  nodes: [{name: a}, {name: b}]\n"
                       "  links:\n"
                       "    - {a: a, b: b, width_bits: 32}\n"),
              HasSubstr(":5: topology.links[0].width_bits: an HT link is 8 or 16 bits wide"));
}

TEST(TopologyConfig, KeysOfAnotherKindAreUnknown) {
  EXPECT_THAT(error_of("topology:\n  kind: ring\n  nodes: 3\n  dims: [2, 2]\n"),
              HasSubstr(":4: topology.dims: unknown key 'dims'"));
  EXPECT_THAT(error_of("topology:\n  kind: custom\n  nodes: [{name: a, cores: 4}]\n"),
              HasSubstr(":3: topology.nodes[0].cores: unknown key"));
}

TEST(TopologyConfig, LoadFileRejectsOtherSections) {
  const std::string file = temp_file("smvn-topology-extra.yaml");
  {
    std::ofstream f(file);
    f << "topology:\n  kind: ring\n  nodes: 3\nnode:\n  cores: 4\n";
  }
  try {
    Topology::load_file(file);
    ADD_FAILURE() << "accepted a key outside topology:";
  } catch (const ConfigError& e) {
    EXPECT_THAT(std::string(e.what()), HasSubstr(file + ":4: node: unknown key 'node'"));
  }
  std::filesystem::remove(file);
}
