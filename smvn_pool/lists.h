// The SMVN lists (the paper's data structures), written once for every memory they live
// in: one global FreeList of packet slots and one InputList per node, singly linked
// through the slots' next words, each under its own spinlock (spinlock.h; pool_layout.h
// says where everything sits). They move slots between lists and nothing else: copies,
// framing and wake-ups are the caller's (the simulated driver's netdev, or the host IPC
// library's shared-memory transport).
//
//   FreeList:  pop one slot at the head; push a chain back at the head.
//   InputList: append one slot at the tail; unlink a chain of up to a budget at the head.
//
// Appends at the tail and unlinks from the head, so slots from one sender to one receiver
// arrive in the order they were sent; a slot is on exactly one list (or held by one
// agent) at any time, so each is delivered exactly once.
//
// MEM is the memory access policy (spinlock.h lists the lock's part). The lists add plain
// accesses, used only under a lock or before the pool is shared, and a cost hook:
//
//   T load<T>(addr), void store<T>(addr, v)   Core load/store | plain host access
//   void exec(n)                              n instructions   | nothing
//
// STATS is the caller's record: `locks` (SpinlockStats), `pool_empty` (a counter), and
// `free_length` and `input_length`, each with sample(value).
#pragma once

#include <cstdint>
#include <vector>

#include "smvn_pool/pool_layout.h"
#include "smvn_pool/spinlock.h"

namespace smvn::pool {

// A chain of slots unlinked from an InputList: FIRST .. LAST through next words.
struct SlotChain {
  uint64_t first = 0, last = 0;
  unsigned count = 0;
};

template <class Mem>
class Lists {
 public:
  explicit Lists(const PoolLayout& layout) : layout_(layout) {}
  const PoolLayout& layout() const { return layout_; }

  // Run once, before anyone else touches the pool: every slot on the FreeList in address
  // order, empty armed InputLists, no waiters, every lock free.
  void init(Mem& m) const {
    // Nobody else touches the pool yet, so plain stores suffice. Slots are linked in
    // address order: slot i -> slot i+1, the last one ends the list.
    for (uint64_t i = 0; i < layout_.slots(); ++i) {
      const uint64_t next = i + 1 < layout_.slots() ? layout_.slot(i + 1) : 0;
      m.template store<uint64_t>(layout_.slot(i) + L::kSlotNext, next);
      m.exec(3);  // loop control and address arithmetic
    }
    m.template store<uint32_t>(layout_.free_lock(), 0);
    m.template store<uint64_t>(layout_.free_head(), layout_.slot(0));
    m.template store<uint64_t>(layout_.free_length(), layout_.slots());
    for (unsigned w = 0; w < layout_.waiters_words(); ++w) m.template store<uint64_t>(layout_.waiters_word(w * 64), 0);
    for (unsigned n = 0; n < layout_.nodes(); ++n) {
      m.template store<uint32_t>(layout_.input_lock(n), 0);
      m.template store<uint64_t>(layout_.input_head(n), 0);
      m.template store<uint64_t>(layout_.input_tail(n), 0);
      m.template store<uint32_t>(layout_.input_length(n), 0);
      m.template store<uint32_t>(layout_.input_armed(n), 1);
    }
  }

  // Pops a FreeList slot; 0 when empty. With WAITER (a waiter id, < layout.cores()) an
  // empty pop also sets that waiter's bit in the waiters bitmap under the same lock hold,
  // so a return of slots that follows cannot miss it.
  template <class Stats>
  uint64_t pop_free(Mem& m, Stats& st, int waiter = -1) const {
    spin_lock(m, layout_.free_lock(), st.locks);
    const uint64_t slot = m.template load<uint64_t>(layout_.free_head());
    const uint64_t length = m.template load<uint64_t>(layout_.free_length());
    st.free_length.sample(length);
    if (slot) {
      m.template store<uint64_t>(layout_.free_head(), m.template load<uint64_t>(slot + L::kSlotNext));
      m.template store<uint64_t>(layout_.free_length(), length - 1);
    } else {
      ++st.pool_empty;
      if (waiter >= 0) {
        const uint64_t word = layout_.waiters_word(unsigned(waiter));
        m.template store<uint64_t>(word, m.template load<uint64_t>(word) | (uint64_t(1) << (unsigned(waiter) % 64)));
      }
    }
    spin_unlock(m, layout_.free_lock());
    return slot;
  }

