// A sweep's figures, one set per metric: a curve over the first axis (one line per
// combination of the other axes) and, with two axes or more, a heat map over the first
// two (the remaining axes held at the first point's values, as the title says). Axis
// values are categories in the sweep's order, so names (block, cyclic) and sizes plot
// alike. Drawn by gnuplot from DIR/plots.gp and DIR/plots/*.dat, which stay there.
#pragma once

#include <string>
#include <vector>

#include "apps/sweep_results.h"

namespace smvn {

struct SweepPlots {
  std::vector<std::string> images;  // relative to DIR
  std::string problem;              // why none were drawn ("" if they were)
};

// The metric's name as a file name (bw@65536 -> bw_65536).
std::string metric_slug(const std::string& metric);

SweepPlots write_sweep_plots(const SweepSpec& spec, const std::vector<SweepRow>& rows, const std::string& out_dir);

}  // namespace smvn
