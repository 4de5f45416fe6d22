// Runs pieces of work each in a child process of its own, up to N at a time. SystemC
// elaborates once per process, so every simulation of an evaluation or a calibration
// step is a child; a child's stdout and stderr go to files (its OSU table, its log), so
// children running side by side never interleave their output. A progress line per
// finished child goes to the caller's stream: "[3/8] one_hop osu_bw ... 12.3 s".
#pragma once

#include <functional>
#include <ostream>
#include <string>
#include <vector>

namespace smvn {

struct ChildTask {
  std::string label;                // for the progress line
  std::string stdout_path, stderr_path;
  std::function<int()> body;        // runs in the child; returns its exit status
};

struct ChildOutcome {
  int status = 0;        // exit status; 128 + N when killed by signal N
  double host_seconds = 0;
  bool ok() const { return status == 0; }
};

// Runs TASKS with at most PARALLEL (>= 1) children at once, starting them in order, and
// returns their outcomes in the order of TASKS. A failed child's progress line says
// "FAILED (exit status S)" and is followed by the last lines of its stderr file.
std::vector<ChildOutcome> run_child_processes(const std::vector<ChildTask>& tasks, unsigned parallel,
                                              std::ostream& progress);

// The host's cores (at least 1), the default for -j.
unsigned host_cores();

}  // namespace smvn
