#include "driver/spinlock.h"

#include "models/core.h"

namespace smvn::driver {

void spin_lock(Core& c, uint64_t addr, SpinlockStats& st) {
  const uint64_t start = c.cycle();
  for (;;) {
    ++st.attempts;
    if (c.load_linked<uint32_t>(addr) != 0) {
      ++st.busy_seen;
      c.relax();
      continue;
    }
    if (c.store_conditional<uint32_t>(addr, 1)) break;  // a failed sc relaxes inside Core
    ++st.sc_failures;
  }
  // Acquire barrier: the critical section's loads must not pass the sc.
  c.sync();
  ++st.acquisitions;
  st.spin_cycles += c.cycle() - start;
}

void spin_unlock(Core& c, uint64_t addr) {
  c.sync();
  c.store<uint32_t>(addr, 0);
}

}  // namespace smvn::driver
