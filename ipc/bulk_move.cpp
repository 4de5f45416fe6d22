#include "ipc/bulk_move.h"

#include <atomic>
#include <cerrno>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <sys/uio.h>

#include "ipc/errors.h"

namespace smvn::ipc {

namespace {
std::atomic<bool> g_deny{false};
std::atomic<bool> g_told{false};

std::string ptrace_scope() {
  FILE* f = std::fopen("/proc/sys/kernel/yama/ptrace_scope", "r");
  if (!f) return "no Yama";
  int v = -1;
  const int n = std::fscanf(f, "%d", &v);
  std::fclose(f);
  return n == 1 ? "Yama ptrace_scope " + std::to_string(v) : "Yama ptrace_scope unreadable";
}
}  // namespace

void cma_deny_for_testing(bool deny) { g_deny = deny; }

bool vmsplice_all(int fd, const void* data, size_t size) {
  iovec iov{const_cast<void*>(data), size};
  while (iov.iov_len) {
    // No SPLICE_F_GIFT: the pages stay the sender's (gifting needs page-aligned buffers
    // that are never touched again); the acknowledgement says when they are free.
    const ssize_t n = vmsplice(fd, &iov, 1, 0);
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == EPIPE) return false;
    if (n < 0) throw_errno("vmsplice");
    iov.iov_base = static_cast<char*>(iov.iov_base) + n;
    iov.iov_len -= size_t(n);
  }
  return true;
}

CmaResult cma_read(pid_t pid, unsigned long remote, void* local, size_t size, const std::string& channel) {
  size_t done = 0;
  while (done < size) {
    iovec l{static_cast<char*>(local) + done, size - done};
    iovec r{reinterpret_cast<void*>(remote + done), size - done};
    const ssize_t n = g_deny ? (errno = EPERM, -1) : process_vm_readv(pid, &l, 1, &r, 1, 0);
    if (n > 0) {
      done += size_t(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EPERM || errno == ENOSYS)) {
      const int err = errno;  // before ptrace_scope() opens a file
      if (!g_told.exchange(true))
        std::fprintf(stderr,
                     "smvn-ipc: channel '%s': process_vm_readv from process %d refused (%s; %s): no ptrace "
                     "permission over the sender, so large messages go through the pipe instead (two copies)\n",
                     channel.c_str(), int(pid), std::strerror(err), ptrace_scope().c_str());
      return CmaResult::NoPermission;
    }
    if (n < 0 && (errno == ESRCH || errno == EFAULT)) return CmaResult::Gone;
    if (n == 0) return CmaResult::Gone;
    throw_errno("process_vm_readv");
  }
  return CmaResult::Ok;
}

}  // namespace smvn::ipc
