// DDR2 memory controller of one node (Godson-3A: DDR2-400, 64-bit bus, 3.2 GB/s peak).
//
// A loosely-timed TLM-2.0 target. A transaction arrives at sc_time_stamp() + delay; the
// controller works out when its data has crossed the DRAM data bus, adds that to delay
// and returns without ever calling wait(). Occupancy (per-bank timeline of row state and
// busy times, the shared data bus, a bounded request queue) is kept as absolute times, so
// requests that find the bank or bus busy see the contention as extra delay, and each is
// timed against what happened before it in simulated time, not before it in call order.
//
// Values live in PhysicalMemory. Cache fills and write-backs carry a MemRequest with
// timing_only set and move no bytes (the caches do the functional access themselves);
// uncached accesses, and payloads with no MemRequest at all, read or write the bytes here.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm>
#include <tlm_utils/simple_target_socket.h>

#include "models/busy_schedule.h"
#include "models/dram_bank_timeline.h"
#include "models/physical_memory.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

// Every timing value is in memory-clock cycles (one cycle = 1 / clock_mhz microseconds;
// 5 ns at the DDR2-400 default). The data bus moves two beats per cycle (DDR).
struct Ddr2Params {
  uint32_t clock_mhz = 200;      // DDR2-400 (REFERENCE.md: DDR2 at 200 MHz)
  uint32_t bus_bits = 64;        // data bus width; power of two
  uint32_t banks = 8;            // internal banks per rank; power of two
  uint32_t row_bytes = 8192;     // bytes of one bank row across the whole bus; power of two
  uint32_t t_cl = 3;             // CAS latency: column command -> first data beat
  uint32_t t_rcd = 3;            // activate -> column command
  uint32_t t_rp = 3;             // precharge -> activate
  uint32_t t_ras = 8;            // activate -> earliest precharge of the same bank
  // Request crossing into the controller, scheduling and the reply path back to the
  // crossbar. A calibration value, not sourced from any Godson document.
  uint32_t frontend_cycles = 4;
  uint32_t queue_entries = 16;   // requests the controller holds at once
  // Permutation-based page interleaving (Zhang, Zhu and Zhang, MICRO-33 2000; the "bank
  // swizzle" of AMD's K8/K10 DRAM controllers): the bank index is XORed with the row
  // address folded to bank-index width, so ranges a multiple of banks x row_bytes apart
  // (a copy's source and destination, an L2 victim and the line that evicts it) open rows
  // in different banks instead of conflicting in one. Rows and columns are unchanged; the
  // mapping stays a bijection. Godson-3A's controller mapping is not public: a modelling
  // choice, switchable.
  bool bank_xor = true;

  // Reads the keys above (snake_case, memory-clock cycles for timings) with range
  // checks; absent keys keep their defaults. Throws ConfigError.
  static Ddr2Params from_config(const ConfigNode& c);
};

class Ddr2Controller : public sc_core::sc_module {
 public:
  tlm_utils::simple_target_socket<Ddr2Controller> target;

  // Serves global physical addresses [base, base + size) of MEM. Throws
  // std::invalid_argument for a geometry it cannot map (sizes not powers of two, zero
  // clock or queue) or a range outside MEM.
  Ddr2Controller(sc_core::sc_module_name name, const Ddr2Params& p, PhysicalMemory& mem,
                 uint64_t base, uint64_t size);

  void register_stats(StatsRegistry& s) const;

  const Ddr2Params& params() const { return p_; }
  // One memory clock as simulated time (tests and calibration use it).
  sc_core::sc_time clock_period() const { return sc_core::sc_time::from_value(2 * beat_); }

  // Counters, public read-only for tests; register_stats exposes them by name.
  struct Counters {
    uint64_t reads = 0, writes = 0, bytes_read = 0, bytes_written = 0;
    uint64_t row_hits = 0, row_misses = 0, row_conflicts = 0;
    uint64_t latency_ticks = 0;   // sum of (completion - arrival), time-resolution units
    uint64_t bus_busy_ticks = 0;  // data bus occupied, time-resolution units
    uint64_t queue_full = 0;      // requests that waited for a free queue entry
  };
  const Counters& counters() const { return n_; }

 private:
  using Ticks = sc_core::sc_time::value_type;  // simulated time in resolution units

  void b_transport(tlm::tlm_generic_payload& gp, sc_core::sc_time& delay);
  unsigned int transport_dbg(tlm::tlm_generic_payload& gp);
  bool get_direct_mem_ptr(tlm::tlm_generic_payload& gp, tlm::tlm_dmi& dmi);

  // Checks address range, byte enables and streaming width; sets the error response
  // and returns false when the payload cannot be served.
  bool acceptable(tlm::tlm_generic_payload& gp) const;
  void move_bytes(tlm::tlm_generic_payload& gp);

 public:
  // The bank that serves byte OFFSET of this controller's range (address mapping below).
  unsigned bank_of(uint64_t offset) const {
    const uint64_t row = offset >> (row_shift_ + bank_shift_);
    unsigned bank = unsigned(offset >> row_shift_) & bank_mask_;
    if (p_.bank_xor && bank_shift_)
      for (uint64_t r = row; r; r >>= bank_shift_) bank ^= unsigned(r) & bank_mask_;
    return bank;
  }

 private:

  Ddr2Params p_;
  PhysicalMemory& mem_;
  uint64_t base_, size_;

  // Derived once so that b_transport only shifts, masks, adds and compares.
  Ticks beat_;                    // half a memory clock: one data beat
  Ticks frontend_, cl_;
  unsigned row_shift_, bank_mask_, bank_shift_, beat_bytes_shift_;
  double ns_per_tick_;

  std::vector<DramBankTimeline> banks_;  // per bank: row state and busy times, in simulated time
  BusySchedule bus_;  // the shared data bus, booked in its earliest idle gap
  // Completion times of the last queue_entries requests, oldest at queue_head_. Bus
  // transfers are in order, so completions are too: a new request may enter the
  // controller when the one queue_entries before it has completed.
  EntryPool queue_;   // the request queue's entries

  Counters n_;
};

}  // namespace smvn
