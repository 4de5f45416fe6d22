#include "apps/evaluation_report.h"

#include <algorithm>
#include <cmath>

#include <fmt/core.h>

namespace smvn {

std::vector<ReportRow> report_rows(const EvaluationSpec& spec, const EvaluationResults& results) {
  std::vector<ReportRow> rows;
  for (const EvaluationCase& c : spec.cases) {
    for (const CaseFigure& f : c.figures) {
      ReportRow r;
      r.case_name = c.name;
      r.metric = f.metric;
      r.paper = f.paper;
      r.sim = results.value(spec, c.name, f.metric, &r.why);
      rows.push_back(r);
    }
  }
  for (const DerivedFigure& d : spec.derived) {
    ReportRow r;
    r.case_name = d.name;
    const std::string of_metric = d.of.substr(d.of.find('.') + 1), to_metric = d.to.substr(d.to.find('.') + 1);
    r.metric = of_metric == to_metric ? of_metric + " ratio" : d.of + " / " + d.to;
    r.paper = d.paper;
    std::string why_of, why_to;
    const std::optional<double> a = results.value(spec, d.of.substr(0, d.of.find('.')), of_metric, &why_of);
    const std::optional<double> b = results.value(spec, d.to.substr(0, d.to.find('.')), to_metric, &why_to);
    if (!a) {
      r.why = d.of + ": " + why_of;
    } else if (!b) {
      r.why = d.to + ": " + why_to;
    } else if (*b == 0) {
      r.why = d.to + " is 0";
    } else {
      r.sim = *a / *b;
    }
    rows.push_back(r);
  }
  return rows;
}

double deviation_pct(const PaperValue& paper, double sim) { return 100.0 * (sim - paper.value) / paper.value; }

namespace {

// OSU prints two decimals; ratios need more to be read against the paper's 0.84.
std::string sim_text(const ReportRow& r) {
  if (!r.sim) return "failed";
  return fmt::format("{:.{}f}", *r.sim, std::abs(*r.sim) < 10 ? 3 : 2);
}

std::string deviation_text(const ReportRow& r) {
  if (!r.sim || !r.paper) return "";
  return fmt::format("{:+.1f}", deviation_pct(*r.paper, *r.sim));
}

}  // namespace

std::string format_report_table(const std::vector<ReportRow>& rows) {
  std::size_t wc = 4, wm = 6;
  for (const ReportRow& r : rows) {
    wc = std::max(wc, r.case_name.size());
    wm = std::max(wm, r.metric.size());
  }
  std::string out = fmt::format("{:<{}}  {:<{}}  {:>8}  {:>10}  {:>10}\n", "case", wc, "metric", wm, "paper", "sim",
                                "deviation");
  std::string notes;
  for (const ReportRow& r : rows) {
    std::string dev = deviation_text(r);
    if (!dev.empty()) dev += "%";
    if (r.sim && r.paper && !r.paper->bound.empty()) dev += r.paper->met_by(*r.sim) ? " (met)" : " (NOT met)";
    out += fmt::format("{:<{}}  {:<{}}  {:>8}  {:>10}  {:>10}\n", r.case_name, wc, r.metric, wm,
                       r.paper ? r.paper->text() : "", sim_text(r), dev);
    if (!r.sim) notes += fmt::format("  {} {}: {}\n", r.case_name, r.metric, r.why);
  }
  if (!notes.empty()) out += "failed:\n" + notes;
  return out;
}

std::string format_report_csv(const std::vector<ReportRow>& rows) {
  std::string out = "case,metric,paper,sim,deviation_pct\n";
  for (const ReportRow& r : rows) {
    // A derived row's metric may hold " / "; no field holds a comma or a quote.
    out += fmt::format("{},{},{},{},{}\n", r.case_name, r.metric, r.paper ? r.paper->text() : "", sim_text(r),
                       deviation_text(r));
  }
  return out;
}

}  // namespace smvn
