// One wait on several sockets: look at each (one look, no spin), then sleep on all their
// doorbells at once with futex_waitv (Linux 5.16), or poll their descriptors (stream
// transports), in slices so a peer's death is still noticed.
#include <linux/futex.h>
#include <poll.h>
#include <sys/syscall.h>
#include <unistd.h>
#include <vector>

#include "ipc/bell.h"
#include "ipc/fabric.h"
#include "ipc/ipc.h"

namespace smvn::ipc {

namespace {
constexpr Nanos kSlice = 20'000'000;

}  // namespace

int wait_any(const std::vector<Socket*>& sockets, std::chrono::milliseconds timeout) {
  const Nanos deadline = timeout == std::chrono::milliseconds::max() ? kNever : deadline_after(timeout);
  for (;;) {
    auto look_all = [&]() -> int {
      for (size_t i = 0; i < sockets.size(); ++i) {
        Socket* s = sockets[i];
        s->check_process();
        if (!s->pending_.empty()) return int(i);
        Message m;
        if (s->fabric_->receive(s->ep_, s->my_list(), 0, m)) {
          s->last_from_ = m.peer();
          s->pending_ = std::move(m);
          return int(i);
        }
      }
      return -1;
    };
    int found = look_all();
    if (found >= 0) return found;
    const Nanos now = monotonic_now();
    if (now >= deadline) return -1;
    const Nanos until = std::min(deadline, now + kSlice);
    std::vector<WaitHandle> hs;
    bool all_bells = true;
    for (Socket* s : sockets) {
      hs.push_back(s->fabric_->wait_handle(s->my_list()));
      all_bells = all_bells && hs.back().bell;
    }
    if (all_bells) {
      std::vector<futex_waitv> w(hs.size());
      for (size_t i = 0; i < hs.size(); ++i) {
        w[i] = {};
        w[i].val = bell_prepare(*hs[i].bell);
        w[i].uaddr = reinterpret_cast<uintptr_t>(&hs[i].bell->ring);
        w[i].flags = FUTEX_32 | (hs[i].shared ? 0 : FUTEX_PRIVATE_FLAG);
      }
      found = look_all();
      if (found < 0) {
        timespec ts{until / 1000000000, long(until % 1000000000)};
        syscall(SYS_futex_waitv, w.data(), unsigned(w.size()), 0u, &ts, CLOCK_MONOTONIC);
      }
      for (auto& h : hs) bell_cancel(*h.bell);
      if (found >= 0) return found;
    } else {
      std::vector<pollfd> fds;
      for (auto& h : hs)
        if (h.fd >= 0) fds.push_back({h.fd, POLLIN, 0});
      // Descriptors poll; sockets with doorbells among them are looked at every millisecond.
      const int ms = fds.size() == hs.size() ? int((until - now) / 1000000 + 1) : 1;
      poll(fds.data(), fds.size(), ms);
    }
  }
}

}  // namespace smvn::ipc
