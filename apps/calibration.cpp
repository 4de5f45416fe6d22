#include "apps/calibration.h"

#include <algorithm>
#include <cmath>
#include <filesystem>
#include <fstream>
#include <map>
#include <optional>
#include <set>
#include <sstream>

#include <fmt/core.h>
#include <yaml-cpp/yaml.h>

#include "apps/fitted_config.h"
#include "apps/newton_2d.h"
#include "apps/root_bracketing.h"
#include "sim/config_override.h"
#include "sim/text_file.h"

namespace smvn {

const CalibrationParameter* CalibrationSpec::find(const std::string& key) const {
  for (const CalibrationParameter& p : parameters)
    if (p.key == key) return &p;
  return nullptr;
}

CalibrationSpec calibration_from_config(const ConfigNode& s) {
  CalibrationSpec spec;
  spec.tolerance = s.get<double>("tolerance", spec.tolerance, 1e-6, 0.5);
  spec.max_iterations = s.get<int>("max_iterations", spec.max_iterations, 1, 100);
  for (const ConfigNode& p : s.children("parameters")) {
    CalibrationParameter c;
    c.key = p.get<std::string>("key");
    if (spec.find(c.key)) p.fail("key", "'" + c.key + "' is declared twice");
    c.meaning = p.get<std::string>("meaning");
    const std::vector<double> range = p.get_list<double>("range", {});
    if (range.size() != 2 || !(range[0] < range[1])) p.fail("range", "expected [min, max] with min < max");
    c.lo = range[0];
    c.hi = range[1];
    c.integer = p.get<bool>("integer", false);
    if (c.integer && (c.lo != std::floor(c.lo) || c.hi != std::floor(c.hi)))
      p.fail("range", "an integer parameter's range has whole-number ends");
    c.file = p.file();
    c.line = p.line();
    ConfigOverride o;
    o.key = c.key;
    o.origin_file = c.file;
    o.origin_line = c.line;
    check_override_key(o);
    spec.parameters.push_back(c);
  }
  return spec;
}

CalibrationTarget parse_calibration_target(const std::string& text, const EvaluationSpec& eval) {
  const std::size_t eq = text.rfind('=');
  if (eq == std::string::npos)
    throw CalibrationError("--target " + text + ": expected CASE.METRIC=VALUE (e.g. one_hop.bw@4194304=27.3)");
  CalibrationTarget t;
  t.name = text.substr(0, eq);
  const std::string v = text.substr(eq + 1);
  try {
    std::size_t used = 0;
    t.value = std::stod(v, &used);
    if (used != v.size() || !std::isfinite(t.value) || t.value == 0) throw std::invalid_argument(v);
  } catch (const std::exception&) {
    throw CalibrationError("--target " + text + ": '" + v + "' is not a non-zero number");
  }
  const EvaluationCase* c = nullptr;
  std::string metric, why;
  if (!eval.resolve(t.name, &c, &metric, &why)) throw CalibrationError("--target " + text + ": " + why);
  return t;
}

namespace {

// A parameter's value as it goes into the configuration: whole for integer keys, six
// significant digits otherwise (so the value printed is the value simulated).
double quantize(const CalibrationParameter& p, double x) {
  x = std::clamp(x, p.lo, p.hi);
  if (p.integer) return std::round(x);
  return std::stod(fmt::format("{:.6g}", x));
}

std::string value_text(const CalibrationParameter& p, double x) {
  return p.integer ? fmt::format("{}", (long long)std::llround(x)) : fmt::format("{}", x);
}

// The value at dotted KEY of the configuration file FILE, if it is written there as a number.
std::optional<double> file_value(const std::string& file, const std::string& key) {
  YAML::Node cur = YAML::LoadFile(file);
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t dot = key.find('.', start);
    if (dot == std::string::npos) dot = key.size();
    if (!cur.IsMap()) return std::nullopt;
    const YAML::Node next = cur[key.substr(start, dot - start)];
    if (!next.IsDefined()) return std::nullopt;
    cur.reset(next);
    start = dot + 1;
  }
  try {
    return cur.as<double>();
  } catch (const YAML::Exception&) {
    return std::nullopt;
  }
}

// The dotted KEY in a resolved configuration file, or undefined.
bool resolved_has(const std::string& file, const std::string& key) {
  YAML::Node cur = YAML::LoadFile(file);
  std::size_t start = 0;
  while (start <= key.size()) {
    std::size_t dot = key.find('.', start);
    if (dot == std::string::npos) dot = key.size();
    if (!cur.IsMap()) return false;
    const YAML::Node next = cur[key.substr(start, dot - start)];
    if (!next.IsDefined()) return false;
    cur.reset(next);
    start = dot + 1;
  }
  return true;
}

// Evaluates points (one value per fitted parameter) by running the cases the targets
// need, each point's runs side by side with the others'; prints a line per point.
class Evaluator {
 public:
  Evaluator(const EvaluationSpec& eval, std::vector<const CalibrationParameter*> params, const CalibrateOptions& opt,
            std::ostream& out, std::ostream& progress)
      : eval_(eval), params_(std::move(params)), opt_(opt), out_(out), progress_(progress) {
    std::vector<std::string> names;
    for (const CalibrationTarget& t : opt.targets) names.push_back(t.name);
    runs_ = runs_for(eval, names);
  }

