#include "models/ddr2_controller.h"

#include <algorithm>
#include <cmath>
#include <stdexcept>
#include <string>

#include "models/mem_request.h"
#include "sim/config.h"
#include "sim/stats.h"

namespace smvn {

namespace {

bool is_pow2(uint64_t v) { return v && !(v & (v - 1)); }

unsigned log2_exact(uint64_t v) {
  unsigned s = 0;
  while ((uint64_t(1) << s) < v) ++s;
  return s;
}

// The address mapping and the shift arithmetic assume powers of two, as DRAM geometry is.
const char* geometry_error(const Ddr2Params& p) {
  if (!is_pow2(p.bus_bits) || p.bus_bits < 8) return "bus_bits must be a power of two >= 8";
  if (!is_pow2(p.banks)) return "banks must be a power of two";
  if (!is_pow2(p.row_bytes)) return "row_bytes must be a power of two";
  if (p.row_bytes < p.bus_bits / 8) return "row_bytes must hold at least one bus beat";
  return nullptr;
}

}  // namespace

Ddr2Params Ddr2Params::from_config(const ConfigNode& c) {
  Ddr2Params d, p;
  p.clock_mhz = c.get<uint32_t>("clock_mhz", d.clock_mhz, 1, 2000);
  p.bus_bits = c.get<uint32_t>("bus_bits", d.bus_bits, 8, 1024);
  p.banks = c.get<uint32_t>("banks", d.banks, 1, 64);
  p.row_bytes = c.get<uint32_t>("row_bytes", d.row_bytes, 64, 1u << 20);
  // Timings in memory-clock cycles.
  p.t_cl = c.get<uint32_t>("t_cl", d.t_cl, 1, 32);
  p.t_rcd = c.get<uint32_t>("t_rcd", d.t_rcd, 1, 32);
  p.t_rp = c.get<uint32_t>("t_rp", d.t_rp, 1, 32);
  p.t_ras = c.get<uint32_t>("t_ras", d.t_ras, 0, 64);
  p.frontend_cycles = c.get<uint32_t>("frontend_cycles", d.frontend_cycles, 0, 1000);
  p.queue_entries = c.get<uint32_t>("queue_entries", d.queue_entries, 1, 1024);
  p.bank_xor = c.get<bool>("bank_xor", d.bank_xor);
  if (!is_pow2(p.bus_bits)) c.fail("bus_bits", "must be a power of two");
  if (!is_pow2(p.banks)) c.fail("banks", "must be a power of two");
  if (!is_pow2(p.row_bytes)) c.fail("row_bytes", "must be a power of two");
  return p;
}

Ddr2Controller::Ddr2Controller(sc_core::sc_module_name name, const Ddr2Params& p,
                               PhysicalMemory& mem, uint64_t base, uint64_t size)
    : sc_module(name), target("target"), p_(p), mem_(mem), base_(base), size_(size), queue_(p.queue_entries) {
  if (const char* e = geometry_error(p))
    throw std::invalid_argument(std::string(this->name()) + ": " + e);
  if (p.clock_mhz == 0 || p.queue_entries == 0)
    throw std::invalid_argument(std::string(this->name()) + ": clock_mhz and queue_entries must be > 0");
  if (size == 0 || base + size < base || base + size > mem.size())
    throw std::invalid_argument(std::string(this->name()) + ": range outside physical memory");

  // Everything is kept in time-resolution units (1 ps by default) as integers, so the hot
  // path does no floating point and results do not depend on rounding order.
  const double res_s = sc_core::sc_get_time_resolution().to_seconds();
  const double beat_s = 1e-6 / p.clock_mhz / 2.0;
  beat_ = Ticks(std::llround(beat_s / res_s));
  if (beat_ == 0 || std::fabs(double(beat_) * res_s - beat_s) > 1e-3 * beat_s)
    throw std::invalid_argument(std::string(this->name()) +
                                ": time resolution too coarse for half a memory clock");
  const Ticks clk = 2 * beat_;
  frontend_ = Ticks(p.frontend_cycles) * clk;
  cl_ = Ticks(p.t_cl) * clk;
  ns_per_tick_ = res_s * 1e9;

  row_shift_ = log2_exact(p.row_bytes);
  bank_mask_ = p.banks - 1;
  bank_shift_ = log2_exact(p.banks);
  beat_bytes_shift_ = log2_exact(p.bus_bits / 8);

  DramBankTimings bank_timings;
  bank_timings.rcd = Ticks(p.t_rcd) * clk;
  bank_timings.rp = Ticks(p.t_rp) * clk;
  bank_timings.ras = Ticks(p.t_ras) * clk;
  banks_.assign(p.banks, DramBankTimeline(bank_timings));

  target.register_b_transport(this, &Ddr2Controller::b_transport);
  target.register_transport_dbg(this, &Ddr2Controller::transport_dbg);
  target.register_get_direct_mem_ptr(this, &Ddr2Controller::get_direct_mem_ptr);
}

bool Ddr2Controller::acceptable(tlm::tlm_generic_payload& gp) const {
  const uint64_t a = gp.get_address(), n = gp.get_data_length();
  if (a < base_ || n > size_ || a - base_ > size_ - n) {
    gp.set_response_status(tlm::TLM_ADDRESS_ERROR_RESPONSE);
    return false;
  }
  if (gp.get_byte_enable_ptr()) {
    gp.set_response_status(tlm::TLM_BYTE_ENABLE_ERROR_RESPONSE);
    return false;
  }
  if (gp.get_streaming_width() < n) {
    gp.set_response_status(tlm::TLM_BURST_ERROR_RESPONSE);
    return false;
  }
  return true;
}

void Ddr2Controller::move_bytes(tlm::tlm_generic_payload& gp) {
  if (gp.is_read())
    mem_.read(gp.get_address(), gp.get_data_ptr(), gp.get_data_length());
  else if (gp.is_write())
    mem_.write(gp.get_address(), gp.get_data_ptr(), gp.get_data_length());
}

// Address mapping, on the offset within this controller's range (column bits lowest):
//   | row | bank | column (row_bytes) |
//   bank = (offset / row_bytes) % banks,  row = offset / (row_bytes * banks)
// and with bank_xor the bank XORed with every bank-index-wide field of the row (bank_of()).
// Consecutive lines stay in one open row of one bank, so a stream gets row hits, and the
// next row_bytes go to another bank, whose activation overlaps the current transfers.
// A request is timed as one access to the row of its first byte (lines never cross).
void Ddr2Controller::b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay) {
  if (!acceptable(gp)) return;
  if (gp.is_read() || gp.is_write()) {
    auto* ext = gp.get_extension<MemRequest>();
    if (!ext || !ext->timing_only) move_bytes(gp);
    if (ext) ext->served_by = MemRequest::Level::Memory;
  } else {  // TLM_IGNORE_COMMAND: nothing to do, costs nothing
    gp.set_response_status(tlm::TLM_OK_RESPONSE);
    return;
  }

  const Ticks now = kernel_ps();
  const Ticks arrive = now + delay.value();
  const uint64_t n = gp.get_data_length();
  const uint64_t off = gp.get_address() - base_;
  DramBankTimeline& bank = banks_[bank_of(off)];
  const uint64_t row = off >> (row_shift_ + bank_shift_);

  // A full queue holds the request until an entry in flight at its arrival completes.
  const Ticks start = queue_.available(arrive);
  if (start > arrive) ++n_.queue_full;

  // Burst: ceil(n / bus bytes) beats, two per clock, on the one shared data bus.
  const Ticks burst = Ticks((n + (uint64_t(1) << beat_bytes_shift_) - 1) >> beat_bytes_shift_) * beat_;
  // Open-page policy; the bank decides hit, closed or conflict against the access just
  // before this one in simulated time (models/dram_bank_timeline.h).
  bank.prune(now);
  const DramBankTimeline::Access a = bank.book(start + frontend_, row, burst);
  switch (a.row_case) {
    case DramBankTimeline::RowCase::Hit: ++n_.row_hits; break;
    case DramBankTimeline::RowCase::Closed: ++n_.row_misses; break;
    case DramBankTimeline::RowCase::Conflict: ++n_.row_conflicts; break;
  }
  const Ticks col = a.col;

  // The data bus is booked in its earliest idle gap (callers are not in time order).
  bus_.prune();
  const Ticks data = bus_.book(col + cl_, burst);
  const Ticks done = data + burst;
  queue_.record(arrive, done);

  if (gp.is_read()) {
    ++n_.reads;
    n_.bytes_read += n;
  } else {
    ++n_.writes;
    n_.bytes_written += n;
  }
  n_.latency_ticks += done - arrive;
  n_.bus_busy_ticks += burst;

  delay = sc_core::sc_time::from_value(done - now);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
}

