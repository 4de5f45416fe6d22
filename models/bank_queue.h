// A pipelined resource with a bounded request queue (an L2 bank's 8-entry access queue, a
// link's input buffer): a request waits for a free queue entry, then for the resource,
// then occupies it for a fixed time. Works on absolute picosecond times, so loosely-timed
// initiators that arrive slightly out of order are served in arrival-call order, the
// usual approximation of temporal decoupling.
#pragma once

#include <algorithm>
#include <cstdint>
#include <vector>

#include "sim/stats.h"
#include "timing.h"

namespace smvn {

class BankQueue {
 public:
  // WAIT_BUCKET_PS: width of one bucket of the queueing-delay histogram.
  explicit BankQueue(unsigned entries = 8, Picos wait_bucket_ps = 1905)
      : done_(std::max(1u, entries), 0), entries_(done_.size()), wait_hist_(wait_bucket_ps, 32) {}

  // Returns the time the request starts service; the resource is busy from then on for
  // OCCUPANCY. The request holds a queue entry until DONE (set with finish()).
  Picos admit(Picos arrival, Picos occupancy) {
    Picos& oldest = done_[next_];
    Picos t = arrival;
    if (oldest > t) {           // all entries still held: wait for the oldest to leave
      queue_full_wait_ += oldest - t;
      ++queue_full_events_;
      t = oldest;
    }
    Picos start = std::max(t, free_at_);
    wait_ += start - arrival;
    wait_hist_.sample(start - arrival);
    free_at_ = start + occupancy;
    busy_ += occupancy;
    ++requests_;
    return start;
  }
  // Records when the request admitted last releases its entry.
  void finish(Picos done) {
    done_[next_] = done;
    next_ = next_ + 1 == entries_ ? 0 : next_ + 1;
  }

  uint64_t requests() const { return requests_; }
  uint64_t wait_ps() const { return wait_; }
  uint64_t busy_ps() const { return busy_; }
  uint64_t queue_full_events() const { return queue_full_events_; }
  const uint64_t& requests_ref() const { return requests_; }
  const uint64_t& wait_ref() const { return wait_; }
  const uint64_t& busy_ref() const { return busy_; }
  const uint64_t& queue_full_ref() const { return queue_full_events_; }
  const Histogram& wait_histogram() const { return wait_hist_; }

 private:
  std::vector<Picos> done_;  // completion time of the request in each entry, round robin
  std::size_t entries_;
  std::size_t next_ = 0;
  Picos free_at_ = 0;
  Histogram wait_hist_;  // time from arrival to service start
  uint64_t requests_ = 0, wait_ = 0, busy_ = 0, queue_full_wait_ = 0, queue_full_events_ = 0;
};

}  // namespace smvn
