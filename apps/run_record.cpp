#include "apps/run_record.h"

#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <system_error>

#include <fmt/core.h>

#include "apps/simulation.h"
#include "sim/run_output.h"

namespace smvn {

namespace {

std::string& invocation_text() {
  static std::string s;
  return s;
}
std::string& invocation_config() {
  static std::string s;
  return s;
}

// The first line COMMAND prints ("" if it fails).
std::string first_line_of(const std::string& command) {
  std::string out;
  if (FILE* p = ::popen(command.c_str(), "r")) {
    char buf[256];
    while (std::fgets(buf, sizeof buf, p)) out += buf;
    ::pclose(p);
  }
  const auto nl = out.find('\n');
  return nl == std::string::npos ? out : out.substr(0, nl);
}

}  // namespace

void set_invocation(int argc, const char* const* argv) { invocation_text() = join_command_line(argc, argv); }
const std::string& invocation() { return invocation_text(); }
void set_invocation_config(const std::string& file) { invocation_config() = file; }

SourceVersion source_version() {
  SourceVersion v;
  const std::string dir = source_path(".");
  const std::string git = "git -C '" + dir + "' ";
  const std::string commit = first_line_of(git + "rev-parse HEAD 2>/dev/null");
  if (commit.size() == 40) v.commit = commit;
  v.dirty = !first_line_of(git + "status --porcelain --untracked-files=no 2>/dev/null").empty();
  return v;
}

std::string format_run_record(const RunRecord& r) {
  YAML::Emitter e;
  e << YAML::BeginMap;
  e << YAML::Key << "command_line" << YAML::Value << invocation();
  e << YAML::Key << "config" << YAML::Value << invocation_config();
  e << YAML::Key << "job" << YAML::Value << r.job;
  if (!r.program.empty()) {
    e << YAML::Key << "program" << YAML::Value << r.program;
    e << YAML::Key << "args" << YAML::Value << YAML::Flow << r.args;
    e << YAML::Key << "map" << YAML::Value << r.map;
    e << YAML::Key << "ranks" << YAML::Value << YAML::BeginSeq;
    for (const RankPlacement& p : r.ranks)
      e << YAML::Flow << YAML::BeginMap << YAML::Key << "rank" << YAML::Value << p.rank << YAML::Key << "node"
        << YAML::Value << p.node << YAML::Key << "core" << YAML::Value << p.core_in_node << YAML::Key
        << "global_core" << YAML::Value << p.core << YAML::EndMap;
    e << YAML::EndSeq;
  }
  e << YAML::Key << "resolved_config" << YAML::Value << RunOutput::kResolvedConfig;
  e << YAML::Key << "version" << YAML::Value << SMVN_VERSION;
  const SourceVersion v = source_version();
  e << YAML::Key << "git_commit" << YAML::Value << v.commit;
  e << YAML::Key << "git_dirty" << YAML::Value << v.dirty;
  e << YAML::EndMap;
  return std::string(e.c_str()) + "\n";
}

void write_run_record(const std::string& dir, const RunRecord& r) {
  std::filesystem::create_directories(dir);
  const std::string path = (std::filesystem::path(dir) / kRunRecordFile).string();
  std::ofstream out(path);
  out << "# What made this run (smvn-sim); every configuration value as used: " << RunOutput::kResolvedConfig << "\n"
      << format_run_record(r);
  if (!out) throw std::runtime_error("cannot write " + path);
}

std::string new_run_folder(const std::string& out_root, const std::string& config, const std::string& job) {
  namespace fs = std::filesystem;
  fs::create_directories(out_root);
  const std::time_t now = std::time(nullptr);
  std::tm utc{};
  gmtime_r(&now, &utc);
  char stamp[32];
  std::strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &utc);
  const std::string base = fs::path(config).stem().string() + "-" + job + "-" + stamp;
  std::string name = base;
  for (int n = 2;; ++n) {
    std::error_code ec;
    if (fs::create_directory(fs::path(out_root) / name, ec)) break;  // false: it exists (another run's)
    if (ec) throw std::runtime_error("cannot create " + (fs::path(out_root) / name).string() + ": " + ec.message());
    name = base + "-" + std::to_string(n);
  }
  // latest -> NAME, replaced atomically (a new link beside it, renamed over it).
  const fs::path link = fs::path(out_root) / "latest", tmp = fs::path(out_root) / (".latest-" + name);
  std::error_code ec;
  fs::remove(tmp, ec);
  fs::create_directory_symlink(name, tmp, ec);
  if (!ec) fs::rename(tmp, link, ec);
  return (fs::path(out_root) / name).string();
}

}  // namespace smvn
