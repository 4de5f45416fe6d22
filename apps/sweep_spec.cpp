#include "apps/sweep_spec.h"

#include <cmath>
#include <filesystem>
#include <set>

#include <fmt/core.h>

#include "apps/mpi_job.h"
#include "apps/osu_metric.h"
#include "apps/simulation.h"

namespace smvn {

namespace {

std::string value_text(const YAML::Node& v) {
  if (v.IsScalar()) return v.Scalar();
  YAML::Emitter e;
  e << YAML::Flow << v;
  return e.c_str();
}

// A scalar that is a plain number (no unit): ranges of those are floating point.
bool is_plain_real(const std::string& s) {
  if (s.empty()) return false;
  char* end = nullptr;
  std::strtod(s.c_str(), &end);
  return *end == '\0' && s.find_first_of(".eE") != std::string::npos;
}

SweepMetric metric_of(const ConfigNode& root, const std::string& name, const std::vector<SweepProgram>& programs) {
  SweepMetric m;
  m.name = name;
  const auto has_program = [&](const std::string& p) {
    for (const SweepProgram& sp : programs)
      if (sp.name == p) return true;
    return false;
  };
  if (name.find('@') != std::string::npos) {
    std::string why;
    const std::optional<OsuMetric> om = parse_osu_metric(name, &why);
    if (!om) root.fail("metrics", why);
    if (!has_program(om->program)) root.fail("metrics", name + " needs " + om->program + ", which is not in programs");
    m.program = om->program;
    m.size = om->size;
    m.unit = om->unit;
    m.better = om->quantity == "lat" || om->quantity == "mlat" ? -1 : +1;
    return m;
  }
  // A statistic: PROGRAM:NAME, or NAME alone when one program runs.
  m.osu = false;
  const auto colon = name.find(':');
  if (colon == std::string::npos) {
    if (programs.size() != 1)
      root.fail("metrics", "statistic '" + name + "' must name its program (PROGRAM:" + name +
                               ") when the sweep runs more than one");
    m.program = programs[0].name;
    m.stat = name;
  } else {
    m.program = name.substr(0, colon);
    m.stat = name.substr(colon + 1);
    if (!has_program(m.program)) root.fail("metrics", "'" + name + "': program " + m.program + " is not in programs");
  }
  if (m.stat.empty()) root.fail("metrics", "'" + name + "': no statistic named");
  return m;
}

}  // namespace

std::string SweepPoint::label() const {
  std::string s;
  for (const SweepSetting& v : settings) s += (s.empty() ? "" : " ") + v.key + "=" + v.text;
  return s.empty() ? "(base)" : s;
}

const SweepSetting* SweepPoint::find(const std::string& key) const {
  for (const SweepSetting& v : settings)
    if (v.key == key) return &v;
  return nullptr;
}

const SweepProgram* SweepSpec::find_program(const std::string& name) const {
  for (const SweepProgram& p : programs)
    if (p.name == name) return &p;
  return nullptr;
}

std::vector<YAML::Node> axis_range(const ConfigNode& n) {
  const bool has_step = n.has("step"), has_factor = n.has("factor");
  if (has_step == has_factor) n.fail("from", "a range needs exactly one of step and factor");
  const std::string from_text = n.raw("from").IsScalar() ? n.raw("from").Scalar() : "";
  const std::string to_text = n.has("to") && n.raw("to").IsScalar() ? n.raw("to").Scalar() : "";
  const bool real = is_plain_real(from_text) || is_plain_real(to_text) ||
                    (has_step && n.raw("step").IsScalar() && is_plain_real(n.raw("step").Scalar()));
  std::vector<YAML::Node> out;
  constexpr std::size_t kMaxValues = 10000;  // a typo such as step 1 over bytes, not a study
  if (real) {
    const double from = n.get<double>("from"), to = n.get<double>("to");
    if (to < from) n.fail("to", fmt::format("the range ends ({}) before it starts ({})", to, from));
    if (has_step) {
      const double step = n.get<double>("step");
      if (!(step > 0)) n.fail("step", "a step must be positive");
      // Values as from + i * step (no accumulated rounding), up to TO within a part in 1e9.
      for (std::size_t i = 0;; ++i) {
        const double v = from + double(i) * step;
        if (v > to + 1e-9 * std::max(1.0, std::fabs(to))) break;
        out.emplace_back(fmt::format("{:.10g}", v));
        if (out.size() > kMaxValues) n.fail("step", "the range has more than 10000 values");
      }
    } else {
      const double f = n.get<double>("factor");
      if (!(f > 1)) n.fail("factor", "a factor must be greater than 1");
      if (!(from > 0)) n.fail("from", "a range with a factor must start above 0");
      for (double v = from; v <= to * (1 + 1e-9); v *= f) {
        out.emplace_back(fmt::format("{:.10g}", v));
        if (out.size() > kMaxValues) n.fail("factor", "the range has more than 10000 values");
      }
    }
    return out;
  }
  const uint64_t from = n.get_bytes("from"), to = n.get_bytes("to");
  if (to < from) n.fail("to", fmt::format("the range ends ({}) before it starts ({})", to, from));
  if (has_step) {
    const uint64_t step = n.get_bytes("step");
    if (step == 0) n.fail("step", "a step must be positive");
    for (uint64_t v = from; v <= to; v += step) {
      out.emplace_back(std::to_string(v));
      if (out.size() > kMaxValues) n.fail("step", "the range has more than 10000 values");
      if (to - v < step) break;
    }
  } else {
    const uint64_t f = n.get<uint64_t>("factor");
    if (f < 2) n.fail("factor", "an integer range's factor must be at least 2");
    if (from == 0) n.fail("from", "a range with a factor must start above 0");
    for (uint64_t v = from; v <= to; v *= f) {
      out.emplace_back(std::to_string(v));
      if (v > to / f) break;
    }
  }
  return out;
}

SweepSpec sweep_from_file(const std::string& path) {
  if (!std::filesystem::exists(path)) throw ConfigError(path, 0, "", "no such sweep file");
  return sweep_from_config(ConfigNode::parse_file(path));
}

SweepSpec sweep_from_config(const ConfigNode& root) {
  namespace fs = std::filesystem;
  SweepSpec spec;
  spec.file = root.file();
  spec.name = fs::path(spec.file).stem().string();

  const std::string base = root.get<std::string>("base");
  const fs::path beside = fs::path(spec.file).parent_path() / base;
  spec.base = fs::exists(beside) ? beside.string() : source_path(base);
  if (!fs::exists(spec.base)) root.fail("base", "no such configuration file '" + base + "'");

  std::set<std::string> names;
  for (const ConfigNode& p : root.children("programs")) {
    SweepProgram sp;
    sp.name = p.get<std::string>("name");
    if (!names.insert(sp.name).second) p.fail("name", "program '" + sp.name + "' is listed twice");
    try {
      sp.path = resolve_mpi_program(sp.name);
    } catch (const std::invalid_argument& e) {
      p.fail("name", e.what());
    }
    sp.args = p.get_list<std::string>("args", {});
    spec.programs.push_back(sp);
  }
  if (spec.programs.empty()) root.fail("programs", "a sweep needs at least one program");
  spec.ranks = root.get<uint32_t>("ranks", 2u, 1u, 4096u);
  spec.map = root.get<std::string>("map", "block");

  const std::vector<std::string> metrics = root.get_list<std::string>("metrics", {});
  if (metrics.empty()) root.fail("metrics", "a sweep needs at least one metric");
  std::set<std::string> metric_names;
  for (const std::string& m : metrics) {
    if (!metric_names.insert(m).second) root.fail("metrics", "metric '" + m + "' is listed twice");
    spec.metrics.push_back(metric_of(root, m, spec.programs));
  }

  std::set<std::string> keys;
  for (const ConfigNode& a : root.children("axes")) {
    SweepAxis axis;
    axis.key = a.get<std::string>("key");
    axis.line = a.line();
    if (!keys.insert(axis.key).second) a.fail("key", "axis '" + axis.key + "' is listed twice");
    check_override_key({axis.key, YAML::Node(), spec.file, axis.line});
    if (a.has("values")) {
      if (a.has("from") || a.has("to") || a.has("step") || a.has("factor"))
        a.fail("values", "an axis has either values or a range (from, to, step or factor), not both");
      const YAML::Node values = a.raw("values");
      if (!values.IsSequence()) a.fail("values", "values must be a list");
      if (values.size() == 0) a.fail("values", "axis '" + axis.key + "' is empty");
      std::set<std::string> seen;
      for (const YAML::Node& v : values) {
        if (!v.IsScalar() && axis.key != kMapAxis) {
          // A list or a mapping is a legitimate value for some keys (a topology's list);
          // only null is never one.
          if (v.IsNull()) a.fail("values", "axis '" + axis.key + "' has an empty value");
        }
        if (!seen.insert(value_text(v)).second) a.fail("values", "value " + value_text(v) + " is listed twice");
        axis.values.push_back(YAML::Clone(v));
      }
    } else if (a.has("from")) {
      axis.values = axis_range(a);
      if (axis.values.empty()) a.fail("from", "axis '" + axis.key + "' is empty");
    } else {
      a.fail("key", "axis '" + axis.key + "' needs values or a range (from, to, step or factor)");
    }
    // The two axes that are not configuration keys have types of their own.
    for (const YAML::Node& v : axis.values) {
      if (axis.key == kMapAxis && !v.IsScalar()) a.fail("values", "a rank map is a string (block, cyclic, cores:0,4)");
      if (axis.key == kRanksAxis) {
        char* end = nullptr;
        const long n = v.IsScalar() ? std::strtol(v.Scalar().c_str(), &end, 10) : 0;
        if (!v.IsScalar() || *end != '\0' || n < 1 || n > 4096)
          a.fail("values", "ranks takes integers in [1, 4096], not " + value_text(v));
      }
    }
    spec.axes.push_back(axis);
    spec.columns.push_back(axis.key);
  }

  if (root.has("points")) {
    spec.explicit_points = true;
    const YAML::Node pts = root.raw("points");
    if (!pts.IsSequence() || pts.size() == 0) root.fail("points", "points must be a non-empty list of mappings");
    const std::vector<ConfigNode> nodes = root.children("points");
    for (std::size_t i = 0; i < nodes.size(); ++i) {
      SweepPoint p;
      p.index = unsigned(i);
      for (const std::string& k : nodes[i].keys()) {
        SweepSetting s{k, YAML::Clone(nodes[i].raw(k)), value_text(nodes[i].raw(k)), nodes[i].line()};
        check_override_key({k, YAML::Node(), spec.file, s.line});
        if (k == kRanksAxis || k == kMapAxis) {
          if (!s.value.IsScalar()) nodes[i].fail(k, k + " takes a scalar");
        }
        if (std::find(spec.columns.begin(), spec.columns.end(), k) == spec.columns.end()) spec.columns.push_back(k);
        p.settings.push_back(s);
      }
      if (p.settings.empty()) nodes[i].fail("points", fmt::format("point {} sets nothing", i));
      spec.points.push_back(p);
    }
  } else {
    // The cross product, the last axis varying fastest.
    std::vector<std::size_t> at(spec.axes.size(), 0);
    for (unsigned index = 0;; ++index) {
      SweepPoint p;
      p.index = index;
      for (std::size_t a = 0; a < spec.axes.size(); ++a) {
        const YAML::Node& v = spec.axes[a].values[at[a]];
        p.settings.push_back({spec.axes[a].key, v, value_text(v), spec.axes[a].line});
      }
      spec.points.push_back(p);
      std::size_t a = spec.axes.size();
      while (a > 0 && ++at[a - 1] == spec.axes[a - 1].values.size()) at[--a] = 0;
      if (a == 0) break;
      if (spec.points.size() > 100000) root.fail("axes", "the cross product has more than 100000 points");
    }
  }
  for (SweepPoint& p : spec.points) p.id = fmt::format("p{:03}", p.index);
  root.check_all_used();
  return spec;
}

ConfigNode point_config(const SweepSpec& spec, const SweepPoint& p) {
  ConfigNode root = ConfigNode::parse_file(spec.base);
  remove_section(root, "workload");
  remove_section(root, "calibration");
  for (const SweepSetting& s : p.settings) {
    if (s.key == kMapAxis || s.key == kRanksAxis) continue;
    apply_override(root, {s.key, YAML::Clone(s.value), spec.file, s.line});
  }
  return root;
}

std::string point_map(const SweepSpec& spec, const SweepPoint& p) {
  const SweepSetting* s = p.find(kMapAxis);
  return s ? s->text : spec.map;
}

unsigned point_ranks(const SweepSpec& spec, const SweepPoint& p) {
  const SweepSetting* s = p.find(kRanksAxis);
  return s ? unsigned(std::stoul(s->text)) : spec.ranks;
}

}  // namespace smvn
