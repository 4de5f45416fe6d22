// BusySchedule: every booking lands where an exhaustive search of the idle gaps puts it,
// for streams in time order, slightly out of order (the L2 banks' case, which has its own
// inline path) and far out of order, with touching bookings, late releases and pruning.
#include <algorithm>
#include <cstdint>
#include <random>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

#include "models/busy_schedule.h"

using namespace smvn;

namespace {

// The reference: the busy intervals as booked (overlaps allowed, never merged), and the
// earliest start >= READY whose interval of DURATION overlaps none of them.
struct Reference {
  std::vector<std::pair<Picos, Picos>> busy;
  Picos earliest(Picos ready, Picos duration) const {
    std::vector<Picos> starts{ready};
    for (const auto& b : busy)
      if (b.second > ready) starts.push_back(b.second);
    std::sort(starts.begin(), starts.end());
    for (Picos s : starts) {
      const bool free = std::none_of(busy.begin(), busy.end(),
                                     [&](const auto& b) { return s < b.second && b.first < s + duration; });
      if (free) return s;
    }
    return ~Picos(0);  // unreachable: the last end is always free
  }
};

// Books COUNT requests whose ready times trail a moving front by up to BACK steps (0: in
// time order) and checks each placement, earliest() and last_end() against the reference.
// Times are on a coarse grid so that bookings often touch.
void run(unsigned seed, int count, Picos back, bool prune, bool occupy) {
  std::mt19937_64 rng(seed);
  BusySchedule s;
  Reference ref;
  Picos front = 0, now = 0, last_end = 0;
  for (int i = 0; i < count; ++i) {
    front += rng() % 3;
    const Picos ready = std::max(now, front - std::min(front, Picos(rng() % (back + 1))));
    const Picos duration = 1 + rng() % 3;
    if (occupy && rng() % 16 == 0) {
      s.occupy(ready, ready + duration);
      ref.busy.emplace_back(ready, ready + duration);
      last_end = std::max(last_end, ready + duration);
      continue;
    }
    const Picos want = ref.earliest(ready, duration);
    ASSERT_EQ(s.earliest(ready, duration), want) << "booking " << i << ", seed " << seed;
    ASSERT_EQ(s.book(ready, duration), want) << "booking " << i << ", seed " << seed;
    ref.busy.emplace_back(want, want + duration);
    last_end = std::max(last_end, want + duration);
    ASSERT_EQ(s.last_end(), last_end);
    if (prune && rng() % 8 == 0) {
      now = std::max(now, front - std::min(front, back));  // no later request is ready before
      s.forget_before(now);
      ASSERT_EQ(s.last_end(), last_end);
      // What ends by NOW cannot affect a request ready at NOW or later: the reference
      // forgets it too (only to stay fast).
      ref.busy.erase(std::remove_if(ref.busy.begin(), ref.busy.end(), [&](const auto& b) { return b.second <= now; }),
                     ref.busy.end());
    }
  }
}

// The same traffic booked through find() or free_at() and book_at() (the HT link's way: look
// first, book the gap found): every placement and the calendar's state after it must be
// those of book(), which a twin calendar takes side by side.
void run_found(unsigned seed, int count, Picos back) {
  std::mt19937_64 rng(seed);
  BusySchedule s, twin;
  Reference ref;
  Picos front = 0, now = 0;
  for (int i = 0; i < count; ++i) {
    front += rng() % 3;
    const Picos ready = std::max(now, front - std::min(front, Picos(rng() % (back + 1))));
    const Picos duration = 1 + rng() % 3;
    const Picos want = ref.earliest(ready, duration);
    BusySchedule::Gap g{};
    const bool free = s.free_at(ready, duration, g);
    ASSERT_EQ(free, want == ready) << "booking " << i << ", seed " << seed;
    if (!free || rng() % 2) g = s.find(ready, duration);
    ASSERT_EQ(g.start, want) << "booking " << i << ", seed " << seed;
    s.book_at(g, duration);
    ASSERT_EQ(twin.book(ready, duration), want);
    ref.busy.emplace_back(want, want + duration);
    ASSERT_EQ(s.size(), twin.size()) << "booking " << i << ", seed " << seed;  // merged alike
    ASSERT_EQ(s.last_end(), twin.last_end());
    if (rng() % 8 == 0) {
      now = std::max(now, front - std::min(front, back));
      s.forget_before(now);
      twin.forget_before(now);
      ref.busy.erase(std::remove_if(ref.busy.begin(), ref.busy.end(), [&](const auto& b) { return b.second <= now; }),
                     ref.busy.end());
    }
  }
}

TEST(BusySchedule, FoundGapsAreBookedAsBookDoes) {
  for (unsigned seed = 1; seed <= 6; ++seed) {
    run_found(seed, 1500, 0);
    run_found(seed, 1500, 5);
    run_found(seed, 1500, 40);
  }
}

TEST(BusySchedule, InTimeOrder) {
  for (unsigned seed = 1; seed <= 4; ++seed) run(seed, 600, 0, false, false);
}

TEST(BusySchedule, SlightlyOutOfOrder) {
  for (unsigned seed = 1; seed <= 8; ++seed) run(seed, 600, 4, false, false);
}

TEST(BusySchedule, FarOutOfOrder) {
  for (unsigned seed = 1; seed <= 8; ++seed) run(seed, 600, 40, false, false);
}

TEST(BusySchedule, LateReleasesAndPruning) {
  for (unsigned seed = 1; seed <= 4; ++seed) run(seed, 3000, 6, true, true);
}

TEST(BusySchedule, ForgettingEverythingKeepsTheLastEnd) {
  BusySchedule s;
  EXPECT_EQ(s.last_end(), 0u);
  EXPECT_EQ(s.book(10, 5), 10u);
  EXPECT_EQ(s.book(12, 5), 15u);  // behind the first, touching it
  EXPECT_EQ(s.book(30, 2), 30u);
  s.forget_before(100);
  EXPECT_EQ(s.size(), 0u);
  EXPECT_EQ(s.last_end(), 32u);
  EXPECT_EQ(s.book(100, 1), 100u);
  EXPECT_EQ(s.last_end(), 101u);
}

}  // namespace
