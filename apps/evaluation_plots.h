// The evaluation's figures: latency against message size and bandwidth against message
// size, every case that ran as one line of each, log scales, as PNG files drawn by
// gnuplot from the runs' own OSU tables. The gnuplot script stays in the run folder so a
// figure can be redrawn or restyled without running anything again.
#pragma once

#include <string>
#include <vector>

#include "apps/paper_evaluation.h"

namespace smvn {

struct PlotFiles {
  std::string script;               // OUT_DIR/plots.gp
  std::vector<std::string> images;  // the PNGs written
  std::string problem;              // why none were drawn ("" if they were)
};

constexpr const char* kLatencyPlot = "latency.png";
constexpr const char* kBandwidthPlot = "bandwidth.png";

// The gnuplot script for RESULTS (paths relative to the run folder, which it runs in).
std::string evaluation_plot_script(const EvaluationSpec& spec, const EvaluationResults& results);

// Writes the script into OUT_DIR and runs gnuplot there.
PlotFiles write_evaluation_plots(const EvaluationSpec& spec, const EvaluationResults& results,
                                 const std::string& out_dir);

}  // namespace smvn
