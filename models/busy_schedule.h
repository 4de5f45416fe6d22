// The booking calendar of a resource that carries one thing at a time (a link direction's
// wire). Loosely-timed initiators call in an order that is not their time order: a core
// that ran ahead within its quantum books the wire microseconds ahead, and a core called
// afterwards may be ready earlier. A single "busy until" time would queue that second
// request behind everything already booked, leaving the wire idle in the gaps and making
// results depend on the quantum; the calendar instead places each booking in the earliest
// idle gap at or after its ready time.
#pragma once

#include <algorithm>
#include <cstddef>
#include <utility>
#include <vector>

#include "timing.h"

namespace smvn {

// A bounded set of entries (a request queue's slots) that requests hold from arrival to
// completion. Like BusySchedule it must tolerate calls out of time order, so it asks how
// many of the recent requests are *in flight at time T*, rather than whether the oldest
// one called has finished.
class EntryPool {
 public:
  explicit EntryPool(unsigned entries) : held_(entries ? entries : 1, Interval{0, 0}), n_(held_.size()) {}

  // The earliest time >= T at which a request finds a free entry: T itself unless every
  // entry is held at T. The oldest record (the next to be replaced) is the likeliest to
  // be over, so it is looked at first; only when it is held does the whole pool count.
  Picos available(Picos t) const {
    const Interval& oldest = held_[next_];
    if (oldest.first > t || oldest.second <= t) return t;
    return available_scan(t);
  }
  // A request held an entry over [from, until); it replaces the oldest recorded one.
  void record(Picos from, Picos until) {
    held_[next_] = {from, until};
    next_ = next_ + 1 == n_ ? 0 : next_ + 1;
  }

 private:
  using Interval = std::pair<Picos, Picos>;
  // available() past its first look: T unless all entries are held at T, else the
  // earliest release among them.
  __attribute__((noinline)) Picos available_scan(Picos t) const {
    Picos first_free = ~Picos(0);
    for (const Interval& h : held_) {
      if (h.first > t || h.second <= t) return t;
      if (h.second < first_free) first_free = h.second;
    }
    return first_free;
  }

  std::vector<Interval> held_;
  std::size_t n_;  // held_.size(), kept apart so the hot path need not derive it
  std::size_t next_ = 0;
};

class BusySchedule {
 public:
  // Books the earliest interval [start, start + duration) with start >= READY that
  // overlaps no earlier booking; returns start.
  Picos book(Picos ready, Picos duration) {
    // In time order (the common case of one stream): the interval starts at READY after
    // every booking, exactly where fit() would put it, so it is appended (or merged with
    // the last booking it touches) without the search.
    if (!busy_.empty() && ready >= busy_.back().second && busy_.size() < kMaxBookings) {
      if (ready + duration > last_end_) last_end_ = ready + duration;
      if (busy_.back().second == ready)
        busy_.back().second = ready + duration;
      else
        busy_.emplace_back(ready, ready + duration);
      return ready;
    }
    return book_anywhere(ready, duration);
  }
  // Where book() would place it, without booking.
  Picos earliest(Picos ready, Picos duration) const {
    std::size_t at = 0;
    return fit(ready, duration, at);
  }

  // Marks [S, E) busy whatever is booked there already (merged with what it overlaps or
  // touches): a holder that keeps the resource longer than it booked (a late release).
  void occupy(Picos s, Picos e) {
    if (e <= s) return;
    if (e > last_end_) last_end_ = e;
    auto first = std::lower_bound(busy_.begin(), busy_.end(), s,
                                  [](const Interval& b, Picos x) { return b.second < x; });
    auto last = first;
    while (last != busy_.end() && last->first <= e) ++last;
    if (first == last) {
      busy_.insert(first, {s, e});
      return;
    }
    first->first = std::min(first->first, s);
    first->second = std::max(std::prev(last)->second, e);
    busy_.erase(std::next(first), last);
  }

  // Bookings that end at or before T can no longer matter (no request is ready before
  // the kernel's time); dropping them keeps the calendar short.
  void forget_before(Picos t) {
    if (busy_.empty() || busy_.front().second > t) return;  // the common case: nothing to drop
    drop_before(t);
  }

  // forget_before(now()) once the calendar grows: cheap on average, and safe because no
  // loosely-timed request is ready before the kernel's current time.
  void prune() {
    if (busy_.size() > kPruneAbove) forget_before(kernel_ps());
  }

  Picos last_end() const { return busy_.empty() ? last_end_ : busy_.back().second; }
  std::size_t size() const { return busy_.size(); }

 private:
  using Interval = std::pair<Picos, Picos>;  // [start, end)

  // book() for a request that is not after every booking: the general gap search. Out
  // of line, like drop_before(), to keep the inlined fast paths small.
  __attribute__((noinline)) Picos book_anywhere(Picos ready, Picos duration) {
    std::size_t at = 0;
    const Picos start = fit(ready, duration, at);
    insert(busy_.begin() + std::ptrdiff_t(at), start, start + duration);
    return start;
  }
  __attribute__((noinline)) void drop_before(Picos t) {
    auto it = std::lower_bound(busy_.begin(), busy_.end(), t,
                               [](const Interval& b, Picos x) { return b.second <= x; });
    busy_.erase(busy_.begin(), it);
  }

  // The earliest start >= READY of a free gap of DURATION; AT is the index of the booking
  // the gap precedes. Bookings are disjoint and sorted, so their ends are sorted too.
  Picos fit(Picos ready, Picos duration, std::size_t& at) const {
    // The first booking that ends after READY. A stream's requests arrive nearly in time
    // order, so it is among the last few: look there first, then binary-search the rest.
    // Both searches find the same booking (ends are sorted); only the cost differs.
    auto it = busy_.end();
    for (unsigned step = 0; it != busy_.begin() && std::prev(it)->second > ready; --it) {
      if (++step == kBackSteps) {
        it = std::lower_bound(busy_.begin(), std::prev(it), ready,
                              [](const Interval& b, Picos t) { return b.second <= t; });
        break;
      }
    }
    Picos start = ready;
    for (; it != busy_.end(); ++it) {
      if (start + duration <= it->first) break;  // fits in the gap before *it
      start = std::max(start, it->second);
    }
    at = std::size_t(it - busy_.begin());
    return start;
  }

  void insert(std::vector<Interval>::iterator at, Picos s, Picos e) {
    if (e > last_end_) last_end_ = e;
    // Merge with touching neighbours: a saturated stream stays one interval.
    const bool join_prev = at != busy_.begin() && std::prev(at)->second == s;
    const bool join_next = at != busy_.end() && at->first == e;
    if (join_prev && join_next) {
      std::prev(at)->second = at->second;
      busy_.erase(at);
    } else if (join_prev) {
      std::prev(at)->second = e;
    } else if (join_next) {
      at->first = s;
    } else {
      if (busy_.size() >= kMaxBookings) {  // bound the calendar: the oldest gap is given up
        busy_.erase(busy_.begin());
        at = std::lower_bound(busy_.begin(), busy_.end(), s,
                              [](const Interval& b, Picos t) { return b.second <= t; });
      }
      busy_.insert(at, {s, e});
    }
  }

  static constexpr std::size_t kPruneAbove = 32;
  static constexpr unsigned kBackSteps = 8;  // bookings fit() scans from the back
  static constexpr std::size_t kMaxBookings = 1024;
  std::vector<Interval> busy_;
  Picos last_end_ = 0;
};

}  // namespace smvn
