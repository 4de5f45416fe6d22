#include "simulation.h"

#include <stdexcept>

#include "sim/run_output.h"

namespace smvn {

using namespace sc_core;

std::string source_path(const std::string& relative) {
  return std::string(SMVN_SOURCE_DIR) + "/" + relative;
}

Simulation::Simulation(const ConfigNode& root)
    : root_(root), seed_(root.get<uint64_t>("seed", 1)), rng_(seed_) {
  cluster_ = std::make_unique<Cluster>("cluster", ClusterParams::from_config(root_));
  // Long runs: progress lines, a wall-clock limit and Ctrl-C all stop cleanly, with the
  // statistics of the run so far written.
  ConfigNode s = root_.child_or_empty("sim");
  const double check_us = s.get<double>("monitor_interval_us", 100.0, 0.001, 1e9);
  const double limit_s = s.get<double>("host_time_limit_s", 0.0, 0.0, 1e9);
  const double progress_s = s.get<double>("progress_s", 10.0, 0.0, 1e9);
  monitor_ = std::make_unique<RunMonitor>("monitor", *cluster_, sc_time(check_us, SC_US), limit_s, progress_s);
  cluster_->register_stats(stats_);
  stats_.counter("sim.ticks_ps", sim_ps_, "simulated time at the end of the run (ps)");
  stats_.formula("sim.seconds", [this] { return double(sim_ps_) * 1e-12; }, "simulated seconds");
}

Simulation::~Simulation() = default;

sc_time Simulation::run(sc_time limit) {
  root_.check_all_used();
  const auto start = std::chrono::steady_clock::now();
  if (limit == SC_ZERO_TIME)
    sc_start();
  else
    sc_start(limit);
  host_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sim_ps_ = sc_time_stamp().value();
  if (limit == SC_ZERO_TIME && monitor_->stopped() == RunMonitor::Stop::None && stop_reason_.empty()) {
    // The kernel ran out of events with a program still running: it waits for something
    // (an interrupt, a flag another core never sets) that can no longer happen.
    for (unsigned c = 0; c < cluster_->total_cores(); ++c) {
      const Core& core = cluster_->core(c);
      if (core.has_program() && !core.finished())
        throw std::runtime_error(std::string(core.name()) + " never finished: its program waits for an event "
                                 "that cannot happen (simulation stopped at " + sc_time_stamp().to_string() + ")");
    }
  }
  return sc_time_stamp();
}

void Simulation::stop(const std::string& why) {
  if (stop_reason_.empty()) stop_reason_ = why.empty() ? "stopped" : why;
  sc_stop();
}

void Simulation::write_outputs(const std::filesystem::path& dir) const {
  RunOutput out(dir);
  out.write_stats(stats_);
  out.write_resolved_config(root_.resolved());
  out.write_host_stats(host_seconds_, double(sim_ps_) * 1e-12);
}

}  // namespace smvn
