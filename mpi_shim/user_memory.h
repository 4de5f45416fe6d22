// Where a rank's own buffers live in simulated memory: the simulated kernel's mapping of
// the programs' user memory.
//
// The programs are ordinary C code whose buffers are host memory. A copy between such a
// buffer and a kernel buffer (copy_from_user, copy_to_user) must still cost what it costs
// on the simulated machine, and that depends on where the user's bytes are: a 4 MiB OMB
// buffer does not fit a core's share of the 4 MB L2, two of them on one chip do not fit
// the L2 at all, and the same buffer sent again hits whatever of it is still cached. So
// every host byte range a rank's copies touch is given simulated memory of its node on
// first touch, and keeps it for good, as a kernel maps an anonymous page on its first
// fault: the same buffer is the same simulated bytes every time (reuse), distinct buffers
// are distinct bytes (sizes), and a byte keeps its offset in its doubleword (alignment,
// which the copy loop's speed depends on).
//
// Why ranges and not host pages: host addresses change from run to run (ASLR moves the
// stack by less than a page, and the simulator's own allocations move the heap), so
// nothing about a simulated address may depend on them beyond what is the same in every
// run: which ranges are the same or overlap (one buffer), the order in which they are
// first touched, and their offsets modulo 16 (malloc's and the stack's alignment), never
// whether two buffers happen to adjoin. Simulated memory is handed out from each node's
// user region in order of first touch, each range at the first free address with its
// offset modulo 16, so a buffer streamed in order is contiguous.
#pragma once

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <map>
#include <vector>

namespace smvn::net {

class UserMemory {
 public:
  // Node n's region starts at REGION_BASE[n] and is REGION_BYTES long.
  UserMemory(std::vector<uint64_t> region_base, uint64_t region_bytes);

  // Calls F(sim_addr, len) for each simulated-contiguous piece of the N host bytes at P
  // as seen by a rank on NODE, in order, mapping what is not mapped yet. When the node's
  // region is used up it starts over (recycles()).
  template <class F>
  void for_each_piece(unsigned node, const void* p, std::size_t n, F&& f);

  // Bytes of NODE's region handed out so far.
  uint64_t mapped_bytes(unsigned node) const { return nodes_.at(node).next; }
  // Times NODE's region was used up and started over (every range mapped afresh).
  uint64_t recycles(unsigned node) const { return nodes_.at(node).recycles; }

 private:
  struct Extent {
    uintptr_t end;  // host range [key, end)
    uint64_t sim;   // simulated address of its first byte
  };
  struct Node {
    uint64_t base = 0, next = 0;           // region start; bytes of it handed out
    std::map<uintptr_t, Extent> extents;   // by host start, disjoint
    uint64_t recycles = 0;                 // times the region was used up and started over
  };
  // The simulated address of host byte AT on NODE and how many bytes from it are
  // contiguous in both (at most LIMIT), mapping [AT, AT + LIMIT) up to the next mapped
  // range if AT is not mapped yet.
  std::pair<uint64_t, uint64_t> translate(Node& n, unsigned node, uintptr_t at, uint64_t limit);

  std::vector<Node> nodes_;
  uint64_t bytes_;
};

template <class F>
void UserMemory::for_each_piece(unsigned node, const void* p, std::size_t n, F&& f) {
  Node& nd = nodes_.at(node);
  uintptr_t at = reinterpret_cast<uintptr_t>(p);
  uint64_t run_start = 0, run_len = 0;
  while (n) {
    const auto [sim, len] = translate(nd, node, at, n);
    if (run_len && run_start + run_len == sim) {
      run_len += len;
    } else {
      if (run_len) f(run_start, run_len);
      run_start = sim, run_len = len;
    }
    at += len, n -= len;
  }
  if (run_len) f(run_start, run_len);
}

}  // namespace smvn::net