  // The targets' values at each point (quantized first); throws when a run fails.
  std::vector<std::vector<double>> values(std::vector<std::vector<double>> points, const std::string& note) {
    std::vector<EvaluationOptions> variants;
    std::vector<std::size_t> todo;
    for (std::size_t i = 0; i < points.size(); ++i) {
      for (std::size_t k = 0; k < params_.size(); ++k) points[i][k] = quantize(*params_[k], points[i][k]);
      if (cache_.count(points[i]) || std::find_if(todo.begin(), todo.end(), [&](std::size_t j) {
                                       return points[j] == points[i];
                                     }) != todo.end())
        continue;
      EvaluationOptions o = opt_.run;
      ++step_;
      o.out_dir = (std::filesystem::path(opt_.run.out_dir) / fmt::format("step-{:02}", step_)).string();
      o.label = fmt::format("step {}: ", step_);
      for (std::size_t k = 0; k < params_.size(); ++k) {
        ConfigOverride ov;
        ov.key = params_[k]->key;
        ov.value = YAML::Node(value_text(*params_[k], points[i][k]));
        ov.origin_file = params_[k]->file;  // the declaration: an unknown key points there
        ov.origin_line = params_[k]->line;
        o.extra.push_back(ov);
      }
      variants.push_back(o);
      todo.push_back(i);
      step_of_[points[i]] = step_;
    }
    if (!variants.empty()) {
      const std::vector<EvaluationResults> results = run_evaluation_batch(eval_, runs_, variants, progress_);
      for (std::size_t v = 0; v < results.size(); ++v) {
        const std::vector<double>& p = points[todo[v]];
        std::vector<double> vals;
        for (const CalibrationTarget& t : opt_.targets) {
          const std::string c = t.name.substr(0, t.name.find('.')), m = t.name.substr(t.name.find('.') + 1);
          std::string why;
          const std::optional<double> x = results[v].value(eval_, c, m, &why);
          if (!x) throw CalibrationError(fmt::format("the model failed at {}: {}: {}", describe(p), t.name, why));
          vals.push_back(*x);
        }
        cache_[p] = vals;
        ++evaluations_;
        print(p, vals, note);
      }
    }
    std::vector<std::vector<double>> out;
    for (const auto& p : points) out.push_back(cache_.at(p));
    return out;
  }

  // Relative residuals (value - target) / target.
  std::vector<double> residuals(const std::vector<double>& vals) const {
    std::vector<double> r;
    for (std::size_t i = 0; i < vals.size(); ++i)
      r.push_back((vals[i] - opt_.targets[i].value) / opt_.targets[i].value);
    return r;
  }

  std::string describe(const std::vector<double>& p) const {
    std::string s;
    for (std::size_t k = 0; k < params_.size(); ++k)
      s += (k ? ", " : "") + params_[k]->key + " = " + value_text(*params_[k], p[k]);
    return s;
  }

  int evaluations() const { return evaluations_; }

 private:
  void print(const std::vector<double>& p, const std::vector<double>& vals, const std::string& note) {
    const std::vector<double> r = residuals(vals);
    std::string line = fmt::format("step {:>2} ({}): {}  ->", step_of_.at(p), note, describe(p));
    for (std::size_t i = 0; i < vals.size(); ++i)
      line += fmt::format("{} {} = {:.4g} (target {}, residual {:+.2f}%)", i ? ";" : "", opt_.targets[i].name,
                          vals[i], opt_.targets[i].value, 100 * r[i]);
    out_ << line << "\n";
    out_.flush();
  }

