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
    if (n_ != 0) {
      Interval* const begin = store_.data();
      Interval* const end = begin + n_;
      Interval* const last = end - 1;
      // In time order (the common case of one stream): the interval starts at READY after
      // every booking, exactly where fit() would put it, so it is appended (or merged with
      // the last booking it touches) without the search.
      if (ready >= last->second) {
        if (ready == last->second) {
          last->second = ready + duration;
          return ready;
        }
        if (n_ < append_below_) {
          *end = {ready, ready + duration};
          ++n_;
          return ready;
        }
      } else {
        // Slightly out of order (an L2 bank's fill and the eviction that travels with it):
        // READY falls among the last two bookings. What fit() and insert() do then, for
        // the placements that touch the booking before them (a saturated bank); anything
        // else takes the general path.
        Interval* const prev = last != begin ? last - 1 : nullptr;
        if (prev && prev->second > ready) {
          // The first booking that ends after READY is PREV, unless it is earlier still.
          if (prev != begin && std::prev(prev)->second > ready) return book_anywhere(ready, duration);
          if (ready + duration <= prev->first) {  // the gap before PREV
            if (prev != begin && std::prev(prev)->second == ready && prev->first != ready + duration) {
              std::prev(prev)->second = ready + duration;
              return ready;
            }
            return book_anywhere(ready, duration);
          }
          const Picos start = prev->second;
          if (start + duration <= last->first) {  // the gap between PREV and LAST
            if (last->first == start + duration) return book_anywhere(ready, duration);
            prev->second = start + duration;
            return start;
          }
        } else if (ready + duration <= last->first) {  // the gap before LAST
          if (prev && prev->second == ready && last->first != ready + duration) {
            prev->second = ready + duration;
            return ready;
          }
          return book_anywhere(ready, duration);
        }
        const Picos start = last->second;  // after every booking, touching LAST
        last->second = start + duration;
        return start;
      }
    }
    return book_anywhere(ready, duration);
  }
  // Where book() would place it, without booking.
  Picos earliest(Picos ready, Picos duration) const {
    std::size_t at = 0;
    return fit(ready, duration, at);
  }

  // A free interval as find() and free_at() report it: its start, and the index of the
  // booking it precedes, so that book_at() books it without searching again.
  struct Gap {
    Picos start;
    std::size_t at;
  };
  // Where book(READY, DURATION) would place the interval, without booking.
  Gap find(Picos ready, Picos duration) const {
    Gap g;
    g.start = fit(ready, duration, g.at);
    return g;
  }
  // Whether [S, S + DURATION) overlaps no booking, i.e. earliest(S, DURATION) == S; if so,
  // G is that gap. Cheaper than earliest() when the answer is no: it does not go on to
  // look for the next gap.
  bool free_at(Picos s, Picos duration, Gap& g) const {
    const std::size_t at = first_ending_after(s);
    if (at != n_ && store_[at].first < s + duration) return false;
    g = {s, at};
    return true;
  }
  // Books DURATION at G, which find() or free_at() returned for this DURATION with no
  // change to the calendar since: the same booking as book(), without the search.
  void book_at(const Gap& g, Picos duration) {
    if (g.at == n_) {  // after every booking: book()'s in-order path (or an empty calendar)
      if (n_ != 0 && g.start == store_[n_ - 1].second) {
        store_[n_ - 1].second = g.start + duration;
        return;
      }
      if (n_ < append_below_) {
        store_[n_] = {g.start, g.start + duration};
        ++n_;
        return;
      }
    }
    insert_anywhere(g.at, g.start, g.start + duration);
  }

  // Marks [S, E) busy whatever is booked there already (merged with what it overlaps or
  // touches): a holder that keeps the resource longer than it booked (a late release).
  void occupy(Picos s, Picos e) {
    if (e <= s) return;
    Interval* const begin = store_.data();
    Interval* const end = begin + n_;
    Interval* first = std::lower_bound(begin, end, s, [](const Interval& b, Picos x) { return b.second < x; });
    Interval* last = first;
    while (last != end && last->first <= e) ++last;
    if (first == last) {
      insert_at(std::size_t(first - begin), {s, e});
      return;
    }
    first->first = std::min(first->first, s);
    first->second = std::max(std::prev(last)->second, e);
    erase(std::size_t(first - begin) + 1, std::size_t(last - begin));
  }

  // Bookings that end at or before T can no longer matter (no request is ready before
  // the kernel's time); dropping them keeps the calendar short.
  void forget_before(Picos t) {
    if (n_ == 0 || store_[0].second > t) return;  // the common case: nothing to drop
    drop_before(t);
  }

  // forget_before(now()) once the calendar grows: cheap on average, and safe because no
  // loosely-timed request is ready before the kernel's current time. Within one burst the
  // kernel's time stands still and nothing can be dropped, so after a look the calendar
  // may double before the next one (never past kMaxBookings / 2: the bookings dropped
  // late are over, so no placement can differ, and the bound is reached as before).
  void prune() {
    if (n_ > prune_above_) {
      forget_before(kernel_ps());
      prune_above_ = std::min(std::max(2 * n_, kPruneAbove), kMaxBookings / 2);
    }
  }

  Picos last_end() const { return n_ == 0 ? last_end_ : store_[n_ - 1].second; }
  std::size_t size() const { return n_; }

 private:
  // [first, second): a plain struct, so that shifting bookings on an insert or an erase
  // is one memmove (std::pair's assignment is not trivial, so it is copied one by one).
  struct Interval {
    Picos first, second;
  };

  // book() for a request that is not after every booking: the general gap search. Out
  // of line, like drop_before(), to keep the inlined fast paths small.
  __attribute__((noinline)) Picos book_anywhere(Picos ready, Picos duration) {
    std::size_t at = 0;
    const Picos start = fit(ready, duration, at);
    insert(at, start, start + duration);
    return start;
  }
  // insert() for book_at(), out of line for the same reason.
  __attribute__((noinline)) void insert_anywhere(std::size_t at, Picos s, Picos e) { insert(at, s, e); }
  __attribute__((noinline)) void drop_before(Picos t) {
    last_end_ = store_[n_ - 1].second;  // for last_end() should every booking go
    Interval* const begin = store_.data();
    Interval* const it =
        std::lower_bound(begin, begin + n_, t, [](const Interval& b, Picos x) { return b.second <= x; });
    erase(0, std::size_t(it - begin));
  }

  // The earliest start >= READY of a free gap of DURATION; AT is the index of the booking
  // the gap precedes. Bookings are disjoint and sorted, so their ends are sorted too.
  Picos fit(Picos ready, Picos duration, std::size_t& at) const {
    const Interval* const begin = store_.data();
    const Interval* const end = begin + n_;
    const Interval* it = begin + first_ending_after(ready);
    Picos start = ready;
    for (; it != end; ++it) {
      if (start + duration <= it->first) break;  // fits in the gap before *it
      start = std::max(start, it->second);
    }
    at = std::size_t(it - begin);
    return start;
  }

  // The index of the first booking that ends after READY (n_ if none). A stream's requests
  // arrive nearly in time order, so it is most often after every booking or among the last
  // few: look there first; when the booking kBackSteps from the end ends after READY too,
  // binary-search the bookings before it instead. Every search finds the same booking
  // (ends are sorted); only the cost differs.
  std::size_t first_ending_after(Picos ready) const {
    const Interval* const b = store_.data();
    std::size_t i = n_;
    if (i == 0 || b[i - 1].second <= ready) return i;
    if (i <= kBackSteps) {
      do --i;
      while (i != 0 && b[i - 1].second > ready);
      return i;
    }
    if (b[i - kBackSteps].second > ready)
      return std::size_t(std::lower_bound(b, b + (i - kBackSteps), ready, [](const Interval& x, Picos t) { return x.second <= t; }) - b);
    --i;  // b[i] ends after READY
    while (b[i - 1].second > ready) --i;  // stops above n_ - kBackSteps, which ends by READY
    return i;
  }

  // Books [S, E) before the booking at index AT.
  void insert(std::size_t at, Picos s, Picos e) {
    Interval* const b = store_.data();
    // Merge with touching neighbours: a saturated stream stays one interval.
    const bool join_prev = at != 0 && b[at - 1].second == s;
    const bool join_next = at != n_ && b[at].first == e;
    if (join_prev && join_next) {
      b[at - 1].second = b[at].second;
      erase(at, at + 1);
    } else if (join_prev) {
      b[at - 1].second = e;
    } else if (join_next) {
      b[at].first = s;
    } else {
      if (n_ >= kMaxBookings) {  // bound the calendar: the oldest gap is given up
        erase(0, 1);
        at = std::size_t(std::lower_bound(b, b + n_, s, [](const Interval& x, Picos t) { return x.second <= t; }) - b);
      }
      insert_at(at, {s, e});
    }
  }

  // The calendar is store_[0, n_); store_ is allocated in steps, so that book() appends
  // with a plain store.
  void insert_at(std::size_t at, Interval v) {
    if (n_ == store_.size()) {
      store_.resize(std::max<std::size_t>(2 * n_, 16));
      append_below_ = std::min(store_.size(), kMaxBookings);
    }
    Interval* const b = store_.data();
    std::copy_backward(b + at, b + n_, b + n_ + 1);
    b[at] = v;
    ++n_;
  }
  void erase(std::size_t from, std::size_t to) {
    Interval* const b = store_.data();
    std::copy(b + to, b + n_, b + from);
    n_ -= to - from;
  }

  static constexpr std::size_t kPruneAbove = 32;
  static constexpr unsigned kBackSteps = 8;  // bookings first_ending_after() scans from the back
  static constexpr std::size_t kMaxBookings = 1024;
  std::vector<Interval> store_;
  std::size_t n_ = 0;
  std::size_t append_below_ = 0;  // book() may append while n_ is below: min(capacity, kMaxBookings)
  std::size_t prune_above_ = kPruneAbove;  // prune() looks when the calendar is longer
  Picos last_end_ = 0;  // the end of the last booking once forget_before() dropped them all
};

}  // namespace smvn
