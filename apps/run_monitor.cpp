#include "run_monitor.h"

#include <csignal>
#include <cstdio>

namespace smvn {

using namespace sc_core;

namespace {
volatile std::sig_atomic_t g_interrupted = 0;  // the signal
void on_interrupt(int sig) {
  if (!g_interrupted) g_interrupted = sig;
}
}  // namespace

void RunMonitor::catch_interrupts() {
  std::signal(SIGINT, on_interrupt);
  std::signal(SIGTERM, on_interrupt);
}

int RunMonitor::interrupt_signal() { return g_interrupted; }

RunMonitor::RunMonitor(sc_module_name name, Cluster& cluster, sc_time interval, double host_limit_s,
                       double progress_every_s)
    : sc_module(name),
      cluster_(cluster),
      interval_(interval),
      host_limit_s_(host_limit_s),
      progress_every_s_(progress_every_s),
      start_(std::chrono::steady_clock::now()),
      last_progress_(start_) {
  SC_METHOD(check);  // runs at time zero, then re-arms itself every interval
}

bool RunMonitor::all_finished() const {
  for (unsigned c = 0; c < cluster_.total_cores(); ++c) {
    Core& core = cluster_.core(c);
    if (core.has_program() && !core.finished()) return false;
  }
  return true;
}

void RunMonitor::check() {
  // Not re-armed when every program has finished, or when nothing else is left to happen
  // (a program waits for an event that cannot come): the run then ends as it would
  // without the monitor, and Simulation::run reports the stuck core.
  if (all_finished() || !sc_pending_activity()) return;
  const auto now = std::chrono::steady_clock::now();
  const double host = std::chrono::duration<double>(now - start_).count();
  if (g_interrupted) {
    stopped_ = Stop::Interrupted;
    std::fprintf(stderr, "smvn-sim: interrupted (%s) at %s simulated; writing the statistics so far\n",
                 g_interrupted == SIGTERM ? "SIGTERM" : "SIGINT", sc_time_stamp().to_string().c_str());
    sc_stop();
    return;
  }
  if (host_limit_s_ > 0 && host >= host_limit_s_) {
    stopped_ = Stop::HostTimeLimit;
    std::fprintf(stderr, "smvn-sim: host time limit of %.0f s reached at %s simulated; writing the statistics so far\n",
                 host_limit_s_, sc_time_stamp().to_string().c_str());
    sc_stop();
    return;
  }
  if (progress_every_s_ > 0 && std::chrono::duration<double>(now - last_progress_).count() >= progress_every_s_) {
    last_progress_ = now;
    const double sim_s = sc_time_stamp().to_seconds();
    std::fprintf(stderr, "progress: %.6f s simulated in %.1f host s (%.3g simulated s per host s)\n", sim_s, host,
                 host > 0 ? sim_s / host : 0.0);
  }
  next_trigger(interval_);
}

}  // namespace smvn
