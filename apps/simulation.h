// One simulation run from a configuration: builds the cluster, gives the cores their
// programs, runs the SystemC kernel, and writes the run's outputs (stats.txt,
// stats.json, the resolved configuration, host.txt). SystemC elaborates once per
// process, so a process makes one Simulation.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <memory>
#include <random>
#include <string>

#include "apps/run_monitor.h"
#include "models/cluster.h"
#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

class Simulation {
 public:
  // ROOT is the whole configuration file; its top-level keys `seed`, `sim` and `node`
  // are read here. Call root.check_all_used() after every other reader has had its turn
  // (run() does it).
  explicit Simulation(const ConfigNode& root);
  ~Simulation();

  Cluster& cluster() { return *cluster_; }
  StatsRegistry& stats() { return stats_; }
  uint64_t seed() const { return seed_; }
  std::mt19937_64& rng() { return rng_; }

  // Checks that every configuration key was used, then simulates until every program has
  // finished (or LIMIT of simulated time, if given). Returns the simulated time.
  sc_core::sc_time run(sc_core::sc_time limit = sc_core::SC_ZERO_TIME);

  // Ends the run now, from inside it (a job that is over although cores still wait,
  // e.g. after MPI_Abort): run() returns without calling those cores stuck.
  void stop(const std::string& why);
  const std::string& stop_reason() const { return stop_reason_; }

  double host_seconds() const { return host_seconds_; }
  // Why the run ended early (a wall-clock limit, Ctrl-C), or None.
  RunMonitor::Stop stopped_early() const { return monitor_->stopped(); }

  // Writes stats.txt, stats.json, config.resolved.yaml and host.txt into DIR.
  void write_outputs(const std::filesystem::path& dir) const;

 private:
  ConfigNode root_;
  uint64_t seed_;
  std::mt19937_64 rng_;
  std::unique_ptr<Cluster> cluster_;
  std::unique_ptr<RunMonitor> monitor_;
  StatsRegistry stats_;
  uint64_t sim_ps_ = 0;
  double host_seconds_ = 0.0;
  std::string stop_reason_;
};

// The configuration file shipped with the sources, e.g. "configs/godson3a-node.yaml".
std::string source_path(const std::string& relative);

}  // namespace smvn
