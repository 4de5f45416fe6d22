// The speed of light for issue 2's copy target: the bare state machine of an exact
// per-line coherence model running the same 1 MiB L2-resident streaming copy as
// bench_node, with nothing else. Per 32-byte line: an L1 lookup of the source line and of
// the destination line (64 KB, 4-way, LRU ages), each miss evicting an LRU victim whose
// write-back or clean-eviction notice updates its home L2 set and directory entry, then
// the fill or read-for-ownership updating the home L2 set (4 banks of 1 MB, 4-way, LRU
// ages, sharer vector and owner), and the 32 data bytes moved. No timing, no contention,
// no statistics, no TLM, no SystemC: whatever the simulator adds to model time costs
// more than this, so its copy rate is bounded by this figure on the same host.
//
// The state is floor_state.h's (the simulator's record sizes). It prints the median of 7
// repetitions of 16 copies.
#include <algorithm>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <vector>

#include <systemc>

#include "floor_state.h"

namespace {

using Clk = std::chrono::steady_clock;
using floor_state::kNoLine;
using floor_state::L1Way;
using floor_state::Sets;

// One core's L1 and its node's L2.
class Hierarchy {
 public:
  Hierarchy() : l1_(2048, 4, 0) {}
  void access(uint64_t line, bool write) {
    L1Way* victim;
    if (L1Way* w = l1_.find(line, victim); w && (!write || w->state != 1)) {
      l1_.touch(w);
      if (write) w->state = 3;
      return;
    }
    if (victim->line != kNoLine) l2_.give_up(victim->line, 0, victim->state == 3);
    l2_.fetch(line, 0, write);
    victim->line = line;
    victim->state = write ? 3 : 2;
    l1_.touch(victim);
  }

 private:
  Sets<L1Way> l1_;
  floor_state::HomeBanks l2_;
};

}  // namespace

int sc_main(int, char**) {
  constexpr uint64_t kLines = (1 << 20) / 32, kSrc = (16 << 20) / 32, kDst = (64 << 20) / 32;
  constexpr int kCopies = 16, kRepeats = 7;
  Hierarchy h;
  std::vector<uint8_t> memory(96 << 20);
  std::vector<double> rates;
  for (int r = 0; r < kRepeats; ++r) {
    const auto start = Clk::now();
    for (int c = 0; c < kCopies; ++c)
      for (uint64_t i = 0; i < kLines; ++i) {
        h.access(kSrc + i, false);
        h.access(kDst + i, true);
        std::memcpy(&memory[(kDst + i) * 32], &memory[(kSrc + i) * 32], 32);
      }
    rates.push_back(double(kCopies * kLines) / std::chrono::duration<double>(Clk::now() - start).count());
  }
  std::sort(rates.begin(), rates.end());
  std::printf("bench_copy_floor (median of %d repetitions)\n", kRepeats);
  std::printf("  bare per-line state machine %8.2f M cache lines / host s   (no timing, statistics or TLM: the\n"
              "                                                            bound on bench_node's copy; target there >= 50)\n",
              rates[rates.size() / 2] / 1e6);
  return 0;
}