  const EvaluationSpec& eval_;
  std::vector<const CalibrationParameter*> params_;
  const CalibrateOptions& opt_;
  std::ostream& out_;
  std::ostream& progress_;
  std::vector<EvaluationRun> runs_;
  std::map<std::vector<double>, std::vector<double>> cache_;
  std::map<std::vector<double>, int> step_of_;
  int step_ = 0, evaluations_ = 0;
};

// Keys no model of the targets' machine reads are unknown: found by building that
// machine once without running it (check_only) and looking in its resolved configuration.
void check_keys_exist(const EvaluationSpec& eval, const CalibrateOptions& opt, std::ostream& progress) {
  std::vector<std::string> names;
  for (const CalibrationTarget& t : opt.targets) names.push_back(t.name);
  std::vector<EvaluationRun> runs = runs_for(eval, names);
  runs.resize(1);
  EvaluationOptions o = opt.run;
  o.out_dir = (std::filesystem::path(opt.run.out_dir) / "check").string();
  o.check_only = true;
  o.label = "configuration check: ";
  const EvaluationResults r = run_evaluation(eval, runs, o, progress);
  const std::string dir = r.runs.at(0).dir;
  if (!r.runs.at(0).ok)
    throw CalibrationError("the configuration of case " + runs[0].case_name + " does not build (see " + dir + "/" +
                           kRunLogFile + ")");
  const std::string resolved = dir + "/config.resolved.yaml";
  for (const std::string& key : opt.fit)
    if (!resolved_has(resolved, key))
      throw CalibrationError("--fit " + key + ": unknown key: no model of case " + runs[0].case_name +
                             "'s machine reads it (every key it reads: " + resolved + ")");
}

}  // namespace

