#include "apps/mpi_suite.h"

#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <csignal>

#include <cstdio>
#include <iostream>
#include <map>
#include <set>
#include <sstream>

#include <fmt/core.h>

#include "apps/mpi_job.h"
#include "apps/run_monitor.h"
#include "apps/simulation.h"
#include "sim/file_name.h"

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
    if (const std::string why = file_name_problem(job.name); !why.empty()) j.fail("name", why);
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
// An interrupt of this process (Ctrl-C reaches the child too; SIGTERM only this one) is
// passed on to the child, which stops with its statistics written.
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
      std::cerr << fmt::format("{}: simulated {:.6f} s in {:.2f} host s; {}\n", job.name,
                               sc_core::sc_time_stamp().to_seconds(), sim.host_seconds(),
                               stop_reason_name(sim.stop_record().reason));
      status = r.exit_status;
    } catch (const ConfigError& e) {
      std::cerr << "smvn-sim: " << job.name << ": configuration error: " << e.what() << "\n";
      status = 2;  // as the command itself gives for a bad configuration
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
  bool passed_on = false;
  for (;;) {
    pollfd pfd{fds[0], POLLIN, 0};
    const int ready = poll(&pfd, 1, 100);
    if (!passed_on && RunMonitor::interrupt_signal()) {
      kill(pid, RunMonitor::interrupt_signal());
      passed_on = true;
    }
    if (ready < 0 && errno == EINTR) continue;
    if (ready <= 0) continue;
    const ssize_t n = read(fds[0], buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    output.append(buf, size_t(n));
  }
  close(fds[0]);
  int wstatus = 0;
  while (waitpid(pid, &wstatus, 0) < 0 && errno == EINTR) {
  }
  const int status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
  return {status, output};
}

}  // namespace

SuiteJobState suite_job_state(int status, bool ran) {
  if (!ran) return SuiteJobState::NotRun;
  if (status == 0) return SuiteJobState::Completed;
  // The time limit (timeout's 124) and an interrupt (128 + SIGINT / SIGTERM) stop a job
  // with what it measured so far: partial, never a result.
  if (status == 124 || status == 128 + SIGINT || status == 128 + SIGTERM) return SuiteJobState::Partial;
  return SuiteJobState::Failed;
}

const char* suite_job_state_name(SuiteJobState s) {
  switch (s) {
    case SuiteJobState::Completed: return "completed";
    case SuiteJobState::Partial: return "partial";
    case SuiteJobState::Failed: return "failed";
    case SuiteJobState::NotRun: return "not run";
  }
  return "?";
}

int run_mpi_suite(const ConfigNode& root, const MpiSuiteOptions& opt) {
  std::map<std::string, std::pair<std::string, double>> headline;
  std::map<std::string, std::pair<SuiteJobState, int>> state;  // job -> (state, exit status)
  int worst = 0;
  for (const MpiSuiteJob& job : opt.jobs) {
    if (RunMonitor::interrupt_signal()) {  // the first interrupt stops the suite
      state[job.name] = {SuiteJobState::NotRun, 0};
      continue;
    }
    std::string args;
    for (const std::string& a : job.opt.args) args += " " + a;
    std::printf("## %s: mpirun -np %u --map %s %s%s\n", job.name.c_str(), job.opt.ranks, job.opt.map.c_str(),
                job.opt.program.substr(job.opt.program.find_last_of('/') + 1).c_str(), args.c_str());
    std::fflush(stdout);
    const auto [status, output] = run_child(root, job, opt.out_dir);
    std::fputs(output.c_str(), stdout);
    std::printf("\n");
    const SuiteJobState st = suite_job_state(status, true);
    state[job.name] = {st, status};
    if (status != 0 && worst == 0) worst = status;
    if (st != SuiteJobState::Completed)
      std::fprintf(stderr, "smvn-sim: %s: %s (exit status %d%s)\n", job.name.c_str(), suite_job_state_name(st), status,
                   status > 128 && status < 128 + 65 ? fmt::format(", killed by signal {}", status - 128).c_str() : "");
    headline[job.name] = osu_headline(output);
  }
  if (RunMonitor::interrupt_signal() && worst == 0) worst = 128 + RunMonitor::interrupt_signal();
  std::printf("## summary\n");
  for (const MpiSuiteJob& job : opt.jobs) {
    const auto& [what, v] = headline[job.name];
    const auto [st, status] = state[job.name];
    if (st == SuiteJobState::Completed && !what.empty())
      std::printf("  %-22s %-36s %10.2f\n", job.name.c_str(), what.c_str(), v);
    else if (st != SuiteJobState::Completed)  // no figure it did not measure to the end
      std::printf("  %-22s %-36s %10s\n", job.name.c_str(), suite_job_state_name(st),
                  st == SuiteJobState::NotRun ? "-" : fmt::format("status {}", status).c_str());
  }
  for (const auto& [a, b] : opt.ratios) {
    const bool both = state[a].first == SuiteJobState::Completed && state[b].first == SuiteJobState::Completed &&
                      !headline[a].first.empty() && !headline[b].first.empty();
    const double x = headline[a].second, y = headline[b].second;
    if (both && y > 0)
      std::printf("  %s / %s = %.1f%%\n", a.c_str(), b.c_str(), 100.0 * x / y);
    else
      std::printf("  %s / %s: not measured (%s %s, %s %s)\n", a.c_str(), b.c_str(), a.c_str(),
                  suite_job_state_name(state[a].first), b.c_str(), suite_job_state_name(state[b].first));
  }
  return worst;
}

}  // namespace smvn
