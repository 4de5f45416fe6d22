// Process identity and liveness, fork-aware: the library's own pid (kept right in a
// forked child by a pthread_atfork handler, so hot paths need no getpid system call)
// and whether another process still runs (a pidfd: readable once the process exited,
// zombies included, which kill(pid, 0) cannot tell).
#pragma once

#include <cstdint>

namespace smvn::ipc {

int32_t self_pid();
// True while PID runs; false once it exited (even if not yet reaped) or never existed.
bool process_alive(int32_t pid);

// A cached pidfd for one peer process (one per endpoint a process watches).
class PeerWatch {
 public:
  PeerWatch() = default;
  PeerWatch(const PeerWatch&) = delete;
  PeerWatch& operator=(const PeerWatch&) = delete;
  ~PeerWatch();
  // True while PID runs. Reopens the pidfd when PID changes.
  bool alive(int32_t pid);

 private:
  int32_t pid_ = 0;
  int fd_ = -1;
};

}  // namespace smvn::ipc
