// What a memory transaction means to the cache hierarchy. It travels as an extension of
// the TLM-2.0 generic payload: the payload says address, length, read/write and data; the
// extension says which coherence request it is and who asked.
#pragma once

#include <cstdint>
#include <tlm.h>

#include "timing.h"

namespace smvn {

enum class MemOp : uint8_t {
  Load,           // core -> L1: cached load (payload READ)
  Store,          // core -> L1: cached store (payload WRITE)
  LoadLinked,     // core -> L1: ll (payload READ), sets the core's link
  StoreCond,      // core -> L1: sc (payload WRITE); extension.sc_ok says whether it stored
  Burst,          // core -> L1: a range operation over many lines (see BurstKind)
  ReadShared,     // L1 -> L2: fetch a line for reading
  ReadExclusive,  // L1 -> L2: fetch a line for writing (read-for-ownership)
  Upgrade,        // L1 -> L2: S -> M without data
  Writeback,      // L1 -> L2 or L2 -> memory: a dirty line goes down
  Fill,           // L2 -> memory: a line comes up
  Uncached,       // any level: bypasses caches; the memory controller moves the bytes
  Invalidate,     // L2 directory -> L1 (snoop): drop the line
  Downgrade,      // L2 directory -> L1 (snoop): M/E -> S, write back if dirty
};

// Range operations the L1 walks line by line in one transaction. The payload's address
// and length give the destination (or the only) range; Copy and Compare read from `src`.
enum class BurstKind : uint8_t { Read, Write, Copy, Fill, Compare };

struct MemRequest : tlm::tlm_extension<MemRequest> {
  MemOp op = MemOp::Load;
  int requester = -1;         // global id of the requesting L1 (= its core id)
  bool instruction = false;   // an instruction fetch (L1I): not tracked by the directory
  bool timing_only = false;   // no bytes move (fills, write-backs: values live in PhysicalMemory)
  bool sc_ok = false;         // result of a StoreCond
  // Coherence replies and snoops.
  bool grant_exclusive = false;  // L2 -> L1: the line may be held E (no other sharer)
  bool dirty = false;            // L1 -> L2 on a snoop: the line was M, its data goes down
  int target = -1;               // snoops: global id of the L1 they are for
  // Range operations.
  BurstKind burst = BurstKind::Read;
  uint64_t src = 0;              // Copy / Compare source address
  uint8_t fill_value = 0;        // Fill byte
  int compare_result = 0;        // Compare: memcmp sign
  // Burst parameters: the L1 walks the lines itself, overlapping up to max_outstanding
  // misses, no faster than the copy loop itself runs (issue_interval per 8 bytes).
  uint32_t max_outstanding = 1;
  sc_core::sc_time issue_interval = sc_core::SC_ZERO_TIME;  // loop time per doubleword
  // Filled by the target for statistics and tests: where the access was served.
  enum class Level : uint8_t { None, L1, L2, Memory, Remote } served_by = Level::None;

  tlm::tlm_extension_base* clone() const override { return new MemRequest(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const MemRequest&>(other);
  }
};

}  // namespace smvn

namespace smvn {

// ---- The direct line channel ---------------------------------------------------------
// A streaming copy sends four line-sized coherence requests per destination line (fill of
// the source line, read-for-ownership of the destination line, and the two evictions
// they cause). Carried as TLM b_transport calls through L1 -> crossbar -> bank, each pays
// the socket indirections, payload set-up, extension look-up and sc_time_stamp() calls:
// about 450 host instructions, for 60 of modelling. So, as DMI does for data, an L1 may
// ask its crossbar once (a transport_dbg carrying a LineChannelQuery) for a direct
// interface to the line requests and then make them as plain calls with absolute times.
//
// The direct calls are the same requests, served by the same code in the same order at
// the same simulated times as the b_transport path: only the transport changes. A
// target answers false for a request it cannot serve directly (e.g. a remote home), and
// the initiator then falls back to b_transport.
struct LineRequest {
  // Request.
  MemOp op = MemOp::ReadShared;   // ReadShared, ReadExclusive, Upgrade or Writeback
  bool dirty = false;             // Writeback: the line was M (its data goes down)
  bool instruction = false;       // from an L1I
  int requester = -1;             // global id of the requesting L1
  uint64_t line = 0;              // line address (byte address >> line shift)
  Picos at = 0;                   // absolute time the request leaves the initiator
  // A miss's eviction may travel with its fill: the Writeback of victim_line (dirty or
  // a clean notice) leaving at victim_at, served before the fill, exactly as if sent
  // alone just before it. The channel clears has_victim once it has served it.
  bool has_victim = false;
  bool victim_dirty = false;
  uint64_t victim_line = 0;
  Picos victim_at = 0;
  // Reply.
  Picos done = 0;                 // absolute time the reply is back at the initiator
  bool grant_exclusive = false;
  MemRequest::Level served_by = MemRequest::Level::None;
};

class LineChannel {
 public:
  // Serves R (sets done and the reply fields) and returns true, or returns false and
  // changes nothing when R must travel as a transaction.
  virtual bool line_request(LineRequest& r) = 0;
  // A host-speed hint, no simulated effect: LINE will be requested soon, so the channel
  // may start loading the host memory that will serve it (the home bank's tag set) into
  // the host's caches, overlapping that wait with the work before the request.
  virtual void prefetch(uint64_t line) { (void)line; }

