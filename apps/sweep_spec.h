// A sweep file: one question about the design space as data. It names a base machine,
// the axes to vary (any configuration key, the rank map, the rank count), the workload
// (OSU programs and their arguments) and the metrics to collect; its points are the cross
// product of the axes, or an explicit list. Everything is checked here, before anything
// runs (unknown keys, empty axes, values of the wrong type, metrics no program gives);
// what only the models can check (a key no model reads, a value out of range) is checked
// by building each point's machine (sweep_run.h).
//
//   base: configs/paper-2x2.yaml     # relative to the sweep file, else to the source tree
//   programs:                        # each point runs each, a child process apiece
//     - {name: osu_latency, args: [-m, "64", -i, "10", -x, "1"]}
//     - {name: osu_bw, args: [-m, "65536", -i, "2", -x, "1"]}
//   ranks: 2                         # default 2 (an axis may vary it)
//   map: cyclic                      # default block (an axis may vary it)
//   metrics: [lat@0, bw@65536, osu_bw:smvn.node0.tx_frames]   # osu_metric.h, or PROGRAM:STAT
//   axes:                            # in order: the first is the curves' x axis
//     - {key: smvn.pool.size, values: [256KiB, 2MiB]}
//     - {key: net.tcp_window, from: 16KiB, to: 256KiB, factor: 2}
//     - {key: node.core.ipc, from: 0.2, to: 0.4, step: 0.1}
//     - {key: map, values: [block, cyclic]}
//   points:                          # optional: these points instead of the cross product
//     - {smvn.pool.size: 256KiB, map: cyclic}
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

#include "sim/config.h"
#include "sim/config_override.h"

namespace smvn {

struct SweepProgram {
  std::string name;  // osu_latency, ...
  std::string path;  // the built program
  std::vector<std::string> args;
};

// One metric to collect: an OSU figure (`bw@65536`: program and size from its name) or a
// statistic of stats.txt (`PROGRAM:NAME`, or `NAME` when there is one program).
struct SweepMetric {
  std::string name;     // as written
  std::string program;  // whose run gives it
  bool osu = true;
  uint64_t size = 0;    // OSU only
  std::string stat;     // statistics only
  std::string unit;     // "us", "MB/s", "" for statistics
  // +1: higher is better (bandwidth), -1: lower is better (latency), 0: neither (a statistic).
  int better = 0;
};

// The two axes that are not configuration keys.
constexpr const char* kMapAxis = "map";
constexpr const char* kRanksAxis = "ranks";

struct SweepAxis {
  std::string key;
  std::vector<YAML::Node> values;
  int line = 0;  // for errors about its values
};

struct SweepSetting {
  std::string key;
  YAML::Node value;
  std::string text;  // the value as written in results.csv and labels
  int line = 0;
};

struct SweepPoint {
  unsigned index = 0;
  std::string id;                     // p000, p001, ...
  std::vector<SweepSetting> settings;  // in axis (or the point's own) order
  std::string label() const;          // "smvn.pool.size=256KiB map=cyclic"
  const SweepSetting* find(const std::string& key) const;
};

struct SweepSpec {
  std::string file;       // the sweep file
  std::string name;       // its stem
  std::string base;       // the base configuration file, resolved
  std::vector<SweepProgram> programs;
  unsigned ranks = 2;
  std::string map = "block";
  std::vector<SweepMetric> metrics;
  std::vector<SweepAxis> axes;
  std::vector<std::string> columns;  // the keys a point may set, in order (results.csv's columns)
  std::vector<SweepPoint> points;
  bool explicit_points = false;

  const SweepProgram* find_program(const std::string& name) const;
};

// Reads and checks a sweep file (ConfigError naming file:line: key for anything wrong).
SweepSpec sweep_from_file(const std::string& path);
SweepSpec sweep_from_config(const ConfigNode& root);

// The values a range gives: FROM, FROM + STEP (or FROM x FACTOR), ... up to TO inclusive.
// Integers (and byte sizes) stay integers. Errors through N (the axis mapping).
std::vector<YAML::Node> axis_range(const ConfigNode& n);

// The point's machine: the base file without its workload and calibration sections, with
// the point's settings (all but map and ranks) applied as overrides.
ConfigNode point_config(const SweepSpec& spec, const SweepPoint& p);
// The point's rank map and rank count (its settings, else the spec's).
std::string point_map(const SweepSpec& spec, const SweepPoint& p);
unsigned point_ranks(const SweepSpec& spec, const SweepPoint& p);

}  // namespace smvn
