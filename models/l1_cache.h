// A private L1 cache (Godson-3A: 64 KB, 4-way, 32-byte lines, per core, separate I and D).
// Write-back, write-allocate, LRU, MESI states kept coherent by the home L2 bank's
// directory, which reaches this cache through the `snoop` socket.
//
// Functional/timing split: the cache holds tags and states only; once a line is present
// with the right permission the cache performs the access on PhysicalMemory, so a load
// always returns the latest store in simulated order. The core's ll/sc link lives here,
// beside the tags, because this is where invalidations arrive.
#pragma once

#include <cstdint>
#include <vector>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "address_map.h"
#include "cache_array.h"
#include "mem_request.h"
#include "physical_memory.h"
#include "timing.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct L1Params {
  uint64_t size_bytes = 64 * 1024;
  unsigned ways = 4;
  unsigned line_bytes = 32;
  unsigned hit_cycles = 3;    // load-to-use; not published for GS464, a calibration value
  unsigned snoop_cycles = 2;  // tag lookup for an incoming invalidation or downgrade
  static L1Params from_config(const ConfigNode& c);
};

enum class Mesi : uint8_t { I, S, E, M };

// Also a SnoopChannel: the crossbar delivers snoops as direct calls (see SnoopChannel in
// mem_request.h), offered through a transport_dbg query on the snoop socket.
class L1Cache : public SnoopChannel, public sc_core::sc_module {  // channel first: no thunk
 public:
  tlm_utils::simple_target_socket<L1Cache> cpu;     // from the core
  tlm_utils::simple_initiator_socket<L1Cache> mem;  // to the node crossbar
  tlm_utils::simple_target_socket<L1Cache> snoop;   // from home directories

  L1Cache(sc_core::sc_module_name name, const L1Params& p, const Clock& clock, int cache_id,
          bool instruction_cache, PhysicalMemory& memory, const AddressMap& map);

  void register_stats(StatsRegistry& s) const;

  // For tests and checkers: the state this cache holds ADDR's line in.
  Mesi state_of(uint64_t addr);
  const L1Params& params() const { return p_; }

 private:
  struct Line {
    uint64_t line = 0;
    uint32_t lru = 0;
    Mesi state = Mesi::I;
    bool valid() const { return state != Mesi::I; }
    void clear() { state = Mesi::I; }
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  void snoop_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // A SnoopChannelQuery gets this cache's direct snoop channel.
  unsigned snoop_dbg(tlm::tlm_generic_payload& trans);
  bool snoop_request(SnoopRequest& s) final;
  // The work of both snoop transports: applies OP to LINE; true when the copy was M.
  bool snoop_line(MemOp op, uint64_t line);
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);

  // Makes LINE present with read (or write) permission, the request issuing at absolute
  // time T; returns when its data is available.
  Picos access_line(uint64_t line, bool write, Picos t);
  Picos access_present(Line* l, bool write, Picos t);    // the line is in a way
  Picos access_missing(uint64_t line, Line* way, bool write, Picos t);  // WAY: victim() for LINE
  // Gives up VICTIM's copy; when the home must hear of it, adds the Writeback (dirty
  // data or a clean notice, leaving at T) to the fill request R.
  void evict(Line* victim, Picos t, LineRequest& r);
  // The one line request this cache sends (they never nest), set up for OP.
  LineRequest& line_request(MemOp op, uint64_t line, Picos t);
  // Sends R (and its victim's Writeback first) down: through the crossbar's direct
  // line channel when there is one, else as b_transport transactions. Returns r.done.
  Picos send_line(LineRequest& r);
  Picos send_line_tlm(LineRequest& r);
  // One line-sized coherence request as a transaction; returns its completion time.
  Picos send_down(MemOp op, uint64_t line, Picos t, bool dirty);
  void start_of_simulation() override;
  Picos uncached_access(tlm::tlm_generic_payload& trans, Picos t);
  // One uncached access of LEN bytes, sent down with the caller's data.
  Picos uncached_piece(tlm::tlm_command cmd, uint64_t addr, uint8_t* data, unsigned len, Picos t,
                       tlm::tlm_response_status& status);
  Picos burst(tlm::tlm_generic_payload& trans, MemRequest& ext, Picos t);
  // A burst over a range with uncached bytes (rare: kept out of burst's register use).
  __attribute__((noinline)) Picos burst_uncached(tlm::tlm_generic_payload& trans, MemRequest& ext, Picos t);

  L1Params p_;
  Clock clock_;
  int id_;
  bool icache_;
  PhysicalMemory& memory_;
  const AddressMap& map_;
  unsigned line_shift_;
  Picos hit_ps_;
  Picos snoop_ps_;
  sc_core::sc_time hit_time_;
  CacheArray<Line> tags_;

  // ll/sc: the core's link (LLbit and the linked line).
  bool link_valid_ = false;
  uint64_t link_line_ = 0;

  // The one payload this cache sends down (requests never nest inside the cache).
  RequestPayload down_;
  LineChannel* channel_ = nullptr;  // the crossbar's direct line channel, if it has one
  LineRequest req_;                 // see line_request()
  uint8_t scratch_[256] = {};
  std::vector<Picos> window_;  // completion times of the outstanding misses of a burst
  MemRequest::Level last_level_ = MemRequest::Level::None;  // where access_line was served

  struct Stats {
    uint64_t read_hits = 0, read_misses = 0, write_hits = 0, write_misses = 0, upgrades = 0;
    uint64_t writebacks = 0, clean_evictions = 0, invalidations = 0, downgrades = 0;
    uint64_t ll = 0, sc_ok = 0, sc_fail = 0, link_breaks = 0, uncached = 0;
    uint64_t bursts = 0, burst_lines = 0;
  } st_;
};

}  // namespace smvn
