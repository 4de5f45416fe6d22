#include "apps/paper_evaluation.h"

#include "apps/osu_csv.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <chrono>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "apps/child_processes.h"
#include "apps/mpi_job.h"
#include "apps/osu_metric.h"
#include "apps/simulation.h"
#include "sim/text_file.h"

namespace smvn {

// ---------------------------------------------------------------------------------------
// Paper values

std::string PaperValue::text() const { return bound + fmt::format("{}", value); }

bool PaperValue::met_by(double sim) const {
  if (bound == ">") return sim > value;
  if (bound == ">=") return sim >= value;
  if (bound == "<") return sim < value;
  if (bound == "<=") return sim <= value;
  return true;
}

std::optional<PaperValue> parse_paper_value(const std::string& text, std::string* why) {
  PaperValue p;
  std::string_view s = text;
  for (const char* b : {">=", "<=", ">", "<"}) {
    if (s.rfind(b, 0) == 0) {
      p.bound = b;
      s.remove_prefix(p.bound.size());
      break;
    }
  }
  while (!s.empty() && s.front() == ' ') s.remove_prefix(1);
  const char* end = s.data() + s.size();
  auto [ptr, ec] = std::from_chars(s.data(), end, p.value);
  if (s.empty() || ec != std::errc() || ptr != end || !std::isfinite(p.value)) {
    if (why) *why = "expected a number or a bound such as '> 2', got '" + text + "'";
    return std::nullopt;
  }
  if (p.value == 0 && p.bound.empty()) {
    if (why) *why = "a paper figure of 0 leaves no deviation to compute";
    return std::nullopt;
  }
  return p;
}

// ---------------------------------------------------------------------------------------
// The spec

const EvaluationCase* EvaluationSpec::find_case(const std::string& name) const {
  for (const EvaluationCase& c : cases)
    if (c.name == name) return &c;
  return nullptr;
}

const EvaluationProgram* EvaluationSpec::find_program(const std::string& name) const {
  for (const EvaluationProgram& p : programs)
    if (p.name == name) return &p;
  return nullptr;
}

bool EvaluationSpec::resolve(const std::string& case_metric, const EvaluationCase** c, std::string* metric,
                             std::string* why) const {
  const std::size_t dot = case_metric.find('.');
  if (dot == std::string::npos) {
    *why = "'" + case_metric + "' is not CASE.METRIC (e.g. one_hop.bw@4194304)";
    return false;
  }
  const std::string case_name = case_metric.substr(0, dot);
  *metric = case_metric.substr(dot + 1);
  *c = find_case(case_name);
  if (!*c) {
    std::string known;
    for (const EvaluationCase& k : cases) known += (known.empty() ? "" : ", ") + k.name;
    *why = "no case is named '" + case_name + "' (cases: " + known + ")";
    return false;
  }
  const std::optional<OsuMetric> m = parse_osu_metric(*metric, why);
  if (!m) return false;
  if (std::find((*c)->programs.begin(), (*c)->programs.end(), m->program) == (*c)->programs.end()) {
    *why = "case '" + case_name + "' does not run " + m->program + ", which " + *metric + " needs";
    return false;
  }
  return true;
}

namespace {

bool valid_name(const std::string& n) {
  return !n.empty() && std::all_of(n.begin(), n.end(), [](char ch) {
    return std::isalnum(static_cast<unsigned char>(ch)) || ch == '_' || ch == '-';
  });
}

std::optional<PaperValue> paper_of(const ConfigNode& node, const std::string& key) {
  const std::string text = node.get<std::string>(key);
  std::string why;
  std::optional<PaperValue> p = parse_paper_value(text, &why);
  if (!p) node.fail(key, why);
  return p;
}

// A case's `config:`, relative to the evaluation's file, then to the source tree (as
// topology_file is).
std::string locate_config(const ConfigNode& c, const std::string& key, const std::string& evaluation_file) {
  std::filesystem::path f = c.get<std::string>(key);
  if (f.is_relative()) {
    const auto beside = std::filesystem::path(evaluation_file).parent_path() / f;
    f = std::filesystem::exists(beside) ? beside : std::filesystem::path(source_path(f.string()));
  }
  if (!std::filesystem::is_regular_file(f)) c.fail(key, "no such file: " + f.string());
  return f.string();
}

}  // namespace

EvaluationSpec evaluation_from_config(const ConfigNode& w) {
  EvaluationSpec spec;
  spec.file = w.file();
  for (const ConfigNode& p : w.children("programs")) {
    EvaluationProgram prog;
    prog.name = p.get<std::string>("name");
    if (spec.find_program(prog.name)) p.fail("name", "program '" + prog.name + "' is listed twice");
    try {
      prog.path = resolve_mpi_program(prog.name);
    } catch (const std::invalid_argument& e) {
      p.fail("name", e.what());
    }
    prog.args = p.get_list<std::string>("args", {});
    spec.programs.push_back(prog);
  }
  if (spec.programs.empty()) w.fail("programs", "a paper_evaluation needs at least one program");

  const std::vector<std::string> metrics = w.get_list<std::string>("metrics", {});
  for (std::size_t i = 0; i < metrics.size(); ++i) {
    std::string why;
    const std::optional<OsuMetric> m = parse_osu_metric(metrics[i], &why);
    if (!m) w.fail("metrics", why);
    if (!spec.find_program(m->program)) w.fail("metrics", metrics[i] + " needs " + m->program + ", which workload.programs lacks");
  }

  for (const ConfigNode& n : w.children("cases")) {
    EvaluationCase c;
    c.name = n.get<std::string>("name");
    if (!valid_name(c.name)) n.fail("name", "a case name is letters, digits, '_' and '-' (it names a folder)");
    if (spec.find_case(c.name)) n.fail("name", "case name '" + c.name + "' is used twice");
    c.label = n.get<std::string>("label", c.name);
    c.map = n.get<std::string>("map", c.map);
    c.ranks = n.get<uint32_t>("ranks", 2u, 1u, 4096u);
    c.programs = n.get_list<std::string>("programs", {});
    if (!n.has("programs"))
      for (const EvaluationProgram& p : spec.programs) c.programs.push_back(p.name);
    for (const std::string& p : c.programs)
      if (!spec.find_program(p)) n.fail("programs", "'" + p + "' is not one of workload.programs");
    if (n.has("config")) {
      c.config_file = locate_config(n, "config", spec.file);
      c.own_file = false;
    } else {
      c.config_file = spec.file;
    }
    // A case on another network leaves the base file's section of this one out (its
    // keys would be unused, an error): `drop: [smvn]`.
    c.drop = n.get_list<std::string>("drop", {});
    for (const std::string& d : c.drop)
      if (d == "workload" || d == "calibration" || d.find('.') != std::string::npos)
        n.fail("drop", "'" + d + "' is not a section a case can leave out");
    const ConfigNode set = n.child_or_empty("set");
    for (const std::string& key : set.keys()) {
      ConfigOverride o;
      o.key = key;
      o.value = YAML::Clone(set.raw(key));
      o.origin_file = spec.file;
      // The line of the entry, for errors about its value once the model reads it.
      o.origin_line = 0;
      for (auto it = set.tree().begin(); it != set.tree().end(); ++it)
        if (it->first.Scalar() == key && !it->first.Mark().is_null()) o.origin_line = it->first.Mark().line + 1;
      check_override_key(o);
      c.set.push_back(o);
    }
    // Rows: the workload's metrics this case's programs give, then its paper figures'.
    for (const std::string& m : metrics) {
      const std::string program = parse_osu_metric(m)->program;
      if (std::find(c.programs.begin(), c.programs.end(), program) != c.programs.end()) c.figures.push_back({m, {}});
    }
    const ConfigNode paper = n.child_or_empty("paper");
    for (const std::string& m : paper.keys()) {
      std::string why;
      const std::optional<OsuMetric> om = parse_osu_metric(m, &why);
      if (!om) paper.fail(m, why);
      if (std::find(c.programs.begin(), c.programs.end(), om->program) == c.programs.end())
        paper.fail(m, "case '" + c.name + "' does not run " + om->program + ", which " + m + " needs");
      auto it = std::find_if(c.figures.begin(), c.figures.end(), [&](const CaseFigure& f) { return f.metric == m; });
      if (it == c.figures.end()) it = c.figures.insert(c.figures.end(), CaseFigure{m, {}});
      it->paper = paper_of(paper, m);
    }
    spec.cases.push_back(c);
  }
  if (spec.cases.empty()) w.fail("cases", "a paper_evaluation needs at least one case");

  std::set<std::string> derived_names;
  for (const ConfigNode& d : w.children("derived")) {
    DerivedFigure f;
    f.name = d.get<std::string>("name");
    if (!derived_names.insert(f.name).second) d.fail("name", "derived row '" + f.name + "' is listed twice");
    for (const char* key : {"of", "to"}) {
      const std::string v = d.get<std::string>(key);
      const EvaluationCase* c = nullptr;
      std::string metric, why;
      if (!spec.resolve(v, &c, &metric, &why)) d.fail(key, why);
      (std::string(key) == "of" ? f.of : f.to) = v;
    }
    if (d.has("paper")) f.paper = paper_of(d, "paper");
    spec.derived.push_back(f);
  }
  return spec;
}

// ---------------------------------------------------------------------------------------
// Runs

std::vector<EvaluationRun> all_runs(const EvaluationSpec& spec) {
  std::vector<EvaluationRun> runs;
  for (const EvaluationCase& c : spec.cases)
    for (const std::string& p : c.programs) runs.push_back({c.name, p});
  return runs;
}

std::vector<EvaluationRun> runs_for(const EvaluationSpec& spec, const std::vector<std::string>& case_metrics) {
  std::set<std::pair<std::string, std::string>> needed;
  for (const std::string& cm : case_metrics) {
    const EvaluationCase* c = nullptr;
    std::string metric, why;
    if (!spec.resolve(cm, &c, &metric, &why)) throw std::invalid_argument(why);
    needed.insert({c->name, parse_osu_metric(metric)->program});
  }
  std::vector<EvaluationRun> runs;
  for (const EvaluationRun& r : all_runs(spec))
    if (needed.count({r.case_name, r.program})) runs.push_back(r);
  return runs;
}

bool EvaluationResults::all_ok() const {
  return std::all_of(runs.begin(), runs.end(), [](const RunResult& r) { return r.ok; });
}

std::optional<double> EvaluationResults::value(const EvaluationSpec& spec, const std::string& case_name,
                                               const std::string& metric, std::string* why) const {
  const std::optional<OsuMetric> m = parse_osu_metric(metric, why);
  if (!m) return std::nullopt;
  for (const RunResult& r : runs) {
    if (r.run.case_name != case_name || r.run.program != m->program) continue;
    if (!r.ok) {
      if (why)
        *why = r.status == 0 ? fmt::format("{} printed no OSU table ({}/{})", m->program, r.dir, kOsuOutputFile)
                             : fmt::format("{} failed (exit status {}; log: {}/{})", m->program, r.status, r.dir,
                                           kRunLogFile);
      return std::nullopt;
    }
    const auto row = r.rows.find(m->size);
    if (row == r.rows.end()) {
      if (why) *why = fmt::format("{}'s table has no row for {} B ({}/{})", m->program, m->size, r.dir, kOsuOutputFile);
      return std::nullopt;
    }
    return row->second;
  }
  if (why) *why = m->program + " was not run for case " + case_name;
  return std::nullopt;
}

ConfigNode case_config(const EvaluationSpec& spec, const EvaluationCase& c, const std::vector<ConfigOverride>& cli_sets,
                       const std::vector<ConfigOverride>& extra) {
  (void)spec;
  ConfigNode root = ConfigNode::parse_file(c.config_file);
  remove_section(root, "workload");
  remove_section(root, "calibration");
  for (const std::string& d : c.drop) remove_section(root, d);
  apply_overrides(root, c.set);
  apply_overrides(root, cli_sets);
  apply_overrides(root, extra);
  return root;
}

namespace {

// The body of one run's child process: its OSU table on stdout, its log on stderr.
int run_in_child(const EvaluationSpec& spec, const EvaluationCase& c, const EvaluationProgram& prog,
                 const EvaluationOptions& opt, const std::string& dir) {
  try {
    ConfigNode root = case_config(spec, c, opt.cli_sets, opt.extra);
    Simulation sim(root);
    MpiJobOptions job;
    job.program = prog.path;
    if (!opt.full) job.args = prog.args;
    job.ranks = c.ranks;
    job.map = c.map;
    job.check_only = opt.check_only;
    std::string args;
    for (const std::string& a : job.args) args += " " + a;
    std::cerr << fmt::format("{} {}: mpirun -np {} --map {} {}{} (machine: {}{})\n", c.name, prog.name, c.ranks, c.map,
                             prog.name, args, c.config_file, c.set.empty() ? "" : " with the case's set:");
    for (const ConfigOverride& o : c.set) std::cerr << "  " << o.key << " = " << YAML::Dump(o.value) << "\n";
    for (const ConfigOverride& o : opt.extra) std::cerr << "  " << o.key << " = " << YAML::Dump(o.value) << " (fit)\n";
    const MpiJobResult r = run_mpi_job(sim, root, job, dir);
    for (const std::string& p : r.problems) std::cerr << "smvn-sim: " << c.name << " " << prog.name << ": " << p << "\n";
    std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s; exit status {}\n",
                             sc_core::sc_time_stamp().to_seconds(), sim.host_seconds(), r.exit_status);
    return r.exit_status;
  } catch (const ConfigError& e) {
    std::cerr << "smvn-sim: configuration error: " << e.what() << "\n";
    return 2;
  }
}

}  // namespace

