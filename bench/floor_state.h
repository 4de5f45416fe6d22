// The bare per-line state of an exact coherence model, for the "floor" benchmarks
// (bench_copy_floor, bench_cluster_floor): what any model that tracks every line must
// keep and touch, with nothing else. The records are the simulator's sizes (L1 16 bytes,
// L2 24 bytes), so the host's caches see the footprint the simulator gives them.
#pragma once

#include <cstdint>
#include <vector>

namespace floor_state {

constexpr uint64_t kNoLine = ~uint64_t(0);

struct L1Way {
  uint64_t line = kNoLine;
  uint32_t age = 0;
  uint8_t state = 0;  // 0 invalid, 1 shared, 2 exclusive, 3 modified
};

struct L2Way {
  uint64_t sharers = 0;
  int16_t owner = -1;
  bool dirty = false;
  uint32_t age = 0;
  uint64_t line = kNoLine;
};

// A set-associative array with LRU ages from a running clock; the set index is taken
// from the line address shifted right by INDEX_SHIFT (the bank bits of an interleaved L2).
template <typename Way> class Sets {
 public:
  Sets(unsigned sets, unsigned ways, unsigned index_shift)
      : ways_(std::size_t(sets) * ways), n_(ways), mask_(sets - 1), shift_(index_shift) {}
  // The way holding LINE, or nullptr with VICTIM the least recently used way of its set.
  Way* find(uint64_t line, Way*& victim) {
    Way* set = &ways_[((line >> shift_) & mask_) * n_];
    victim = set;
    for (unsigned w = 0; w < n_; ++w) {
      if (set[w].line == line) return &set[w];
      if (set[w].age < victim->age) victim = &set[w];
    }
    return nullptr;
  }
  void touch(Way* w) { w->age = ++clock_; }

 private:
  std::vector<Way> ways_;
  unsigned n_;
  uint64_t mask_;
  unsigned shift_;
  uint32_t clock_ = 0;
};

}  // namespace floor_state
