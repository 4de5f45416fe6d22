// smvn-sim: the command-line front end. `./smvn` builds it and passes its subcommand on.
#include <algorithm>
#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <filesystem>
#include <iostream>
#include <sstream>
#include <string>

#include <fcntl.h>
#include <unistd.h>

#include <CLI/CLI.hpp>
#include <fmt/core.h>

#include "apps/calibration.h"
#include "apps/child_processes.h"
#include "apps/evaluation_plots.h"
#include "apps/evaluation_report.h"
#include "apps/mpi_job.h"
#include "apps/mpi_suite.h"
#include "apps/mpirun_args.h"
#include "apps/paper_evaluation.h"
#include "apps/probe_memory.h"
#include "apps/probe_numa.h"
#include "apps/probe_smvn.h"
#include "apps/osu_csv.h"
#include "apps/routes_command.h"
#include "apps/run_record.h"
#include "apps/simulation.h"
#include "apps/sweep_plots.h"
#include "apps/sweep_report.h"
#include "apps/sweep_results.h"
#include "apps/sweep_run.h"
#include "apps/sweep_spec.h"
#include "sim/config.h"
#include "sim/config_override.h"
#include "sim/run_output.h"

using namespace smvn;

namespace {

struct Common {
  std::string config;
  std::string out;
  bool csv = false;
  std::vector<std::string> sets;  // --set KEY=VALUE, in command-line order
  unsigned jobs = 0;              // -j: children at once (0: every host core)
  bool full = false;              // --full: OMB's default sizes and iterations
};

// --set KEY=VALUE on every command that reads a configuration: one value per --set (so a
// positional argument after it is never taken for a second one), applied in order.
void add_set_option(CLI::App* cmd, Common& c) {
  cmd->add_option("--set", c.sets, "override a configuration value: KEY=VALUE, KEY a dotted path "
                                   "(e.g. smvn.zero_copy=true); repeatable")
      ->allow_extra_args(false)
      ->type_name("KEY=VALUE");
}

std::vector<ConfigOverride> set_overrides(const Common& c) {
  std::vector<ConfigOverride> out;
  for (const std::string& s : c.sets) out.push_back(parse_set_option(s));
  return out;
}

// The configuration file with the command line's --set values in place, before any model
// reads it.
ConfigNode load_config(const Common& c) {
  const std::vector<ConfigOverride> overrides = set_overrides(c);  // a bad --set fails before the file is read
  ConfigNode root = ConfigNode::parse_file(c.config);
  // A file named on purpose that says nothing is a mistake (a truncated copy, the wrong
  // file), not a request for every default.
  if (root.keys().empty())
    throw ConfigError(c.config, 0, "", "the file holds no configuration (it is empty or only comments)");
  apply_overrides(root, overrides);
  return root;
}

// Without -o a run gets a folder of its own (out/<config>-<job>-<time>, out/latest -> it):
// a run never overwrites another's results.
std::string default_out(const std::string& config, const std::string& job) {
  return new_run_folder("out", config, job);
}

// The job's record (run.yaml) for runs that place no ranks (probes).
void record_probe(const std::string& out, const std::string& job) {
  RunRecord r;
  r.job = job;
  write_run_record(out, r);
}

// While an OSU program runs, its stdout goes to OUT/osu.txt too: afterwards the text is
// printed as it would have been and its table written as OUT/osu.csv.
class OsuCapture {
 public:
  OsuCapture(const std::string& program, const std::string& out) {
    const std::string name = std::filesystem::path(program).filename().string();
    if (name.rfind("osu_", 0) != 0) return;
    std::filesystem::create_directories(out);
    path_ = out + "/" + kOsuOutputFile;
    std::fflush(stdout);
    const int fd = ::open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd < 0) return;
    saved_ = ::dup(1);
    ::dup2(fd, 1);
    ::close(fd);
    program_ = program;
    out_ = out;
  }
  ~OsuCapture() {
    if (saved_ < 0) return;
    std::fflush(stdout);
    ::dup2(saved_, 1);
    ::close(saved_);
    std::ifstream in(path_);
    std::ostringstream text;
    text << in.rdbuf();
    std::fputs(text.str().c_str(), stdout);
    std::fflush(stdout);
    write_osu_csv(out_, program_, text.str());
  }
  OsuCapture(const OsuCapture&) = delete;
  OsuCapture& operator=(const OsuCapture&) = delete;

