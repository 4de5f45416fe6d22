// Run output folder (see run_output.h).
#include "sim/run_output.h"

#include <unistd.h>

#include <cmath>
#include <fstream>
#include <sstream>
#include <stdexcept>
#include <string_view>
#include <system_error>

#include <fmt/format.h>
#include <nlohmann/json.hpp>

namespace smvn {

namespace {

// Characters that need no quoting in a POSIX shell word.
bool shell_safe(const std::string& arg) {
  if (arg.empty()) return false;
  for (char c : arg) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                    std::string_view("_-./=:,+@%").find(c) != std::string_view::npos;
    if (!ok) return false;
  }
  return true;
}

std::string shell_quote(const std::string& arg) {
  if (shell_safe(arg)) return arg;
  std::string out = "'";
  for (char c : arg) {
    if (c == '\'')
      out += "'\\''";  // close the quote, an escaped quote, reopen
    else
      out += c;
  }
  return out + "'";
}

void banner_line(std::string& out, const char* label, const std::string& value) {
  out += fmt::format("  {:<9}{}\n", label, value);
}

}  // namespace

std::string format_banner(const BannerInfo& info) {
  std::string out = info.program;
  if (!info.version.empty()) out += (out.empty() ? "" : " ") + info.version;
  out += '\n';
  banner_line(out, "host", info.host);
  banner_line(out, "command", info.command_line);
  if (!info.config_file.empty()) banner_line(out, "config", info.config_file);
  banner_line(out, "seed", fmt::format("{}", info.seed));
  return out;
}

std::string host_name() {
  char buf[256] = {};
  if (gethostname(buf, sizeof buf - 1) != 0 || buf[0] == '\0') return "unknown";
  return buf;
}

std::string join_command_line(int argc, const char* const* argv) {
  std::string out;
  for (int i = 0; i < argc; ++i) {
    if (i) out += ' ';
    out += shell_quote(argv[i] ? argv[i] : "");
  }
  return out;
}

RunOutput::RunOutput(const std::filesystem::path& dir) : dir_(dir) {
  std::error_code ec;
  std::filesystem::create_directories(dir_, ec);
  // create_directories reports no error when DIR already exists as a file.
  if (ec || !std::filesystem::is_directory(dir_))
    throw std::runtime_error(fmt::format("cannot create output folder '{}': {}", dir_.string(),
                                         ec ? ec.message() : "a file of that name exists"));
}

void RunOutput::write_file(const std::string& file_name, const std::string& content) const {
  const std::filesystem::path p = path(file_name);
  std::ofstream out(p, std::ios::binary | std::ios::trunc);
  if (out) out.write(content.data(), std::streamsize(content.size()));
  out.close();
  if (!out) throw std::runtime_error(fmt::format("cannot write '{}'", p.string()));
}

namespace {

// The stop record's lines, in stats.txt's layout (name, value, # description).
std::string stop_lines(const StopRecord& stop) {
  const auto line = [](const std::string& name, const std::string& value, const char* desc) {
    return fmt::format("{:<60} {:>20} # {}\n", name, value, desc);
  };
  std::string out = line("run.stop_reason", stop_reason_name(stop.reason),
                         "how the run ended: completed, time_limit, interrupted, mpi_error, rank_fault, deadlock, error");
  out += line("run.exit_status", std::to_string(stop.exit_status), "the exit status of the command");
  if (!stop.detail.empty()) out += line("run.stop_detail", nlohmann::json(stop.detail).dump(), "why it stopped");
  return out;
}

}  // namespace

void RunOutput::write_stats(const StatsRegistry& stats, const StopRecord& stop) const {
  std::ostringstream text;
  stats.write_text(text);
  std::string t = text.str();
  const std::size_t first_line = t.find('\n');
  t.insert(first_line == std::string::npos ? t.size() : first_line + 1, stop_lines(stop));
  write_file(kStatsText, t);
  nlohmann::json j = stats.to_json();
  j["run.stop_reason"] = stop_reason_name(stop.reason);
  j["run.exit_status"] = stop.exit_status;
  if (!stop.detail.empty()) j["run.stop_detail"] = stop.detail;
  write_file(kStatsJson, j.dump(2) + "\n");
}

void RunOutput::write_resolved_config(const YAML::Node& resolved) const {
  YAML::Emitter emitter;
  emitter << resolved;
  if (!emitter.good())
    throw std::runtime_error(fmt::format("cannot emit the resolved configuration: {}", emitter.GetLastError()));
  write_file(kResolvedConfig, std::string(emitter.c_str()) + "\n");
}

void RunOutput::write_host_stats(double host_seconds, double sim_seconds, const StopRecord& stop) const {
  const double rate = host_seconds > 0 ? sim_seconds / host_seconds : std::nan("");
  std::string out;
  out += fmt::format("{:<30} {} # how the run ended\n", "stop_reason", stop_reason_name(stop.reason));
  out += fmt::format("{:<30} {} # the exit status of the command\n", "exit_status", stop.exit_status);
  if (!stop.detail.empty()) out += fmt::format("{:<30} {} # why it stopped\n", "stop_detail", nlohmann::json(stop.detail).dump());
  out += fmt::format("{:<30} {:.6f} # wall-clock seconds of the simulation\n", "host_seconds", host_seconds);
  out += fmt::format("{:<30} {:.12f} # simulated seconds\n", "sim_seconds", sim_seconds);
  out += fmt::format("{:<30} {} # simulated seconds per host second\n", "sim_seconds_per_host_second",
                     std::isfinite(rate) ? fmt::format("{:.6g}", rate) : std::string("nan"));
  out += fmt::format("{:<30} {} # host the run executed on\n", "host_name", host_name());
  write_file(kHostStats, out);
}

std::string RunOutput::banner(const std::string& program, const std::string& version,
                              const std::string& command_line, uint64_t seed, const std::string& config_file) const {
  BannerInfo info;
  info.program = program;
  info.version = version;
  info.command_line = command_line;
  info.host = host_name();
  info.seed = seed;
  info.config_file = config_file;
  std::string out = format_banner(info);
  banner_line(out, "output", dir_.string());
  return out;
}

}  // namespace smvn
