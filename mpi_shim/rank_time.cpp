// A rank's clocks and sleeps run on simulated time: the targets of smvn-mpicc's
// -Wl,--wrap=sleep,usleep,nanosleep,clock_nanosleep,gettimeofday,clock_gettime,time.
//
// Called from a rank (a bound SystemC thread of the running job), they first charge the
// computation the rank counted since its last MPI call (so a clock read after a compute
// loop sees the loop's time), then read or advance the rank's core time. Called from
// anywhere else (a program's constructor, while it is loaded), they are the real calls.
//
// Wall clocks (CLOCK_REALTIME, gettimeofday, time) read simulated time from a fixed epoch,
// 2010-01-01 00:00:00 UTC (the Godson-3A's year), so dates look like dates and every run
// reads the same ones; monotonic and CPU-time clocks read simulated time from 0 (a rank's
// CPU time is not its own: it reads the time of its core). With mpi.compute.enabled off,
// sleeps return at once, costing nothing, as computation does then.
#include <sys/time.h>
#include <time.h>
#include <unistd.h>

#include <cerrno>
#include <cmath>

#include <systemc>

#include "mpi_shim/mpi_internal.h"

namespace smvn::mpi::detail {
namespace {

constexpr int64_t kEpochSeconds = 1262304000;  // 2010-01-01T00:00:00Z

// The calling rank, when the caller is one.
RankState* calling_rank() {
  World* w = World::current();
  if (!w) return nullptr;
  World::Impl& impl = w->impl();
  sc_core::sc_object* proc = sc_core::sc_get_current_process_handle().get_process_object();
  if (!proc) return nullptr;
  auto it = impl.rank_of_process.find(proc);
  if (it == impl.rank_of_process.end()) return nullptr;
  RankState& rs = impl.ranks[static_cast<std::size_t>(it->second)];
  return rs.transport ? &rs : nullptr;
}

double settled_now(RankState& rs) {
  collect_compute(rs);
  charge(rs, 0);
  return rs.transport->now();
}

void sleep_seconds(RankState& rs, double seconds) {
  settled_now(rs);
  if (World::current()->options().compute.enabled) rs.transport->sleep_for(seconds);
}

timespec to_timespec(double seconds, int64_t epoch) {
  // Simulated time is whole picoseconds; nanoseconds are exact below 2^53 ns (104 days).
  const auto ns = static_cast<int64_t>(std::floor(seconds * 1e9));
  timespec ts{};
  ts.tv_sec = static_cast<time_t>(epoch + ns / 1000000000);
  ts.tv_nsec = static_cast<long>(ns % 1000000000);
  return ts;
}

// The epoch of CLOCK, or -1 for a clock this layer does not know.
int64_t epoch_of(clockid_t clock) {
  switch (clock) {
    case CLOCK_REALTIME:
#ifdef CLOCK_REALTIME_COARSE
    case CLOCK_REALTIME_COARSE:
#endif
#ifdef CLOCK_TAI
    case CLOCK_TAI:
#endif
      return kEpochSeconds;
    case CLOCK_MONOTONIC:
#ifdef CLOCK_MONOTONIC_RAW
    case CLOCK_MONOTONIC_RAW:
#endif
#ifdef CLOCK_MONOTONIC_COARSE
    case CLOCK_MONOTONIC_COARSE:
#endif
#ifdef CLOCK_BOOTTIME
    case CLOCK_BOOTTIME:
#endif
    case CLOCK_PROCESS_CPUTIME_ID:
    case CLOCK_THREAD_CPUTIME_ID:
      return 0;
    default:
      return -1;
  }
}

bool valid(const timespec* t) { return t && t->tv_sec >= 0 && t->tv_nsec >= 0 && t->tv_nsec < 1000000000; }

}  // namespace
}  // namespace smvn::mpi::detail

using namespace smvn::mpi::detail;

extern "C" {

unsigned int __wrap_sleep(unsigned int seconds) {
  RankState* rs = calling_rank();
  if (!rs) return sleep(seconds);
  sleep_seconds(*rs, seconds);
  return 0;
}

int __wrap_usleep(useconds_t usec) {
  RankState* rs = calling_rank();
  if (!rs) return usleep(usec);
  sleep_seconds(*rs, usec * 1e-6);
  return 0;
}

int __wrap_nanosleep(const struct timespec* req, struct timespec* rem) {
  RankState* rs = calling_rank();
  if (!rs) return nanosleep(req, rem);
  if (!valid(req)) {
    errno = EINVAL;
    return -1;
  }
  sleep_seconds(*rs, double(req->tv_sec) + req->tv_nsec * 1e-9);
  if (rem) *rem = timespec{};
  return 0;
}

int __wrap_clock_nanosleep(clockid_t clock, int flags, const struct timespec* req, struct timespec* rem) {
  RankState* rs = calling_rank();
  if (!rs) return clock_nanosleep(clock, flags, req, rem);
  const int64_t epoch = epoch_of(clock);
  if (epoch < 0 || clock == CLOCK_THREAD_CPUTIME_ID || !valid(req)) return EINVAL;
  double seconds = double(req->tv_sec) + req->tv_nsec * 1e-9;
  if (flags & TIMER_ABSTIME) seconds -= double(epoch) + settled_now(*rs);
  sleep_seconds(*rs, seconds);
  if (rem && !(flags & TIMER_ABSTIME)) *rem = timespec{};
  return 0;
}

int __wrap_clock_gettime(clockid_t clock, struct timespec* ts) {
  RankState* rs = calling_rank();
  if (!rs) return clock_gettime(clock, ts);
  const int64_t epoch = epoch_of(clock);
  if (epoch < 0) {
    errno = EINVAL;
    return -1;
  }
  const double now = settled_now(*rs);
  if (ts) *ts = to_timespec(now, epoch);
  return 0;
}

int __wrap_gettimeofday(struct timeval* tv, void* tz) {
  RankState* rs = calling_rank();
  if (!rs) return gettimeofday(tv, static_cast<struct timezone*>(tz));
  const timespec ts = to_timespec(settled_now(*rs), kEpochSeconds);
  if (tv) {
    tv->tv_sec = ts.tv_sec;
    tv->tv_usec = static_cast<suseconds_t>(ts.tv_nsec / 1000);
  }
  if (tz) {
    auto* z = static_cast<struct timezone*>(tz);
    z->tz_minuteswest = 0;
    z->tz_dsttime = 0;
  }
  return 0;
}

time_t __wrap_time(time_t* out) {
  RankState* rs = calling_rank();
  if (!rs) return time(out);
  const time_t t = to_timespec(settled_now(*rs), kEpochSeconds).tv_sec;
  if (out) *out = t;
  return t;
}

}  // extern "C"
