#include "apps/sweep_plots.h"

#include <filesystem>
#include <fstream>
#include <map>

#include <fmt/core.h>

#include "apps/gnuplot_runner.h"

namespace smvn {

namespace fs = std::filesystem;

namespace {

std::string setting(const SweepPoint& p, const std::string& column) {
  const SweepSetting* s = p.find(column);
  return s ? s->text : "(base)";
}

// The distinct values of COLUMN over the points, in their first appearance's order.
std::vector<std::string> categories(const SweepSpec& spec, const std::string& column) {
  std::vector<std::string> out;
  for (const SweepPoint& p : spec.points) {
    const std::string v = setting(p, column);
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  }
  return out;
}

std::size_t index_of(const std::vector<std::string>& v, const std::string& s) {
  return std::size_t(std::find(v.begin(), v.end(), s) - v.begin());
}

std::string tics(const std::vector<std::string>& cats) {
  std::string s = "(";
  for (std::size_t i = 0; i < cats.size(); ++i) s += fmt::format("{}{} {}", i ? ", " : "", gnuplot_quoted(cats[i]), i);
  return s + ")";
}

std::string ylabel(const SweepMetric& m) { return m.name + (m.unit.empty() ? "" : " (" + m.unit + ")"); }

}  // namespace

std::string metric_slug(const std::string& metric) {
  std::string s;
  for (char c : metric) s += std::isalnum(static_cast<unsigned char>(c)) ? c : '_';
  return s;
}

SweepPlots write_sweep_plots(const SweepSpec& spec, const std::vector<SweepRow>& rows, const std::string& out_dir) {
  SweepPlots out;
  if (spec.columns.empty()) return out;
  fs::create_directories(fs::path(out_dir) / "plots");
  std::string gp = "# The sweep's figures (smvn-sim): run `gnuplot plots.gp` in this folder to redraw them.\n" +
                   gnuplot_png_terminal(1000, 650) + "set grid lc rgb \"#dddddd\"\nset key outside right top box\n";
  const std::string xcol = spec.columns[0];
  const std::vector<std::string> xs = categories(spec, xcol);
  for (const SweepMetric& m : spec.metrics) {
    const std::string slug = metric_slug(m.name);
    // Curves: one series per combination of the other columns.
    std::map<std::string, std::vector<std::pair<std::size_t, double>>> series;
    std::vector<std::string> order;
    for (const SweepRow& r : rows) {
      if (r.metric != &m || !r.value) continue;
      std::string key;
      for (std::size_t c = 1; c < spec.columns.size(); ++c)
        key += (key.empty() ? "" : " ") + spec.columns[c] + "=" + setting(*r.point, spec.columns[c]);
      if (!series.count(key)) order.push_back(key);
      series[key].push_back({index_of(xs, setting(*r.point, xcol)), *r.value});
    }
    if (order.empty()) continue;
    const std::string dat = "plots/" + slug + "-curve.dat";
    std::ofstream d(fs::path(out_dir) / dat);
    std::string plot;
    for (std::size_t i = 0; i < order.size(); ++i) {
      d << "# " << (order[i].empty() ? "all points" : order[i]) << "\n";
      for (const auto& [x, v] : series[order[i]]) d << x << " " << fmt::format("{}", v) << "\n";
      d << "\n\n";
      plot += fmt::format("{}{} index {} using 1:2 with linespoints lw 2 pt 7 title {}", i ? ", \\\n     " : "",
                          gnuplot_quoted(dat), i, gnuplot_quoted(order[i].empty() ? m.name : order[i]));
    }
    const std::string png = slug + "-curve.png";
    gp += fmt::format("\nset output {}\nset title {}\nset xlabel {}\nset ylabel {}\nset xtics {}\nset xrange [-0.5:{}]\n"
                      "unset ytics\nset ytics\nplot {}\nunset output\n",
                      gnuplot_quoted(png), gnuplot_quoted(spec.name + ": " + m.name + " over " + xcol),
                      gnuplot_quoted(xcol), gnuplot_quoted(ylabel(m)), tics(xs), double(xs.size()) - 0.5, plot);
    out.images.push_back(png);
    if (spec.columns.size() < 2) continue;

    // Heat map over the first two columns, the others held at the first point's values.
    const std::string ycol = spec.columns[1];
    const std::vector<std::string> ys = categories(spec, ycol);
    std::string held;
    for (std::size_t c = 2; c < spec.columns.size(); ++c)
      held += " " + spec.columns[c] + "=" + setting(spec.points[0], spec.columns[c]);
    const std::string hdat = "plots/" + slug + "-heat.dat";
    std::ofstream h(fs::path(out_dir) / hdat);
    bool any = false;
    for (const SweepRow& r : rows) {
      if (r.metric != &m || !r.value) continue;
      bool same = true;
      for (std::size_t c = 2; c < spec.columns.size(); ++c)
        same = same && setting(*r.point, spec.columns[c]) == setting(spec.points[0], spec.columns[c]);
      if (!same) continue;
      h << index_of(xs, setting(*r.point, xcol)) << " " << index_of(ys, setting(*r.point, ycol)) << " "
        << fmt::format("{}", *r.value) << "\n";
      any = true;
    }
    if (!any) continue;
    const std::string hpng = slug + "-heat.png";
    gp += fmt::format(
        "\nset output {}\nset title {}\nset xlabel {}\nset ylabel {}\nset xtics {}\nset ytics {}\n"
        "set xrange [-0.5:{}]\nset yrange [-0.5:{}]\nset cblabel {}\nset palette rgb 33,13,10\n"
        "plot {} using 1:2:3 with image notitle, '' using 1:2:(sprintf(\"%.4g\", $3)) with labels notitle\n"
        "unset output\nset autoscale y\nunset cblabel\n",
        gnuplot_quoted(hpng), gnuplot_quoted(spec.name + ": " + m.name + (held.empty() ? "" : " (at" + held + ")")),
        gnuplot_quoted(xcol), gnuplot_quoted(ycol), tics(xs), tics(ys), double(xs.size()) - 0.5,
        double(ys.size()) - 0.5, gnuplot_quoted(ylabel(m)), gnuplot_quoted(hdat));
    gp += "set ytics autofreq\n";
    out.images.push_back(hpng);
  }
  std::ofstream(fs::path(out_dir) / "plots.gp") << gp;
  for (const std::string& i : out.images) fs::remove(fs::path(out_dir) / i);
  out.problem = run_gnuplot(out_dir, "plots.gp");
  if (!out.problem.empty()) out.images.clear();
  std::vector<std::string> drawn;
  for (const std::string& i : out.images)
    if (fs::exists(fs::path(out_dir) / i)) drawn.push_back(i);
  out.images = drawn;
  return out;
}

}  // namespace smvn
