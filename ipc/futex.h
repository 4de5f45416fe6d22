// Sleeping on a 32-bit word: Linux futexes with absolute CLOCK_MONOTONIC deadlines. The
// shared variants (no FUTEX_PRIVATE_FLAG) work on words in memory shared across fork;
// the private ones only within a process (cheaper: no inode lookup).
#pragma once

#include <cstdint>

#include "ipc/deadline.h"

namespace smvn::ipc {

// Sleeps while *WORD == EXPECTED, until woken or DEADLINE (kNever: no limit). Returns
// false on timeout; spurious returns are the caller's loop to absorb.
bool futex_wait(uint32_t* word, uint32_t expected, Nanos deadline, bool shared);
// Wakes up to COUNT sleepers on WORD.
void futex_wake(uint32_t* word, int count, bool shared);

}  // namespace smvn::ipc
