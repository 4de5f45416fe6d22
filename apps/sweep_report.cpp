#include "apps/sweep_report.h"

#include <algorithm>
#include <cmath>
#include <map>

#include <fmt/core.h>

#include "apps/sweep_plots.h"

namespace smvn {

namespace {

std::string setting(const SweepPoint& p, const std::string& column) {
  const SweepSetting* s = p.find(column);
  return s ? s->text : "(base)";
}

std::string value_text(double v, const std::string& unit) {
  return fmt::format("{:.4g}{}", v, unit.empty() ? "" : " " + unit);
}

}  // namespace

std::vector<AxisEffect> axis_effects(const SweepSpec& spec, const std::vector<SweepRow>& rows, const SweepMetric& metric) {
  double total = 0;
  std::size_t n = 0;
  for (const SweepRow& r : rows)
    if (r.metric == &metric && r.value) total += *r.value, ++n;
  std::vector<AxisEffect> out;
  if (n == 0) return out;
  const double mean = total / double(n);
  for (const std::string& col : spec.columns) {
    std::vector<std::string> order;
    std::map<std::string, std::pair<double, std::size_t>> sums;
    for (const SweepRow& r : rows) {
      if (r.metric != &metric || !r.value) continue;
      const std::string v = setting(*r.point, col);
      if (!sums.count(v)) order.push_back(v);
      sums[v].first += *r.value;
      sums[v].second += 1;
    }
    if (order.size() < 2) continue;  // an axis with one value moves nothing
    AxisEffect e;
    e.axis = col;
    double lo = INFINITY, hi = -INFINITY;
    for (const std::string& v : order) {
      const double m = sums[v].first / double(sums[v].second);
      if (m < lo) lo = m, e.low = v;
      if (m > hi) hi = m, e.high = v;
    }
    e.spread = hi - lo;
    e.percent = mean != 0 ? 100 * e.spread / std::fabs(mean) : 0;
    out.push_back(e);
  }
  std::stable_sort(out.begin(), out.end(), [](const AxisEffect& a, const AxisEffect& b) { return a.spread > b.spread; });
  return out;
}

std::string sweep_report(const SweepSpec& spec, const std::vector<SweepRow>& rows, const std::vector<std::string>& images) {
  std::string s = fmt::format("# Sweep `{}`\n\nBase machine `{}`; programs:", spec.name, spec.base);
  for (const SweepProgram& p : spec.programs) {
    std::string args;
    for (const std::string& a : p.args) args += " " + a;
    s += fmt::format(" `{}{}`", p.name, args);
  }
  s += fmt::format("; {} ranks, map `{}` unless an axis says otherwise.\n\n", spec.ranks, spec.map);
  s += fmt::format("{} points ({}); axes:\n\n", spec.points.size(),
                   spec.explicit_points ? "an explicit list" : "the cross product of the axes");
  for (const std::string& c : spec.columns) {
    std::string vals;
    std::vector<std::string> seen;
    for (const SweepPoint& p : spec.points) {
      const std::string v = setting(p, c);
      if (std::find(seen.begin(), seen.end(), v) != seen.end()) continue;
      seen.push_back(v);
      vals += (vals.empty() ? "" : ", ") + v;
    }
    s += fmt::format("- `{}`: {}\n", c, vals);
  }
  std::size_t missing = 0;
  for (const SweepRow& r : rows) missing += !r.value;
  if (missing) s += fmt::format("\n**{} of {} results are missing** (a run failed or did not run: `status` in results.csv).\n", missing, rows.size());
  s += "\nHow axes are ranked: for each axis, the metric's mean over the points at each of its values; the axis's "
       "effect is the largest minus the smallest of those means, shown as a percentage of the metric's mean over all "
       "points (a main-effects analysis).";
  if (spec.explicit_points) s += " This sweep is an explicit point list, so the axes are not balanced: read the ranking as indicative.";
  s += "\n";
  for (const SweepMetric& m : spec.metrics) {
    s += fmt::format("\n## {}\n\n", m.name);
    const SweepRow* best = nullptr;
    const SweepRow* worst = nullptr;
    // Best: the lowest latency, the highest bandwidth; a statistic: "best" is the highest.
    const int dir = m.better == 0 ? 1 : m.better;
    for (const SweepRow& r : rows) {
      if (r.metric != &m || !r.value) continue;
      if (!best || dir * *r.value > dir * *best->value) best = &r;
      if (!worst || dir * *r.value < dir * *worst->value) worst = &r;
    }
    if (!best) {
      s += "No point has a value.\n";
      continue;
    }
    const char* hi = m.better == 0 ? "highest" : "best";
    const char* lo = m.better == 0 ? "lowest" : "worst";
    s += fmt::format("- {}: **{}** at {} ({})\n", hi, value_text(*best->value, m.unit), best->point->id, best->point->label());
    s += fmt::format("- {}: **{}** at {} ({})\n", lo, value_text(*worst->value, m.unit), worst->point->id, worst->point->label());
    const std::vector<AxisEffect> effects = axis_effects(spec, rows, m);
    if (!effects.empty()) {
      s += "\n| rank | axis | effect | % of mean | lowest mean at | highest mean at |\n|---|---|---|---|---|---|\n";
      for (std::size_t i = 0; i < effects.size(); ++i)
        s += fmt::format("| {} | `{}` | {} | {:.1f}% | {} | {} |\n", i + 1, effects[i].axis,
                         value_text(effects[i].spread, m.unit), effects[i].percent, effects[i].low, effects[i].high);
    }
    for (const std::string& img : images)
      if (img.rfind(metric_slug(m.name) + "-", 0) == 0) s += fmt::format("\n![{}]({})\n", img, img);
  }
  return s;
}

}  // namespace smvn
