// Where everything of the SMVN shared pool sits (issue 4), in simulated memory for the
// driver and in a host mapping for the IPC library (issue 16): addresses are plain numbers.
// The pool is a header followed by fixed-size packet slots; nothing is allocated after
// init, so the layout is pure arithmetic on configuration constants and host code may
// compute it freely (it never touches simulated memory).
//
// The pool is one or more segments: the extreme case of the paper's testbed is the master
// alone ceding 2 MB (one segment); otherwise every node cedes part of its memory (one
// segment each). The header sits at the start of the first segment; slots fill the rest
// of every segment, and the one global FreeList links them all.
//
// Header (32-byte lines, the Godson-3A L1/L2 line):
//   ready line      the master's ready word (kReadyMagic once the pool is initialised)
//   up lines        one 4-byte "node is up" word per node
//   FreeList        lock, then head (8), length (8), and the transmit-waiters bitmap: one
//                   bit per core in the cluster, set by a core whose transmit found the
//                   FreeList empty, cleared by whoever returns slots (who then wakes it)
//   per node        InputList lock, then head (8), tail (8), length (4), armed (4): armed
//                   means the receiver has gone idle and the next sender must raise its
//                   interrupt (one interrupt per busy period, as NAPI does)
// With locks_on_separate_lines each lock gets a line of its own and its list words start
// the next line, so spinning on a lock does not steal the line the holder is updating;
// otherwise a lock and its words share one line (fewer misses for an uncontended holder).
//
// Slot: next (8) | length (4) | source node (4) | 2 bytes of pad | frame (14-byte
// Ethernet II header + MTU), rounded up to whole lines so slots never share a line. The
// pad puts the frame's payload on a line boundary (Linux's NET_IP_ALIGN trick), so a
// payload staged 8-byte aligned is copied with doubleword moves.
#pragma once

#include <cstdint>
#include <vector>

namespace smvn::pool {

struct PoolSegment {
  uint64_t base = 0;   // first byte (line aligned)
  uint64_t bytes = 0;
};

struct PoolConfig {
  std::vector<PoolSegment> segments;  // the first holds the header
  unsigned nodes = 0;                 // nodes sharing the pool (one InputList each)
  unsigned cores_per_node = 4;        // sizes the transmit-waiters bitmap
  unsigned mtu = 1500;
  bool locks_on_separate_lines = true;
};

class PoolLayout {
 public:
  static constexpr uint64_t kLine = 32;
  static constexpr uint64_t kEthHeader = 14;  // dst MAC, src MAC, EtherType
  static constexpr uint32_t kReadyMagic = 0x534d564e;  // "SMVN"
  // Slot field offsets.
  static constexpr uint64_t kSlotNext = 0, kSlotLength = 8, kSlotSource = 12, kSlotFrame = 18;
  // List word offsets from a list's head word.
  static constexpr uint64_t kListTail = 8, kListLength = 16, kListArmed = 20;  // InputList
  static constexpr uint64_t kFreeLength = 8, kFreeWaiters = 16;                // FreeList

  // Throws std::invalid_argument (with the numbers) when a segment is misaligned or
  // overlaps another, there are no nodes, or the pool cannot hold one slot per node.
  explicit PoolLayout(const PoolConfig& cfg);

  const PoolConfig& config() const { return cfg_; }
  unsigned nodes() const { return cfg_.nodes; }
  unsigned cores() const { return cfg_.nodes * cfg_.cores_per_node; }

  // Header fields: 4-byte lock, flag and length words, 8-byte pointer words holding slot
  // addresses (0 is the empty list).
  uint64_t ready_word() const { return base(); }
  uint64_t up_word(unsigned node) const;
  uint64_t free_lock() const { return free_lock_; }
  uint64_t free_head() const { return free_head_; }
  uint64_t free_length() const { return free_head_ + kFreeLength; }
  // The waiters bitmap word holding CORE's bit (bit core % 64).
  uint64_t waiters_word(unsigned core) const { return free_head_ + kFreeWaiters + 8 * (core / 64); }
  unsigned waiters_words() const { return (cores() + 63) / 64; }
  uint64_t input_lock(unsigned node) const;
  uint64_t input_head(unsigned node) const;
  uint64_t input_tail(unsigned node) const { return input_head(node) + kListTail; }
  uint64_t input_length(unsigned node) const { return input_head(node) + kListLength; }
  uint64_t input_armed(unsigned node) const { return input_head(node) + kListArmed; }
  uint64_t header_bytes() const { return header_bytes_; }

  // Slots, numbered across segments in order.
  uint64_t frame_capacity() const { return kEthHeader + cfg_.mtu; }
  uint64_t slot_bytes() const { return slot_bytes_; }
  uint64_t slots() const { return slots_; }
  uint64_t slot(uint64_t i) const;
  uint64_t base() const { return cfg_.segments.front().base; }

  // Header and slot bytes for a configuration, and the one-segment pool size that holds
  // exactly SLOTS slots: what a test or config asks for.
  static uint64_t header_bytes_for(unsigned nodes, unsigned cores_per_node, bool separate_lines);
  static uint64_t slot_bytes_for(unsigned mtu);
  static uint64_t bytes_for(unsigned nodes, uint64_t slots, unsigned mtu = 1500, bool separate_lines = true,
                            unsigned cores_per_node = 4);

 private:
  PoolConfig cfg_;
  uint64_t free_lock_, free_head_, lists_base_, list_stride_, header_bytes_, slot_bytes_, slots_;
  struct SegmentSlots {
    uint64_t first_slot, first_addr, count;
  };
  std::vector<SegmentSlots> seg_slots_;
};

}  // namespace smvn::pool
