// The SMVN lists as the driver runs them on simulated cores: the algorithm of
// smvn_pool/lists.h (one global FreeList of packet slots, one InputList per node, each
// under its own ll/sc spinlock) with the core as its memory (core_memory.h). This is the
// layer the netdev (netdev.h) builds on; it moves slots between lists and nothing else:
// copies, framing and interrupts are the netdev's.
//
// Every access to the pool is a Core load/store/ll/sc operation; the class keeps only
// configuration constants on the host, and the caller's statistics.
#pragma once

#include <cstdint>
#include <vector>

#include "driver/spinlock.h"
#include "sim/stats.h"
#include "smvn_pool/lists.h"
#include "smvn_pool/pool_layout.h"

namespace smvn {
class Core;
}

namespace smvn::driver {

using pool::PoolConfig;
using pool::PoolLayout;
using pool::PoolSegment;
using pool::SlotChain;
class CoreMemory;

// What the list operations of one node's cores count.
struct ListStats {
  explicit ListStats(uint64_t slots);
  SpinlockStats locks;
  uint64_t pool_empty = 0;  // pops that found the FreeList empty
  Histogram free_length;    // FreeList length seen by each pop
  Histogram input_length;   // InputList length seen by each unlink
};

class SmvnLists {
 public:
  explicit SmvnLists(const PoolLayout& layout) : algo_(layout) {}
  const PoolLayout& layout() const { return algo_.layout(); }

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
  pool::Lists<CoreMemory> algo_;
};

}  // namespace smvn::driver
