// `smvn mpirun` and the `mpi` workload: runs an MPI program built by smvn-mpicc on the
// simulated cluster, the way mpirun and SimGrid's smpirun do. Each rank is the program's
// own copy (its own globals) running as software on one core, under the MPI library
// (mpi_shim/mpi_world.h), over sockets (mpi_shim/net_stack.h) over SMVN between nodes and
// the loopback device within one; every node's rx core brings its SMVN device up first.
// MPI_Wtime is simulated time. Standard output is the program's own.
#pragma once

#include <memory>
#include <string>
#include <vector>

#include "apps/simulation.h"

namespace smvn {

namespace driver {
class Network;
}

struct MpiJobOptions {
  std::string program;            // a shared object built by smvn-mpicc
  std::vector<std::string> args;  // its argv[1..]
  unsigned ranks = 2;
  std::string map = "block";      // mpi_shim/rank_mapping.h
  // Build the job and check its configuration (every key used, as a run does first),
  // write the outputs (the resolved configuration among them) and run nothing: how
  // `smvn calibrate` learns which keys the machine has.
  bool check_only = false;
  // Print which rank runs on which node and core before the run (mpirun --display-map).
  bool display_map = false;
  std::vector<std::string> node_names;  // the hostfile's names of nodes 0, 1, ... (for the map)
};

struct MpiJobResult {
  int exit_status = 0;                // as mpirun gives it
  std::vector<std::string> problems;  // one line per rank that did not end cleanly
  std::vector<unsigned> cores;        // where each rank ran
  // A rank faulted or was stopped by the watchdog (Simulation::escaped): the outputs are
  // written and the rank copies removed; the process must end with std::_Exit.
  bool escaped = false;
};

// Builds the software stack on SIM's cluster from ROOT's `smvn`, `net` and `mpi`
// sections, runs the job to its end, writes the run's outputs to OUT_DIR (while the
// driver and socket statistics still exist) and returns how it ended. Throws for a
// program that cannot be loaded or a mapping that does not fit, naming what is wrong.
MpiJobResult run_mpi_job(Simulation& sim, const ConfigNode& root, const MpiJobOptions& opt,
                         const std::string& out_dir);

// The network between nodes that ROOT's `network:` key names (smvn by default, or
// fast_ethernet), built on CL from its section; a network the topology cannot carry (SMVN
// on nodes without HT links) is an error naming the key.
std::unique_ptr<driver::Network> make_network(const ConfigNode& root, Cluster& cl);

// PROGRAM as given, or else found among the OSU-method programs this build made
// (build/omb/NAME), so configs can say `program: osu_latency`.
std::string resolve_mpi_program(const std::string& program);

}  // namespace smvn