 private:
  int saved_ = -1;
  std::string path_, program_, out_;
};

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

// SystemC's own reports ("Info: ... Simulation stopped by user") go to stderr with the
// rest of the simulator's messages: stdout is the program's (OSU tables, CSV).
void report_to_stderr(const sc_core::sc_report& report, const sc_core::sc_actions& actions) {
  if (actions & sc_core::SC_DISPLAY) std::cerr << sc_core::sc_report_compose_message(report) << std::endl;
  sc_core::sc_report_handler::default_handler(report, actions & ~sc_core::SC_DISPLAY);
}

int run_memory_probe(int argc, char** argv, const Common& c, MemoryProbeOptions opt, const ConfigNode& root) {
  if (opt.min_bytes > opt.max_bytes)
    throw ConfigError(c.config, 0, "--min",
                      fmt::format("the smallest working set ({} bytes) is larger than the largest (--max, {} bytes)",
                                  opt.min_bytes, opt.max_bytes));
  const std::string out = c.out.empty() ? default_out(c.config, "memory") : c.out;
  RunOutput{out};  // an unusable output folder is refused before the simulation, not after
  Simulation sim(root);
  print_banner(argc, argv, sim, c.config, out);
  auto points = probe_memory_latency(sim, opt);
  print_latency(points, c.csv);
  sim.write_outputs(out);
  record_probe(out, "probe");
  std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s\n", sc_core::sc_time_stamp().to_seconds(),
                           sim.host_seconds());
  return 0;
}

void print_numa(const std::vector<NumaPoint>& points, unsigned nodes, bool csv) {
  if (csv) {
    std::printf("src,dst,hops,latency_ns,read_MBps,write_MBps,copy_MBps\n");
    for (const auto& p : points)
      std::printf("%u,%u,%u,%.2f,%.1f,%.1f,%.1f\n", p.src, p.dst, p.hops, p.latency_ns, p.read_mbps, p.write_mbps,
                  p.copy_mbps);
    return;
  }
  // Matrices as Intel MLC prints them: rows are the requesting node, columns the home.
  const auto matrix = [&](const char* title, double NumaPoint::*field, const char* fmt) {
    std::printf("%s\n%-10s", title, "src\\home");
    for (unsigned d = 0; d < nodes; ++d) std::printf("%10u", d);
    std::printf("\n");
    for (unsigned s = 0; s < nodes; ++s) {
      std::printf("%-10u", s);
      for (unsigned d = 0; d < nodes; ++d) std::printf(fmt, points[size_t(s) * nodes + d].*field);
      std::printf("\n");
    }
    std::printf("\n");
  };
  matrix("Idle latency (ns), one core of the source node", &NumaPoint::latency_ns, "%10.1f");
  matrix("Streaming read bandwidth (MB/s), one core", &NumaPoint::read_mbps, "%10.1f");
  matrix("Streaming write bandwidth (MB/s), one core", &NumaPoint::write_mbps, "%10.1f");
  matrix("Streaming copy bandwidth (MB/s), one core", &NumaPoint::copy_mbps, "%10.1f");
}

int run_numa_probe(int argc, char** argv, const Common& c, const NumaProbeOptions& opt, const ConfigNode& root) {
  const std::string out = c.out.empty() ? default_out(c.config, "numa") : c.out;
  RunOutput{out};
  Simulation sim(root);
  print_banner(argc, argv, sim, c.config, out);
  auto points = probe_numa(sim, opt);
  print_numa(points, sim.cluster().nodes(), c.csv);
  sim.write_outputs(out);
  record_probe(out, "probe");
  std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s\n", sc_core::sc_time_stamp().to_seconds(),
                           sim.host_seconds());
  return 0;
}

