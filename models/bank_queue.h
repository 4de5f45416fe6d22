// A pipelined resource with a bounded request queue (an L2 bank's 8-entry access queue, a
// link's input buffer): a request waits for a free queue entry, then for the resource,
// then occupies it for a fixed time. Works on absolute picosecond times, so loosely-timed
// initiators that arrive slightly out of order are served in arrival-call order, the
// usual approximation of temporal decoupling.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "busy_schedule.h"
#include "sim/stats.h"
#include "timing.h"

namespace smvn {

class BankQueue {
 public:
  // WAIT_BUCKET_PS: width of one bucket of the queueing-delay histogram.
  explicit BankQueue(unsigned entries = 8, Picos wait_bucket_ps = 1905)
      : entries_(entries), wait_hist_(wait_bucket_ps, 32) {}

  // Returns the time the request starts service; the resource is busy from then on for
  // OCCUPANCY (booked in the earliest idle gap, see BusySchedule). The request holds a
  // queue entry from ARRIVAL until it finishes (finish()).
  // Inlined (an L2 bank admits every request; a call would cost a quarter of the work).
  __attribute__((always_inline)) Picos admit(Picos arrival, Picos occupancy) {
    Picos t = entries_.available(arrival);
    if (t > arrival) {  // every entry is held by a request in flight at ARRIVAL
      queue_full_wait_ += t - arrival;
      ++queue_full_events_;
    }
    pipeline_.prune();
    const Picos start = pipeline_.book(t, occupancy);
    wait_hist_.sample(start - arrival);  // also counts the requests and sums their waits
    busy_ += occupancy;
    arrival_ = arrival;
    return start;
  }
  // Records when the request admitted last releases its entry.
  void finish(Picos done) { entries_.record(arrival_, done); }

  uint64_t requests() const { return wait_hist_.count(); }
  uint64_t wait_ps() const { return wait_hist_.sum(); }
  uint64_t busy_ps() const { return busy_; }
  uint64_t queue_full_events() const { return queue_full_events_; }
  const uint64_t& requests_ref() const { return wait_hist_.count_ref(); }
  const uint64_t& wait_ref() const { return wait_hist_.sum_ref(); }
  const uint64_t& busy_ref() const { return busy_; }
  const uint64_t& queue_full_ref() const { return queue_full_events_; }
  const Histogram& wait_histogram() const { return wait_hist_; }

 private:
  EntryPool entries_;      // the access queue's entries
  BusySchedule pipeline_;  // the bank's tag/data pipeline, one access at a time
  Picos arrival_ = 0;      // of the request admitted last
  Histogram wait_hist_;  // time from arrival to service start
  uint64_t busy_ = 0, queue_full_wait_ = 0, queue_full_events_ = 0;
};

}  // namespace smvn
