#include "ipc/process.h"

#include <cerrno>
#include <poll.h>
#include <pthread.h>
#include <sys/syscall.h>
#include <unistd.h>

namespace smvn::ipc {

namespace {
int32_t g_pid = 0;
void refresh_pid() { g_pid = int32_t(getpid()); }
struct PidInit {
  PidInit() {
    refresh_pid();
    pthread_atfork(nullptr, nullptr, refresh_pid);
  }
} g_pid_init;

int open_pidfd(int32_t pid) { return int(syscall(SYS_pidfd_open, pid, 0)); }
bool exited(int fd) {
  pollfd p{fd, POLLIN, 0};
  return poll(&p, 1, 0) > 0 && (p.revents & (POLLIN | POLLHUP)) != 0;
}
}  // namespace

int32_t self_pid() { return g_pid; }

bool process_alive(int32_t pid) {
  if (pid <= 0) return false;
  const int fd = open_pidfd(pid);
  if (fd < 0) return errno != ESRCH;  // ESRCH: gone; anything else (EMFILE...): assume alive
  const bool dead = exited(fd);
  close(fd);
  return !dead;
}

PeerWatch::~PeerWatch() {
  if (fd_ >= 0) close(fd_);
}

bool PeerWatch::alive(int32_t pid) {
  if (pid != pid_ || fd_ < 0) {
    if (fd_ >= 0) close(fd_);
    pid_ = pid;
    fd_ = open_pidfd(pid);
    if (fd_ < 0) return errno != ESRCH;
  }
  return !exited(fd_);
}

}  // namespace smvn::ipc
