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
  Burst,          // core -> L1: a streaming read or write of many lines (range operations)
  ReadShared,     // L1 -> L2: fetch a line for reading
  ReadExclusive,  // L1 -> L2: fetch a line for writing (read-for-ownership)
  Upgrade,        // L1 -> L2: S -> M without data
  Writeback,      // L1 -> L2 or L2 -> memory: a dirty line goes down
  Fill,           // L2 -> memory: a line comes up
  Uncached,       // any level: bypasses caches; the memory controller moves the bytes
  Invalidate,     // L2 directory -> L1 (snoop): drop the line
  Downgrade,      // L2 directory -> L1 (snoop): M/E -> S, write back if dirty
};

struct MemRequest : tlm::tlm_extension<MemRequest> {
  MemOp op = MemOp::Load;
  int requester = -1;         // global core id of the initiating core
  bool timing_only = false;   // no bytes move (fills, write-backs: values live in PhysicalMemory)
  bool sc_ok = false;         // result of a StoreCond
  // Burst parameters: the L1 walks the lines itself, overlapping up to max_outstanding
  // misses, issuing one line every issue_interval (the copy loop's own instruction time).
  uint32_t max_outstanding = 1;
  sc_core::sc_time issue_interval = sc_core::SC_ZERO_TIME;
  // Filled by the target for statistics and tests: where the access was served.
  enum class Level : uint8_t { None, L1, L2, Memory, Remote } served_by = Level::None;

  tlm::tlm_extension_base* clone() const override { return new MemRequest(*this); }
  void copy_from(const tlm::tlm_extension_base& other) override {
    *this = static_cast<const MemRequest&>(other);
  }
};

}  // namespace smvn
