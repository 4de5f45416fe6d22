// The command timeline of one DRAM bank under an open-page policy, kept in simulated time.
//
// Loosely-timed initiators call in an order that is not their time order: a core that ran
// ahead within its quantum (or one range operation of many lines) books a bank's accesses
// microseconds ahead before a core called afterwards books an access that arrives
// earlier. A single "open row, ready at" pair updated in call order makes that earlier
// access see the row and the busy time the *later* bookings left, so results depended on
// the quantum. The timeline instead records, per booking, when it used the bank and which
// row (and activation time) it left open, so an access is timed against the booking just
// before it in simulated time.
//
// Bookings are final (b_transport has already returned their times), so an access may go
// into an idle gap between two bookings only if the booking after the gap would be timed
// exactly as before: same row case, same column command, same activation. That holds for
// a row hit on the row the earlier booking left open (the row state passes through
// unchanged), and for a miss or conflict before a booking that conflicts anyway and whose
// precharge the new activation does not delay (t_ras). Any other gap is skipped and the
// access goes later. When calls come in time order no gap ever precedes a new access, so
// the timeline times them exactly as the call-order state did.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <vector>

#include "timing.h"

namespace smvn {

// Bank timings in time-resolution units.
struct DramBankTimings {
  Picos rcd = 0;  // activate -> column command
  Picos rp = 0;   // precharge -> activate
  Picos ras = 0;  // activate -> earliest precharge of the same row
};

class DramBankTimeline {
 public:
  enum class RowCase : uint8_t { Hit, Closed, Conflict };
  static constexpr uint64_t kClosed = ~uint64_t(0);

  // One access as booked.
  struct Access {
    Picos col = 0;  // column command: the burst's first beat follows after CAS latency
    RowCase row_case = RowCase::Hit;
  };

  explicit DramBankTimeline(const DramBankTimings& t) : t_(t) {}

  // Books an access to ROW whose first command may issue at READY and whose burst keeps
  // the bank's column path busy for BURST after the column command (tCCD). Returns the
  // column command time and the row case.
  Access book(Picos ready, uint64_t row, Picos burst) {
    // Bookings are disjoint and sorted, so their ends are sorted too: skip those over
    // before READY (they can only be the predecessor of the first gap tried).
    std::size_t k = std::size_t(
        std::lower_bound(uses_.begin(), uses_.end(), ready, [](const Use& u, Picos t) { return u.end <= t; }) -
        uses_.begin());
    for (;; ++k) {
      const Use x = place(k ? left(uses_[k - 1]) : base_, ready, row, burst);
      if (k == uses_.size() || fits_before(x, uses_[k])) {
        uses_.insert(uses_.begin() + std::ptrdiff_t(k), x);
        return {x.col, x.row_case};
      }
    }
  }

  // Bookings that end at or before T can no longer be passed by a new access (no request
  // is ready before the kernel's time); the last of them is kept as the state they leave.
  void forget_before(Picos t) {
    std::size_t n = 0;
    while (n < uses_.size() && uses_[n].end <= t) ++n;
    drop(n);
  }

  // forget_before(now) once the timeline grows; bounded even if time never advances.
  void prune(Picos now) {
    if (uses_.size() <= kPruneAbove) return;
    forget_before(now);
    // Bound the timeline: the oldest bookings become the base state (accesses ready
    // before their end then queue behind it, as the call-order model did).
    if (uses_.size() > kMaxBookings) drop(uses_.size() - kMaxBookings);
  }

  std::size_t size() const { return uses_.size(); }
  // The row open after every booking so far (kClosed if none): for tests.
  uint64_t last_row() const { return uses_.empty() ? base_.row : uses_.back().row; }

 private:
  // What a booking leaves for the next one.
  struct State {
    uint64_t row = kClosed;
    Picos activated = 0;  // when ROW was activated (t_ras counts from here)
    Picos end = 0;        // the bank may take its next command from here
  };
  struct Use {
    Picos ready, start, col, end, activated, burst;
    uint64_t row;
    RowCase row_case;
  };

  static State left(const Use& u) { return {u.row, u.activated, u.end}; }

  // Times an access after the state BEFORE: open-page policy, the row stays open.
  Use place(const State& before, Picos ready, uint64_t row, Picos burst) const {
    Use u{ready, std::max(ready, before.end), 0, 0, before.activated, burst, row, RowCase::Hit};
    if (before.row == row) {
      u.col = u.start;
    } else if (before.row == kClosed) {
      u.row_case = RowCase::Closed;
      u.activated = u.start;
      u.col = u.start + t_.rcd;
    } else {
      // Precharge may not start before t_ras has passed since the open row's activation.
      u.row_case = RowCase::Conflict;
      u.activated = std::max(u.start, before.activated + t_.ras) + t_.rp;
      u.col = u.activated + t_.rcd;
    }
    // Column commands to an open row pipeline: the next may issue one burst later.
    u.end = u.col + burst;
    return u;
  }

  // X may go just before NEXT only if NEXT, timed after X, is timed exactly as booked.
  bool fits_before(const Use& x, const Use& next) const {
    if (x.end > next.start) return false;
    const Use again = place(left(x), next.ready, next.row, next.burst);
    return again.col == next.col && again.activated == next.activated && again.row_case == next.row_case;
  }

  void drop(std::size_t n) {
    if (n == 0) return;
    base_ = left(uses_[n - 1]);
    uses_.erase(uses_.begin(), uses_.begin() + std::ptrdiff_t(n));
  }

  static constexpr std::size_t kPruneAbove = 32;
  static constexpr std::size_t kMaxBookings = 1024;
  DramBankTimings t_;
  State base_;
  std::vector<Use> uses_;  // disjoint [start, end), sorted
};

}  // namespace smvn
