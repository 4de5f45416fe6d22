// The evaluation's result: one row per case metric and per derived figure, with the
// paper's figure where it gives one and the deviation from it, as a table for people
// and as CSV (`case,metric,paper,sim,deviation_pct`) for scripts. A row whose run failed
// says "failed", never a number.
#pragma once

#include <optional>
#include <string>
#include <vector>

#include "apps/paper_evaluation.h"

namespace smvn {

struct ReportRow {
  std::string case_name;  // a case, or a derived row's name
  std::string metric;     // bw@4194304; a derived row: "bw@4194304 ratio" (or "A / B")
  std::optional<PaperValue> paper;
  std::optional<double> sim;  // nullopt: failed (see why)
  std::string why;
};

std::vector<ReportRow> report_rows(const EvaluationSpec& spec, const EvaluationResults& results);

// 100 * (sim - paper) / paper; for a bound, the distance from the bound's value.
double deviation_pct(const PaperValue& paper, double sim);

// The table (a header line and a row per line; failed rows name why below the table).
std::string format_report_table(const std::vector<ReportRow>& rows);
// "case,metric,paper,sim,deviation_pct" and a line per row; "failed" in sim, nothing in
// deviation_pct for a failed row; empty paper and deviation where the paper gives none.
std::string format_report_csv(const std::vector<ReportRow>& rows);

}  // namespace smvn
