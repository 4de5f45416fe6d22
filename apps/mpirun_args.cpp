#include "apps/mpirun_args.h"

#include <sstream>

namespace smvn {
namespace {

unsigned parse_count(const std::string& opt, const std::string& v) {
  std::size_t used = 0;
  unsigned long n = 0;
  try {
    n = std::stoul(v, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used != v.size() || v.empty() || v[0] == '-' || n == 0 || n > 4096)
    throw MpirunUsageError(opt + " needs a number of ranks from 1 to 4096, not '" + v + "'");
  return unsigned(n);
}

}  // namespace

std::string mpirun_usage() {
  return "usage: smvn mpirun [-n|-np N] [--hostfile FILE] [--map block|cyclic|tree|cores:L] [--display-map] "
         "[-c CONFIG] [-o DIR] [--set KEY=VALUE]... [--version] [-h] PROGRAM [ARGS...]";
}

std::string mpirun_help() {
  return mpirun_usage() +
         "\n\nRuns PROGRAM (built by smvn mpicc, or a built-in osu_latency, osu_bw, osu_bibw, osu_multi_lat) on the\n"
         "simulated cluster. Options come before PROGRAM; everything after it is PROGRAM's.\n"
         "  -n, -np, --np N     number of ranks (default with --hostfile: all its slots)\n"
         "  --hostfile FILE     Open MPI hostfile: a line per node, 'NAME slots=N'; line k is the cluster's node k\n"
         "                      (also -hostfile, --machinefile)\n"
         "  --map P             placement: block (fill a node's cores), cyclic (one per node in turn), tree (the\n"
         "                      paper's mpd daemon tree), cores:G0,G1,... (global cores); with a hostfile: block\n"
         "                      or cyclic over its slots\n"
         "  --display-map       print which rank runs on which node and core before the run\n"
         "  -c, --config FILE   cluster configuration (YAML; default configs/paper-cluster.yaml)\n"
         "  -o, --out DIR       output folder (stats.txt, the resolved configuration)\n"
         "  --set KEY=VALUE     override a configuration value (e.g. mpi.compute.enabled=false); repeatable\n"
         "  --version           print the simulator's version\n"
         "  -h, --help          this help\n"
         "Cores: global core G is core G mod C of node G / C, C the cores per node (4 on the Godson-3A).\n";
}

MpirunArgs parse_mpirun_args(const std::vector<std::string>& argv) {
  MpirunArgs a;
  bool ranks_given = false;
  for (std::size_t i = 0; i < argv.size(); ++i) {
    std::string word = argv[i];
    if (word == "--") {
      if (i + 1 >= argv.size()) throw MpirunUsageError("no program after '--'");
      a.program = argv[i + 1];
      a.args.assign(argv.begin() + long(i) + 2, argv.end());
      break;
    }
    if (word.empty() || word[0] != '-' || word == "-") {
      a.program = word;
      a.args.assign(argv.begin() + long(i) + 1, argv.end());
      break;
    }
    // --opt=VALUE
    std::string inline_value;
    bool has_inline = false;
    if (word.rfind("--", 0) == 0) {
      const std::size_t eq = word.find('=');
      if (eq != std::string::npos) {
        inline_value = word.substr(eq + 1);
        word = word.substr(0, eq);
        has_inline = true;
      }
    }
    auto value = [&]() -> std::string {
      if (has_inline) return inline_value;
      if (i + 1 >= argv.size()) throw MpirunUsageError(word + " needs a value");
      return argv[++i];
    };
    auto flag = [&]() {
      if (has_inline) throw MpirunUsageError(word + " takes no value");
    };
    if (word == "-n" || word == "-np" || word == "--np" || word == "--n") {
      a.ranks = parse_count(word, value());
      ranks_given = true;
    } else if (word == "--hostfile" || word == "-hostfile" || word == "--machinefile" || word == "-machinefile") {
      a.hostfile = value();
    } else if (word == "--map" || word == "--map-by") {
      a.map = value();
    } else if (word == "--display-map") {
      flag();
      a.display_map = true;
    } else if (word == "-c" || word == "--config") {
      a.config = value();
    } else if (word == "-o" || word == "--out") {
      a.out = value();
    } else if (word == "--set") {
      a.sets.push_back(value());
    } else if (word == "--version" || word == "-V") {
      flag();
      a.version = true;
    } else if (word == "-h" || word == "--help") {
      flag();
      a.help = true;
    } else {
      throw MpirunUsageError("unknown option '" + argv[i] + "' (options go before the program)");
    }
  }
  if (a.help || a.version) return a;
  if (a.program.empty()) throw MpirunUsageError("no program given");
  if (!ranks_given && a.hostfile.empty()) throw MpirunUsageError("-n N is needed (or a --hostfile)");
  return a;
}

std::vector<HostfileNode> parse_hostfile(const std::string& text, const std::string& file_name) {
  std::vector<HostfileNode> nodes;
  std::istringstream in(text);
  std::string line;
  for (int number = 1; std::getline(in, line); ++number) {
    const std::size_t hash = line.find('#');
    if (hash != std::string::npos) line.erase(hash);
    std::istringstream words(line);
    HostfileNode n;
    if (!(words >> n.name)) continue;
    auto bad = [&](const std::string& why) {
      return std::invalid_argument("hostfile " + file_name + " line " + std::to_string(number) + ": " + why);
    };
    for (std::string w; words >> w;) {
      const std::size_t eq = w.find('=');
      const std::string key = w.substr(0, eq), v = eq == std::string::npos ? "" : w.substr(eq + 1);
      if (key != "slots" && key != "max_slots")
        throw bad("'" + w + "' is not slots=N or max_slots=N");
      std::size_t used = 0;
      unsigned long count = 0;
      try {
        count = std::stoul(v, &used);
      } catch (const std::exception&) {
        used = 0;
      }
      if (v.empty() || used != v.size() || count == 0 || count > 4096) throw bad("'" + w + "' needs a count from 1");
      if (key == "slots") n.slots = unsigned(count);  // max_slots limits oversubscription, which never happens here
    }
    nodes.push_back(n);
  }
  if (nodes.empty()) throw std::invalid_argument("hostfile " + file_name + " names no node");
  return nodes;
}

std::vector<unsigned> map_on_hosts(const std::vector<HostfileNode>& hosts, const std::string& policy,
                                   unsigned ranks, unsigned nodes, unsigned cores_per_node) {
  if (hosts.size() > nodes)
    throw std::invalid_argument("the hostfile names " + std::to_string(hosts.size()) + " nodes but the cluster has " +
                                std::to_string(nodes));
  std::vector<unsigned> slots;
  unsigned total = 0;
  for (const HostfileNode& h : hosts) {
    const unsigned s = h.slots ? h.slots : cores_per_node;
    if (s > cores_per_node)
      throw std::invalid_argument("hostfile node " + h.name + " has slots=" + std::to_string(s) + " but a node has " +
                                  std::to_string(cores_per_node) + " cores");
    slots.push_back(s);
    total += s;
  }
  if (ranks == 0) ranks = total;
  if (ranks > total)
    throw std::invalid_argument(std::to_string(ranks) + " ranks do not fit on the hostfile's " + std::to_string(total) +
                                " slots");
  std::vector<unsigned> used(hosts.size(), 0), cores;
  if (policy.empty() || policy == "block") {
    for (std::size_t n = 0; n < hosts.size() && cores.size() < ranks; ++n)
      while (used[n] < slots[n] && cores.size() < ranks) cores.push_back(unsigned(n) * cores_per_node + used[n]++);
  } else if (policy == "cyclic") {
    while (cores.size() < ranks)
      for (std::size_t n = 0; n < hosts.size() && cores.size() < ranks; ++n)
        if (used[n] < slots[n]) cores.push_back(unsigned(n) * cores_per_node + used[n]++);
  } else {
    throw std::invalid_argument("with a hostfile, --map must be block or cyclic, not '" + policy + "'");
  }
  return cores;
}

}  // namespace smvn
