// `smvn calibrate`: fits at most two declared parameters so that named evaluation metrics
// take given values, by running only the evaluation cases those targets need.
//
// The configuration declares what may be fitted, with its physical meaning and range:
//   calibration:
//     tolerance: 0.005        # relative, on every target (default 0.5%)
//     max_iterations: 12      # Newton steps / root-finder evaluations (default 12)
//     parameters:
//       - key: net.costs.segment_tx_insts
//         meaning: "instructions of the TCP/IP transmit path per segment"
//         range: [1000, 20000]
//         integer: true       # the key takes whole numbers (default false)
// Targets are "case.metric=value" (one_hop.bw@4194304=27.3), as many as parameters.
// One parameter: Brent's method over its range, after evaluating both ends (a target
// outside what the ends give is unreachable: an error, not a search). Two: Newton with a
// forward-difference Jacobian clamped to the ranges.
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "apps/paper_evaluation.h"
#include "sim/config.h"

namespace smvn {

struct CalibrationParameter {
  std::string key, meaning;
  double lo = 0, hi = 0;
  bool integer = false;
  std::string file;  // where it is declared (errors about the key point there)
  int line = 0;
};

struct CalibrationSpec {
  double tolerance = 0.005;
  int max_iterations = 12;
  std::vector<CalibrationParameter> parameters;
  const CalibrationParameter* find(const std::string& key) const;
};

// Reads the `calibration` section (absent: nothing may be fitted).
CalibrationSpec calibration_from_config(const ConfigNode& section);

struct CalibrationTarget {
  std::string name;  // case.metric
  double value = 0;
};

// A mistake in what was asked (an unknown or undeclared key, a bad target, an
// unreachable one); main reports it as "smvn-sim: calibrate: ...".
struct CalibrationError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// "case.metric=value", checked against the evaluation.
CalibrationTarget parse_calibration_target(const std::string& text, const EvaluationSpec& eval);

struct CalibrateOptions {
  std::vector<std::string> fit;               // keys, at most two
  std::vector<CalibrationTarget> targets;
  std::string command_line;                   // for the fitted file's comment
  std::string fitted_out;                     // the fitted configuration file
  EvaluationOptions run;                      // out_dir (steps below it), parallel, cli_sets
};

struct CalibrationResult {
  std::vector<double> values;    // fitted, one per fit key
  std::vector<double> achieved;  // each target's value there
  bool converged = false;
  int evaluations = 0;           // points simulated
  std::string method;            // "Brent's method", "Newton"
};

// Checks the request, runs the fit with a line per step on OUT (progress lines of the
// runs on PROGRESS), writes the fitted configuration and returns what it found. Throws
// CalibrationError for a request that cannot be met.
CalibrationResult run_calibration(const EvaluationSpec& eval, const CalibrationSpec& cal, const CalibrateOptions& opt,
                                  std::ostream& out, std::ostream& progress);

}  // namespace smvn
