#include "smvn_pool/pool_layout.h"

#include <algorithm>
#include <stdexcept>
#include <string>

namespace smvn::pool {

namespace {
uint64_t round_up(uint64_t v, uint64_t to) { return (v + to - 1) / to * to; }
uint64_t lines(uint64_t bytes) { return round_up(bytes, PoolLayout::kLine); }

// Bytes of a list's words (without its lock) when the lock has its own line, and of lock
// plus words when they share.
uint64_t free_words_bytes(unsigned cores) { return PoolLayout::kFreeWaiters + 8 * ((cores + 63) / 64); }
constexpr uint64_t kInputWordsBytes = PoolLayout::kListArmed + 4;
constexpr uint64_t kLockBytes = 8;  // a 4-byte lock word, padded so the words stay aligned
}  // namespace

uint64_t PoolLayout::header_bytes_for(unsigned nodes, unsigned cores_per_node, bool separate_lines) {
  const unsigned cores = nodes * cores_per_node;
  const uint64_t lock = separate_lines ? kLine : kLockBytes;
  const uint64_t free_list = separate_lines ? kLine + lines(free_words_bytes(cores))
                                            : lines(kLockBytes + free_words_bytes(cores));
  const uint64_t input_list = separate_lines ? lock + lines(kInputWordsBytes) : lines(lock + kInputWordsBytes);
  return kLine /* ready */ + lines(4ull * nodes) /* up words */ + free_list + nodes * input_list;
}

uint64_t PoolLayout::slot_bytes_for(unsigned mtu) { return round_up(kSlotFrame + kEthHeader + mtu, kLine); }

uint64_t PoolLayout::bytes_for(unsigned nodes, uint64_t slots, unsigned mtu, bool separate_lines,
                               unsigned cores_per_node) {
  return header_bytes_for(nodes, cores_per_node, separate_lines) + slots * slot_bytes_for(mtu);
}

PoolLayout::PoolLayout(const PoolConfig& cfg) : cfg_(cfg) {
  if (cfg.nodes == 0) throw std::invalid_argument("SMVN pool: nodes must be at least 1");
  if (cfg.cores_per_node == 0) throw std::invalid_argument("SMVN pool: cores_per_node must be at least 1");
  if (cfg.mtu == 0) throw std::invalid_argument("SMVN pool: mtu must be at least 1");
  if (cfg.segments.empty()) throw std::invalid_argument("SMVN pool: no memory segment given");
  for (size_t i = 0; i < cfg.segments.size(); ++i) {
    const PoolSegment& s = cfg.segments[i];
    if (s.base % kLine != 0)
      throw std::invalid_argument("SMVN pool: segment " + std::to_string(i) + " at " + std::to_string(s.base) +
                                  " is not aligned to the " + std::to_string(kLine) + "-byte line");
    for (size_t j = 0; j < i; ++j) {
      const PoolSegment& o = cfg.segments[j];
      if (s.base < o.base + o.bytes && o.base < s.base + s.bytes)
        throw std::invalid_argument("SMVN pool: segments " + std::to_string(j) + " and " + std::to_string(i) +
                                    " overlap");
    }
  }
  header_bytes_ = header_bytes_for(cfg.nodes, cfg.cores_per_node, cfg.locks_on_separate_lines);
  slot_bytes_ = slot_bytes_for(cfg.mtu);
  slots_ = 0;
  uint64_t pool_bytes = 0;
  for (size_t i = 0; i < cfg.segments.size(); ++i) {
    const PoolSegment& s = cfg.segments[i];
    const uint64_t skip = i == 0 ? header_bytes_ : 0;
    const uint64_t n = s.bytes > skip ? (s.bytes - skip) / slot_bytes_ : 0;
    seg_slots_.push_back({slots_, s.base + skip, n});
    slots_ += n;
    pool_bytes += s.bytes;
  }
  // One slot per node at least: otherwise some node could never hold a frame in flight.
  if (slots_ < cfg.nodes)
    throw std::invalid_argument(
        "SMVN pool: " + std::to_string(pool_bytes) + " bytes hold " + std::to_string(slots_) + " slots of " +
        std::to_string(slot_bytes_) + " bytes (MTU " + std::to_string(cfg.mtu) + ") after a " +
        std::to_string(header_bytes_) + "-byte header; " + std::to_string(cfg.nodes) + " nodes need at least " +
        std::to_string(bytes_for(cfg.nodes, cfg.nodes, cfg.mtu, cfg.locks_on_separate_lines, cfg.cores_per_node)) +
        " bytes");
  const bool sep = cfg.locks_on_separate_lines;
  free_lock_ = base() + kLine + lines(4ull * cfg.nodes);
  free_head_ = sep ? free_lock_ + kLine : free_lock_ + kLockBytes;
  lists_base_ = sep ? free_head_ + lines(free_words_bytes(cores())) : free_lock_ + lines(kLockBytes + free_words_bytes(cores()));
  list_stride_ = sep ? kLine + lines(kInputWordsBytes) : lines(kLockBytes + kInputWordsBytes);
}

uint64_t PoolLayout::up_word(unsigned node) const {
  if (node >= cfg_.nodes)
    throw std::out_of_range("SMVN pool: node " + std::to_string(node) + " of " + std::to_string(cfg_.nodes));
  return base() + kLine + 4ull * node;
}

uint64_t PoolLayout::input_lock(unsigned node) const {
  if (node >= cfg_.nodes)
    throw std::out_of_range("SMVN pool: node " + std::to_string(node) + " of " + std::to_string(cfg_.nodes));
  return lists_base_ + node * list_stride_;
}

uint64_t PoolLayout::input_head(unsigned node) const {
  return cfg_.locks_on_separate_lines ? input_lock(node) + kLine : input_lock(node) + kLockBytes;
}

uint64_t PoolLayout::slot(uint64_t i) const {
  for (const SegmentSlots& s : seg_slots_)
    if (i < s.first_slot + s.count) return s.first_addr + (i - s.first_slot) * slot_bytes_;
  throw std::out_of_range("SMVN pool: slot " + std::to_string(i) + " of " + std::to_string(slots_));
}

}  // namespace smvn::pool
