#include "apps/sweep_results.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <fmt/core.h>

#include "apps/osu_metric.h"
#include "apps/paper_evaluation.h"
#include "apps/sweep_run.h"
#include "sim/run_output.h"
#include "sim/text_file.h"

namespace smvn {

namespace fs = std::filesystem;

namespace {

// The value of statistic NAME in a stats.txt ("name value # description" lines).
std::optional<double> stat_value(const std::string& text, const std::string& name) {
  std::istringstream in(text);
  std::string line;
  while (std::getline(in, line)) {
    std::istringstream l(line);
    std::string n, v;
    if (!(l >> n >> v) || n != name) continue;
    char* end = nullptr;
    const double d = std::strtod(v.c_str(), &end);
    if (*end == '\0') return d;
  }
  return std::nullopt;
}

std::string csv_field(const std::string& s) {
  if (s.find_first_of(",\"\n") == std::string::npos) return s;
  std::string out = "\"";
  for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
  return out + "\"";
}

}  // namespace

std::vector<SweepRow> collect_sweep(const SweepSpec& spec, const std::string& out_dir) {
  std::vector<SweepRow> rows;
  for (const SweepPoint& p : spec.points) {
    for (const SweepMetric& m : spec.metrics) {
      SweepRow r{&p, &m, std::nullopt, ""};
      const fs::path dir = point_run_dir(out_dir, p, m.program);
      if (!fs::exists(dir / kDoneMarker)) {
        r.why = fs::exists(dir) ? "failed" : "not run";
      } else if (m.osu) {
        const auto table = osu_rows(read_text_file(dir / kOsuOutputFile));
        const auto it = table.find(m.size);
        if (it == table.end()) r.why = "no row";
        else r.value = it->second;
      } else {
        r.value = stat_value(read_text_file(dir / RunOutput::kStatsText), m.stat);
        if (!r.value) r.why = "no statistic";
      }
      rows.push_back(r);
    }
  }
  return rows;
}

std::string sweep_results_csv(const SweepSpec& spec, const std::vector<SweepRow>& rows) {
  std::string s = "point";
  for (const std::string& c : spec.columns) s += "," + csv_field(c);
  s += ",metric,size,value,unit,status\n";
  for (const SweepRow& r : rows) {
    s += r.point->id;
    for (const std::string& c : spec.columns) {
      const SweepSetting* v = r.point->find(c);
      s += "," + csv_field(v ? v->text : "");
    }
    s += "," + csv_field(r.metric->osu ? r.metric->name.substr(0, r.metric->name.find('@')) : r.metric->name);
    s += "," + (r.metric->osu ? std::to_string(r.metric->size) : std::string());
    s += "," + (r.value ? fmt::format("{}", *r.value) : std::string());
    s += "," + csv_field(r.metric->unit) + "," + (r.value ? "ok" : r.why) + "\n";
  }
  return s;
}

}  // namespace smvn
