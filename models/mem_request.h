// What a memory transaction means to the cache hierarchy. It travels as an extension of
// the TLM-2.0 generic payload: the payload says address, length, read/write and data; the
// extension says which coherence request it is and who asked.
#pragma once

#include <cstdint>
#include <tlm.h>

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
