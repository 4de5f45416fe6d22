#include "mpi_shim/user_memory.h"

#include <stdexcept>
#include <string>

namespace smvn::net {

namespace {
constexpr uint64_t kAlign = 16;  // what every run agrees on of a host address: its offset mod 16
}

UserMemory::UserMemory(std::vector<uint64_t> region_base, uint64_t region_bytes) : bytes_(region_bytes) {
  for (uint64_t b : region_base) {
    Node n;
    n.base = b;
    nodes_.push_back(std::move(n));
  }
}

std::pair<uint64_t, uint64_t> UserMemory::translate(Node& n, unsigned node, uintptr_t at, uint64_t limit) {
  auto next = n.extents.upper_bound(at);  // the first extent starting after AT
  if (next != n.extents.begin()) {
    auto in = std::prev(next);
    if (at < in->second.end) {  // mapped: as far as the extent goes
      const uint64_t off = at - in->first;
      return {in->second.sim + off, std::min<uint64_t>(limit, in->second.end - at)};
    }
  }
  // Not mapped: map it up to the next mapped range (or LIMIT).
  const uint64_t len = next == n.extents.end() ? limit : std::min<uint64_t>(limit, next->first - at);
  {
    // A range of its own, at the first free address with its offset modulo 16 (so a
    // buffer first touched piece by piece in order, one segment per system call, comes out
    // contiguous: each piece starts where the one before ended).
    const uint64_t start = n.next + ((at - n.next) % kAlign);
    if (start + len > bytes_) goto full;
    n.extents.emplace(at, Extent{at + len, n.base + start});
    n.next = start + len;
    return {n.base + start, len};
  }
full:
  // The region is used up (a program that frees and allocates buffers at new addresses
  // keeps touching fresh host memory): start over, as if the pages had been reclaimed.
  // Every range is mapped afresh on its next touch; deterministic like the rest.
  if (len + kAlign > bytes_)  // would not fit an empty region either
    throw std::runtime_error("net: a single copy of " + std::to_string(len) + " bytes on node " + std::to_string(node) +
                             " is larger than the user region (net.user_bytes)");
  n.extents.clear();
  n.next = 0;
  ++n.recycles;
  return translate(n, node, at, limit);
}

}  // namespace smvn::net