void print_smvn(const std::vector<SmvnPoint>& points, bool zero_copy, bool csv) {
  if (csv) {
    std::printf("src,dst,frame_bytes,latency_us,throughput_MBps\n");
    for (const auto& p : points)
      std::printf("%u,%u,%u,%.3f,%.2f\n", p.src, p.dst, p.frame_bytes, p.latency_us, p.throughput_mbps);
    return;
  }
  std::printf("# smvn-sim SMVN driver probe (%s mode): ping-pong latency and streaming throughput\n",
              zero_copy ? "zero-copy" : "copy");
  std::printf("# %-5s %-5s %-5s %12s %14s %18s\n", "src", "dst", "hops", "frame (B)", "latency (us)",
              "throughput (MB/s)");
  for (const auto& p : points)
    std::printf("  %-5u %-5u %-5u %12u %14.2f %18.2f\n", p.src, p.dst, p.hops, p.frame_bytes, p.latency_us,
                p.throughput_mbps);
}

int run_smvn_probe(int argc, char** argv, const Common& c, const SmvnProbeOptions& opt, const ConfigNode& root) {
  RunOutput{c.out.empty() ? default_out(c.config, "smvn") : c.out};
  Simulation sim(root);
  driver::SmvnNetwork net(root.child_or_empty("smvn"), sim.cluster());
  net.register_stats(sim.stats());
  const std::string out = c.out.empty() ? default_out(c.config, "smvn") : c.out;
  print_banner(argc, argv, sim, c.config, out);
  auto points = probe_smvn(sim, net, opt);
  print_smvn(points, net.params().zero_copy, c.csv);
  sim.write_outputs(out);
  record_probe(out, "probe");
  std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s\n", sc_core::sc_time_stamp().to_seconds(),
                           sim.host_seconds());
  return 0;
}

int run_mpi(int argc, char** argv, const Common& c, const MpiJobOptions& opt, const ConfigNode& root) {
  // Without a topology the machine is one node, and --map cyclic would quietly put every
  // rank on it: an MPI job runs on a cluster the config names.
  if (!root.has("topology") && !root.has("topology_file"))
    root.fail("topology", "an MPI job needs a cluster: this configuration names none (give topology: or "
                          "topology_file:, e.g. topology_file: topologies/mesh-2x2.yaml)");
  const std::string out = c.out.empty() ? default_out(c.config, "mpi") : c.out;
  RunOutput{out};
  Simulation sim(root);
  print_banner(argc, argv, sim, c.config, out);
  std::fflush(stderr);
  MpiJobResult r;
  {
    OsuCapture capture(opt.program, out);
    r = run_mpi_job(sim, root, opt, out);
  }
  for (const std::string& p : r.problems) std::cerr << "smvn-sim: mpirun: " << p << "\n";
  std::cerr << fmt::format("simulated {:.6f} s in {:.2f} host s; {} ranks, {}, exit status {}\n",
                           sc_core::sc_time_stamp().to_seconds(), sim.host_seconds(), opt.ranks,
                           stop_reason_name(sim.stop_record().reason), r.exit_status);
  if (r.escaped) {
    // A rank faulted or was stopped by force: nothing of this process may run its
    // destructors or exit handlers (apps/host_escape.h); the outputs are written.
    std::fflush(stdout);
    std::fflush(stderr);
    std::_Exit(r.exit_status);
  }
  return r.exit_status;
}