std::vector<EvaluationResults> run_evaluation_batch(const EvaluationSpec& spec, const std::vector<EvaluationRun>& runs,
                                                    const std::vector<EvaluationOptions>& variants,
                                                    std::ostream& progress) {
  const auto start = std::chrono::steady_clock::now();
  std::vector<EvaluationResults> results(variants.size());
  std::vector<ChildTask> tasks;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    const EvaluationOptions& opt = variants[v];
    for (const EvaluationRun& run : runs) {
      const EvaluationCase* c = spec.find_case(run.case_name);
      const EvaluationProgram* p = spec.find_program(run.program);
      if (!c || !p) throw std::invalid_argument("no run " + run.case_name + " " + run.program + " in the evaluation");
      RunResult r;
      r.run = run;
      r.dir = (std::filesystem::path(opt.out_dir) / c->name / p->name).string();
      std::filesystem::create_directories(r.dir);
      results[v].runs.push_back(r);
      ChildTask t;
      t.label = opt.label + c->name + " " + p->name;
      t.stdout_path = r.dir + "/" + kOsuOutputFile;
      t.stderr_path = r.dir + "/" + kRunLogFile;
      t.body = [&spec, c, p, &opt, dir = r.dir] { return run_in_child(spec, *c, *p, opt, dir); };
      tasks.push_back(t);
    }
  }
  const unsigned parallel = variants.empty() ? 1 : variants[0].parallel;
  const std::vector<ChildOutcome> outcomes = run_child_processes(tasks, parallel, progress);
  std::size_t i = 0;
  for (std::size_t v = 0; v < variants.size(); ++v) {
    for (RunResult& r : results[v].runs) {
      r.status = outcomes[i].status;
      r.ok = outcomes[i].ok();
      r.host_seconds = outcomes[i].host_seconds;
      ++i;
      if (variants[v].check_only) continue;
      const std::string output = read_text_file(r.dir + "/" + kOsuOutputFile);
      r.rows = osu_rows(output);
      write_osu_csv(r.dir, r.run.program, output);
      if (r.ok && r.rows.empty()) r.ok = false;  // exited 0 but printed no table: not a result
    }
  }
  const double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  for (EvaluationResults& r : results) r.host_seconds = host;
  return results;
}

EvaluationResults run_evaluation(const EvaluationSpec& spec, const std::vector<EvaluationRun>& runs,
                                 const EvaluationOptions& opt, std::ostream& progress) {
  return run_evaluation_batch(spec, runs, {opt}, progress).at(0);
}

}  // namespace smvn
