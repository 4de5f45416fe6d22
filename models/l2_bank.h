// One bank of a node's shared L2 (Godson-3A: 4 banks x 1 MB, 4-way, 32-byte lines, line
// interleaved, an 8-entry access queue) with the coherence directory beside its tags.
// The bank is the home of the lines it holds: it serves L1 misses, sends invalidations
// and downgrades to the L1 copies its directory records, and is inclusive of them (an
// L2 eviction back-invalidates the L1 copies). The L2 holds lines of its own node's
// memory only.
#pragma once

#include <cstdint>

#include <systemc>
#include <tlm.h>
#include <tlm_utils/simple_initiator_socket.h>
#include <tlm_utils/simple_target_socket.h>

#include "address_map.h"
#include "bank_queue.h"
#include "cache_array.h"
#include "directory.h"
#include "mem_request.h"
#include "timing.h"

namespace smvn {

class ConfigNode;
class StatsRegistry;

struct L2Params {
  unsigned banks = 4;
  uint64_t bank_bytes = 1024 * 1024;
  unsigned ways = 4;
  unsigned line_bytes = 32;
  unsigned hit_cycles = 8;        // "fastest read 8 beats from request to data" (3A1000 manual p.27)
  unsigned occupancy_cycles = 2;  // cycles one access holds the bank's tag/data pipeline (calibration)
  unsigned queue_entries = 8;     // the bank's access queue (3A1000 manual p.27)
  static L2Params from_config(const ConfigNode& c);
};

class L2Bank : public LineChannel, public sc_core::sc_module {  // channel first: no thunk
 public:
  tlm_utils::simple_target_socket<L2Bank> target;     // requests from the node crossbar
  tlm_utils::simple_initiator_socket<L2Bank> mem;     // fills and write-backs to memory
  tlm_utils::simple_initiator_socket<L2Bank> snoop;   // invalidations/downgrades to L1s

  L2Bank(sc_core::sc_module_name name, const L2Params& p, const Clock& clock, unsigned bank_index,
         unsigned total_l1_caches);

  void register_stats(StatsRegistry& s) const;

  // For checkers: the directory's view of ADDR's line (nullptr when the bank lacks it).
  const DirectoryEntry* directory_entry(uint64_t addr);
  // For checkers: whether the bank holds ADDR's line dirty (its data newer than memory's).
  bool line_dirty(uint64_t addr);

 private:
  // A way's tag, LRU age and state, and the directory entry beside them. The line extends
  // its entry instead of holding one so that DIRTY and LRU fill the entry's tail padding:
  // 24 bytes a way instead of 32 (the tag records of a large cluster are hundreds of MB).
  struct Line : DirectoryEntry {
    static constexpr uint64_t kNoLine = ~uint64_t(0);  // an empty way's tag: find() compares tags only
    bool dirty = false;
    uint32_t lru = 0;
    uint64_t line = kNoLine;
    DirectoryEntry& dir() { return *this; }
    bool valid() const { return line != kNoLine; }
    void clear() {
      line = kNoLine;
      dirty = false;
      DirectoryEntry::clear();
    }
  };

  void b_transport(tlm::tlm_generic_payload& trans, sc_core::sc_time& delay);
  // Debug accesses pass to memory; a LineChannelQuery gets this bank's direct channel.
  unsigned transport_dbg(tlm::tlm_generic_payload& trans);
  bool line_request(LineRequest& r) final;
  void prefetch(uint64_t line) final { tags_.prefetch(line); }
  // One line request of an L1 (fill, read-for-ownership, upgrade, write-back or clean
  // eviction), arriving at the bank at r.at: the work of both transports.
  void serve(LineRequest& r);
  // A Writeback (dirty data or a clean eviction notice) of REQ's copy of LINE arriving at
  // AT; returns when the bank is done with it.
  Picos serve_writeback(int req, uint64_t line, bool dirty, Picos at);
  // Returns when the line's data is in the bank, allocating (and evicting) as needed.
  Line* lookup_or_fill(uint64_t line, Picos& t, bool& hit);
  // The miss path of lookup_or_fill; WAY: victim().
  __attribute__((noinline)) Line* fill(uint64_t line, Line* way, Picos& t);
  __attribute__((noinline)) void evict(Line* victim, Picos t);
  // A ReadShared finds another L1 owning the line: it is downgraded (and its dirty data
  // taken) at T; returns when it has answered.
  __attribute__((noinline)) Picos downgrade_owner(Line* l, Picos t);
  // Sends a snoop to L1 cache TARGET at time T; returns its completion, sets DIRTY.
  // Through the crossbar's direct snoop channel when it takes it, else send_snoop_tlm().
  Picos send_snoop(MemOp op, int target, uint64_t line, Picos t, bool& dirty);
  // S as a b_transport transaction (sets its done and dirty): the fallback path.
  __attribute__((noinline)) void send_snoop_tlm(SnoopRequest& s);
  void start_of_simulation() override;
  // Invalidates every recorded copy except EXCEPT's; returns when all have answered.
  __attribute__((noinline)) Picos invalidate_sharers(Line* l, int except, Picos t);
  __attribute__((noinline)) Picos memory_access(tlm::tlm_command cmd, MemOp op, uint64_t addr, Picos t);

  L2Params p_;
  Clock clock_;
  unsigned index_;
  unsigned caches_;
  unsigned line_shift_;
  Picos hit_ps_, occupancy_ps_;
  CacheArray<Line> tags_;
  BankQueue queue_;

  RequestPayload mem_, snoop_;  // reused for every fill, write-back and snoop
  SnoopChannel* snoop_channel_ = nullptr;  // the crossbar's direct snoop channel, if any
  uint8_t scratch_[256] = {};

  struct Stats {
    uint64_t hits = 0, misses = 0, fills = 0, writebacks = 0, l1_writebacks = 0;
    uint64_t invalidations_sent = 0, downgrades_sent = 0, back_invalidations = 0, uncached = 0;
  } st_;
};

}  // namespace smvn