// `smvn mpirun ...`, read by its own parser (apps/mpirun_args.h) rather than CLI11, so
// that everything after the program is the program's.
int run_mpirun(int argc, char** argv) {
  MpirunArgs a;
  try {
    a = parse_mpirun_args(std::vector<std::string>(argv + 2, argv + argc));
  } catch (const MpirunUsageError& e) {
    std::cerr << "smvn-sim: mpirun: " << e.what() << "\n" << mpirun_usage() << "\n";
    return 2;
  }
  if (a.help) {
    std::cout << mpirun_help();
    return 0;
  }
  if (a.version) {
    std::cout << "smvn-sim mpirun " << SMVN_VERSION << " (an MPI-3.1 subset on the simulated cluster)\n";
    return 0;
  }
  Common c;
  c.config = a.config.empty() ? source_path("configs/paper-cluster.yaml") : a.config;
  c.out = a.out;
  c.sets = a.sets;
  set_invocation_config(c.config);
  try {
    ConfigNode root = load_config(c);
    MpiJobOptions opt;
    opt.program = resolve_mpi_program(a.program);
    opt.args = a.args;
    opt.ranks = a.ranks;
    opt.map = a.map.empty() ? "block" : a.map;
    opt.display_map = a.display_map;
    if (!a.hostfile.empty()) {
      std::ifstream in(a.hostfile);
      if (!in) throw std::invalid_argument("cannot read the hostfile " + a.hostfile);
      const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      const std::vector<HostfileNode> hosts = parse_hostfile(text, a.hostfile);
      const ClusterParams cp = ClusterParams::from_config(root);
      const std::vector<unsigned> cores = map_on_hosts(hosts, a.map, a.ranks, cp.topology->nodes(), cp.node.cores);
      opt.ranks = unsigned(cores.size());
      opt.map = "cores:";
      for (std::size_t r = 0; r < cores.size(); ++r) opt.map += (r ? "," : "") + std::to_string(cores[r]);
      for (const HostfileNode& h : hosts) opt.node_names.push_back(h.name);
    }
    return run_mpi(argc, argv, c, opt, root);
  } catch (const ConfigError& e) {
    std::cerr << "smvn-sim: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "smvn-sim: mpirun: " << e.what() << "\n";
    return 1;
  }
}

// The paper's evaluation: every case's programs as children, then the table (or CSV) on
// stdout, the same as files in the run folder, and the figures.
int run_paper_evaluation(int argc, char** argv, const Common& c, const ConfigNode& root, const ConfigNode& w) {
  const EvaluationSpec spec = evaluation_from_config(w);
  calibration_from_config(root.child_or_empty("calibration"));  // checked here too: `run` is strict about it
  // The machine's sections are checked by each run's child; these two only here.
  w.check_all_used();
  root.child_or_empty("calibration").check_all_used();
  EvaluationOptions opt;
  opt.out_dir = c.out.empty() ? default_out(c.config, "eval") : c.out;
  opt.parallel = c.jobs ? c.jobs : host_cores();
  opt.full = c.full;
  opt.cli_sets = set_overrides(c);
  RunOutput{opt.out_dir};  // refused before any run, not after all of them
  BannerInfo b{"smvn-sim", SMVN_VERSION, join_command_line(argc, argv), host_name(), root.get<uint64_t>("seed", 1),
               c.config};
  const std::vector<EvaluationRun> runs = all_runs(spec);
  std::cerr << format_banner(b)
            << fmt::format("output folder: {}\npaper evaluation: {} cases, {} runs, {} at a time{}\n", opt.out_dir,
                           spec.cases.size(), runs.size(), opt.parallel,
                           c.full ? ", OMB's default sizes and iterations (--full)" : ", reduced sizes and iterations");
  const EvaluationResults results = run_evaluation(spec, runs, opt, std::cerr);
  const std::vector<ReportRow> rows = report_rows(spec, results);
  const std::string table = format_report_table(rows), csv = format_report_csv(rows);
  std::fputs((c.csv ? csv : table).c_str(), stdout);
  std::fflush(stdout);
  RunOutput folder(opt.out_dir);
  std::ofstream(folder.path("results.txt")) << table;
  std::ofstream(folder.path("results.csv")) << csv;
  const PlotFiles plots = write_evaluation_plots(spec, results, opt.out_dir);
  if (!plots.problem.empty()) std::cerr << "smvn-sim: plots: " << plots.problem << "\n";
  std::string images;
  for (const std::string& i : plots.images) images += " " + i;
  std::cerr << fmt::format("evaluation: {} of {} runs succeeded in {:.1f} host s; results in {}/results.csv; plots:{}\n",
                           std::count_if(results.runs.begin(), results.runs.end(), [](const RunResult& r) { return r.ok; }),
                           results.runs.size(), results.host_seconds, opt.out_dir, images.empty() ? " none" : images);
  // A configuration error in a case's machine is the command's configuration error.
  if (std::any_of(results.runs.begin(), results.runs.end(), [](const RunResult& r) { return r.status == 2; })) return 2;
  return results.all_ok() ? 0 : 1;
}

struct SweepCli {
  std::string file;
  bool resume = false, slurm = false, collect = false;
  int point = -1;
};

