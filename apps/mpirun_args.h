// `smvn mpirun`'s command line, read the way mpirun reads it: options only before the
// program; the first word that is not an option (or the word after `--`) is the program,
// and every word after it is the program's own, whatever it looks like (`osu_bw -o DIR`
// gives the program its -o). An unknown option is refused with the usage line, never
// passed on.
//
//   mpirun [-n|-np N] [--hostfile FILE] [--map P] [--display-map] [-c CONFIG] [-o DIR]
//          [--set KEY=VALUE]... [--version] [-h] PROGRAM [ARGS...]
//
// Option values may also be given as --opt=VALUE. A hostfile is Open MPI's format (see
// parse_hostfile).
#pragma once

#include <stdexcept>
#include <string>
#include <vector>

namespace smvn {

struct MpirunArgs {
  unsigned ranks = 0;             // 0: not given (with a hostfile: all its slots)
  std::string config;             // empty: the default cluster
  std::string map;                // empty: block (with a hostfile: its slots in order)
  std::string hostfile;
  std::string out;
  std::vector<std::string> sets;  // --set KEY=VALUE, in order
  bool display_map = false;
  bool version = false;
  bool help = false;
  std::string program;
  std::vector<std::string> args;  // the program's argv[1..]
};

// What is wrong with a command line; what() is one line, to be followed by the usage.
struct MpirunUsageError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

// ARGV: the words after `mpirun`. Throws MpirunUsageError.
MpirunArgs parse_mpirun_args(const std::vector<std::string>& argv);
std::string mpirun_usage();   // the usage line
std::string mpirun_help();    // usage and what each option does

// One node of a hostfile: a line `NAME [slots=N] [max_slots=M]`, `#` starting a comment.
// The k-th node line is the cluster's node k (the names are the user's, for --display-map);
// a line without slots= offers every core of the node.
struct HostfileNode {
  std::string name;
  unsigned slots = 0;  // 0: every core
};
// Throws std::invalid_argument naming the line for anything else.
std::vector<HostfileNode> parse_hostfile(const std::string& text, const std::string& file_name);

// The global cores (node * cores_per_node + core) of RANKS ranks placed on HOSTS' slots:
// `block` (or empty) fills each node's slots in turn (Open MPI's --map-by slot), `cyclic`
// takes one slot per node in turn (--map-by node); within a node, cores from 0 up.
// Throws std::invalid_argument when they do not fit or a node is not in the cluster.
std::vector<unsigned> map_on_hosts(const std::vector<HostfileNode>& hosts, const std::string& policy,
                                   unsigned ranks, unsigned nodes, unsigned cores_per_node);

}  // namespace smvn
