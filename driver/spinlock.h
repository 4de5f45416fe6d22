// The SMVN test-and-set spinlock on MIPS ll/sc, as the driver runs it on a simulated core.
// The 3A1000's ll erratum work-around (a sync before every ll) is the core's
// `sync_before_ll` option, so it is charged inside Core::load_linked. Statistics are
// host-side counters only; the lock word itself lives in simulated memory.
#pragma once

#include <cstdint>

namespace smvn {
class Core;
}

namespace smvn::driver {

struct SpinlockStats {
  uint64_t acquisitions = 0;
  uint64_t attempts = 0;     // ll's issued (one per loop turn)
  uint64_t busy_seen = 0;    // ll's that found the lock held
  uint64_t sc_failures = 0;  // sc's that lost the link
  uint64_t spin_cycles = 0;  // cycles from the first ll to the acquisition (uncontended ll/sc included)
};

// Takes the 4-byte lock word at ADDR (0 free, 1 held). A turn that finds it held, or
// whose sc fails, is a waiting point (relax), so the holder's time can advance.
void spin_lock(Core& c, uint64_t addr, SpinlockStats& st);
// Releases it: sync first so every store of the critical section is ordered before the
// release (MIPS is weakly ordered; the model charges the sync's cost).
void spin_unlock(Core& c, uint64_t addr);

}  // namespace smvn::driver