  // Pushes CHAIN (linked first..last) onto the FreeList; appends to WOKEN the waiters
  // whose bits it found (and cleared), which the caller must wake.
  template <class Stats>
  void push_free(Mem& m, const SlotChain& chain, Stats& st, std::vector<unsigned>& woken) const {
    if (!chain.count) return;
    spin_lock(m, layout_.free_lock(), st.locks);
    m.template store<uint64_t>(chain.last + L::kSlotNext, m.template load<uint64_t>(layout_.free_head()));
    m.template store<uint64_t>(layout_.free_head(), chain.first);
    m.template store<uint64_t>(layout_.free_length(), m.template load<uint64_t>(layout_.free_length()) + chain.count);
    for (unsigned w = 0; w < layout_.waiters_words(); ++w) {
      const uint64_t word = layout_.waiters_word(w * 64);
      uint64_t bits = m.template load<uint64_t>(word);
      if (!bits) continue;
      m.template store<uint64_t>(word, 0);
      for (; bits; bits &= bits - 1) woken.push_back(w * 64 + unsigned(__builtin_ctzll(bits)));
    }
    spin_unlock(m, layout_.free_lock());
  }

  // Appends SLOT to NODE's InputList. Returns true when the list was armed (its receiver
  // idle): the caller must then wake the receiver; the flag is cleared.
  template <class Stats>
  bool append_input(Mem& m, unsigned node, uint64_t slot, Stats& st) const {
    const uint64_t lock = layout_.input_lock(node);
    spin_lock(m, lock, st.locks);  // its barrier orders the slot's contents before the link
    const uint64_t tail = m.template load<uint64_t>(layout_.input_tail(node));
    if (tail)
      m.template store<uint64_t>(tail + L::kSlotNext, slot);
    else
      m.template store<uint64_t>(layout_.input_head(node), slot);
    m.template store<uint64_t>(layout_.input_tail(node), slot);
    m.template store<uint32_t>(layout_.input_length(node), m.template load<uint32_t>(layout_.input_length(node)) + 1);
    const bool armed = m.template load<uint32_t>(layout_.input_armed(node)) != 0;
    if (armed) m.template store<uint32_t>(layout_.input_armed(node), 0);
    spin_unlock(m, lock);
    return armed;
  }

  // Unlinks up to BUDGET slots from NODE's InputList head. When that empties the list it
  // arms it, in the same lock hold, so the next append wakes the receiver.
  template <class Stats>
  SlotChain unlink_input(Mem& m, unsigned node, unsigned budget, Stats& st) const {
    // Unlink a chain under the lock; the walk reads only next pointers, the contents are
    // read after the release.
    SlotChain chain;
    const uint64_t lock = layout_.input_lock(node);
    spin_lock(m, lock, st.locks);
    const uint32_t length = m.template load<uint32_t>(layout_.input_length(node));
    st.input_length.sample(length);
    uint64_t next = m.template load<uint64_t>(layout_.input_head(node));
    chain.first = next;
    while (next && chain.count < budget) {
      chain.last = next;
      next = m.template load<uint64_t>(next + L::kSlotNext);
      ++chain.count;
    }
    if (chain.count) {
      m.template store<uint64_t>(layout_.input_head(node), next);
      m.template store<uint32_t>(layout_.input_length(node), length - chain.count);
      if (!next) m.template store<uint64_t>(layout_.input_tail(node), 0);
    }
    // Empty now (or already): the receiver goes idle, so the next sender must wake it.
    if (!next) m.template store<uint32_t>(layout_.input_armed(node), 1);
    spin_unlock(m, lock);
    if (!chain.count) chain.first = 0;
    return chain;
  }

 private:
  using L = PoolLayout;
  PoolLayout layout_;
};

}  // namespace smvn::pool
