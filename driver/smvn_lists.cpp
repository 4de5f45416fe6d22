#include "driver/smvn_lists.h"

#include <algorithm>

#include "driver/core_memory.h"

namespace smvn::driver {

namespace {
// Sixteen buckets spanning the whole pool: list lengths are bounded by the slot count.
uint64_t length_bucket(uint64_t slots) { return std::max<uint64_t>(1, (slots + 15) / 16); }
}  // namespace

ListStats::ListStats(uint64_t slots) : free_length(length_bucket(slots), 17), input_length(length_bucket(slots), 17) {}

void SmvnLists::init(Core& c) const {
  CoreMemory m(c);
  algo_.init(m);
}

uint64_t SmvnLists::pop_free(Core& c, ListStats& st, int waiter) const {
  CoreMemory m(c);
  return algo_.pop_free(m, st, waiter);
}

void SmvnLists::push_free(Core& c, const SlotChain& chain, ListStats& st, std::vector<unsigned>& woken) const {
  CoreMemory m(c);
  algo_.push_free(m, chain, st, woken);
}

bool SmvnLists::append_input(Core& c, unsigned node, uint64_t slot, ListStats& st) const {
  CoreMemory m(c);
  return algo_.append_input(m, node, slot, st);
}

SlotChain SmvnLists::unlink_input(Core& c, unsigned node, unsigned budget, ListStats& st) const {
  CoreMemory m(c);
  return algo_.unlink_input(m, node, budget, st);
}

}  // namespace smvn::driver
