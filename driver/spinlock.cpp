#include "driver/spinlock.h"

#include "driver/core_memory.h"

namespace smvn::driver {

void spin_lock(Core& c, uint64_t addr, SpinlockStats& st) {
  CoreMemory m(c);
  pool::spin_lock(m, addr, st);
}

void spin_unlock(Core& c, uint64_t addr) {
  CoreMemory m(c);
  pool::spin_unlock(m, addr);
}

}  // namespace smvn::driver
