// A simulated core (Godson-3A: GS464, 525 MHz) that runs ordinary C++ "software" in a
// SystemC thread. The software touches only simulated physical memory, through the
// core's TLM-2.0 initiator socket, and charges its own computation as instruction
// counts at a configured IPC. Time is loosely timed with a quantum keeper: the core runs
// ahead of the kernel by up to one quantum and synchronises when it waits (a failed sc,
// relax() in a polling loop, waiting for an interrupt) or its quantum is used up.
#pragma once

#include <cstdint>
#include <functional>
#include <stdexcept>
#include <string>
#include <vector>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/tlm_quantumkeeper.h>

#include "address_map.h"
#include "mem_request.h"
#include "timing.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct CoreParams {
  double clock_mhz = 525.0;
  double ipc = 1.0;                 // instructions per cycle for exec() (calibration value)
  bool sync_before_ll = true;       // the 3A1000 erratum work-around: a sync before every ll
  unsigned sync_cycles = 20;        // cost of a sync (drains the write buffer; calibration)
  unsigned max_outstanding = 4;     // miss buffers a streaming copy can overlap (calibration)
  double copy_insts_per_dword = 2.5;            // ld + sd + a share of loop overhead
  double unaligned_copy_insts_per_dword = 4.5;  // ldl/ldr + sdl/sdr pairs
  uint64_t burst_chunk_bytes = 4096;  // range operations are split so the quantum is respected
  // The host stack of the core's SystemC thread, on which its program (an MPI rank) runs:
  // `sim.stack_size` (ClusterParams), 8 MiB by default as Linux's usual `ulimit -s`, so a
  // real program's deep recursion or large local arrays fit. SystemC puts a guard page
  // below it; a rank that overflows it is reported (apps/host_escape.h).
  uint64_t stack_bytes = uint64_t(8) << 20;
  static CoreParams from_config(const ConfigNode& c);
};

// A memory access that the hierarchy refused (address outside memory, ll/sc on an
// uncached line, a misaligned access): the software's bug, reported with the core.
class MemoryFault : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

class Core : public sc_core::sc_module {
 public:
  using Program = std::function<void(Core&)>;

  tlm_utils::simple_initiator_socket<Core> data;  // to the L1 data cache
  tlm_utils::simple_initiator_socket<Core> inst;  // to the L1 instruction cache

  SC_HAS_PROCESS(Core);
  Core(sc_core::sc_module_name name, const CoreParams& p, int id);
  ~Core() override;

  // The software this core runs from time zero; set before sc_start.
  void set_program(Program program) { program_ = std::move(program); }
  // The machine's address map, so range operations know which ranges are uncached.
  void set_address_map(const AddressMap* map) { uncached_ = map; }

  // --- the software's API -------------------------------------------------------------
  int id() const { return id_; }

  // Naturally aligned loads and stores of 1, 2, 4 or 8 bytes.
  template <typename T> T load(uint64_t addr) {
    T v;
    access(MemOp::Load, tlm::TLM_READ_COMMAND, addr, &v, sizeof(T));
    return v;
  }
  template <typename T> void store(uint64_t addr, T v) {
    access(MemOp::Store, tlm::TLM_WRITE_COMMAND, addr, &v, sizeof(T));
  }
  // MIPS ll/lld and sc/scd (T is uint32_t or uint64_t).
  template <typename T> T load_linked(uint64_t addr) {
    if (p_.sync_before_ll) sync();
    T v;
    access(MemOp::LoadLinked, tlm::TLM_READ_COMMAND, addr, &v, sizeof(T));
    return v;
  }
  template <typename T> bool store_conditional(uint64_t addr, T v) {
    access(MemOp::StoreCond, tlm::TLM_WRITE_COMMAND, addr, &v, sizeof(T));
    if (!payload_.ext.sc_ok) relax();  // a failed attempt is a waiting point
    return payload_.ext.sc_ok;
  }
  void sync();   // MIPS sync: orders memory; costs sync_cycles
  void relax();  // a polling loop's failed attempt: let the other cores' time catch up

