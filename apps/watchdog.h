// Stops a run whose rank never comes back into the simulator. The run monitor
// (apps/run_monitor.h) stops a run cleanly for the host time limit and Ctrl-C, but it is a
// SystemC method: it runs only when the kernel gets control, and a rank looping in its own
// code never gives it. The watchdog is a host thread that does not need the rank's
// cooperation: once the limit has passed or an interrupt has come, it gives the monitor
// GRACE_S host seconds to stop the run itself, then signals the simulation thread, whose
// handler escapes from the rank (apps/host_escape.h) as soon as it finds the rank in its
// own code, or anywhere after another GRACE_S.
#pragma once

#include <pthread.h>

#include <chrono>
#include <condition_variable>
#include <mutex>
#include <thread>

namespace smvn {

class Watchdog {
 public:
  // Watches the calling thread (the simulation's) from now. HOST_LIMIT_S 0: no limit.
  Watchdog(double host_limit_s, double grace_s = 1.0);
  ~Watchdog();  // stops watching
  Watchdog(const Watchdog&) = delete;
  Watchdog& operator=(const Watchdog&) = delete;

 private:
  void loop();
  pthread_t target_;
  double host_limit_s_, grace_s_;
  std::chrono::steady_clock::time_point start_;
  std::mutex m_;
  std::condition_variable cv_;
  bool done_ = false;
  std::thread thread_;
};

}  // namespace smvn
