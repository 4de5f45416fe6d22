// SMVN pool layout arithmetic (smvn_pool/pool_layout.h): header field addresses in both lock
// placements, slot size and count, several segments, and the refusal of a pool too small
// for one slot per node. Pure host arithmetic: no Simulation.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "smvn_pool/pool_layout.h"

using namespace smvn::pool;

namespace {
constexpr uint64_t kBase = 0x800'0000;  // 128 MiB: inside node 0 of the paper cluster
constexpr uint64_t kTwoMiB = 2ull << 20;

PoolConfig one_segment(uint64_t base, uint64_t bytes, unsigned nodes, bool separate = true, unsigned mtu = 1500) {
  PoolConfig c;
  c.segments = {{base, bytes}};
  c.nodes = nodes;
  c.mtu = mtu;
  c.locks_on_separate_lines = separate;
  return c;
}
}  // namespace

// The paper's pool: 2 MiB, 4 nodes of 4 cores, MTU 1500, every lock on its own line.
// Header: ready line + up-word line + FreeList (lock line + words line: head, length,
// one waiters word for 16 cores) + 4 x InputList (lock line + words line) = 32*4 + 64*4.
// Slot: 18 bytes of header and pad + 1514 frame bytes = 1532, rounded to 1536 (48 lines).
TEST(SmvnPoolLayout, SeparateLinesPaperPool) {
  const PoolLayout l(one_segment(kBase, kTwoMiB, 4));
  EXPECT_EQ(l.header_bytes(), 384u);
  EXPECT_EQ(l.slot_bytes(), 1536u);
  EXPECT_EQ(l.frame_capacity(), 1514u);
  EXPECT_EQ(l.slots(), (kTwoMiB - 384) / 1536);
  EXPECT_EQ(l.slots(), 1365u);
  EXPECT_EQ(l.ready_word(), kBase);
  EXPECT_EQ(l.up_word(0), kBase + 32);
  EXPECT_EQ(l.up_word(3), kBase + 44);
  EXPECT_EQ(l.free_lock(), kBase + 64);
  EXPECT_EQ(l.free_head(), kBase + 96);
  EXPECT_EQ(l.free_length(), kBase + 104);
  EXPECT_EQ(l.waiters_word(15), kBase + 112);
  EXPECT_EQ(l.waiters_words(), 1u);
  EXPECT_EQ(l.input_lock(0), kBase + 128);
  EXPECT_EQ(l.input_head(0), kBase + 160);
  EXPECT_EQ(l.input_tail(0), kBase + 168);
  EXPECT_EQ(l.input_length(0), kBase + 176);
  EXPECT_EQ(l.input_armed(0), kBase + 180);
  EXPECT_EQ(l.input_lock(3), kBase + 128 + 3 * 64);
  EXPECT_EQ(l.input_head(3), kBase + 160 + 3 * 64);
  EXPECT_EQ(l.slot(0), kBase + 384);
  EXPECT_EQ(l.slot(1364), kBase + 384 + 1364 * 1536);
  EXPECT_LE(l.slot(l.slots() - 1) + l.slot_bytes(), kBase + kTwoMiB);
  // Every lock is alone on its line; a list's words share one line; slots start lines
  // and their payloads (after the pad and the Ethernet header) do too.
  for (unsigned n = 0; n < 4; ++n) {
    EXPECT_NE(l.input_lock(n) / 32, l.input_head(n) / 32);
    EXPECT_EQ(l.input_head(n) / 32, l.input_armed(n) / 32);
  }
  EXPECT_NE(l.free_lock() / 32, l.free_head() / 32);
  EXPECT_EQ(l.free_head() / 32, l.waiters_word(0) / 32);
  EXPECT_EQ(l.slot(7) % 32, 0u);
  EXPECT_EQ((l.slot(7) + PoolLayout::kSlotFrame + PoolLayout::kEthHeader) % 32, 0u);
  EXPECT_THROW(l.input_lock(4), std::out_of_range);
  EXPECT_THROW(l.slot(1365), std::out_of_range);
}