unsigned int Ddr2Controller::transport_dbg(tlm::tlm_generic_payload& gp) {
  if (!acceptable(gp)) return 0;
  move_bytes(gp);
  gp.set_response_status(tlm::TLM_OK_RESPONSE);
  return (gp.is_read() || gp.is_write()) ? gp.get_data_length() : 0;
}

// No DMI: every access must pass through the timing model above.
bool Ddr2Controller::get_direct_mem_ptr(tlm::tlm_generic_payload&, tlm::tlm_dmi&) {
  return false;
}

void Ddr2Controller::register_stats(StatsRegistry& s) const {
  const std::string p = std::string(name()) + ".";
  s.counter(p + "reads", n_.reads, "read transactions served");
  s.counter(p + "writes", n_.writes, "write transactions served");
  s.counter(p + "bytes_read", n_.bytes_read, "bytes read");
  s.counter(p + "bytes_written", n_.bytes_written, "bytes written");
  s.counter(p + "row_hits", n_.row_hits, "accesses to the open row of their bank");
  s.counter(p + "row_misses", n_.row_misses, "accesses to a closed bank (activate only)");
  s.counter(p + "row_conflicts", n_.row_conflicts, "accesses to another row than the open one (precharge + activate)");
  s.counter(p + "queue_full", n_.queue_full, "requests that waited for a free queue entry");
  s.formula(p + "avg_latency_ns", [this] {
    const uint64_t k = n_.reads + n_.writes;
    return k ? double(n_.latency_ticks) * ns_per_tick_ / double(k) : 0.0;
  }, "mean time from arrival to last data beat (ns)");
  s.formula(p + "bus_busy_ns", [this] { return double(n_.bus_busy_ticks) * ns_per_tick_; },
            "time the data bus carried bursts (ns); utilization = bus_busy_ns / simulated ns");
}

}  // namespace smvn
