// Absolute deadlines on CLOCK_MONOTONIC, in nanoseconds: a wait that is woken early and
// waits again never stretches the caller's timeout.
#pragma once

#include <chrono>
#include <cstdint>
#include <ctime>
#include <limits>

namespace smvn::ipc {

using Nanos = int64_t;
constexpr Nanos kNever = std::numeric_limits<Nanos>::max();

inline Nanos monotonic_now() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return Nanos(ts.tv_sec) * 1000000000 + ts.tv_nsec;
}

inline Nanos deadline_after(std::chrono::nanoseconds d) {
  if (d.count() < 0) return monotonic_now();
  const Nanos now = monotonic_now();
  return d.count() > kNever - now ? kNever : now + d.count();
}

}  // namespace smvn::ipc
