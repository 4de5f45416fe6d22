// SMVN pool layout arithmetic (driver/pool_layout.h): header field addresses in both lock
// placements, slot size and count, and the refusal of a pool too small for one slot per
// node. Pure host arithmetic: no Simulation.
#include <stdexcept>
#include <string>

#include <gtest/gtest.h>

#include "driver/pool_layout.h"

using namespace smvn::driver;

namespace {
constexpr uint64_t kBase = 0x800'0000;  // 128 MiB: inside node 0 of the paper cluster
constexpr uint64_t kTwoMiB = 2ull << 20;
}  // namespace

// The paper's pool: 2 MiB, 4 nodes, MTU 1500, every lock on its own line.
// Header: ready line + (lock line + list line) x (FreeList + 4 InputLists) = 32 + 64*5.
// Slot: 16 bytes of header + 1514 frame bytes = 1530, rounded to 1536 (48 lines).
TEST(SmvnPoolLayout, SeparateLinesPaperPool) {
  const PoolLayout l({kBase, kTwoMiB, 4, 1500, true});
  EXPECT_EQ(l.header_bytes(), 352u);
  EXPECT_EQ(l.slot_bytes(), 1536u);
  EXPECT_EQ(l.frame_capacity(), 1514u);
  EXPECT_EQ(l.slots(), (kTwoMiB - 352) / 1536);
  EXPECT_EQ(l.slots(), 1365u);
  EXPECT_EQ(l.ready_flag(), kBase);
  EXPECT_EQ(l.free_lock(), kBase + 32);
  EXPECT_EQ(l.free_head(), kBase + 64);
  EXPECT_EQ(l.input_lock(0), kBase + 96);
  EXPECT_EQ(l.input_head(0), kBase + 128);
  EXPECT_EQ(l.input_tail(0), kBase + 136);
  EXPECT_EQ(l.input_lock(3), kBase + 96 + 3 * 64);
  EXPECT_EQ(l.input_head(3), kBase + 128 + 3 * 64);
  EXPECT_EQ(l.slot(0), kBase + 352);
  EXPECT_EQ(l.slot(1364), kBase + 352 + 1364 * 1536);
  EXPECT_LE(l.slot(l.slots() - 1) + l.slot_bytes(), l.end());
  // Every lock is alone on its line; every slot starts a line.
  for (unsigned n = 0; n < 4; ++n) EXPECT_NE(l.input_lock(n) / 32, l.input_head(n) / 32);
  EXPECT_NE(l.free_lock() / 32, l.free_head() / 32);
  EXPECT_EQ(l.slot(7) % 32, 0u);
  EXPECT_THROW(l.input_lock(4), std::out_of_range);
}

// Locks sharing the line of their list words: one line per list.
TEST(SmvnPoolLayout, SameLineLocks) {
  const PoolLayout l({kBase, kTwoMiB, 4, 1500, false});
  EXPECT_EQ(l.header_bytes(), 32u + 32 * 5);
  EXPECT_EQ(l.free_lock(), kBase + 32);
  EXPECT_EQ(l.free_head(), kBase + 40);
  EXPECT_EQ(l.input_lock(2), kBase + 64 + 2 * 32);
  EXPECT_EQ(l.input_head(2), kBase + 64 + 2 * 32 + 8);
  EXPECT_EQ(l.input_tail(2), kBase + 64 + 2 * 32 + 16);
  EXPECT_EQ(l.input_lock(2) / 32, l.input_tail(2) / 32);
  EXPECT_EQ(l.slot(0), kBase + 192);
  EXPECT_EQ(l.slots(), (kTwoMiB - 192) / 1536);
}

// A smaller MTU shrinks the slots: 16 + 14 + 500 = 530 -> 544.
TEST(SmvnPoolLayout, MtuSetsTheSlotSize) {
  EXPECT_EQ(PoolLayout::slot_bytes_for(500), 544u);
  const PoolLayout l({kBase, PoolLayout::bytes_for(2, 10, 500), 2, 500, true});
  EXPECT_EQ(l.slots(), 10u);
  EXPECT_EQ(l.frame_capacity(), 514u);
}

// Exactly one slot per node is accepted; one byte less is refused with the numbers.
TEST(SmvnPoolLayout, TooSmallPoolIsRefusedWithTheNumbers) {
  const uint64_t just_enough = PoolLayout::bytes_for(4, 4);
  EXPECT_EQ(just_enough, 352u + 4 * 1536);
  EXPECT_EQ(PoolLayout({kBase, just_enough, 4}).slots(), 4u);
  try {
    PoolLayout l({kBase, just_enough - 1, 4});
    FAIL() << "a pool of 3 slots for 4 nodes was accepted";
  } catch (const std::invalid_argument& e) {
    const std::string m = e.what();
    EXPECT_NE(m.find(std::to_string(just_enough - 1) + " bytes hold 3 slots"), std::string::npos) << m;
    EXPECT_NE(m.find("4 nodes need at least " + std::to_string(just_enough) + " bytes"), std::string::npos) << m;
  }
  EXPECT_THROW(PoolLayout({kBase, 100, 4}), std::invalid_argument);  // not even the header
  EXPECT_THROW(PoolLayout({kBase + 8, kTwoMiB, 4}), std::invalid_argument);  // misaligned
  EXPECT_THROW(PoolLayout({kBase, kTwoMiB, 0}), std::invalid_argument);
}