  // Range operations, walked by the L1 as bursts (unaligned addresses allowed).
  void copy(uint64_t dst, uint64_t src, uint64_t n);
  void fill(uint64_t addr, uint8_t value, uint64_t n);
  int compare(uint64_t a, uint64_t b, uint64_t n);  // memcmp of two simulated ranges
  void read_block(uint64_t addr, void* host_dst, uint64_t n);         // simulated -> host
  void write_block(uint64_t addr, const void* host_src, uint64_t n);  // host -> simulated

  // Fetches N bytes of code at ADDR through the L1I (software that models its footprint).
  void fetch(uint64_t addr, uint64_t n);
  // Charges N instructions of computation at the configured IPC.
  void exec(uint64_t instructions);
  void stall_cycles(uint64_t cycles) { advance(clock_.cycles(cycles)); }

  // Interrupts: the line is raised at kernel time (sc_time_stamp()) plus DELAY, so a
  // source that runs ahead of the kernel passes its own local offset plus the wire
  // latency. The core takes it in wait_for_interrupt(), which returns at delivery time.
  void raise_interrupt(const sc_core::sc_time& delay);
  void wait_for_interrupt();
  // The same with a timer: returns false, having taken nothing, when no interrupt arrives
  // by DEADLINE (this core's time, as now()).
  bool wait_for_interrupt_until(const sc_core::sc_time& deadline);
  bool interrupt_pending() const;
  // The software's interrupt service routine. When one is set, every wait above runs it
  // after taking an interrupt (never nested), as a kernel runs its handler before the
  // interrupted wait resumes; so a core blocked in one layer still serves another (a
  // sender waiting for pool slots keeps receiving the frames that free them).
  using InterruptHandler = std::function<void(Core&)>;
  void set_interrupt_handler(InterruptHandler handler) { handler_ = std::move(handler); }
  // Takes a pending interrupt now, if there is one and a handler to run (not nested).
  // Software that polls without waiting (a library's test-for-completion loop) calls it
  // where the real core would have been interrupted. Returns whether it took one.
  bool poll_interrupts();

  // This core's notion of now: kernel time plus its local offset.
  sc_core::sc_time now() const { return qk_.get_current_time(); }
  uint64_t cycle() const { return now().value() / clock_.period(); }
  const Clock& clock() const { return clock_; }
  const CoreParams& params() const { return p_; }
  bool finished() const { return finished_; }
  bool has_program() const { return bool(program_); }

  void register_stats(StatsRegistry& s) const;
  uint64_t instructions() const { return st_.instructions; }  // charged so far
  uint64_t range_bytes() const { return st_.range_bytes; }    // covered by range operations so far

 private:
  void thread();
  void access(MemOp op, tlm::tlm_command cmd, uint64_t addr, void* data, unsigned len);
  // True when a two-sided range operation touches an uncached range.
  bool bounce_through_registers(uint64_t a, uint64_t b, uint64_t n) const;
  void range(BurstKind kind, uint64_t dst, uint64_t src, uint8_t* host, uint64_t n, uint8_t fill, int* cmp);
  void transport(tlm_utils::simple_initiator_socket<Core>& socket, tlm::tlm_generic_payload& trans);
  void advance(Picos ps);
  [[noreturn]] void fault(const tlm::tlm_generic_payload& trans, const char* what) const;

  CoreParams p_;
  int id_;
  Clock clock_;
  Program program_;
  const AddressMap* uncached_ = nullptr;
  tlm_utils::tlm_quantumkeeper qk_;
  RequestPayload payload_;  // reused for every access this core makes
  std::vector<uint8_t> fetch_sink_;
  bool finished_ = false;

  sc_core::sc_event irq_event_;
  Picos irq_at_;  // delivery time of the earliest pending interrupt (max when none)
  InterruptHandler handler_;
  bool in_handler_ = false;
  void take_interrupt();

  struct Stats {
    uint64_t loads = 0, stores = 0, ll = 0, sc = 0, syncs = 0, relaxes = 0;
    uint64_t instructions = 0, ranges = 0, range_bytes = 0, interrupts = 0;
    uint64_t busy_ps = 0;  // simulated time at which the program finished
  } st_;
};

}  // namespace smvn
