// The coherence directory entry that sits beside each L2 tag (Godson-3A keeps it in the
// L2 bank's DIR RAM): which L1 caches in the cluster hold the line, and whether one of
// them holds it exclusively.
//
// The sharer set is a 64-bit vector. With up to 64 L1 caches each bit is one cache (a full
// map); beyond that each bit stands for a group of consecutive caches (a coarse vector),
// so invalidations go to every cache of a marked group. That keeps an entry at 16 bytes
// on an 8x8 mesh of 4-core nodes while staying exact on the paper's 2x2 cluster.
#pragma once

#include <cstdint>

namespace smvn {

class SharerSet {
 public:
  static void set_group_shift(unsigned shift) { group_shift_ = shift; }
  static unsigned group_shift() { return group_shift_; }
  // Group shift that makes CACHES fit in 64 bits.
  static unsigned shift_for(unsigned caches) {
    unsigned s = 0;
    while (((caches + (1u << s) - 1) >> s) > 64) ++s;
    return s;
  }

  void add(int cache) { bits_ |= bit(cache); }
  // In a coarse vector a bit may stand for other caches too, so removing one cache keeps
  // the bit; exact only in full-map mode.
  void remove(int cache) {
    if (group_shift_ == 0) bits_ &= ~bit(cache);
  }
  bool may_contain(int cache) const { return bits_ & bit(cache); }
  bool empty() const { return bits_ == 0; }
  void clear() { bits_ = 0; }
  uint64_t raw() const { return bits_; }

  // Calls F(cache) for every cache the set may contain, below LIMIT.
  template <typename F> void for_each(unsigned limit, F&& f) const {
    uint64_t b = bits_;
    while (b) {
      unsigned g = __builtin_ctzll(b);
      b &= b - 1;
      unsigned first = g << group_shift_, last = (g + 1) << group_shift_;
      for (unsigned c = first; c < last && c < limit; ++c) f(int(c));
    }
  }

 private:
  static uint64_t bit(int cache) { return uint64_t(1) << (unsigned(cache) >> group_shift_); }
  static inline unsigned group_shift_ = 0;
  uint64_t bits_ = 0;
};

struct DirectoryEntry {
  SharerSet sharers;   // L1 caches that may hold the line (S, E or M)
  int16_t owner = -1;  // the one L1 holding it E or M, -1 when none
  void clear() {
    sharers.clear();
    owner = -1;
  }
};

}  // namespace smvn
