#include "simulation.h"

#include <csetjmp>
#include <csignal>
#include <stdexcept>

#include <fmt/core.h>

#include "apps/host_escape.h"
#include "apps/watchdog.h"
#include "sim/run_output.h"

namespace smvn {

using namespace sc_core;

std::string source_path(const std::string& relative) {
  return std::string(SMVN_SOURCE_DIR) + "/" + relative;
}

Simulation::Simulation(const ConfigNode& root)
    : root_(root), seed_(root.get<uint64_t>("seed", 1)), rng_(seed_) {
  const ClusterParams cp = ClusterParams::from_config(root_);
  if (cp.host_bytes_estimate >= (uint64_t(1) << 30))  // said before minutes of allocation
    std::fprintf(stderr, "smvn-sim: host memory estimate: %.1f GiB for the caches of %u nodes\n",
                 double(cp.host_bytes_estimate) / double(1 << 30), cp.topology->nodes());
  cluster_ = std::make_unique<Cluster>("cluster", cp);
  // Long runs: progress lines, a wall-clock limit and Ctrl-C all stop cleanly, with the
  // statistics of the run so far written.
  ConfigNode s = root_.child_or_empty("sim");
  const double check_us = s.get<double>("monitor_interval_us", 100.0, 0.001, 1e9);
  host_limit_s_ = s.get<double>("host_time_limit_s", 0.0, 0.0, 1e9);
  const double progress_s = s.get<double>("progress_s", 10.0, 0.0, 1e9);
  monitor_ = std::make_unique<RunMonitor>("monitor", *cluster_, sc_time(check_us, SC_US), host_limit_s_, progress_s);
  cluster_->register_stats(stats_);
  stats_.counter("sim.ticks_ps", sim_ps_, "simulated time at the end of the run (ps)");
  stats_.formula("sim.seconds", [this] { return double(sim_ps_) * 1e-12; }, "simulated seconds");
}

Simulation::~Simulation() = default;

int Simulation::current_core() const {
  sc_object* proc = sc_get_current_process_handle().get_process_object();
  if (!proc) return -1;
  for (unsigned c = 0; c < cluster_->total_cores(); ++c)
    if (proc->get_parent_object() == &cluster_->core(c)) return int(c);
  return -1;
}

namespace {

// The kernel ran into a jump from a signal handler: what the record says about it.
StopRecord escape_record(const HostEscapeInfo& e, const std::string& who, uint64_t stack_bytes, double limit_s) {
  StopRecord r;
  if (e.kind == HostEscapeInfo::Kind::Fault) {
    r.reason = StopReason::RankFault;
    r.exit_status = 128 + e.signal;  // as a shell reports a process killed by the signal
    r.detail = fmt::format("{} was killed by {}: {}", who, host_escape::describe_signal(e.signal),
                           host_escape::describe_fault(e, stack_bytes));
    return r;
  }
  const char* where = e.in_rank_code ? "in its own code" : "outside its own code (forced)";
  if (e.signal == SIGALRM) {
    r.reason = StopReason::TimeLimit;
    r.exit_status = 124;  // timeout(1)'s status
    r.detail = fmt::format("host time limit of {:g} s (sim.host_time_limit_s) reached while {} never returned to the "
                           "simulator; stopped by the watchdog at pc 0x{:x} {}",
                           limit_s, who, e.pc, where);
  } else {
    r.reason = StopReason::Interrupted;
    r.exit_status = 128 + e.signal;
    r.detail = fmt::format("{} while {} never returned to the simulator; stopped by the watchdog at pc 0x{:x} {}",
                           host_escape::describe_signal(e.signal), who, e.pc, where);
  }
  return r;
}

}  // namespace

sc_time Simulation::run(sc_time limit) {
  root_.check_all_used();
  host_escape::install();
  const auto start = std::chrono::steady_clock::now();
  bool jumped = false;
  {
    Watchdog watchdog(host_limit_s_);
    host_escape::arm();
    // sigsetjmp returns twice: 0 now, 1 when a handler jumps back here from a rank.
    if (sigsetjmp(host_escape::buffer(), 1) == 0) {
      try {
        if (limit == SC_ZERO_TIME)
          sc_start();
        else
          sc_start(limit);
      } catch (const std::exception& e) {
        // A program's error (a memory fault, a driver's init error) ends the run: the
        // record says so, so the statistics written for it do not look complete.
        host_escape::disarm();
        host_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        sim_ps_ = sc_time_stamp().value();
        record_ = {StopReason::Error, 1, e.what()};
        throw;
      }
    } else {
      jumped = true;
    }
    host_escape::disarm();
  }
  host_seconds_ = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  sim_ps_ = sc_time_stamp().value();
  if (jumped) {
    escaped_ = true;
    const int core = current_core();
    const std::string who = core < 0 ? std::string("the simulator (no rank was running)")
                            : core_label_ ? core_label_(unsigned(core))
                                          : std::string(cluster_->core(unsigned(core)).name());
    record_ = escape_record(host_escape::last(), who, cluster_->params().node.core.stack_bytes, host_limit_s_);
    std::fprintf(stderr, "smvn-sim: %s (at %s simulated); writing the statistics so far\n", record_.detail.c_str(),
                 sc_time_stamp().to_string().c_str());
    return sc_time_stamp();
  }
  switch (monitor_->stopped()) {
    case RunMonitor::Stop::HostTimeLimit:
      record_ = {StopReason::TimeLimit, 124,
                 fmt::format("host time limit of {:g} s (sim.host_time_limit_s) reached", host_limit_s_)};
      return sc_time_stamp();
    case RunMonitor::Stop::Interrupted: {
      const int sig = RunMonitor::interrupt_signal();
      record_ = {StopReason::Interrupted, 128 + sig, "stopped by " + host_escape::describe_signal(sig)};
      return sc_time_stamp();
    }
    case RunMonitor::Stop::None:
      break;
  }
  if (!stop_reason_.empty()) {
    record_ = {StopReason::MpiError, 1, stop_reason_};
    return sc_time_stamp();
  }
  if (limit == SC_ZERO_TIME) {
    // The kernel ran out of events with a program still running: it waits for something
    // (an interrupt, a flag another core never sets) that can no longer happen.
    for (unsigned c = 0; c < cluster_->total_cores(); ++c) {
      const Core& core = cluster_->core(c);
      if (core.has_program() && !core.finished()) {
        const std::string what = std::string(core.name()) + " never finished: its program waits for an event "
                                 "that cannot happen (simulation stopped at " + sc_time_stamp().to_string() + ")";
        record_ = {StopReason::Deadlock, 1, what};
        throw Deadlock(what);
      }
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
  out.write_stats(stats_, record_);
  out.write_resolved_config(root_.resolved());
  out.write_host_stats(host_seconds_, double(sim_ps_) * 1e-12, record_);
}

}  // namespace smvn
