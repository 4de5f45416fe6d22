// One simulation run from a configuration: builds the cluster, gives the cores their
// programs, runs the SystemC kernel, and writes the run's outputs (stats.txt,
// stats.json, the resolved configuration, host.txt). SystemC elaborates once per
// process, so a process makes one Simulation.
#pragma once

#include <chrono>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <memory>
#include <random>
#include <stdexcept>
#include <string>

#include "apps/run_monitor.h"
#include "models/cluster.h"
#include "sim/config.h"
#include "sim/stats.h"
#include "sim/stop_record.h"

namespace smvn {

// A run whose programs wait for what cannot happen; the message names the core.
class Deadlock : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

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
  // finished (or LIMIT of simulated time, if given). Returns the simulated time. A program
  // that faults (apps/host_escape.h) or loops past the host time limit or an interrupt
  // (apps/watchdog.h) ends the run here: stop_record() says so and escaped() is true. A
  // program that waits for what cannot happen is a Deadlock (stop_record() set first).
  sc_core::sc_time run(sc_core::sc_time limit = sc_core::SC_ZERO_TIME);

  // How the run ended so far; the job above may refine it (an MPI error, the exit status).
  const StopRecord& stop_record() const { return record_; }
  void set_stop_record(const StopRecord& r) { record_ = r; }
  // The run left the kernel by a jump from a signal handler: the process must end after
  // writing its outputs, without destructors (std::_Exit), its state being half-updated.
  bool escaped() const { return escaped_; }
  // How a fault report names the core that was running ("rank 3 on core 5"); by default
  // the core's name. A job with ranks sets it.
  void set_core_label(std::function<std::string(unsigned core)> label) { core_label_ = std::move(label); }
  // The simulated core whose SystemC thread is running now, or -1.
  int current_core() const;

  // Ends the run now, from inside it (a job that is over although cores still wait,
  // e.g. after MPI_Abort): run() returns without calling those cores stuck.
  void stop(const std::string& why);
  const std::string& stop_reason() const { return stop_reason_; }

  double host_seconds() const { return host_seconds_; }
  // Why the run ended early (a wall-clock limit, Ctrl-C), or None.
  RunMonitor::Stop stopped_early() const { return monitor_->stopped(); }

  // Writes stats.txt, stats.json, config.resolved.yaml and host.txt into DIR, each with
  // stop_record().
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
  double host_limit_s_ = 0.0;
  std::string stop_reason_;
  StopRecord record_;
  bool escaped_ = false;
  std::function<std::string(unsigned)> core_label_;
};

// The configuration file shipped with the sources, e.g. "configs/godson3a-node.yaml".
std::string source_path(const std::string& relative);

}  // namespace smvn
