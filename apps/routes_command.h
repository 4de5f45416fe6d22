// `smvn-sim routes TOPOLOGY [--dot FILE]`: print the route between every ordered pair of
// nodes of a topology file, and optionally write the topology as Graphviz.
#pragma once

#include <ostream>
#include <string>

namespace smvn {

struct RoutesOptions {
  std::string topology;  // a YAML file, or the name of one in topologies/ ("mesh-2x2")
  std::string dot;       // Graphviz output file; empty: none
};

// A path that exists is used as given; otherwise NAME is looked up as
// topologies/NAME or topologies/NAME.yaml in the source tree. Returns ARG unchanged when
// nothing matches, so the error names what the user typed.
std::string resolve_topology_path(const std::string& arg);

// Writes the route table to OUT. A bad topology throws ConfigError; a dot file that cannot
// be written throws std::runtime_error. Returns the exit status (0).
int run_routes(const RoutesOptions& opt, std::ostream& out);

}  // namespace smvn
