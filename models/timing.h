// Time in the models. SystemC keeps time as an integer count of the time resolution,
// which the models leave at its default of 1 ps; timing resources (bank queues, buses,
// links) do their arithmetic in integer picoseconds so that it is cheap and exact.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <systemc>

namespace smvn {

using Picos = uint64_t;

// sc_time::from_value() is out of line in libsystemc and shows in profiles of the cache
// hot paths; sc_time is exactly one integer count of the resolution, so the conversion can
// be done in place. The static_assert guards that layout.
inline sc_core::sc_time from_ps(Picos ps) {
  static_assert(sizeof(sc_core::sc_time) == sizeof(Picos), "sc_time is one 64-bit count");
  sc_core::sc_time t;
  std::memcpy(static_cast<void*>(&t), &ps, sizeof ps);
  return t;
}
inline Picos to_ps(const sc_core::sc_time& t) { return t.value(); }

// The kernel's current time in ps: the same value as sc_time_stamp(), read inline (that
// function is out of line in libsystemc and is called on every bank access).
inline Picos kernel_ps() { return sc_core::sc_get_curr_simcontext()->time_stamp().value(); }

// Absolute simulated time of a loosely-timed transaction: the kernel's time plus the
// initiator's local offset (temporal decoupling).
inline Picos arrival_ps(const sc_core::sc_time& delay) {
  return (sc_core::sc_time_stamp() + delay).value();
}

// A clock domain: converts cycles of one component to picoseconds.
class Clock {
 public:
  Clock() = default;
  explicit Clock(double mhz) : mhz_(mhz), period_ps_(std::llround(1e6 / mhz)) {}
  double mhz() const { return mhz_; }
  Picos period() const { return period_ps_; }
  Picos cycles(uint64_t n) const { return n * period_ps_; }
  // Rounds up: the number of whole cycles that cover PS.
  uint64_t cycles_in(Picos ps) const { return (ps + period_ps_ - 1) / period_ps_; }

 private:
  double mhz_ = 1000.0;
  Picos period_ps_ = 1000;
};

// Verifies at elaboration that the kernel's resolution is the 1 ps the models assume.
void require_picosecond_resolution();

}  // namespace smvn
