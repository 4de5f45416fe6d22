// Rank mapping policies (mpi_shim/rank_mapping.h) on the paper's 2x2 mesh and a 4x4.
#include <stdexcept>

#include <gtest/gtest.h>

#include "mpi_shim/rank_mapping.h"
#include "models/topology.h"
#include "sim/config.h"

using namespace smvn;
using namespace smvn::mpi;

namespace {
Topology mesh(unsigned w, unsigned h) {
  return Topology::from_config(ConfigNode::parse_string(
      "kind: mesh\ndims: [" + std::to_string(w) + ", " + std::to_string(h) + "]\n", "<test>"));
}
std::string error_of(const std::string& policy, unsigned ranks) {
  try {
    map_ranks(policy, ranks, mesh(2, 2), 4);
  } catch (const std::invalid_argument& e) {
    return e.what();
  }
  return "";
}
}  // namespace

TEST(RankMapping, BlockCyclicAndExplicit) {
  const Topology t = mesh(2, 2);
  EXPECT_EQ(map_ranks("block", 6, t, 4), (std::vector<unsigned>{0, 1, 2, 3, 4, 5}));
  EXPECT_EQ(map_ranks("cyclic", 6, t, 4), (std::vector<unsigned>{0, 4, 8, 12, 1, 5}));
  EXPECT_EQ(map_ranks("cores:5,0,12", 3, t, 4), (std::vector<unsigned>{5, 0, 12}));
}

// The daemon tree puts nearer nodes nearer the root: on a 4x4 mesh (node n at x = n % 4,
// y = n / 4) node 0's neighbours 1 and 4 come first, then the nodes two hops away.
TEST(RankMapping, TreeIsBreadthFirstByDistance) {
  const Topology t = mesh(4, 4);
  const std::vector<unsigned> order = daemon_tree_order(t);
  ASSERT_EQ(order.size(), 16u);
  EXPECT_EQ(order[0], 0u);
  EXPECT_EQ((std::vector<unsigned>{order[1], order[2]}), (std::vector<unsigned>{1, 4}));
  EXPECT_EQ((std::vector<unsigned>{order[3], order[4], order[5]}), (std::vector<unsigned>{2, 5, 8}));
  for (size_t i = 1; i < order.size(); ++i) EXPECT_LE(t.hops(0, order[i - 1]), t.hops(0, order[i]));
  // Workers breadth first over the daemon nodes: one per node per round.
  const std::vector<unsigned> m = map_ranks("tree", 18, t, 4);
  EXPECT_EQ(m[0], 0u);
  EXPECT_EQ(m[1], 4u);   // node 1, core 0
  EXPECT_EQ(m[2], 16u);  // node 4, core 0
  EXPECT_EQ(m[16], 1u);  // second round: node 0, core 1
  EXPECT_EQ(m[17], 5u);
}

TEST(RankMapping, MistakesAreNamed) {
  EXPECT_NE(error_of("block", 17).find("17 ranks do not fit on 16 cores"), std::string::npos);
  EXPECT_NE(error_of("spiral", 2).find("unknown policy 'spiral'"), std::string::npos);
  EXPECT_NE(error_of("cores:1,1", 2).find("core 1 is listed twice"), std::string::npos);
  EXPECT_NE(error_of("cores:1,99", 2).find("core 99 does not exist"), std::string::npos);
  EXPECT_NE(error_of("cores:1,x", 2).find("'x'"), std::string::npos);
  EXPECT_NE(error_of("cores:1", 2).find("lists 1 cores for 2 ranks"), std::string::npos);
  EXPECT_NE(error_of("block", 0).find("at least one rank"), std::string::npos);
}
