#include "apps/child_processes.h"

#include <csignal>

#include "apps/run_monitor.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <deque>
#include <fstream>
#include <iostream>
#include <map>
#include <stdexcept>

#include <fmt/core.h>

namespace smvn {

namespace {

using HostClock = std::chrono::steady_clock;

// The last N lines of FILE, each indented, for a failed child's progress line.
std::string tail_of(const std::string& file, std::size_t n) {
  std::ifstream in(file);
  std::deque<std::string> lines;
  std::string line;
  while (std::getline(in, line)) {
    lines.push_back(line);
    if (lines.size() > n) lines.pop_front();
  }
  std::string out;
  for (const std::string& l : lines) out += "      " + l + "\n";
  return out;
}

int open_or_throw(const std::string& path) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
  if (fd < 0) throw std::runtime_error("cannot open " + path + ": " + std::strerror(errno));
  return fd;
}

pid_t start(const ChildTask& t) {
  const int out = open_or_throw(t.stdout_path);
  const int err = open_or_throw(t.stderr_path);
  std::fflush(nullptr);  // nothing buffered in the parent is written twice
  const pid_t pid = fork();
  if (pid < 0) throw std::runtime_error(std::string("fork failed: ") + std::strerror(errno));
  if (pid == 0) {
    dup2(out, STDOUT_FILENO);
    dup2(err, STDERR_FILENO);
    int status = 1;
    try {
      status = t.body();
    } catch (const std::exception& e) {
      std::fprintf(stderr, "smvn-sim: %s: error: %s\n", t.label.c_str(), e.what());
    } catch (...) {
      std::fprintf(stderr, "smvn-sim: %s: unknown error\n", t.label.c_str());
    }
    std::fflush(nullptr);
    // _exit: the parent's atexit handlers and static destructors (SystemC's among them)
    // are not the child's to run.
    _exit(status);
  }
  close(out);
  close(err);
  return pid;
}

}  // namespace

unsigned host_cores() {
  const long n = sysconf(_SC_NPROCESSORS_ONLN);
  return n > 0 ? unsigned(n) : 1u;
}

std::vector<ChildOutcome> run_child_processes(const std::vector<ChildTask>& tasks, unsigned parallel,
                                              std::ostream& progress) {
  if (parallel == 0) parallel = 1;
  std::vector<ChildOutcome> outcomes(tasks.size());
  std::map<pid_t, std::pair<std::size_t, HostClock::time_point>> running;
  std::size_t next = 0, done = 0;
  const HostClock::time_point begun = HostClock::now();
  bool passed_on = false;
  while (done < tasks.size()) {
    // The first interrupt stops the batch: no new child starts; a SIGTERM sent to this
    // process alone is passed on to the running ones (Ctrl-C reaches them itself).
    const int interrupt = RunMonitor::interrupt_signal();
    if (interrupt && !passed_on) {
      for (const auto& [pid, what] : running) kill(pid, interrupt);
      passed_on = true;
    }
    while (!interrupt && next < tasks.size() && running.size() < parallel) {
      const pid_t pid = start(tasks[next]);
      running[pid] = {next, HostClock::now()};
      ++next;
    }
    if (running.empty()) {  // interrupted: the rest never ran, and fail as such
      for (; next < tasks.size(); ++next, ++done) {
        outcomes[next].status = 128 + interrupt;
        progress << fmt::format("[{}/{}] {} ... not run (interrupted)\n", done + 1, tasks.size(), tasks[next].label);
      }
      break;
    }
    int wstatus = 0;
    // Polled, so that an interrupt is seen (and passed on) while the children run.
    const pid_t pid = waitpid(-1, &wstatus, WNOHANG);
    if (pid == 0) {
      usleep(50000);
      continue;
    }
    if (pid < 0) {
      if (errno == EINTR) continue;  // Ctrl-C reaches the children too; collect them
      throw std::runtime_error(std::string("waitpid failed: ") + std::strerror(errno));
    }
    const auto it = running.find(pid);
    if (it == running.end()) continue;  // not one of ours
    const auto [index, started] = it->second;
    running.erase(it);
    ChildOutcome& o = outcomes[index];
    o.status = WIFEXITED(wstatus) ? WEXITSTATUS(wstatus) : 128 + (WIFSIGNALED(wstatus) ? WTERMSIG(wstatus) : 0);
    o.host_seconds = std::chrono::duration<double>(HostClock::now() - started).count();
    ++done;
    const ChildTask& t = tasks[index];
    // Time left: the wall time so far per finished child, times the children still to
    // finish (parallelism is already in the wall time).
    const double wall = std::chrono::duration<double>(HostClock::now() - begun).count();
    const std::string left =
        done < tasks.size() ? fmt::format("; about {:.0f} s left", wall / double(done) * double(tasks.size() - done)) : "";
    if (o.ok()) {
      progress << fmt::format("[{}/{}] {} ... {:.1f} s{}\n", done, tasks.size(), t.label, o.host_seconds, left);
    } else {
      progress << fmt::format("[{}/{}] {} ... FAILED (exit status {}) after {:.1f} s; log: {}\n{}", done,
                              tasks.size(), t.label, o.status, o.host_seconds, t.stderr_path,
                              tail_of(t.stderr_path, 4));
    }
    progress.flush();
  }
  return outcomes;
}

}  // namespace smvn