// Locks sharing the line of their list words: one line per list.
TEST(SmvnPoolLayout, SameLineLocks) {
  const PoolLayout l(one_segment(kBase, kTwoMiB, 4, false));
  EXPECT_EQ(l.header_bytes(), 32u + 32 + 32 * 5);
  EXPECT_EQ(l.free_lock(), kBase + 64);
  EXPECT_EQ(l.free_head(), kBase + 72);
  EXPECT_EQ(l.waiters_word(0), kBase + 88);
  EXPECT_EQ(l.input_lock(2), kBase + 96 + 2 * 32);
  EXPECT_EQ(l.input_head(2), kBase + 96 + 2 * 32 + 8);
  EXPECT_EQ(l.input_armed(2), kBase + 96 + 2 * 32 + 28);
  EXPECT_EQ(l.input_lock(2) / 32, l.input_armed(2) / 32);
  EXPECT_EQ(l.slot(0), kBase + 224);
  EXPECT_EQ(l.slots(), (kTwoMiB - 224) / 1536);
}

// 64 nodes of 4 cores: 256 waiter bits in four words; with head and length that is 48
// bytes, two lines of FreeList words.
TEST(SmvnPoolLayout, WaitersBitmapGrowsWithTheCores) {
  const PoolLayout l(one_segment(kBase, kTwoMiB, 64));
  EXPECT_EQ(l.waiters_words(), 4u);
  EXPECT_EQ(l.waiters_word(255), l.free_head() + 16 + 24);
  EXPECT_EQ(l.input_lock(0), l.free_head() + 64);
  EXPECT_EQ(l.header_bytes(), 32u + 256 /* 64 up words */ + 32 + 64 + 64 * 64);
}

// A smaller MTU shrinks the slots: 18 + 14 + 500 = 532 -> 544.
TEST(SmvnPoolLayout, MtuSetsTheSlotSize) {
  EXPECT_EQ(PoolLayout::slot_bytes_for(500), 544u);
  const PoolLayout l(one_segment(kBase, PoolLayout::bytes_for(2, 10, 500), 2, true, 500));
  EXPECT_EQ(l.slots(), 10u);
  EXPECT_EQ(l.frame_capacity(), 514u);
}

// Segments on several nodes: the header only in the first, slots numbered across them.
TEST(SmvnPoolLayout, SegmentsOnSeveralNodes) {
  PoolConfig c = one_segment(kBase, 64 * 1024, 4);
  c.segments.push_back({0x1000'0000 + kBase, 64 * 1024});
  const PoolLayout l(c);
  const uint64_t first = (64 * 1024 - 384) / 1536, second = 64 * 1024 / 1536;
  EXPECT_EQ(l.slots(), first + second);
  EXPECT_EQ(l.slot(first - 1), kBase + 384 + (first - 1) * 1536);
  EXPECT_EQ(l.slot(first), 0x1000'0000 + kBase);
  c.segments.push_back({kBase + 4096, 4096});
  EXPECT_THROW(PoolLayout{c}, std::invalid_argument);  // overlaps the first
}

// Exactly one slot per node is accepted; one byte less is refused with the numbers.
TEST(SmvnPoolLayout, TooSmallPoolIsRefusedWithTheNumbers) {
  const uint64_t just_enough = PoolLayout::bytes_for(4, 4);
  EXPECT_EQ(just_enough, 384u + 4 * 1536);
  EXPECT_EQ(PoolLayout(one_segment(kBase, just_enough, 4)).slots(), 4u);
  try {
    PoolLayout l(one_segment(kBase, just_enough - 1, 4));
    FAIL() << "a pool of 3 slots for 4 nodes was accepted";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(std::to_string(just_enough - 1) + " bytes hold 3 slots"), std::string::npos) << m;
    EXPECT_NE(m.find("4 nodes need at least " + std::to_string(just_enough) + " bytes"), std::string::npos) << m;
  }
  EXPECT_THROW(PoolLayout(one_segment(kBase, 100, 4)), std::invalid_argument);  // not even the header
  EXPECT_THROW(PoolLayout(one_segment(kBase + 8, kTwoMiB, 4)), std::invalid_argument);  // misaligned
  EXPECT_THROW(PoolLayout(one_segment(kBase, kTwoMiB, 0)), std::invalid_argument);
  EXPECT_THROW(PoolLayout(PoolConfig{}), std::invalid_argument);  // no segment
}