// results.csv, the plots and report.md from the sweep's run folders.
int collect_sweep_outputs(const SweepSpec& spec, const std::string& out) {
  const std::vector<SweepRow> rows = collect_sweep(spec, out);
  std::ofstream(out + "/results.csv") << sweep_results_csv(spec, rows);
  const SweepPlots plots = write_sweep_plots(spec, rows, out);
  if (!plots.problem.empty()) std::cerr << "smvn-sim: plots: " << plots.problem << "\n";
  std::ofstream(out + "/report.md") << sweep_report(spec, rows, plots.images);
  const auto missing = std::count_if(rows.begin(), rows.end(), [](const SweepRow& r) { return !r.value; });
  std::cerr << fmt::format("sweep: {} results ({} missing) in {}/results.csv; {} plots; {}/report.md\n", rows.size(),
                           missing, out, plots.images.size(), out);
  return missing ? 1 : 0;
}

// `smvn sweep`: the whole sweep checked before anything runs, then its points, then the
// collect step (or only the Slurm scripts, one point, or only the collect step).
int run_sweep_command(int argc, char** argv, const Common& c, const SweepCli& s) {
  const SweepSpec spec = sweep_from_file(s.file);
  SweepOptions opt;
  opt.out_dir = c.out.empty() ? "out/" + spec.name + "-sweep" : c.out;
  opt.parallel = c.jobs ? c.jobs : host_cores();
  opt.resume = s.resume;
  opt.only_point = s.point;
  if (s.point >= 0 && std::size_t(s.point) >= spec.points.size())
    throw std::invalid_argument(fmt::format("--point {}: the sweep has points 0 to {}", s.point, spec.points.size() - 1));
  if (s.collect) return collect_sweep_outputs(spec, opt.out_dir);
  BannerInfo b{"smvn-sim", SMVN_VERSION, join_command_line(argc, argv), host_name(), 0, s.file};
  std::cerr << format_banner(b) << fmt::format("sweep {}: {} points x {} programs, {} at a time; output folder {}\n",
                                               spec.name, spec.points.size(), spec.programs.size(), opt.parallel,
                                               opt.out_dir);
  const std::vector<std::string> problems = check_sweep_points(spec, opt, std::cerr);
  if (!problems.empty()) {
    for (const std::string& p : problems) std::cerr << "smvn-sim: sweep: " << p << "\n";
    std::cerr << fmt::format("smvn-sim: sweep: {} of {} points cannot build; nothing was run\n", problems.size(),
                             s.point >= 0 ? 1 : spec.points.size());
    return 2;
  }
  if (s.slurm) {
    char self[4096];
    const ssize_t n = ::readlink("/proc/self/exe", self, sizeof self - 1);
    const std::string sim = n > 0 ? std::string(self, std::size_t(n)) : std::string(argv[0]);
    const std::vector<std::string> files = write_slurm_scripts(spec, opt, sim);
    std::cout << fmt::format("jobid=$(sbatch --parsable {})\nsbatch --dependency=afterany:$jobid {}\n", files[0], files[1]);
    return 0;
  }
  const auto start = std::chrono::steady_clock::now();
  const unsigned failed = run_sweep_points(spec, opt, std::cerr);
  if (s.point >= 0) return failed ? 1 : 0;
  const double host = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  std::ofstream(opt.out_dir + "/host.txt") << fmt::format("host_seconds {:.1f}\npoints {}\nruns_failed {}\n", host,
                                                           spec.points.size(), failed);
  std::cerr << fmt::format("sweep: ran in {:.1f} host s ({} runs failed)\n", host, failed);
  return collect_sweep_outputs(spec, opt.out_dir) || failed ? 1 : 0;
}

