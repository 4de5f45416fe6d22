// The bare per-line state of an exact coherence model, for the "floor" benchmarks
// (bench_copy_floor, bench_cluster_floor): what any model that tracks every line must
// keep and touch, with nothing else. The records are the simulator's sizes (L1 16 bytes,
// L2 24 bytes), so the host's caches see the footprint the simulator gives them.
#pragma once

#include <cstdint>
#include <vector>

namespace floor_state {
// Internal linkage, as when these lived in each benchmark's file: with external linkage
// GCC inlines less of them and bench_copy_floor runs 18% more host instructions per line.
namespace {

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

// A node's L2: 4 line-interleaved banks of 1 MB (4-way, 32-byte lines), each way with
// its directory entry (sharer vector and owner), serving the L1 caches it is home to.
class HomeBanks {
 public:
  HomeBanks() {
    for (int b = 0; b < 4; ++b) banks_.emplace_back(8192, 4, 2);
  }
  // L1 CACHE gave up its copy of LINE (dirty data or a clean notice).
  void give_up(uint64_t line, int cache, bool dirty) {
    L2Way* v;
    if (L2Way* w = bank(line).find(line, v)) {
      w->dirty |= dirty;
      w->sharers &= ~bit(cache);
      if (w->owner == cache) w->owner = -1;
    }
  }
  // A fill (WRITE false) or read-for-ownership of LINE by L1 CACHE; a miss allocates.
  void fetch(uint64_t line, int cache, bool write) {
    Sets<L2Way>& b = bank(line);
    L2Way* v;
    L2Way* w = b.find(line, v);
    if (!w) {
      w = v;
      *w = L2Way{};
      w->line = line;
    }
    b.touch(w);
    const bool alone = w->sharers == 0;
    w->sharers = write ? bit(cache) : w->sharers | bit(cache);
    w->owner = write || alone ? int16_t(cache) : int16_t(-1);
  }

 private:
  static uint64_t bit(int cache) { return uint64_t(1) << (cache & 63); }
  Sets<L2Way>& bank(uint64_t line) { return banks_[line & 3]; }
  std::vector<Sets<L2Way>> banks_;
};

}  // namespace
}  // namespace floor_state
