// The `paper_evaluation` workload: the paper's measurements, case by case. A case is one
// machine (the evaluation's own file, or another experiment file, with `set:` overrides)
// and one rank placement, on which each of the evaluation's OSU programs runs in a child
// process of its own (SystemC elaborates once per process), several at once (-j). What a
// case reports is a list of metrics (osu_metric.h: `bw@4194304`, `lat@0`), beside the
// paper's figure where the paper gives one; derived rows divide one case's metric by
// another's (the paper's "84% of intra-node", "more than twice Fast Ethernet").
//
//   workload:
//     kind: paper_evaluation
//     programs:                      # what every case runs, with the reduced arguments
//       - {name: osu_latency, args: [-m, "4096", -i, "20", -x, "2"]}   # --full: no args
//       - {name: osu_bw, args: [-m, "4194304", -i, "2", -x, "1"]}
//     metrics: [lat@0, bw@4194304]   # rows of every case that runs their program
//     cases:
//       - name: one_hop                      # unique; [A-Za-z0-9_-]
//         label: "nodes 0 and 1 (one HT hop)"
//         map: cyclic                        # mpi_shim/rank_mapping.h
//         ranks: 2                           # default 2
//         programs: [osu_bw]                 # default: all of workload.programs
//         config: configs/fast-ethernet.yaml # default: this file's machine
//         set: {smvn.zero_copy: true}        # dotted keys -> values, as --set
//         drop: [smvn]                       # base-file sections to leave out (another network)
//         paper: {bw@4194304: 27.3}          # a number, or a bound such as "> 2"
//     derived:
//       - {name: one_hop/intra_node, of: one_hop.bw@4194304, to: intra_node.bw@4194304, paper: 0.84}
#pragma once

#include <map>
#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "sim/config.h"
#include "sim/config_override.h"

namespace smvn {

// A figure from the paper: a value, or a bound ("> 2": more than twice).
struct PaperValue {
  double value = 0;
  std::string bound;  // "", ">", ">=", "<", "<="
  std::string text() const;  // "27.3", ">2"
  bool met_by(double sim) const;  // for bounds
};
// "27.3", "> 2", ">=2" ...; nullopt (WHY set) for anything else.
std::optional<PaperValue> parse_paper_value(const std::string& text, std::string* why);

struct EvaluationProgram {
  std::string name;               // osu_latency, ...
  std::string path;               // the built program
  std::vector<std::string> args;  // the reduced arguments (dropped by --full)
};

struct CaseFigure {
  std::string metric;                // osu_metric.h
  std::optional<PaperValue> paper;
};

struct EvaluationCase {
  std::string name, label;
  std::string config_file;  // the machine's base file (the evaluation's own, or `config:`)
  bool own_file = true;     // false: `config:` named another experiment's file
  std::vector<std::string> drop;  // top-level sections of the base file it leaves out
  std::vector<ConfigOverride> set;
  std::string map = "block";
  unsigned ranks = 2;
  std::vector<std::string> programs;
  std::vector<CaseFigure> figures;  // the rows it reports, in order
};

struct DerivedFigure {
  std::string name;
  std::string of, to;  // "case.metric"
  std::optional<PaperValue> paper;
};

struct EvaluationSpec {
  std::string file;  // the evaluation's configuration file
  std::vector<EvaluationProgram> programs;
  std::vector<EvaluationCase> cases;
  std::vector<DerivedFigure> derived;

  const EvaluationCase* find_case(const std::string& name) const;
  const EvaluationProgram* find_program(const std::string& name) const;
  // "case.metric" resolved to its case and metric, or an explanation of why it names
  // none (no such case, not a metric, a metric of a program the case does not run).
  bool resolve(const std::string& case_metric, const EvaluationCase** c, std::string* metric, std::string* why) const;
};

// Reads and checks the workload section (WORKLOAD.file() is the evaluation's file).
EvaluationSpec evaluation_from_config(const ConfigNode& workload);

// One program of one case: a child process.
struct EvaluationRun {
  std::string case_name, program;
};
// Every run of every case, in the spec's order.
std::vector<EvaluationRun> all_runs(const EvaluationSpec& spec);
// Only the runs the given "case.metric" names need (in the spec's order).
std::vector<EvaluationRun> runs_for(const EvaluationSpec& spec, const std::vector<std::string>& case_metrics);

struct EvaluationOptions {
  std::string out_dir;   // each run writes OUT_DIR/<case>/<program>/
  unsigned parallel = 1;
  bool full = false;     // OMB's default sizes and iterations
  std::vector<ConfigOverride> cli_sets;  // --set, applied to every case after its own set:
  std::vector<ConfigOverride> extra;     // applied last (a calibration's trial values)
  std::string label;     // before each progress line's run name ("step 3: "), if any
  bool check_only = false;  // build each run's machine and check its configuration, run nothing
};

struct RunResult {
  EvaluationRun run;
  bool ok = false;
  int status = 0;
  double host_seconds = 0;
  std::string dir;                   // OUT_DIR/<case>/<program>
  std::map<uint64_t, double> rows;   // its OSU table
};

struct EvaluationResults {
  std::vector<RunResult> runs;
  double host_seconds = 0;  // the whole evaluation, wall clock
  bool all_ok() const;
  // The value of METRIC in case CASE, or nullopt with WHY (the run failed, it was not run,
  // its table has no row of that size).
  std::optional<double> value(const EvaluationSpec& spec, const std::string& case_name, const std::string& metric,
                              std::string* why) const;
};

// The configuration a case's run uses: its base file, its own set:, the command line's
// --set, then EXTRA; the base file's `workload` and `calibration` sections are dropped
// (they describe the experiment, not the machine).
ConfigNode case_config(const EvaluationSpec& spec, const EvaluationCase& c, const std::vector<ConfigOverride>& cli_sets,
                       const std::vector<ConfigOverride>& extra);

// Runs RUNS, opt.parallel at a time, with a progress line per finished run on PROGRESS.
EvaluationResults run_evaluation(const EvaluationSpec& spec, const std::vector<EvaluationRun>& runs,
                                 const EvaluationOptions& opt, std::ostream& progress);
// The same RUNS under several options (a calibration's points) as one batch of children,
// VARIANTS[0].parallel at a time; one result per variant.
std::vector<EvaluationResults> run_evaluation_batch(const EvaluationSpec& spec, const std::vector<EvaluationRun>& runs,
                                                    const std::vector<EvaluationOptions>& variants,
                                                    std::ostream& progress);

// The files each run leaves in its folder besides the statistics.
constexpr const char* kOsuOutputFile = "osu.txt";
constexpr const char* kRunLogFile = "log.txt";

}  // namespace smvn
