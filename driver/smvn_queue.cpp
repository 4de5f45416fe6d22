#include "driver/smvn_queue.h"

#include <stdexcept>

#include "models/address_map.h"
#include "models/core.h"
#include "models/interrupt_controller.h"
#include "sim/stats.h"

namespace smvn::driver {

namespace {

using L = PoolLayout;

// Instruction counts of the driver's own bookkeeping around the memory operations (the
// loads and stores charge their own latency): argument checks, pointer arithmetic,
// branches. Small calibration values, named so they can be tuned in one place.
constexpr uint64_t kTransmitInsts = 20;  // per transmit: checks, slot header set-up
constexpr uint64_t kReceiveInsts = 12;   // per receive call
constexpr uint64_t kPerFrameRxInsts = 10;  // per received frame: walk, length check, callback setup

}  // namespace

SmvnQueue::SmvnQueue(const PoolLayout& layout, const AddressMap& map, unsigned cores_per_node)
    : layout_(layout), map_(map), cores_per_node_(cores_per_node), stats_(layout.nodes()) {
  if (cores_per_node == 0) throw std::invalid_argument("SMVN queue: cores_per_node must be at least 1");
  if (layout.nodes() > map.nodes())
    throw std::invalid_argument("SMVN queue: the pool is laid out for " + std::to_string(layout.nodes()) +
                                " nodes but the machine has " + std::to_string(map.nodes()));
  if (layout.end() > map.total_bytes())
    throw std::invalid_argument("SMVN queue: the pool ends at " + std::to_string(layout.end()) +
                                ", beyond memory (" + std::to_string(map.total_bytes()) + " bytes)");
}

unsigned SmvnQueue::node_of(const Core& c) const { return unsigned(c.id()) / cores_per_node_; }

void SmvnQueue::init(Core& c) {
  // Nobody else touches the pool before the ready flag, so plain stores suffice. Slots are
  // linked in address order: slot i -> slot i+1, the last one ends the list.
  c.store<uint32_t>(layout_.free_lock(), 0);
  for (uint64_t i = 0; i < layout_.slots(); ++i) {
    const uint64_t next = i + 1 < layout_.slots() ? layout_.slot(i + 1) : 0;
    c.store<uint64_t>(layout_.slot(i) + L::kSlotNext, next);
    c.exec(3);  // loop control and address arithmetic
  }
  c.store<uint64_t>(layout_.free_head(), layout_.slot(0));
  for (unsigned n = 0; n < layout_.nodes(); ++n) {
    c.store<uint32_t>(layout_.input_lock(n), 0);
    c.store<uint64_t>(layout_.input_head(n), 0);
    c.store<uint64_t>(layout_.input_tail(n), 0);
  }
  // Everything above must be visible before the flag (the init protocol's broadcast will
  // poll this word).
  c.sync();
  c.store<uint32_t>(layout_.ready_flag(), 1);
}

uint64_t SmvnQueue::pop_free(Core& c, QueueStats& st) {
  spin_lock(c, layout_.free_lock(), st.locks);
  const uint64_t slot = c.load<uint64_t>(layout_.free_head());
  if (slot) c.store<uint64_t>(layout_.free_head(), c.load<uint64_t>(slot + L::kSlotNext));
  spin_unlock(c, layout_.free_lock());
  return slot;
}

uint64_t SmvnQueue::begin_transmit(Core& c, unsigned dst_node, uint32_t len, QueueStats& st) {
  if (dst_node >= layout_.nodes())
    throw std::out_of_range("SMVN transmit: node " + std::to_string(dst_node) + " of " +
                            std::to_string(layout_.nodes()));
  if (len == 0 || len > layout_.frame_capacity())
    throw std::invalid_argument("SMVN transmit: frame of " + std::to_string(len) + " bytes (capacity " +
                                std::to_string(layout_.frame_capacity()) + ")");
  c.exec(kTransmitInsts);
  const uint64_t slot = pop_free(c, st);
  if (!slot) {
    ++st.pool_empty;
    return 0;
  }
  // The slot is ours alone now: fill its header outside any lock.
  c.store<uint64_t>(slot + L::kSlotNext, 0);
  c.store<uint32_t>(slot + L::kSlotLength, len);
  c.store<uint32_t>(slot + L::kSlotSource, node_of(c));
  return slot;
}

void SmvnQueue::append_and_notify(Core& c, unsigned dst_node, uint64_t slot, uint32_t len, QueueStats& st) {
  const uint64_t lock = layout_.input_lock(dst_node);
  spin_lock(c, lock, st.locks);  // its sync orders the frame copy before the link
  const uint64_t tail = c.load<uint64_t>(layout_.input_tail(dst_node));
  if (tail)
    c.store<uint64_t>(tail + L::kSlotNext, slot);
  else
    c.store<uint64_t>(layout_.input_head(dst_node), slot);
  c.store<uint64_t>(layout_.input_tail(dst_node), slot);
  spin_unlock(c, lock);
  // The link is published (the unlock's sync): now tell the receiving core.
  c.store<uint32_t>(map_.ipi_base(dst_node, kReceiveCore) + InterruptController::kSet, kIpiBit);
  ++st.interrupts_sent;
  ++st.frames_sent;
  st.bytes_sent += len;
}

bool SmvnQueue::transmit(Core& c, unsigned dst_node, const void* frame, uint32_t len) {
  QueueStats& st = stats_.at(node_of(c));
  const uint64_t slot = begin_transmit(c, dst_node, len, st);
  if (!slot) return false;
  c.write_block(slot + L::kSlotFrame, frame, len);
  append_and_notify(c, dst_node, slot, len, st);
  return true;
}

bool SmvnQueue::transmit_from(Core& c, unsigned dst_node, uint64_t sim_frame, uint32_t len) {
  QueueStats& st = stats_.at(node_of(c));
  const uint64_t slot = begin_transmit(c, dst_node, len, st);
  if (!slot) return false;
  c.copy(slot + L::kSlotFrame, sim_frame, len);  // doubleword or unaligned copy loop
  append_and_notify(c, dst_node, slot, len, st);
  return true;
}

unsigned SmvnQueue::receive(Core& c, unsigned budget, const Deliver& deliver) {
  const unsigned node = node_of(c);
  QueueStats& st = stats_.at(node);
  ++st.receive_calls;
  c.exec(kReceiveInsts);
  if (budget == 0) return 0;

  // Unlink a chain of up to BUDGET slots from the head under the lock; the walk reads
  // only next pointers, the frames are copied after the release.
  const uint64_t lock = layout_.input_lock(node);
  spin_lock(c, lock, st.locks);
  const uint64_t first = c.load<uint64_t>(layout_.input_head(node));
  uint64_t last = 0, next = first;
  unsigned taken = 0;
  while (next && taken < budget) {
    last = next;
    next = c.load<uint64_t>(last + L::kSlotNext);
    ++taken;
  }
  if (taken) {
    c.store<uint64_t>(layout_.input_head(node), next);
    if (!next) c.store<uint64_t>(layout_.input_tail(node), 0);
  }
  spin_unlock(c, lock);
  if (!taken) {
    ++st.empty_receives;
    return 0;
  }

  // Copy each frame out and hand it up. The chain is private to this core now; its next
  // pointers are read before anything is returned.
  std::vector<uint8_t> buffer(layout_.frame_capacity());
  uint64_t slot = first;
  for (unsigned i = 0; i < taken; ++i) {
    c.exec(kPerFrameRxInsts);
    const uint32_t len = c.load<uint32_t>(slot + L::kSlotLength);
    const uint32_t src = c.load<uint32_t>(slot + L::kSlotSource);
    if (len == 0 || len > layout_.frame_capacity() || src >= layout_.nodes())
      throw std::runtime_error("SMVN receive: corrupt slot at " + std::to_string(slot) + " (length " +
                               std::to_string(len) + ", source " + std::to_string(src) + ")");
    c.read_block(slot + L::kSlotFrame, buffer.data(), len);
    ++st.frames_received;
    st.bytes_received += len;
    deliver(src, buffer.data(), len);
    if (i + 1 < taken) slot = c.load<uint64_t>(slot + L::kSlotNext);
  }

  // Return the whole chain with one lock hold: last -> old FreeList head.
  spin_lock(c, layout_.free_lock(), st.locks);
  c.store<uint64_t>(last + L::kSlotNext, c.load<uint64_t>(layout_.free_head()));
  c.store<uint64_t>(layout_.free_head(), first);
  spin_unlock(c, layout_.free_lock());
  return taken;
}

void SmvnQueue::register_stats(StatsRegistry& s, const std::string& prefix) const {
  for (unsigned n = 0; n < stats_.size(); ++n) {
    const QueueStats& st = stats_[n];
    const std::string p = prefix + ".node" + std::to_string(n) + ".";
    s.counter(p + "frames_sent", st.frames_sent, "frames put on another node's InputList");
    s.counter(p + "bytes_sent", st.bytes_sent, "frame bytes sent");
    s.counter(p + "frames_received", st.frames_received, "frames taken from this node's InputList");
    s.counter(p + "bytes_received", st.bytes_received, "frame bytes received");
    s.counter(p + "pool_empty", st.pool_empty, "transmits refused: FreeList empty");
    s.counter(p + "interrupts_sent", st.interrupts_sent, "IPI SET writes to receivers");
    s.counter(p + "receive_calls", st.receive_calls, "receive calls");
    s.counter(p + "empty_receives", st.empty_receives, "receive calls that found the InputList empty");
    s.counter(p + "lock_acquisitions", st.locks.acquisitions, "spinlock acquisitions");
    s.counter(p + "lock_attempts", st.locks.attempts, "ll's issued on spinlocks");
    s.counter(p + "lock_busy", st.locks.busy_seen, "ll's that found the lock held");
    s.counter(p + "sc_failures", st.locks.sc_failures, "sc's that lost the link");
    s.counter(p + "spin_cycles", st.locks.spin_cycles, "cycles from first ll to acquisition");
  }
}

}  // namespace smvn::driver