// A config's `workload` section says what `run` does with the machine it describes.
int run_config(int argc, char** argv, const Common& c) {
  ConfigNode root = load_config(c);
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
  if (kind == "numa_probe") {
    NumaProbeOptions opt;
    opt.chase_loads = w.get<uint64_t>("chase_loads", opt.chase_loads, uint64_t(1), uint64_t(100000));
    opt.stream_bytes = w.get_bytes("stream", opt.stream_bytes);
    return run_numa_probe(argc, argv, c, opt, root);
  }
  if (kind == "smvn_probe") {
    SmvnProbeOptions opt;
    try {
      opt.pairs = parse_pairs(w.get<std::string>("pairs", "from0"), ClusterParams::from_config(root).topology->nodes());
    } catch (const std::invalid_argument& e) {
      w.fail("pairs", e.what());
    }
    opt.frame_bytes = w.get_list<uint32_t>("frame_bytes", opt.frame_bytes);
    opt.ping_warmup = w.get<uint32_t>("ping_warmup", opt.ping_warmup, 0u, 1000000u);
    opt.ping_iterations = w.get<uint32_t>("ping_iterations", opt.ping_iterations, 1u, 1000000u);
    opt.stream_frames = w.get<uint32_t>("stream_frames", opt.stream_frames, 1u, 100000000u);
    return run_smvn_probe(argc, argv, c, opt, root);
  }
  if (kind == "mpi") {
    MpiJobOptions opt;
    opt.program = w.get<std::string>("program");
    try {
      opt.program = resolve_mpi_program(opt.program);
    } catch (const std::invalid_argument& e) {
      w.fail("program", e.what());
    }
    opt.args = w.get_list<std::string>("args", {});
    opt.ranks = w.get<uint32_t>("ranks", 2u, 1u, 4096u);
    opt.map = w.get<std::string>("map", "block");
    return run_mpi(argc, argv, c, opt, root);
  }
  if (kind == "mpi_suite") {
    MpiSuiteOptions opt = mpi_suite_from_config(w);
    opt.out_dir = c.out.empty() ? default_out(c.config, "mpi") : c.out;
    RunOutput{opt.out_dir};
    // Each job's process checks that every key was used (the machine's sections are
    // read there).
    BannerInfo b{"smvn-sim", SMVN_VERSION, join_command_line(argc, argv), host_name(), root.get<uint64_t>("seed", 1),
                 c.config};
    std::cerr << format_banner(b) << "output folders: " << opt.out_dir << "/<job>\n";
    return run_mpi_suite(root, opt);
  }
  if (kind == "paper_evaluation") return run_paper_evaluation(argc, argv, c, root, w);
  w.fail("kind", "unknown workload kind '" + kind +
                     "' (known: memory_probe, numa_probe, smvn_probe, mpi, mpi_suite, paper_evaluation)");
}

}  // namespace

