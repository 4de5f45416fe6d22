// Where the ranks of an MPI job run: a global core per rank, chosen by a policy, as
// mpirun's --map-by does.
//   block     fill node 0's cores, then node 1's, ...          (--map-by core)
//   cyclic    rank r on node r mod N, cores in order           (--map-by node)
//   cores:L   an explicit comma-separated list of global cores
//   tree      the paper's MPICH2 mpd start-up: one daemon per node, the daemons in a
//             binary tree (root: node 0; then the nodes by hop distance from it, ties by
//             number, in heap order), worker processes handed to the daemon nodes breadth
//             first: one per node per round, in the tree's breadth-first order.
#pragma once

#include <string>
#include <vector>

namespace smvn {
class Topology;
}

namespace smvn::mpi {

// Throws std::invalid_argument naming the problem: an unknown policy, more ranks than
// cores, a core listed twice or out of range, a list of the wrong length.
std::vector<unsigned> map_ranks(const std::string& policy, unsigned ranks, const Topology& topo,
                                unsigned cores_per_node);

// The daemon tree's breadth-first node order used by "tree" (exposed for tests).
std::vector<unsigned> daemon_tree_order(const Topology& topo);

}  // namespace smvn::mpi
