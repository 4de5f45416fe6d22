#include "ipc/futex.h"

#include <cerrno>
#include <climits>
#include <ctime>
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "ipc/errors.h"

namespace smvn::ipc {

bool futex_wait(uint32_t* word, uint32_t expected, Nanos deadline, bool shared) {
  // FUTEX_WAIT_BITSET takes an absolute CLOCK_MONOTONIC time (plain FUTEX_WAIT a relative one).
  const int op = FUTEX_WAIT_BITSET | (shared ? 0 : FUTEX_PRIVATE_FLAG);
  timespec ts{}, *tsp = nullptr;
  if (deadline != kNever) {
    ts.tv_sec = deadline / 1000000000;
    ts.tv_nsec = deadline % 1000000000;
    tsp = &ts;
  }
  const long r = syscall(SYS_futex, word, op, expected, tsp, nullptr, FUTEX_BITSET_MATCH_ANY);
  if (r == 0) return true;
  if (errno == ETIMEDOUT) return false;
  if (errno == EAGAIN || errno == EINTR) return true;  // the word changed, or a signal: look again
  throw_errno("futex wait");
}

void futex_wake(uint32_t* word, int count, bool shared) {
  const int op = FUTEX_WAKE | (shared ? 0 : FUTEX_PRIVATE_FLAG);
  if (syscall(SYS_futex, word, op, count, nullptr, nullptr, 0) < 0) throw_errno("futex wake");
}

}  // namespace smvn::ipc