 protected:
  ~LineChannel() = default;
};

// ---- The direct snoop channel --------------------------------------------------------
// The same idea for the other direction: a directory's invalidations and downgrades reach
// the L1 caches as plain calls (bank -> crossbar -> L1, or through the HT fabric to
// another node's crossbar) instead of b_transport. The same snoops, the same hops and
// packets, at the same simulated times; only the transport changes.
struct SnoopRequest {
  // Request.
  MemOp op = MemOp::Invalidate;  // Invalidate or Downgrade
  int target = -1;               // global id of the L1 it is for
  uint64_t line = 0;             // line address (byte address >> line shift)
  Picos at = 0;                  // absolute time the snoop leaves the initiator
  // Reply.
  Picos done = 0;                // absolute time the answer is back at the initiator
  bool dirty = false;            // the line was M: its data comes back with the answer
};

class SnoopChannel {
 public:
  // Serves S (sets done and dirty) and returns true, or returns false and changes
  // nothing (no statistic, no booking) when S must travel as a transaction.
  virtual bool snoop_request(SnoopRequest& s) = 0;

 protected:
  ~SnoopChannel() = default;
};

// Extension of a transport_dbg: "give me your direct CHANNEL" (a LineChannel or a
// SnoopChannel). A target that has one sets `channel`; the payload is otherwise empty
// (TLM_IGNORE_COMMAND, no data).
template <typename Channel> struct ChannelQuery : tlm::tlm_extension<ChannelQuery<Channel>> {
  Channel* channel = nullptr;
  tlm::tlm_extension_base* clone() const override { return new ChannelQuery(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    channel = static_cast<const ChannelQuery&>(other).channel;
  }
};
using LineChannelQuery = ChannelQuery<LineChannel>;
using SnoopChannelQuery = ChannelQuery<SnoopChannel>;

// Asks the target bound to SOCKET for its direct CHANNEL (nullptr when it has none).
template <typename Channel, typename Socket> Channel* query_channel(Socket&& socket) {
  tlm::tlm_generic_payload gp;
  ChannelQuery<Channel> q;
  gp.set_command(tlm::TLM_IGNORE_COMMAND);
  gp.set_data_length(0);
  gp.set_extension(&q);
  socket->transport_dbg(gp);
  gp.clear_extension(&q);
  return q.channel;
}
template <typename Socket> LineChannel* query_line_channel(Socket&& socket) {
  return query_channel<LineChannel>(socket);
}
template <typename Socket> SnoopChannel* query_snoop_channel(Socket&& socket) {
  return query_channel<SnoopChannel>(socket);
}

// A payload and its MemRequest owned together and reused for every transaction one
// component sends (the TLM-2.0 way for an initiator without a memory manager: no
// allocation per access). The extension is detached before the payload is destroyed.
struct RequestPayload {
  tlm::tlm_generic_payload gp;
  MemRequest ext;

  RequestPayload() {
    gp.set_extension(&ext);
    gp.set_byte_enable_ptr(nullptr);
  }
  ~RequestPayload() { gp.clear_extension(&ext); }
  RequestPayload(const RequestPayload&) = delete;
  RequestPayload& operator=(const RequestPayload&) = delete;
};

}  // namespace smvn
