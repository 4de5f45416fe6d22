#include "apps/evaluation_plots.h"

#include <cstdlib>
#include <filesystem>
#include <fstream>

#include <fmt/core.h>

#include "apps/gnuplot_runner.h"

namespace smvn {

namespace {

std::string quoted(const std::string& s) { return gnuplot_quoted(s); }

struct Figure {
  const char* program;
  const char* file;
  const char* title;
  const char* ylabel;
  const char* key;  // legend position, where the curves leave room: both rise to the right
};
constexpr Figure kFigures[] = {
    {"osu_latency", kLatencyPlot, "MPI one-way latency (osu_latency)", "latency (us)", "left top"},
    {"osu_bw", kBandwidthPlot, "MPI bandwidth (osu_bw, window of 64)", "bandwidth (MB/s, 10^6 B/s)", "right bottom"},
};

}  // namespace

std::string evaluation_plot_script(const EvaluationSpec& spec, const EvaluationResults& results) {
  std::string s =
      "# The evaluation's figures (smvn-sim): run `gnuplot plots.gp` in this folder to redraw them.\n"
      "if (strstrt(GPVAL_TERMINALS, \"pngcairo\") > 0) {\n"
      "  set terminal pngcairo size 1000,650 noenhanced font \",11\"\n"
      "} else {\n"
      "  set terminal png size 1000,650 noenhanced\n"
      "}\n"
      "set logscale x 2\n"
      "set logscale y 10\n"
      "set xtics (\"1\" 1, \"4\" 4, \"16\" 16, \"64\" 64, \"256\" 256, \"1K\" 1024, \"4K\" 4096, \"16K\" 16384, "
      "\"64K\" 65536, \"256K\" 262144, \"1M\" 1048576, \"4M\" 4194304)\n"
      "set xlabel \"message size (bytes; K = 1024)\"\n"
      "set grid xtics ytics mxtics mytics lc rgb \"#dddddd\"\n"
      "set key box opaque\n";
  for (const Figure& f : kFigures) {
    std::vector<std::string> series;
    for (const RunResult& r : results.runs) {
      if (!r.ok || r.run.program != f.program) continue;
      const EvaluationCase* c = spec.find_case(r.run.case_name);
      const std::string path = r.run.case_name + "/" + r.run.program + "/" + kOsuOutputFile;
      // Size 0 has no place on a log axis: 1/0 leaves the point out.
      series.push_back(fmt::format("{} using ($1 > 0 ? $1 : 1/0):2 with linespoints lw 2 pt 7 ps 0.8 title {}",
                                   quoted(path), quoted(c->name + ": " + c->label)));
    }
    if (series.empty()) continue;
    s += fmt::format("\nset output {}\nset title {}\nset ylabel {}\nset key {}\nplot ", quoted(f.file),
                     quoted(f.title), quoted(f.ylabel), f.key);
    for (std::size_t i = 0; i < series.size(); ++i) s += (i ? ", \\\n     " : "") + series[i];
    s += "\nunset output\n";
  }
  return s;
}

PlotFiles write_evaluation_plots(const EvaluationSpec& spec, const EvaluationResults& results,
                                 const std::string& out_dir) {
  PlotFiles p;
  p.script = (std::filesystem::path(out_dir) / "plots.gp").string();
  std::ofstream(p.script) << evaluation_plot_script(spec, results);
  for (const Figure& f : kFigures) std::filesystem::remove(std::filesystem::path(out_dir) / f.file);
  p.problem = run_gnuplot(out_dir, "plots.gp");
  if (!p.problem.empty()) return p;
  for (const Figure& f : kFigures) {
    const auto img = std::filesystem::path(out_dir) / f.file;
    if (std::filesystem::exists(img)) p.images.push_back(img.string());
  }
  return p;
}

}  // namespace smvn
