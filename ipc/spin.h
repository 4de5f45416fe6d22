// The short busy wait before a receiver sleeps, bounded in time, not in turns.
//
// Why time: the first version spun 4000 turns of take() + pause. On this machine's AMD
// EPYC a pause costs about 66 ns, so that was ~400 us of spinning per empty receive. On
// a quiet machine the peer answers within a microsecond and the spin never runs out; on
// a loaded one (2 cores, other builds running) the peer is often descheduled, and a
// process that spins 400 us each time looks like a CPU hog to the scheduler: it loses its
// wake-up preference and waits behind the compilers for a time slice. ipc-bench showed
// it as 118-334 us one-way at 1 byte (pipe, which sleeps at once: 6-9 us), and as zero-
// copy 1 MB "bandwidth" equal to the 1-byte round trip, since zero-copy moves no bytes.
// A spin about as long as a futex sleep and wake-up (a few microseconds) catches a fast
// reply and costs little when the reply is slow.
#pragma once

#include <cstdint>
#include <sched.h>

#include "ipc/bell.h"
#include "ipc/deadline.h"

namespace smvn::ipc {

// Calls TRY until it returns true or BUDGET nanoseconds have passed; the clock is read
// every 16 turns (a vDSO clock_gettime costs a few tens of ns). Returns TRY's last result.
template <class Try>
bool spin_for(Nanos budget, Try&& attempt) {
  if (attempt()) return true;
  if (budget <= 0) return false;
  const Nanos end = monotonic_now() + budget;
  for (unsigned turn = 1;; ++turn) {
    // A few pauses (a peer on another core answers within them), then yields: a peer
    // waiting for this core gets it at once, which a pause loop would hold for the
    // whole budget; with no one waiting the yield returns in a fraction of a microsecond.
    if (turn < 32) cpu_relax();
    else sched_yield();
    if (attempt()) return true;
    if ((turn & 15) == 0 && monotonic_now() >= end) return false;
  }
}

}  // namespace smvn::ipc
