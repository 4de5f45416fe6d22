// The SMVN test-and-set spinlock, written once for every memory it runs on: the driver
// runs it on a simulated core's ll/sc (driver/spinlock.h), the host IPC library on real
// atomics in shared memory (ipc/host_memory.h). MEM is the memory access policy; what it
// must provide, and what each operation means on each side:
//
//   uint32_t load_linked(addr)          MIPS ll            | relaxed atomic load
//   bool store_conditional(addr, v)     MIPS sc            | CAS from the ll's value, acquire
//   void relax(seen)                    let others run     | pause, then yield; checks a holder
//   void acquire_barrier()              sync               | nothing (the CAS acquired)
//   void release_store(addr, v)         sync + sw          | atomic store, release
//   uint32_t lock_value()               1                  | the holder's id (non-zero)
//   uint64_t cycle()                    simulated cycles   | 0 (not counted)
//
// The sequence of memory operations is the algorithm's, so the simulated driver's cost
// (every ll, sc and sync through the cache models) is exactly what the code says.
#pragma once

#include <cstdint>

namespace smvn::pool {

struct SpinlockStats {
  uint64_t acquisitions = 0;
  uint64_t attempts = 0;     // ll's issued (one per loop turn)
  uint64_t busy_seen = 0;    // ll's that found the lock held
  uint64_t sc_failures = 0;  // sc's that lost the link
  uint64_t spin_cycles = 0;  // cycles from the first ll to the acquisition (uncontended ll/sc included)
};

// Takes the 4-byte lock word at ADDR (0 free, otherwise held). A turn that finds it held
// is a waiting point (relax), so the holder can progress.
template <class Mem>
void spin_lock(Mem& m, uint64_t addr, SpinlockStats& st) {
  const uint64_t start = m.cycle();
  for (;;) {
    ++st.attempts;
    const uint32_t seen = m.load_linked(addr);
    if (seen != 0) {
      ++st.busy_seen;
      m.relax(seen);
      continue;
    }
    if (m.store_conditional(addr, m.lock_value())) break;
    ++st.sc_failures;
  }
  // Acquire barrier: the critical section's loads must not pass the sc.
  m.acquire_barrier();
  ++st.acquisitions;
  st.spin_cycles += m.cycle() - start;
}

// Releases it: every store of the critical section is ordered before the release.
template <class Mem>
void spin_unlock(Mem& m, uint64_t addr) {
  m.release_store(addr, 0);
}

}  // namespace smvn::pool
