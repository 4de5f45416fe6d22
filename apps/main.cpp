// smvn-sim: the command-line front end. `./smvn` builds it and passes its subcommand on.
#include <cstdio>
#include <filesystem>
#include <iostream>
#include <string>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "apps/probe_memory.h"
#include "apps/simulation.h"
#include "sim/config.h"
#include "sim/run_output.h"

using namespace smvn;

namespace {

struct Common {
  std::string config;
  std::string out;
  bool csv = false;
};

std::string default_out(const std::string& config, const std::string& job) {
  return "out/" + std::filesystem::path(config).stem().string() + "-" + job;
}

void print_banner(int argc, char** argv, const Simulation& sim, const std::string& config, const std::string& out) {
  BannerInfo b{"smvn-sim", SMVN_VERSION, join_command_line(argc, argv), host_name(), sim.seed(), config};
  std::cerr << format_banner(b) << "output folder: " << out << "\n";
}

void print_latency(const std::vector<LatencyPoint>& points, bool csv) {
  if (csv) {
    std::printf("working_set_bytes,latency_ns\n");
    for (const auto& p : points) std::printf("%llu,%.3f\n", (unsigned long long)p.working_set_bytes, p.latency_ns);
    return;
  }
  std::printf("# smvn-sim memory latency (pointer chase, lat_mem_rd method)\n");
  std::printf("# %-18s %14s\n", "Working set", "Latency (ns)");
  for (const auto& p : points) {
    const uint64_t b = p.working_set_bytes;
    std::string size = b >= (1u << 20) && b % (1u << 20) == 0 ? fmt::format("{} MiB", b >> 20)
                       : b >= 1024 && b % 1024 == 0          ? fmt::format("{} KiB", b >> 10)
                                                             : fmt::format("{} B", b);
    std::printf("  %-18s %14.2f\n", size.c_str(), p.latency_ns);
  }
}

int run_memory_probe(int argc, char** argv, const Common& c, MemoryProbeOptions opt, const ConfigNode& root) {
  Simulation sim(root);
  const std::string out = c.out.empty() ? default_out(c.config, "memory") : c.out;
  print_banner(argc, argv, sim, c.config, out);
  auto points = probe_memory_latency(sim, opt);
  print_latency(points, c.csv);
  sim.write_outputs(out);
  std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s\n", sc_core::sc_time_stamp().to_seconds(),
                           sim.host_seconds());
  return 0;
}

// A config's `workload` section says what `run` does with the machine it describes.
int run_config(int argc, char** argv, const Common& c) {
  ConfigNode root = ConfigNode::parse_file(c.config);
  ConfigNode w = root.child("workload");
  const std::string kind = w.get<std::string>("kind");
  if (kind == "memory_probe") {
    MemoryProbeOptions opt;
    opt.min_bytes = w.get_bytes("min", opt.min_bytes);
    opt.max_bytes = w.get_bytes("max", opt.max_bytes);
    opt.stride = w.get<uint32_t>("stride", opt.stride, 8u, 4096u);
    opt.core = w.get<uint32_t>("core", opt.core);
    return run_memory_probe(argc, argv, c, opt, root);
  }
  w.fail("kind", "unknown workload kind '" + kind + "' (known: memory_probe)");
}

}  // namespace

int sc_main(int argc, char** argv) {
  CLI::App app{"smvn-sim: a simulator of an SMP cluster joined by a shared-memory virtual network"};
  app.require_subcommand(1);
  Common c;

  auto* run = app.add_subcommand("run", "Run the experiment a configuration file describes");
  std::string run_config_file = source_path("configs/default.yaml");
  std::string node_config_file = source_path("configs/godson3a-node.yaml");
  run->add_option("config", run_config_file, "experiment configuration (YAML)")->capture_default_str();
  run->add_option("-o,--out", c.out, "output folder (default: out/<config>-<job>)");
  run->add_flag("--csv", c.csv, "print results as CSV");

  auto* probe = app.add_subcommand("probe", "Measure a part of the machine the way a hardware engineer would");
  probe->require_subcommand(1);
  auto* memory = probe->add_subcommand("memory", "Memory-latency curve of one node (lat_mem_rd method)");
  MemoryProbeOptions mopt;
  memory->add_option("-c,--config", node_config_file, "node configuration (YAML)")->capture_default_str();
  memory->add_option("-o,--out", c.out, "output folder");
  memory->add_flag("--csv", c.csv, "print working_set_bytes,latency_ns rows");
  memory->add_option("--min", mopt.min_bytes, "smallest working set (bytes)")->default_val(mopt.min_bytes);
  memory->add_option("--max", mopt.max_bytes, "largest working set (bytes)")->default_val(mopt.max_bytes);
  memory->add_option("--stride", mopt.stride, "bytes between chain elements")->default_val(mopt.stride);

  CLI11_PARSE(app, argc, argv);

  try {
    if (*run) {
      c.config = run_config_file;
      return run_config(argc, argv, c);
    }
    if (*memory) {
      c.config = node_config_file;
      return run_memory_probe(argc, argv, c, mopt, ConfigNode::parse_file(c.config));
    }
  } catch (const ConfigError& e) {
    std::cerr << "smvn-sim: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "smvn-sim: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
