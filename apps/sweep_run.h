// Running a sweep (sweep_spec.h): every point's machine is built and checked first, in
// child processes, so a point whose configuration cannot build stops the sweep before
// anything runs, naming the point; then each program of each point runs as a child of its
// own (DIR/points/<point>/<program>/: osu.txt, osu.csv, log.txt, stats.txt, run.yaml),
// -j at a time, with a progress line per finished run and the time left. A run that
// succeeded leaves a `done` marker: --resume skips those, so an interrupted sweep
// continues where it stopped. --slurm writes a job array (one task per point) and a
// collect script instead of running.
#pragma once

#include <ostream>
#include <string>
#include <vector>

#include "apps/sweep_spec.h"

namespace smvn {

struct SweepOptions {
  std::string out_dir;
  unsigned parallel = 1;
  bool resume = false;
  int only_point = -1;  // a Slurm task: this point only (its index), no collect step
};

constexpr const char* kDoneMarker = "done";

// DIR/points/<point>/<program>.
std::string point_run_dir(const std::string& out_dir, const SweepPoint& p, const std::string& program);

// Builds every point's machine in a child (check only) and returns one line per point that
// cannot build: "point p003 (smvn.pool.size=1KiB): <the configuration error>".
std::vector<std::string> check_sweep_points(const SweepSpec& spec, const SweepOptions& opt, std::ostream& progress);

// Prepares DIR (refusing one that holds another sweep unless resuming: never overwrite),
// records the sweep in it (sweep.yaml, points.csv) and runs what is not done. Returns how
// many runs failed.
unsigned run_sweep_points(const SweepSpec& spec, const SweepOptions& opt, std::ostream& progress);

// DIR/sweep.sbatch (a job array over the points; logs DIR/logs/task-<index>.{out,err}) and
// DIR/collect.sh; SIM is the simulator executable they call. Returns the two paths.
std::vector<std::string> write_slurm_scripts(const SweepSpec& spec, const SweepOptions& opt, const std::string& sim);

}  // namespace smvn
