// The host's memory access policy for the SMVN pool algorithms (smvn_pool/lists.h,
// spinlock.h): addresses are real pointers into memory shared across fork, and the lock
// is a real test-and-set on C++/GCC atomics. The same algorithm text the simulated
// driver runs on ll/sc (driver/core_memory.h) runs here on:
//
//   ll  -> relaxed load (remembering the value)   sc -> compare-and-swap from it, acquire
//   unlock -> store release; relaxed loads and stores of list words inside the lock
//
// which is a correct lock in the C++ memory model: the acquiring CAS reads the releasing
// store, so each critical section happens-before the next, and the list words (only
// touched inside it) need no atomics. The lock word holds the holder's pid, so a waiter
// that spins long checks the holder is alive: a process that died holding a pool lock
// is an error (the channel is broken), never an endless spin.
#pragma once

#include <cstdint>
#include <sched.h>
#include <string>

#include "ipc/bell.h"
#include "ipc/errors.h"
#include "ipc/process.h"
#include "smvn_pool/spinlock.h"

namespace smvn::ipc {

class HostMemory {
 public:
  explicit HostMemory(const std::string* channel = nullptr) : channel_(channel) {}

  // Relaxed atomics rather than plain accesses (the same instructions on x86 and ARM):
  // the shared-memory transport peeks at an InputList head without its lock
  // (shm_fabric.cpp), which would otherwise be a data race.
  template <typename T> T load(uint64_t addr) { return __atomic_load_n(reinterpret_cast<T*>(addr), __ATOMIC_RELAXED); }
  template <typename T> void store(uint64_t addr, T v) { __atomic_store_n(reinterpret_cast<T*>(addr), v, __ATOMIC_RELAXED); }
  void exec(uint64_t) {}

  uint32_t load_linked(uint64_t addr) {
    linked_ = __atomic_load_n(word(addr), __ATOMIC_RELAXED);
    return linked_;
  }
  bool store_conditional(uint64_t addr, uint32_t v) {
    uint32_t expected = linked_;
    return __atomic_compare_exchange_n(word(addr), &expected, v, false, __ATOMIC_ACQUIRE, __ATOMIC_RELAXED);
  }
  void acquire_barrier() {}
  void release_store(uint64_t addr, uint32_t v) { __atomic_store_n(word(addr), v, __ATOMIC_RELEASE); }
  uint32_t lock_value() const { return uint32_t(self_pid()); }
  uint64_t cycle() const { return 0; }

  // A turn that found the lock held by HOLDER (a pid). Critical sections are a few dozen
  // instructions, so spin; yield soon (2 cores: the holder may be waiting for ours);
  // now and then make sure the holder still lives.
  void relax(uint32_t holder) {
    ++spins_;
    if (spins_ < 64) {
      cpu_relax();
      return;
    }
    sched_yield();
    if ((spins_ & 1023) == 0 && !process_alive(int32_t(holder)))
      throw Error(Errc::PeerDied, "smvn-ipc: channel '" + (channel_ ? *channel_ : std::string("?")) +
                                      "': process " + std::to_string(holder) +
                                      " died holding a pool lock; the channel is broken");
  }

 private:
  static uint32_t* word(uint64_t addr) { return reinterpret_cast<uint32_t*>(addr); }
  const std::string* channel_;
  uint32_t linked_ = 0;
  uint64_t spins_ = 0;
};

// Host-side list statistics: none are kept (the simulated driver keeps histograms).
struct NoHistogram {
  void sample(uint64_t) {}
};
struct HostListStats {
  pool::SpinlockStats locks;
  uint64_t pool_empty = 0;
  NoHistogram free_length, input_length;
};

}  // namespace smvn::ipc
