// The SMVN lists (issue 4): a FreeList of packet slots and one InputList per node, in the
// shared pool (pool_layout.h), each under its own ll/sc spinlock. This is the part of the
// driver below the netdev layer: it moves opaque frames (an Ethernet II header plus at
// most an MTU of payload) from one node to another's InputList.
//
//   transmit: pop a FreeList slot -> write its header and copy the frame in (outside any
//             lock) -> append it to the receiver's InputList tail -> raise the receiving
//             core's IPI (SET bit 0 of core 0 of the destination node).
//   receive:  unlink up to a budget of slots from this node's InputList head (one lock
//             hold) -> copy each frame out -> push the chain back on the FreeList (one
//             lock hold).
//
// Appends at the tail and unlinks from the head, so frames from one sender to one
// receiver arrive in the order they were sent; a slot is on exactly one list (or held by
// one core) at any time, so each frame is delivered exactly once.
//
// Every access to the pool is a Core load/store/ll/sc/block operation; the class keeps
// only configuration constants and statistics counters on the host.
#pragma once

#include <cstdint>
#include <functional>
#include <string>
#include <vector>

#include "driver/pool_layout.h"
#include "driver/spinlock.h"

namespace smvn {
class AddressMap;
class Core;
class StatsRegistry;
}  // namespace smvn

namespace smvn::driver {

struct QueueStats {
  uint64_t frames_sent = 0, bytes_sent = 0;
  uint64_t frames_received = 0, bytes_received = 0;
  uint64_t pool_empty = 0;       // transmits refused because the FreeList was empty
  uint64_t interrupts_sent = 0;  // IPI SET writes to receivers
  uint64_t receive_calls = 0, empty_receives = 0;
  SpinlockStats locks;           // every lock this node's cores took
};

class SmvnQueue {
 public:
  // Called once per received frame with its source node, bytes (a host copy of the slot's
  // frame, valid during the call) and length.
  using Deliver = std::function<void(unsigned src_node, const uint8_t* frame, uint32_t len)>;

  // Which core of a node takes the SMVN interrupt and which IPI bit is the driver's.
  static constexpr unsigned kReceiveCore = 0;
  static constexpr uint32_t kIpiBit = 1;

  // CORES_PER_NODE maps a core's global id to its node.
  SmvnQueue(const PoolLayout& layout, const AddressMap& map, unsigned cores_per_node);

  const PoolLayout& layout() const { return layout_; }

  // Run by the master node once, before anyone transmits: links every slot into the
  // FreeList, empties the InputLists and releases the locks.
  void init(Core& c);

  // Sends LEN bytes (at most layout().frame_capacity()) from a host buffer or from a
  // simulated buffer to DST_NODE. Returns false, counting a pool-empty event, when the
  // FreeList is empty: the caller stops its queue and retries when slots come back.
  bool transmit(Core& c, unsigned dst_node, const void* frame, uint32_t len);
  bool transmit_from(Core& c, unsigned dst_node, uint64_t sim_frame, uint32_t len);

  // Unlinks up to BUDGET frames from the calling core's node's InputList, delivers each
  // and returns their slots. Returns the number delivered (0 when the list was empty).
  unsigned receive(Core& c, unsigned budget, const Deliver& deliver);

  const QueueStats& stats(unsigned node) const { return stats_.at(node); }
  // Registers PREFIX.nodeN.<counter> for every node.
  void register_stats(StatsRegistry& s, const std::string& prefix) const;

 private:
  unsigned node_of(const Core& c) const;
  // Pops one FreeList slot (0 when empty).
  uint64_t pop_free(Core& c, QueueStats& st);
  // Common tail of both transmit flavours: append SLOT to DST's InputList, raise its IPI.
  void append_and_notify(Core& c, unsigned dst_node, uint64_t slot, uint32_t len, QueueStats& st);
  uint64_t begin_transmit(Core& c, unsigned dst_node, uint32_t len, QueueStats& st);

  PoolLayout layout_;
  const AddressMap& map_;
  unsigned cores_per_node_;
  std::vector<QueueStats> stats_;  // per node; sized once so registered references stay valid
};

}  // namespace smvn::driver
