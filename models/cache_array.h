// A set-associative array of cache lines with LRU replacement: the tag store shared by the
// L1 and L2 models. It holds per-line metadata only (tag, state, LRU age, and whatever
// the LINE type adds, e.g. a directory entry); the bytes live in PhysicalMemory.
#pragma once

#include <cstdint>
#include <optional>
#include <stdexcept>
#include <string>
#include <type_traits>
#include <vector>

#include "host_array.h"

namespace smvn {

inline bool is_power_of_two(uint64_t v) { return v && !(v & (v - 1)); }
inline unsigned log2_exact(uint64_t v) {
  unsigned n = 0;
  while ((uint64_t(1) << n) < v) ++n;
  return n;
}

// True when SIZE_BYTES splits into a power-of-two number of sets of WAYS lines of
// LINE_BYTES (itself a power of two): the geometry CacheArray can index.
inline bool valid_cache_geometry(uint64_t size_bytes, unsigned ways, unsigned line_bytes) {
  if (!is_power_of_two(line_bytes) || ways == 0) return false;
  const uint64_t sets = size_bytes / (uint64_t(ways) * line_bytes);
  return sets != 0 && sets * ways * line_bytes == size_bytes && is_power_of_two(sets);
}

// LINE must provide: `uint64_t line` (line address = byte address / line size),
// `uint32_t lru`, `bool valid() const` and `void clear()`. It may also declare
// `static constexpr uint64_t kNoLine`, the line address clear() leaves in an invalid line
// (one that no byte address divides to, e.g. all ones): find() then compares tags only.
template <typename L, typename = void> struct TagMarksValidity : std::false_type {};
template <typename L> struct TagMarksValidity<L, std::void_t<decltype(L::kNoLine)>> : std::true_type {};

template <typename Line>
class CacheArray {
 public:
  // INTERLEAVE: how many caches share the line-address space round robin (the L2 banks);
  // the set index is taken from the line address divided by it.
  CacheArray(uint64_t size_bytes, unsigned ways, unsigned line_bytes, unsigned interleave = 1)
      : ways_(ways), interleave_shift_(log2_exact(interleave)) {
    if (!valid_cache_geometry(size_bytes, ways, line_bytes) || !is_power_of_two(interleave))
      throw std::invalid_argument("cache geometry must give a power-of-two number of sets");
    sets_ = size_bytes / (uint64_t(ways) * line_bytes);
    set_mask_ = sets_ - 1;
    lines_.emplace(sets_ * ways_);
    for (auto& l : *lines_) l.clear();
    base_ = lines_->data();  // the array never grows: set_of() skips the indirection
  }
  CacheArray(const CacheArray&) = delete;
  CacheArray& operator=(const CacheArray&) = delete;

  uint64_t sets() const { return sets_; }
  unsigned ways() const { return ways_; }

  // The valid line holding LINE_ADDR, or nullptr.
  Line* find(uint64_t line_addr) {
    Line* l = set_of(line_addr);
    for (Line* const end = l + ways_; l != end; ++l) {
      if constexpr (TagMarksValidity<Line>::value) {
        if (l->line == line_addr) return l;
      } else if (l->line == line_addr && l->valid()) {  // the tag compare first: it rejects most ways
        return l;
      }
    }
    return nullptr;
  }

  // find(), and when LINE_ADDR is absent also the way victim() would choose (into VICTIM),
  // in one pass over the set: a miss then costs one set scan instead of two.
  Line* find(uint64_t line_addr, Line*& victim) { return find_in<0>(line_addr, victim); }

  // find(line_addr, victim) for an array the caller knows has WAYS ways (== ways()):
  // the same scan with a constant trip count, which the compiler unrolls.
  template <unsigned WAYS> Line* find_fixed_ways(uint64_t line_addr, Line*& victim) {
    static_assert(WAYS > 0, "a fixed way count");
    return find_in<WAYS>(line_addr, victim);
  }

 private:
  template <unsigned WAYS> Line* find_in(uint64_t line_addr, Line*& victim) {
    const unsigned ways = WAYS ? WAYS : ways_;
    Line* l = base_ + ((line_addr >> interleave_shift_) & set_mask_) * ways;
    Line* invalid = nullptr;
    Line* lru = l;
    for (Line* const end = l + ways; l != end; ++l) {
      if (!l->valid()) {
        if (!invalid) invalid = l;
      } else if (l->line == line_addr) {
        return l;
      } else if (l->lru < lru->lru) {
        lru = l;
      }
    }
    // victim(): the first invalid way, else the first way of least age (when every way
    // is valid, the scan above compared them all in order, as victim() does).
    victim = invalid ? invalid : lru;
    return nullptr;
  }

 public:

  // Marks LINE most recently used. Ages are 32-bit to keep lines small (the tag arrays
  // of a large cluster are hundreds of MB of host memory); when the clock wraps, every
  // age restarts from zero, which forgets the recency order once per 4 billion touches.
  void touch(Line* line) {
    if (++clock_ == 0) {
      for (auto& l : *lines_) l.lru = 0;
      clock_ = 1;
    }
    line->lru = clock_;
  }

  // The way LINE_ADDR would replace: an invalid way if there is one, else the LRU way.
  // The caller evicts it (if valid) and then calls install().
  Line* victim(uint64_t line_addr) {
    Line* set = set_of(line_addr);
    Line* v = &set[0];
    for (unsigned w = 0; w < ways_; ++w) {
      if (!set[w].valid()) return &set[w];
      if (set[w].lru < v->lru) v = &set[w];
    }
    return v;
  }

  Line* install(Line* way, uint64_t line_addr) {
    way->clear();
    way->line = line_addr;
    touch(way);
    return way;
  }

  // Starts loading LINE_ADDR's set into the host's caches (a host hint; no state changes).
  void prefetch(uint64_t line_addr) const {
    const char* first = reinterpret_cast<const char*>(set_of(line_addr));
    const char* last = first + sizeof(Line) * ways_ - 1;
    __builtin_prefetch(first);
    __builtin_prefetch(last);
  }

  template <typename F> void for_each_valid(F&& f) {
    for (auto& l : *lines_)
      if (l.valid()) f(l);
  }

 private:
  Line* set_of(uint64_t line_addr) const {
    return base_ + ((line_addr >> interleave_shift_) & set_mask_) * ways_;
  }

  unsigned ways_;
  unsigned interleave_shift_;
  uint64_t sets_ = 0, set_mask_ = 0;
  uint32_t clock_ = 0;  // LRU ages
  std::optional<HostArray<Line>> lines_;  // in the huge-page arena (host_array.h)
  Line* base_ = nullptr;
};

}  // namespace smvn
