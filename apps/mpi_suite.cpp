#include "apps/mpi_suite.h"

#include <sys/wait.h>
#include <unistd.h>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/core.h>

namespace smvn {

std::pair<std::string, double> osu_headline(const std::string& output) {
  std::istringstream in(output);
  std::string line, what;
  double best = 0;
  bool latency = false, bandwidth = false, found = false;
  while (std::getline(in, line)) {
    if (line.rfind("# Size", 0) == 0) {
      latency = line.find("Latency") != std::string::npos;
      bandwidth = line.find("Bandwidth") != std::string::npos;
      continue;
    }
    if (line.empty() || line[0] == '#' || !(latency || bandwidth)) continue;
    std::istringstream row(line);
    long size = 0;
    double v = 0;
    if (!(row >> size >> v)) continue;
    if (latency && !found) {
      what = fmt::format("latency at {} B (us)", size);
      best = v;
      found = true;
    } else if (bandwidth && v > best) {
      what = fmt::format("peak bandwidth (MB/s), at {} B", size);
      best = v;
      found = true;
    }
  }
  return {found ? what : "", best};
}

MpiSuiteOptions mpi_suite_from_config(const ConfigNode& w) {
  MpiSuiteOptions o;
  std::set<std::string> names;
  for (const ConfigNode& j : w.children("jobs")) {
    MpiSuiteJob job;
    job.name = j.get<std::string>("name");
    if (!names.insert(job.name).second) j.fail("name", "job name '" + job.name + "' is used twice");
    job.opt.program = j.get<std::string>("program");
    try {
      job.opt.program = resolve_mpi_program(job.opt.program);
    } catch (const std::invalid_argument& e) {
      j.fail("program", e.what());
    }
    job.opt.args = j.get_list<std::string>("args", {});
    job.opt.ranks = j.get<uint32_t>("ranks", 2u, 1u, 4096u);
    job.opt.map = j.get<std::string>("map", "block");
    o.jobs.push_back(job);
  }
  if (o.jobs.empty()) w.fail("jobs", "an mpi_suite needs at least one job");
  for (const ConfigNode& r : w.children("ratios")) {
    const std::string a = r.get<std::string>("of"), b = r.get<std::string>("to");
    if (!names.count(a)) r.fail("of", "no job is named '" + a + "'");
    if (!names.count(b)) r.fail("to", "no job is named '" + b + "'");
    o.ratios.emplace_back(a, b);
  }
  return o;
}

namespace {

// Runs one job in a child process with its stdout into a pipe; returns (status, output).
std::pair<int, std::string> run_child(const ConfigNode& root, const MpiSuiteJob& job, const std::string& out_dir) {
  int fds[2];
  if (pipe(fds) != 0) throw std::runtime_error("mpi_suite: pipe failed");
  std::fflush(nullptr);
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error("mpi_suite: fork failed");
  if (pid == 0) {
    close(fds[0]);
    dup2(fds[1], STDOUT_FILENO);
    close(fds[1]);
    int status = 1;
    try {
      Simulation sim(root);
      const MpiJobResult r = run_mpi_job(sim, root, job.opt, out_dir + "/" + job.name);
      for (const std::string& p : r.problems) std::cerr << "smvn-sim: " << job.name << ": " << p << "\n";
      std::cerr << fmt::format("{}: simulated {:.6f} s in {:.2f} host s\n", job.name,
                               sc_core::sc_time_stamp().to_seconds(), sim.host_seconds());
      status = r.exit_status;
    } catch (const std::exception& e) {
      std::cerr << "smvn-sim: " << job.name << ": error: " << e.what() << "\n";
      status = 1;
    }
    std::fflush(nullptr);
    _exit(status);
  }
  close(fds[1]);
  std::string output;
  char buf[4096];
  ssize_t n;
  while ((n = read(fds[0], buf, sizeof buf)) > 0) output.append(buf, size_t(n));
  close(fds[0]);
  int wstatus = 0;
  waitpid(pid, &wstatus, 0);
  const int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
  return {status, output};
}

}  // namespace

int run_mpi_suite(const ConfigNode& root, const MpiSuiteOptions& opt) {
  std::map<std::string, std::pair<std::string, double>> headline;
  int worst = 0;
  for (const MpiSuiteJob& job : opt.jobs) {
    std::string args;
    for (const std::string& a : job.opt.args) args += " " + a;
    std::printf("## %s: mpirun -np %u --map %s %s%s\n", job.name.c_str(), job.opt.ranks, job.opt.map.c_str(),
                job.opt.program.substr(job.opt.program.find_last_of('/') + 1).c_str(), args.c_str());
    std::fflush(stdout);
    const auto [status, output] = run_child(root, job, opt.out_dir);
    std::fputs(output.c_str(), stdout);
    std::printf("\n");
    if (status != 0) worst = status;
    headline[job.name] = osu_headline(output);
  }
  std::printf("## summary\n");
  for (const MpiSuiteJob& job : opt.jobs) {
    const auto& [what, v] = headline[job.name];
    if (!what.empty()) std::printf("  %-22s %-36s %10.2f\n", job.name.c_str(), what.c_str(), v);
  }
  for (const auto& [a, b] : opt.ratios) {
    const double x = headline[a].second, y = headline[b].second;
    if (y > 0) std::printf("  %s / %s = %.1f%%\n", a.c_str(), b.c_str(), 100.0 * x / y);
  }
  return worst;
}

}  // namespace smvn
