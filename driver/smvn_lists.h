// The SMVN lists (the paper's data structures): one global FreeList of packet slots and
// one InputList per node, singly linked through the slots' next words, each under its
// own ll/sc spinlock (pool_layout.h says where everything sits). This is the layer the
// netdev (netdev.h) builds on; it moves slots between lists and nothing else: copies,
// framing and interrupts are the netdev's.
//
//   FreeList:  pop one slot at the head; push a chain back at the head.
//   InputList: append one slot at the tail; unlink a chain of up to a budget at the head.
//
// Appends at the tail and unlinks from the head, so frames from one sender to one
// receiver arrive in the order they were sent; a slot is on exactly one list (or held by
// one core) at any time, so each frame is delivered exactly once.
//
// Every access to the pool is a Core load/store/ll/sc operation; the class keeps only
// configuration constants on the host, and the caller's statistics.
#pragma once

#include <cstdint>
#include <vector>

#include "driver/pool_layout.h"
#include "driver/spinlock.h"
#include "sim/stats.h"

namespace smvn {
class Core;
}

namespace smvn::driver {

// What the list operations of one node's cores count.
struct ListStats {
  explicit ListStats(uint64_t slots);
  SpinlockStats locks;
  uint64_t pool_empty = 0;  // pops that found the FreeList empty
  Histogram free_length;    // FreeList length seen by each pop
  Histogram input_length;   // InputList length seen by each unlink
};

// A chain of slots unlinked from an InputList: FIRST .. LAST through next words.
struct SlotChain {
  uint64_t first = 0, last = 0;
  unsigned count = 0;
};

class SmvnLists {
 public:
  explicit SmvnLists(const PoolLayout& layout) : layout_(layout) {}
  const PoolLayout& layout() const { return layout_; }

  // Run by the master once, before anyone else touches the pool: every slot on the
  // FreeList in address order, empty armed InputLists, no waiters, every lock free.
  void init(Core& c) const;

  // Pops a FreeList slot; 0 when empty. With WAITER (a global core id) an empty pop also
  // sets that core's bit in the waiters bitmap under the same lock hold, so a return of
  // slots that follows cannot miss it.
  uint64_t pop_free(Core& c, ListStats& st, int waiter = -1) const;
  // Pushes CHAIN (linked first..last) onto the FreeList; appends to WOKEN the cores whose
  // waiter bits it found (and cleared), which the caller must wake.
  void push_free(Core& c, const SlotChain& chain, ListStats& st, std::vector<unsigned>& woken) const;

  // Appends SLOT to NODE's InputList. Returns true when the list was armed (its receiver
  // idle): the caller must then raise the receiver's interrupt; the flag is cleared.
  bool append_input(Core& c, unsigned node, uint64_t slot, ListStats& st) const;
  // Unlinks up to BUDGET slots from NODE's InputList head. When that empties the list it
  // arms it, in the same lock hold, so the next append raises the interrupt.
  SlotChain unlink_input(Core& c, unsigned node, unsigned budget, ListStats& st) const;

 private:
  PoolLayout layout_;
};

}  // namespace smvn::driver
