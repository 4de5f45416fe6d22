// A sweep's results from its run folders: one tidy row per point and metric (a column per
// axis), as DIR/results.csv. Read from the folders, not from memory, so the same step
// collects a local sweep, a resumed one, and a Slurm array's tasks.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "apps/sweep_spec.h"

namespace smvn {

struct SweepRow {
  const SweepPoint* point = nullptr;
  const SweepMetric* metric = nullptr;
  std::optional<double> value;  // none: the run failed, did not run, or lacks the row
  std::string why;              // why there is no value
};

// Every (point, metric) pair, in point then metric order.
std::vector<SweepRow> collect_sweep(const SweepSpec& spec, const std::string& out_dir);

// point,<axis columns>,metric,size,value,unit,status
std::string sweep_results_csv(const SweepSpec& spec, const std::vector<SweepRow>& rows);

}  // namespace smvn