int sc_main(int argc, char** argv) {
  CLI::App app{"smvn-sim: a simulator of an SMP cluster joined by a shared-memory virtual network"};
  app.require_subcommand(1);
  Common c;

  auto* run = app.add_subcommand("run", "Run the experiment a configuration file describes (default: the paper's evaluation)");
  std::string run_config_file = source_path("configs/paper-2x2.yaml");
  std::string node_config_file = source_path("configs/godson3a-node.yaml");
  run->add_option("config", run_config_file, "experiment configuration (YAML)")->capture_default_str();
  run->add_option("-o,--out", c.out, "output folder (default: out/<config>-<job>)");
  run->add_flag("--csv", c.csv, "print results as CSV");
  add_set_option(run, c);
  run->add_option("-j,--jobs", c.jobs, "paper_evaluation: runs at once (default: every host core)");
  run->add_flag("--full", c.full, "paper_evaluation: OMB's default sizes and iterations instead of the reduced ones");

  auto* probe = app.add_subcommand("probe", "Measure a part of the machine the way a hardware engineer would");
  probe->require_subcommand(1);
  auto* memory = probe->add_subcommand("memory", "Memory-latency curve of one node (lat_mem_rd method)");
  MemoryProbeOptions mopt;
  memory->add_option("-c,--config", node_config_file, "node configuration (YAML)")->capture_default_str();
  memory->add_option("-o,--out", c.out, "output folder");
  memory->add_flag("--csv", c.csv, "print working_set_bytes,latency_ns rows");
  add_set_option(memory, c);
  memory->add_option("--min", mopt.min_bytes, "smallest working set (bytes)")->default_val(mopt.min_bytes);
  memory->add_option("--max", mopt.max_bytes, "largest working set (bytes)")->default_val(mopt.max_bytes);
  memory->add_option("--stride", mopt.stride, "bytes between chain elements")->default_val(mopt.stride);

  auto* numa = probe->add_subcommand("numa", "Node-to-node latency and bandwidth matrix (Intel MLC style)");
  NumaProbeOptions nopt;
  std::string cluster_config_file = source_path("configs/paper-cluster.yaml");
  numa->add_option("-c,--config", cluster_config_file, "cluster configuration (YAML)")->capture_default_str();
  numa->add_option("-o,--out", c.out, "output folder");
  numa->add_flag("--csv", c.csv, "print src,dst,hops,latency_ns,read_MBps,write_MBps,copy_MBps rows");
  add_set_option(numa, c);
  numa->add_option("--loads", nopt.chase_loads, "timed dependent loads per pair")->default_val(nopt.chase_loads);
  numa->add_option("--bytes", nopt.stream_bytes, "bytes streamed (read, written, copied) per pair")->default_val(nopt.stream_bytes);

  auto* smvn = probe->add_subcommand("smvn", "SMVN driver ping-pong latency and streaming throughput between nodes");
  SmvnProbeOptions sopt;
  std::string smvn_pairs = "from0";
  smvn->add_option("-c,--config", cluster_config_file, "cluster configuration with an smvn: section (YAML)")
      ->capture_default_str();
  smvn->add_option("-o,--out", c.out, "output folder");
  smvn->add_flag("--csv", c.csv, "print src,dst,frame_bytes,latency_us,throughput_MBps rows");
  add_set_option(smvn, c);
  smvn->add_option("--pairs", smvn_pairs, "node pairs: SRC-DST[,SRC-DST...], 'from0' or 'all'")->capture_default_str();
  smvn->add_option("--sizes", sopt.frame_bytes, "Ethernet frame sizes in bytes (header included)")
      ->delimiter(',')
      ->capture_default_str();
  smvn->add_option("--iterations", sopt.ping_iterations, "timed ping-pong round trips")->capture_default_str();
  smvn->add_option("--warmup", sopt.ping_warmup, "untimed round trips first")->capture_default_str();
  smvn->add_option("--frames", sopt.stream_frames, "frames per stream")->capture_default_str();

  // Listed for --help only: `mpirun` is read by run_mpirun before CLI11 sees it.
  app.add_subcommand("mpirun", "Run an MPI program built by smvn-mpicc on the simulated cluster (mpirun -h)");

  auto* calibrate = app.add_subcommand("calibrate", "Fit at most two declared parameters to named evaluation metrics");
  std::string calibrate_config_file = source_path("configs/paper-2x2.yaml");
  std::string fit_keys;
  std::vector<std::string> target_texts;
  std::string fitted_out;
  calibrate->add_option("config", calibrate_config_file, "an evaluation (kind: paper_evaluation) with a calibration: section")
      ->capture_default_str();
  calibrate->add_option("--fit", fit_keys, "the parameter(s) to fit: KEY[,KEY], declared in calibration.parameters")
      ->required();
  calibrate->add_option("--target", target_texts, "CASE.METRIC=VALUE, e.g. one_hop.bw@4194304=27.3 (one per parameter)")
      ->allow_extra_args(false)
      ->required();
  calibrate->add_option("-o,--fitted", fitted_out, "the fitted configuration to write (default: <run folder>/fitted.yaml)");
  calibrate->add_option("--out", c.out, "run folder (default: out/<config>-calibrate)");
  calibrate->add_option("-j,--jobs", c.jobs, "runs at once (default: every host core)");
  add_set_option(calibrate, c);

  auto* sweep = app.add_subcommand("sweep", "Run a design-space sweep: points of a base machine, results.csv, plots, report.md");
  SweepCli sweep_cli;
  sweep->add_option("sweep", sweep_cli.file, "the sweep file (YAML: base, programs, metrics, axes, points)")->required();
  sweep->add_option("-o,--out", c.out, "output folder (default: out/<sweep>-sweep)");
  sweep->add_option("-j,--jobs", c.jobs, "runs at once (default: every host core)");
  sweep->add_flag("--resume", sweep_cli.resume, "continue a sweep in its folder: skip the runs that finished");
  sweep->add_flag("--slurm", sweep_cli.slurm, "write a Slurm job array (a task per point) and a collect script; run nothing");
  sweep->add_flag("--collect", sweep_cli.collect, "only build results.csv, the plots and report.md from the run folders");
  sweep->add_option("--point", sweep_cli.point, "run only the point of this index (a Slurm array task)");

  auto* routes = app.add_subcommand("routes", "Print the route between every pair of nodes of a topology");
  RoutesOptions ropt;
  routes->add_option("topology", ropt.topology, "topology file (YAML), or a name in topologies/ (mesh-2x2)")
      ->required();
  routes->add_option("--dot", ropt.dot, "also write the topology as Graphviz to FILE");

  RunMonitor::catch_interrupts();
  set_invocation(argc, argv);
  // A closed pipe (`run | head -1`) must not kill a suite: writes fail with EPIPE instead.
  std::signal(SIGPIPE, SIG_IGN);
  sc_core::sc_report_handler::set_handler(report_to_stderr);
  if (argc >= 2 && std::string(argv[1]) == "mpirun") return run_mpirun(argc, argv);
  CLI11_PARSE(app, argc, argv);

  try {
    if (*run) {
      c.config = run_config_file;
      set_invocation_config(c.config);
      return run_config(argc, argv, c);
    }
    if (*memory) {
      c.config = node_config_file;
      set_invocation_config(c.config);
      return run_memory_probe(argc, argv, c, mopt, load_config(c));
    }
    if (*numa) {
      c.config = cluster_config_file;
      set_invocation_config(c.config);
      return run_numa_probe(argc, argv, c, nopt, load_config(c));
    }
    if (*smvn) {
      c.config = cluster_config_file;
      set_invocation_config(c.config);
      ConfigNode root = load_config(c);
      sopt.pairs = parse_pairs(smvn_pairs, ClusterParams::from_config(root).topology->nodes());
      return run_smvn_probe(argc, argv, c, sopt, root);
    }
    if (*calibrate) {
      c.config = calibrate_config_file;
      set_invocation_config(c.config);
      const ConfigNode root = load_config(c);
      const ConfigNode w = root.child("workload");
      if (w.get<std::string>("kind") != "paper_evaluation")
        w.fail("kind", "calibrate needs an evaluation (kind: paper_evaluation) whose cases the targets name");
      const EvaluationSpec spec = evaluation_from_config(w);
      const CalibrationSpec cal = calibration_from_config(root.child_or_empty("calibration"));
      w.check_all_used();
      root.child_or_empty("calibration").check_all_used();
      CalibrateOptions opt;
      for (std::size_t start = 0; start <= fit_keys.size();) {
        std::size_t comma = fit_keys.find(',', start);
        if (comma == std::string::npos) comma = fit_keys.size();
        opt.fit.push_back(fit_keys.substr(start, comma - start));
        start = comma + 1;
      }
      for (const std::string& t : target_texts) opt.targets.push_back(parse_calibration_target(t, spec));
      opt.command_line = join_command_line(argc, argv);
      opt.run.out_dir = c.out.empty() ? default_out(c.config, "calibrate") : c.out;
      opt.run.parallel = c.jobs ? c.jobs : host_cores();
      opt.run.cli_sets = set_overrides(c);
      opt.fitted_out = fitted_out.empty() ? opt.run.out_dir + "/fitted.yaml" : fitted_out;
      std::filesystem::create_directories(opt.run.out_dir);
      const CalibrationResult r = run_calibration(spec, cal, opt, std::cout, std::cerr);
      return r.converged ? 0 : 1;
    }
    if (*routes) return run_routes(ropt, std::cout);
    if (*sweep) {
      set_invocation_config(sweep_cli.file);
      return run_sweep_command(argc, argv, c, sweep_cli);
    }
  } catch (const ConfigError& e) {
    std::cerr << "smvn-sim: configuration error: " << e.what() << "\n";
    return 2;
  } catch (const CalibrationError& e) {
    std::cerr << "smvn-sim: calibrate: " << e.what() << "\n";
    return 2;
  } catch (const std::exception& e) {
    std::cerr << "smvn-sim: error: " << e.what() << "\n";
    return 1;
  }
  return 0;
}
