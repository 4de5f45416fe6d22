#include "driver/smvn_lists.h"

#include <algorithm>

#include "models/core.h"

namespace smvn::driver {

namespace {
using L = PoolLayout;
// Sixteen buckets spanning the whole pool: list lengths are bounded by the slot count.
uint64_t length_bucket(uint64_t slots) { return std::max<uint64_t>(1, (slots + 15) / 16); }
}  // namespace

ListStats::ListStats(uint64_t slots) : free_length(length_bucket(slots), 17), input_length(length_bucket(slots), 17) {}

void SmvnLists::init(Core& c) const {
  // Nobody else touches the pool before the ready word, so plain stores suffice. Slots
  // are linked in address order: slot i -> slot i+1, the last one ends the list.
  for (uint64_t i = 0; i < layout_.slots(); ++i) {
    const uint64_t next = i + 1 < layout_.slots() ? layout_.slot(i + 1) : 0;
    c.store<uint64_t>(layout_.slot(i) + L::kSlotNext, next);
    c.exec(3);  // loop control and address arithmetic
  }
  c.store<uint32_t>(layout_.free_lock(), 0);
  c.store<uint64_t>(layout_.free_head(), layout_.slot(0));
  c.store<uint64_t>(layout_.free_length(), layout_.slots());
  for (unsigned w = 0; w < layout_.waiters_words(); ++w) c.store<uint64_t>(layout_.waiters_word(w * 64), 0);
  for (unsigned n = 0; n < layout_.nodes(); ++n) {
    c.store<uint32_t>(layout_.input_lock(n), 0);
    c.store<uint64_t>(layout_.input_head(n), 0);
    c.store<uint64_t>(layout_.input_tail(n), 0);
    c.store<uint32_t>(layout_.input_length(n), 0);
    c.store<uint32_t>(layout_.input_armed(n), 1);
  }
}

uint64_t SmvnLists::pop_free(Core& c, ListStats& st, int waiter) const {
  spin_lock(c, layout_.free_lock(), st.locks);
  const uint64_t slot = c.load<uint64_t>(layout_.free_head());
  const uint64_t length = c.load<uint64_t>(layout_.free_length());
  st.free_length.sample(length);
  if (slot) {
    c.store<uint64_t>(layout_.free_head(), c.load<uint64_t>(slot + L::kSlotNext));
    c.store<uint64_t>(layout_.free_length(), length - 1);
  } else {
    ++st.pool_empty;
    if (waiter >= 0) {
      const uint64_t word = layout_.waiters_word(unsigned(waiter));
      c.store<uint64_t>(word, c.load<uint64_t>(word) | (uint64_t(1) << (unsigned(waiter) % 64)));
    }
  }
  spin_unlock(c, layout_.free_lock());
  return slot;
}

void SmvnLists::push_free(Core& c, const SlotChain& chain, ListStats& st, std::vector<unsigned>& woken) const {
  if (!chain.count) return;
  spin_lock(c, layout_.free_lock(), st.locks);
  c.store<uint64_t>(chain.last + L::kSlotNext, c.load<uint64_t>(layout_.free_head()));
  c.store<uint64_t>(layout_.free_head(), chain.first);
  c.store<uint64_t>(layout_.free_length(), c.load<uint64_t>(layout_.free_length()) + chain.count);
  for (unsigned w = 0; w < layout_.waiters_words(); ++w) {
    const uint64_t word = layout_.waiters_word(w * 64);
    uint64_t bits = c.load<uint64_t>(word);
    if (!bits) continue;
    c.store<uint64_t>(word, 0);
    for (; bits; bits &= bits - 1) woken.push_back(w * 64 + unsigned(__builtin_ctzll(bits)));
  }
  spin_unlock(c, layout_.free_lock());
}

bool SmvnLists::append_input(Core& c, unsigned node, uint64_t slot, ListStats& st) const {
  const uint64_t lock = layout_.input_lock(node);
  spin_lock(c, lock, st.locks);  // its sync orders the frame's stores before the link
  const uint64_t tail = c.load<uint64_t>(layout_.input_tail(node));
  if (tail)
    c.store<uint64_t>(tail + L::kSlotNext, slot);
  else
    c.store<uint64_t>(layout_.input_head(node), slot);
  c.store<uint64_t>(layout_.input_tail(node), slot);
  c.store<uint32_t>(layout_.input_length(node), c.load<uint32_t>(layout_.input_length(node)) + 1);
  const bool armed = c.load<uint32_t>(layout_.input_armed(node)) != 0;
  if (armed) c.store<uint32_t>(layout_.input_armed(node), 0);
  spin_unlock(c, lock);
  return armed;
}

SlotChain SmvnLists::unlink_input(Core& c, unsigned node, unsigned budget, ListStats& st) const {
  // Unlink a chain of up to BUDGET slots from the head under the lock; the walk reads
  // only next pointers, the frames are read after the release.
  SlotChain chain;
  const uint64_t lock = layout_.input_lock(node);
  spin_lock(c, lock, st.locks);
  const uint32_t length = c.load<uint32_t>(layout_.input_length(node));
  st.input_length.sample(length);
  uint64_t next = c.load<uint64_t>(layout_.input_head(node));
  chain.first = next;
  while (next && chain.count < budget) {
    chain.last = next;
    next = c.load<uint64_t>(next + L::kSlotNext);
    ++chain.count;
  }
  if (chain.count) {
    c.store<uint64_t>(layout_.input_head(node), next);
    c.store<uint32_t>(layout_.input_length(node), length - chain.count);
    if (!next) c.store<uint64_t>(layout_.input_tail(node), 0);
  }
  // Empty now (or already): the receiver goes idle, so the next sender must interrupt it.
  if (!next) c.store<uint32_t>(layout_.input_armed(node), 1);
  spin_unlock(c, lock);
  if (!chain.count) chain.first = 0;
  return chain;
}

}  // namespace smvn::driver
