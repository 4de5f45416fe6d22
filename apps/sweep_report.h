// DIR/report.md: per metric, the best and the worst point (lowest latency, highest
// bandwidth; for a statistic, which has no better direction, the highest and the lowest)
// and the axes ranked by how much they move the metric. The ranking is a main-effects
// analysis: for each axis, the metric's mean over the points at each of its values; the
// axis's effect is the spread of those means (largest minus smallest) as a percentage of
// the metric's mean over all points. On a full cross product every value of an axis is
// averaged over the same combinations of the others, so the effects compare fairly; on an
// explicit point list they are only indicative (the report says so).
#pragma once

#include <string>
#include <vector>

#include "apps/sweep_results.h"

namespace smvn {

struct AxisEffect {
  std::string axis;
  double spread = 0;      // max - min of the per-value means
  double percent = 0;     // spread / |overall mean| x 100
  std::string low, high;  // the values with the smallest and largest mean
};

// The axes by effect on METRIC, largest first (ties in axis order).
std::vector<AxisEffect> axis_effects(const SweepSpec& spec, const std::vector<SweepRow>& rows, const SweepMetric& metric);

std::string sweep_report(const SweepSpec& spec, const std::vector<SweepRow>& rows, const std::vector<std::string>& images);

}  // namespace smvn
