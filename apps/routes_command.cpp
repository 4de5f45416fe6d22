#include "apps/routes_command.h"

#include <filesystem>
#include <fstream>
#include <iostream>
#include <stdexcept>

#include "apps/simulation.h"
#include "models/topology.h"

namespace smvn {

std::string resolve_topology_path(const std::string& arg) {
  namespace fs = std::filesystem;
  std::error_code ec;
  if (fs::exists(arg, ec)) return arg;
  // Bare names are a convenience: `./smvn routes mesh-4x4` from any directory.
  for (const std::string& candidate : {source_path("topologies/" + arg), source_path("topologies/" + arg + ".yaml")})
    if (fs::is_regular_file(candidate, ec)) return candidate;
  return arg;
}

int run_routes(const RoutesOptions& opt, std::ostream& out) {
  const Topology t = Topology::load_file(resolve_topology_path(opt.topology));
  out << t.route_table();
  if (!opt.dot.empty()) {
    std::ofstream f(opt.dot, std::ios::binary);
    f << t.to_dot();
    f.close();
    if (!f) throw std::runtime_error("cannot write " + opt.dot);
    std::cerr << "wrote " << opt.dot << "\n";
  }
  return 0;
}

}  // namespace smvn
