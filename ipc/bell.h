// A doorbell: how a receiver with nothing to do sleeps and a sender wakes it, on plain
// 32-bit words so it works the same in a process's heap and in memory shared across
// fork. RING counts rings; SLEEPERS counts receivers between prepare and the end of
// their sleep.
//
// The protocol: the receiver announces itself (sleepers + 1), reads RING, looks for a
// message once more, and sleeps only while RING still has the value it read. The sender
// publishes its message, then increments RING and wakes if anyone announced. Both
// increments are sequentially consistent read-modify-writes, so either the sender sees
// the sleeper (and wakes it), or the receiver's last look sees the message, or the futex
// finds RING changed: no wake-up is lost.
#pragma once

#include <cstdint>

#include "ipc/futex.h"

namespace smvn::ipc {

struct Bell {
  uint32_t ring = 0;
  uint32_t sleepers = 0;
};

inline uint32_t bell_prepare(Bell& b) {
  __atomic_fetch_add(&b.sleepers, 1, __ATOMIC_SEQ_CST);
  return __atomic_load_n(&b.ring, __ATOMIC_SEQ_CST);
}
inline void bell_cancel(Bell& b) { __atomic_fetch_sub(&b.sleepers, 1, __ATOMIC_SEQ_CST); }
// Sleeps until rung or DEADLINE; false on timeout.
inline bool bell_sleep(Bell& b, uint32_t seen, Nanos deadline, bool shared) {
  const bool woken = futex_wait(&b.ring, seen, deadline, shared);
  bell_cancel(b);
  return woken;
}
inline void bell_ring(Bell& b, bool shared, int count = 1) {
  __atomic_fetch_add(&b.ring, 1, __ATOMIC_SEQ_CST);
  if (__atomic_load_n(&b.sleepers, __ATOMIC_SEQ_CST) != 0) futex_wake(&b.ring, count, shared);
}
inline bool bell_has_sleepers(Bell& b) { return __atomic_load_n(&b.sleepers, __ATOMIC_SEQ_CST) != 0; }

// A short busy wait before sleeping: a reply often comes within microseconds, and a
// futex sleep and wake cost several.
inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  __builtin_ia32_pause();
#elif defined(__aarch64__)
  asm volatile("yield");
#endif
}

}  // namespace smvn::ipc
