// The simulated core as the memory access policy of the shared SMVN pool algorithms
// (smvn_pool/spinlock.h, smvn_pool/lists.h): every access is a Core load, store, ll, sc
// or sync through the cache and HT models, so the driver's cost is the algorithm's own
// sequence of operations. The lock word holds 1 when taken (the driver's test-and-set).
#pragma once

#include <cstdint>

#include "models/core.h"

namespace smvn::driver {

class CoreMemory {
 public:
  explicit CoreMemory(Core& c) : c_(c) {}

  template <typename T> T load(uint64_t addr) { return c_.load<T>(addr); }
  template <typename T> void store(uint64_t addr, T v) { c_.store<T>(addr, v); }
  void exec(uint64_t instructions) { c_.exec(instructions); }

  uint32_t load_linked(uint64_t addr) { return c_.load_linked<uint32_t>(addr); }
  bool store_conditional(uint64_t addr, uint32_t v) { return c_.store_conditional<uint32_t>(addr, v); }  // a failed sc relaxes inside Core
  void relax(uint32_t) { c_.relax(); }
  void acquire_barrier() { c_.sync(); }
  // MIPS is weakly ordered: sync first so the critical section's stores precede the release.
  void release_store(uint64_t addr, uint32_t v) {
    c_.sync();
    c_.store<uint32_t>(addr, v);
  }
  uint32_t lock_value() const { return 1; }
  uint64_t cycle() const { return c_.cycle(); }

 private:
  Core& c_;
};

}  // namespace smvn::driver
