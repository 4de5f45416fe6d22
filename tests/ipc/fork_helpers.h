// Children for the multi-process tests: each runs a function and exits with its result
// (0 ok), under an alarm, so a child that hangs dies and fails its test instead of
// stalling it; the parent reaps with a bound too.
#pragma once

#include <chrono>
#include <csignal>
#include <cstdio>
#include <exception>
#include <functional>
#include <string>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

namespace ipc_test {

// Local channel names are machine-wide (abstract AF_UNIX names), and this machine runs
// test binaries side by side: test_ipc and test_ipc_tsan under ctest -j, and other
// checkouts' suites. A suffix with the test process's pid (fixed at start-up, so forked
// children see the parent's) keeps their names apart.
inline const std::string kNameSuffix = "." + std::to_string(getpid());
inline std::string local_name(const std::string& name) { return name + kNameSuffix; }

inline pid_t fork_child(const std::function<int()>& body, unsigned alarm_s = 20) {
  const pid_t pid = fork();
  if (pid != 0) return pid;
  alarm(alarm_s);
  int rc = 99;
  try {
    rc = body();
  } catch (const std::exception& e) {
    std::fprintf(stderr, "child %d: %s\n", int(getpid()), e.what());
    rc = 98;
  }
  std::fflush(nullptr);
  _exit(rc);
}

// The child's exit code, -signal if it was killed, or -1000 if it did not end in time.
inline int reap(pid_t pid, std::chrono::seconds bound = std::chrono::seconds(20)) {
  const auto end = std::chrono::steady_clock::now() + bound;
  for (;;) {
    int st = 0;
    const pid_t r = waitpid(pid, &st, WNOHANG);
    if (r == pid) return WIFEXITED(st) ? WEXITSTATUS(st) : -WTERMSIG(st);
    if (std::chrono::steady_clock::now() > end) {
      kill(pid, SIGKILL);
      waitpid(pid, &st, 0);
      return -1000;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(2));
  }
}

}  // namespace ipc_test
