#include "apps/osu_csv.h"

#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "apps/osu_metric.h"

namespace smvn {

std::string osu_value_column(const std::string& program) {
  const std::string name = std::filesystem::path(program).filename().string();
  // The metric names of osu_metric.h say which program gives which quantity.
  for (const char* q : {"lat", "bw", "bibw", "mlat"}) {
    const std::optional<OsuMetric> m = parse_osu_metric(std::string(q) + "@0");
    if (m && m->program == name) return m->quantity + "_" + (m->unit == "us" ? "us" : "MBps");
  }
  return "value";
}

std::string osu_csv(const std::string& program, const std::map<uint64_t, double>& rows) {
  std::string s = "size," + osu_value_column(program) + "\n";
  for (const auto& [size, value] : rows) s += fmt::format("{},{}\n", size, value);
  return s;
}

bool write_osu_csv(const std::string& dir, const std::string& program, const std::string& output) {
  const std::map<uint64_t, double> rows = osu_rows(output);
  if (rows.empty()) return false;
  std::ofstream((std::filesystem::path(dir) / kOsuCsvFile).string()) << osu_csv(program, rows);
  return true;
}

}  // namespace smvn
