// A run's output folder: statistics (text and JSON), the resolved configuration, and the
// host-side figures. Everything that depends on the host (its name, wall-clock time,
// simulation speed) goes to host.txt and the banner only, so that stats.txt and
// stats.json are byte-identical across runs of the same configuration and seed.
#pragma once

#include <cstdint>
#include <filesystem>
#include <string>

#include <yaml-cpp/yaml.h>

#include "sim/stats.h"
#include "sim/stop_record.h"

namespace smvn {

// What the banner at the start of a run shows.
struct BannerInfo {
  std::string program, version, command_line, host;
  uint64_t seed = 0;
  std::string config_file;  // empty: no line for it
};

// The banner text, several lines ending in a newline.
std::string format_banner(const BannerInfo& info);

// This machine's host name ("unknown" if it cannot be read).
std::string host_name();

// ARGV joined with spaces; arguments that the shell would split or expand are quoted so
// the line can be pasted back into a shell.
std::string join_command_line(int argc, const char* const* argv);

class RunOutput {
 public:
  static constexpr const char* kStatsText = "stats.txt";
  static constexpr const char* kStatsJson = "stats.json";
  static constexpr const char* kResolvedConfig = "config.resolved.yaml";
  static constexpr const char* kHostStats = "host.txt";

  // Creates DIR and its parents if needed. Throws std::runtime_error if it cannot, or if
  // DIR exists and is not a directory.
  explicit RunOutput(const std::filesystem::path& dir);

  const std::filesystem::path& dir() const { return dir_; }
  std::filesystem::path path(const std::string& file_name) const { return dir_ / file_name; }

  // stats.txt (gem5 style) and stats.json, each with how the run ended (run.stop_reason,
  // run.exit_status, run.stop_detail) right after the opening line.
  void write_stats(const StatsRegistry& stats, const StopRecord& stop = {}) const;
  // config.resolved.yaml.
  void write_resolved_config(const YAML::Node& resolved) const;
  // host.txt: wall-clock seconds, simulated seconds and simulated seconds per host second.
  // Also how the run ended, as in stats.txt.
  void write_host_stats(double host_seconds, double sim_seconds, const StopRecord& stop = {}) const;

  // The run's banner for this host; also names the output folder.
  std::string banner(const std::string& program, const std::string& version, const std::string& command_line,
                     uint64_t seed, const std::string& config_file = "") const;

 private:
  // Writes CONTENT to FILE_NAME in the folder; throws std::runtime_error naming the path.
  void write_file(const std::string& file_name, const std::string& content) const;
  std::filesystem::path dir_;
};

}  // namespace smvn
