#include "apps/watchdog.h"

#include <csignal>

#include "apps/host_escape.h"
#include "apps/run_monitor.h"

namespace smvn {

Watchdog::Watchdog(double host_limit_s, double grace_s)
    : target_(pthread_self()),
      host_limit_s_(host_limit_s),
      grace_s_(grace_s),
      start_(std::chrono::steady_clock::now()),
      thread_([this] { loop(); }) {}

Watchdog::~Watchdog() {
  {
    std::lock_guard<std::mutex> lock(m_);
    done_ = true;
  }
  cv_.notify_all();
  thread_.join();
}

void Watchdog::loop() {
  using clock = std::chrono::steady_clock;
  const auto tick = std::chrono::milliseconds(20);
  clock::time_point asked{};  // when the stop was first asked for
  int reason = 0;
  std::unique_lock<std::mutex> lock(m_);
  while (!cv_.wait_for(lock, tick, [this] { return done_; })) {
    const auto now = clock::now();
    if (reason == 0) {
      if (const int sig = RunMonitor::interrupt_signal())
        reason = sig;
      else if (host_limit_s_ > 0 && std::chrono::duration<double>(now - start_).count() >= host_limit_s_)
        reason = SIGALRM;  // stands for the host time limit
      if (reason) asked = now;
      continue;
    }
    const double waited = std::chrono::duration<double>(now - asked).count();
    if (waited < grace_s_) continue;  // the monitor's turn
    // Every tick until the run ends: the handler jumps out once it finds the rank in its
    // own code; after a second grace period wherever it is.
    host_escape::request_watchdog_escape(reason, waited >= 2 * grace_s_);
    pthread_kill(target_, host_escape::watchdog_signal());
  }
}

}  // namespace smvn
