// What made a run, written beside its results (run.yaml): the command line, the program
// and its arguments, which rank ran on which node and core, the configuration file, the
// simulator's version and the source tree's git commit. With config.resolved.yaml (every
// value as used) a run folder can be read, or repeated, without knowing who started it.
//
// Also where a run goes when no -o names a folder: a new folder per run (never another
// run's), and out/latest pointing at it, so "the last run" needs no name.
#pragma once

#include <string>
#include <vector>

#include <yaml-cpp/yaml.h>

namespace smvn {

// The process's command line, recorded once by main() (a child process forked for one run
// of an evaluation or a sweep inherits it: the command that made the run).
void set_invocation(int argc, const char* const* argv);
const std::string& invocation();

// The configuration file the command read ("" if none was recorded).
void set_invocation_config(const std::string& file);

// The source tree's commit ("unknown" outside a git checkout) and whether tracked files
// differ from it. Read when asked: ./smvn rebuilds before every run, so the tree is what
// the binary was built from.
struct SourceVersion {
  std::string commit = "unknown";
  bool dirty = false;
};
SourceVersion source_version();

struct RankPlacement {
  unsigned rank = 0, core = 0, node = 0, core_in_node = 0;
};

struct RunRecord {
  std::string job;                  // mpi, memory_probe, ...
  std::string program;              // the MPI program ("" for probes)
  std::vector<std::string> args;
  std::string map;                  // the --map text
  std::vector<RankPlacement> ranks;
};

constexpr const char* kRunRecordFile = "run.yaml";

// The record as YAML text (deterministic: no host time in it).
std::string format_run_record(const RunRecord& r);
// Writes DIR/run.yaml.
void write_run_record(const std::string& dir, const RunRecord& r);

// A new folder under OUT_ROOT for a run of CONFIG's JOB: OUT_ROOT/<config stem>-<job>-<UTC
// yyyymmdd-hhmmss>, with -2, -3 ... when that exists already (created atomically, so two
// runs started in the same second get two folders), and OUT_ROOT/latest a symbolic link
// to it. Returns the folder's path.
std::string new_run_folder(const std::string& out_root, const std::string& config, const std::string& job);

}  // namespace smvn