CalibrationResult run_calibration(const EvaluationSpec& eval, const CalibrationSpec& cal, const CalibrateOptions& opt,
                                  std::ostream& out, std::ostream& progress) {
  // What was asked, checked before anything runs (except the one machine build that says
  // which keys exist).
  if (opt.fit.empty()) throw CalibrationError("--fit: name the parameter(s) to fit");
  if (opt.fit.size() > 2)
    throw CalibrationError(fmt::format("--fit: {} parameters given; at most two are fitted (the rest of the model "
                                       "is a prediction)",
                                       opt.fit.size()));
  if (opt.fit.size() == 2 && opt.fit[0] == opt.fit[1]) throw CalibrationError("--fit: " + opt.fit[0] + " twice");
  if (opt.targets.size() != opt.fit.size())
    throw CalibrationError(fmt::format("{} parameter(s) need as many targets, got {} --target", opt.fit.size(),
                                       opt.targets.size()));
  for (const ConfigOverride& s : opt.run.cli_sets)
    for (const std::string& k : opt.fit)
      if (s.key == k) throw CalibrationError("--fit " + k + ": it is also given by " + s.origin_file);
  check_keys_exist(eval, opt, progress);
  std::vector<const CalibrationParameter*> params;
  for (const std::string& k : opt.fit) {
    const CalibrationParameter* p = cal.find(k);
    if (!p) {
      std::string declared;
      for (const CalibrationParameter& d : cal.parameters) declared += (declared.empty() ? "" : ", ") + d.key;
      throw CalibrationError("--fit " + k + ": not declared fittable (the calibration section of " + eval.file +
                             " declares: " + (declared.empty() ? "none" : declared) + ")");
    }
    params.push_back(p);
  }

  std::string goal;
  for (std::size_t i = 0; i < params.size(); ++i)
    goal += fmt::format("{}{} ({}) in [{}, {}]", i ? " and " : "", params[i]->key, params[i]->meaning,
                        value_text(*params[i], params[i]->lo), value_text(*params[i], params[i]->hi));
  std::string targets;
  for (const CalibrationTarget& t : opt.targets) targets += (targets.empty() ? "" : ", ") + fmt::format("{} = {}", t.name, t.value);
  out << fmt::format("# calibrate {}: fit {} to {}; relative tolerance {}%, at most {} steps\n", eval.file, goal,
                     targets, 100 * cal.tolerance, cal.max_iterations);

  Evaluator ev(eval, params, opt, out, progress);
  CalibrationResult result;
  std::vector<double> x;
  std::string how;
  if (params.size() == 1) {
    const CalibrationParameter& p = *params[0];
    result.method = "Brent's method";
    const auto ends = ev.values({{p.lo}, {p.hi}}, "range ends");
    const double r_lo = ev.residuals(ends[0])[0], r_hi = ev.residuals(ends[1])[0];
    const CalibrationTarget& t = opt.targets[0];
    if (std::abs(r_lo) > cal.tolerance && std::abs(r_hi) > cal.tolerance && (r_lo > 0) == (r_hi > 0))
      throw CalibrationError(fmt::format("{} = {} is not reachable for {} in [{}, {}]: the model gives {:.4g} .. {:.4g}",
                                         t.name, t.value, p.key, value_text(p, p.lo), value_text(p, p.hi),
                                         ends[0][0], ends[1][0]));
    RootOptions ro;
    ro.f_tolerance = cal.tolerance;
    ro.x_tolerance = p.integer ? 0.5 : (p.hi - p.lo) * 1e-6;
    ro.max_evaluations = cal.max_iterations;
    const RootResult root = find_root_bracketed(
        [&](double v) { return ev.residuals(ev.values({{v}}, "Brent")[0])[0]; }, p.lo, r_lo, p.hi, r_hi, ro);
    x = {quantize(p, root.x)};
    result.converged = root.converged;
    how = root.stop == "tolerance" ? "within tolerance"
          : root.stop == "bracket" ? "the bracket narrowed to one step of the parameter"
                                   : "the step limit was reached";
  } else {
    result.method = "Newton's method (forward-difference Jacobian, clamped to the ranges)";
    Newton2DOptions no;
    Vec2 x0;
    for (int k = 0; k < 2; ++k) {
      no.lo[k] = params[k]->lo;
      no.hi[k] = params[k]->hi;
      no.step[k] = params[k]->integer ? std::max(1.0, std::round((no.hi[k] - no.lo[k]) / 50))
                                      : (no.hi[k] - no.lo[k]) / 50;
      // From the file's own value when it is in range (its sourced value, or the last
      // fit: a refit after a small change of the model is then a few steps), else the middle.
      const std::optional<double> v = file_value(eval.file, params[k]->key);
      x0[k] = quantize(*params[k], v && *v >= no.lo[k] && *v <= no.hi[k] ? *v : (no.lo[k] + no.hi[k]) / 2);
    }
    no.f_tolerance = cal.tolerance;
    no.max_iterations = cal.max_iterations;
    const auto batch = [&](const std::vector<Vec2>& pts) {
      std::vector<std::vector<double>> ps;
      for (const Vec2& v : pts) ps.push_back({v[0], v[1]});
      std::vector<Vec2> fs;
      for (const auto& vals : ev.values(ps, pts.size() > 1 ? "Jacobian" : "Newton")) {
        const std::vector<double> r = ev.residuals(vals);
        fs.push_back({r[0], r[1]});
      }
      return fs;
    };
    const Newton2DResult nr = solve_newton_2d(batch, x0, no);
    x = {quantize(*params[0], nr.x[0]), quantize(*params[1], nr.x[1])};
    result.converged = nr.converged;
    how = nr.converged ? "within tolerance" : nr.stop;
    if (!nr.converged && nr.stop != "iterations")
      throw CalibrationError("the targets are not reachable together within the declared ranges: " + nr.stop);
  }
  result.values = x;
  result.achieved = ev.values({x}, "result")[0];
  result.evaluations = ev.evaluations();

  // The fitted configuration: the input with the values in place and how they were found.
  std::vector<std::pair<std::string, std::string>> values;
  std::vector<std::string> header = {
      fmt::format("Fitted by `{}`", opt.command_line),
      fmt::format("({}; relative tolerance {}%; {} simulated points; {}):", result.method, 100 * cal.tolerance,
                  result.evaluations, how)};
  for (std::size_t k = 0; k < params.size(); ++k) {
    values.emplace_back(params[k]->key, value_text(*params[k], x[k]));
    header.push_back(fmt::format("  {} = {}   ({}, range [{}, {}])", params[k]->key, value_text(*params[k], x[k]),
                                 params[k]->meaning, value_text(*params[k], params[k]->lo),
                                 value_text(*params[k], params[k]->hi)));
  }
  const std::vector<double> r = ev.residuals(result.achieved);
  for (std::size_t i = 0; i < opt.targets.size(); ++i)
    header.push_back(fmt::format("  gives {} = {:.4g} against the target {} ({:+.2f}%)", opt.targets[i].name,
                                 result.achieved[i], opt.targets[i].value, 100 * r[i]));
  if (!opt.fitted_out.empty()) {
    const std::string text = fitted_config_text(read_text_file(eval.file), eval.file, values, header);
    const auto parent = std::filesystem::path(opt.fitted_out).parent_path();
    if (!parent.empty()) std::filesystem::create_directories(parent);
    std::ofstream f(opt.fitted_out);
    if (!(f << text)) throw CalibrationError("cannot write " + opt.fitted_out);
  }
  out << fmt::format("# {}: {} ({}, {} simulated points){}\n", result.converged ? "fitted" : "NOT converged",
                     ev.describe(x), how, result.evaluations,
                     opt.fitted_out.empty() ? "" : "; written to " + opt.fitted_out);
  return result;
}

}  // namespace smvn
