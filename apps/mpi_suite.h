// The `mpi_suite` workload: several MPI jobs on the same machine, one after another, each
// in a process of its own (SystemC elaborates once per process), their output printed in
// order under a heading, then one line per job with its headline figure (an OSU latency
// table's smallest-size latency, a bandwidth table's peak) and, when asked, the ratio of
// two jobs' figures: the paper's "inter-node bandwidth is 84% of intra-node".
#pragma once

#include <string>
#include <utility>
#include <vector>

#include "apps/mpi_job.h"
#include "sim/config.h"

namespace smvn {

struct MpiSuiteJob {
  std::string name;
  MpiJobOptions opt;
};

struct MpiSuiteOptions {
  std::vector<MpiSuiteJob> jobs;
  std::vector<std::pair<std::string, std::string>> ratios;  // (numerator job, denominator job)
  std::string out_dir;  // each job writes OUT_DIR/<name>/
};

// The headline figure of an OSU-format table: (what, value). Latency tables give the
// first row's latency; bandwidth tables the largest value. Empty WHAT if none is found.
std::pair<std::string, double> osu_headline(const std::string& output);

// What a suite reports for a job: a figure only for a completed one. Partial: stopped
// by the time limit or an interrupt (exit status 124, 130, 143); not run: the suite was
// interrupted before it.
enum class SuiteJobState { Completed, Partial, Failed, NotRun };
SuiteJobState suite_job_state(int exit_status, bool ran);
const char* suite_job_state_name(SuiteJobState s);

// Reads `jobs` and `ratios` from a workload section (names must be unique; a ratio must
// name two jobs), failing with the key on a mistake.
MpiSuiteOptions mpi_suite_from_config(const ConfigNode& workload);

// Runs the jobs; prints to stdout; returns 0 when every job exited 0.
int run_mpi_suite(const ConfigNode& root, const MpiSuiteOptions& opt);

}  // namespace smvn
