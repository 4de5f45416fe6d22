// Watches a long run from inside the simulation: every `interval` of simulated time it
// looks at the host clock, prints progress to stderr now and then, and stops the kernel
// (sc_stop) when the wall-clock limit is reached or the user pressed Ctrl-C, so that the
// statistics of the run so far are still written. It stops looking once every program
// has finished, so it never keeps a finished simulation alive.
#pragma once

#include <chrono>
#include <cstdint>

#include <systemc>

#include "models/cluster.h"

namespace smvn {

class RunMonitor : public sc_core::sc_module {
 public:
  enum class Stop { None, HostTimeLimit, Interrupted };

  SC_HAS_PROCESS(RunMonitor);
  // HOST_LIMIT_S and PROGRESS_EVERY_S: 0 turns that part off.
  RunMonitor(sc_core::sc_module_name name, Cluster& cluster, sc_core::sc_time interval, double host_limit_s,
             double progress_every_s);

  Stop stopped() const { return stopped_; }
  // Makes Ctrl-C (SIGINT) and SIGTERM stop the run at the next check instead of killing
  // the process (apps/watchdog.h stops it when the check never comes).
  static void catch_interrupts();
  // The interrupting signal caught (SIGINT or SIGTERM), or 0.
  static int interrupt_signal();

 private:
  void check();
  bool all_finished() const;

  Cluster& cluster_;
  sc_core::sc_time interval_;
  double host_limit_s_, progress_every_s_;
  std::chrono::steady_clock::time_point start_, last_progress_;
  Stop stopped_ = Stop::None;
};

}  // namespace smvn
