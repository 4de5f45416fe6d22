#include "mpi_shim/rank_mapping.h"

#include <algorithm>
#include <numeric>
#include <set>
#include <sstream>
#include <stdexcept>

#include "models/topology.h"

namespace smvn::mpi {

std::vector<unsigned> daemon_tree_order(const Topology& topo) {
  // A binary tree in heap order (children of k at 2k+1, 2k+2) is breadth first by
  // construction; what matters is which node sits where: the root is node 0 (where
  // mpiexec starts), and nearer nodes sit nearer the root.
  std::vector<unsigned> order(topo.nodes());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin() + 1, order.end(),
                   [&](unsigned a, unsigned b) { return topo.hops(0, a) < topo.hops(0, b); });
  return order;
}

std::vector<unsigned> map_ranks(const std::string& policy, unsigned ranks, const Topology& topo,
                                unsigned cores_per_node) {
  const unsigned nodes = topo.nodes(), cores = nodes * cores_per_node;
  if (ranks == 0) throw std::invalid_argument("mapping: at least one rank is needed");
  if (ranks > cores)
    throw std::invalid_argument("mapping: " + std::to_string(ranks) + " ranks do not fit on " +
                                std::to_string(cores) + " cores (one rank per core)");
  std::vector<unsigned> out;
  if (policy == "block") {
    for (unsigned r = 0; r < ranks; ++r) out.push_back(r);
  } else if (policy == "cyclic" || policy == "tree") {
    const std::vector<unsigned> order =
        policy == "tree" ? daemon_tree_order(topo) : [&] {
          std::vector<unsigned> o(nodes);
          std::iota(o.begin(), o.end(), 0u);
          return o;
        }();
    for (unsigned r = 0; r < ranks; ++r) out.push_back(order[r % nodes] * cores_per_node + r / nodes);
  } else if (policy.rfind("cores:", 0) == 0) {
    std::stringstream in(policy.substr(6));
    std::string item;
    std::set<unsigned> seen;
    while (std::getline(in, item, ',')) {
      std::size_t used = 0;
      unsigned long v = 0;
      try {
        v = std::stoul(item, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (used != item.size() || item.empty())
        throw std::invalid_argument("mapping: '" + item + "' in '" + policy + "' is not a core number");
      if (v >= cores)
        throw std::invalid_argument("mapping: core " + item + " does not exist (the cluster has " +
                                    std::to_string(cores) + ")");
      if (!seen.insert(unsigned(v)).second)
        throw std::invalid_argument("mapping: core " + item + " is listed twice");
      out.push_back(unsigned(v));
    }
    if (out.size() != ranks)
      throw std::invalid_argument("mapping: '" + policy + "' lists " + std::to_string(out.size()) + " cores for " +
                                  std::to_string(ranks) + " ranks");
  } else {
    throw std::invalid_argument("mapping: unknown policy '" + policy + "' (block, cyclic, tree, cores:LIST)");
  }
  return out;
}

}  // namespace smvn::mpi
