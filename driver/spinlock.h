// The SMVN test-and-set spinlock on MIPS ll/sc, as the driver runs it on a simulated core:
// the algorithm of smvn_pool/spinlock.h with the core as its memory (core_memory.h).
// The 3A1000's ll erratum work-around (a sync before every ll) is the core's
// `sync_before_ll` option, so it is charged inside Core::load_linked. Statistics are
// host-side counters only; the lock word itself lives in simulated memory.
#pragma once

#include <cstdint>

#include "smvn_pool/spinlock.h"

namespace smvn {
class Core;
}

namespace smvn::driver {

using pool::SpinlockStats;

// Takes the 4-byte lock word at ADDR (0 free, 1 held). A turn that finds it held, or
// whose sc fails, is a waiting point (relax), so the holder's time can advance.
void spin_lock(Core& c, uint64_t addr, SpinlockStats& st);
// Releases it: sync first so every store of the critical section is ordered before the
// release (MIPS is weakly ordered; the model charges the sync's cost).
void spin_unlock(Core& c, uint64_t addr);

}  // namespace smvn::driver
