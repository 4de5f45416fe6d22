// Where everything of the SMVN shared pool sits in global simulated memory (issue 4).
// The pool is a header followed by fixed-size packet slots; nothing is allocated after
// init, so the layout is pure arithmetic on configuration constants and host code may
// compute it freely (it never touches simulated memory).
//
// Header (32-byte lines, the Godson-3A L1/L2 line):
//   ready flag                       (its own line: polled by every waiting node)
//   FreeList lock, FreeList head
//   per node: InputList lock, head, tail
// With locks_on_separate_lines each lock gets a line of its own and its list words share
// the next line, so spinning on a lock does not steal the line the holder is updating;
// otherwise a lock and its words share one line (fewer misses for an uncontended holder).
//
// Slot: next (8) | length (4) | source node (4) | frame (14-byte Ethernet II header +
// MTU), rounded up to whole lines so slots never share a line.
#pragma once

#include <cstdint>

namespace smvn::driver {

struct PoolConfig {
  uint64_t base = 0;   // first byte of the pool (line aligned)
  uint64_t bytes = 0;  // pool size
  unsigned nodes = 0;  // nodes sharing the pool (one InputList each)
  unsigned mtu = 1500;
  bool locks_on_separate_lines = true;
};

class PoolLayout {
 public:
  static constexpr uint64_t kLine = 32;
  static constexpr uint64_t kEthHeader = 14;  // dst MAC, src MAC, EtherType
  // Slot field offsets.
  static constexpr uint64_t kSlotNext = 0, kSlotLength = 8, kSlotSource = 12, kSlotFrame = 16;

  // Throws std::invalid_argument (with the numbers) when the pool is misaligned, has no
  // nodes, or cannot hold one slot per node.
  explicit PoolLayout(const PoolConfig& cfg);

  const PoolConfig& config() const { return cfg_; }
  unsigned nodes() const { return cfg_.nodes; }

  // Header fields (4-byte lock words, 8-byte pointer words holding slot addresses; 0 is
  // the empty list).
  uint64_t ready_flag() const { return cfg_.base; }
  uint64_t free_lock() const { return free_lock_; }
  uint64_t free_head() const { return free_head_; }
  uint64_t input_lock(unsigned node) const;
  uint64_t input_head(unsigned node) const;
  uint64_t input_tail(unsigned node) const { return input_head(node) + 8; }
  uint64_t header_bytes() const { return header_bytes_; }

  // Slots.
  uint64_t frame_capacity() const { return kEthHeader + cfg_.mtu; }
  uint64_t slot_bytes() const { return slot_bytes_; }
  uint64_t slots() const { return slots_; }
  uint64_t slot(uint64_t i) const { return cfg_.base + header_bytes_ + i * slot_bytes_; }
  uint64_t end() const { return cfg_.base + cfg_.bytes; }

  // Header bytes and slot bytes for a configuration (pool base and size ignored), and
  // the pool size that holds exactly SLOTS slots: what a test or config asks for.
  static uint64_t header_bytes_for(unsigned nodes, bool separate_lines);
  static uint64_t slot_bytes_for(unsigned mtu);
  static uint64_t bytes_for(unsigned nodes, uint64_t slots, unsigned mtu = 1500, bool separate_lines = true);

 private:
  uint64_t lines_per_list() const { return cfg_.locks_on_separate_lines ? 2 : 1; }

  PoolConfig cfg_;
  uint64_t free_lock_, free_head_, lists_base_, header_bytes_, slot_bytes_, slots_;
};

}  // namespace smvn::driver
