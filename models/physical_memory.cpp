#include "physical_memory.h"

#include <algorithm>
#include <sstream>

namespace smvn {

PhysicalMemory::PhysicalMemory(uint64_t size_bytes)
    : size_(size_bytes), pages_((size_bytes + kPageSize - 1) >> kPageBits) {}

void PhysicalMemory::out_of_range(uint64_t addr, uint64_t n) const {
  std::ostringstream s;
  s << "physical access of " << n << " bytes at 0x" << std::hex << addr
    << " is outside simulated memory (size 0x" << size_ << ")";
  throw std::out_of_range(s.str());
}

void PhysicalMemory::allocate(std::unique_ptr<uint8_t[]>& page) {
  page.reset(new uint8_t[kPageSize]());
  ++allocated_;
}

void PhysicalMemory::read_pages(uint64_t addr, void* dst, uint64_t n) {
  check(addr, n);
  auto* out = static_cast<uint8_t*>(dst);
  while (n) {
    uint64_t chunk = std::min(n, kPageSize - (addr & (kPageSize - 1)));
    // A page never written reads as zeros and stays unallocated: reads alone (probes,
    // streaming benchmarks) must not cost host memory.
    if (const auto& page = pages_[addr >> kPageBits])
      std::memcpy(out, page.get() + (addr & (kPageSize - 1)), chunk);
    else
      std::memset(out, 0, chunk);
    out += chunk; addr += chunk; n -= chunk;
  }
}

void PhysicalMemory::write_pages(uint64_t addr, const void* src, uint64_t n) {
  check(addr, n);
  auto* in = static_cast<const uint8_t*>(src);
  while (n) {
    uint64_t chunk = std::min(n, kPageSize - (addr & (kPageSize - 1)));
    std::memcpy(host(addr), in, chunk);
    in += chunk; addr += chunk; n -= chunk;
  }
}

void PhysicalMemory::fill(uint64_t addr, uint8_t value, uint64_t n) {
  check(addr, n);
  while (n) {
    uint64_t chunk = std::min(n, kPageSize - (addr & (kPageSize - 1)));
    std::memset(host(addr), value, chunk);
    addr += chunk; n -= chunk;
  }
}

void PhysicalMemory::copy(uint64_t dst, uint64_t src, uint64_t n) {
  check(dst, n);
  check(src, n);
  if (n == 0 || dst == src) return;
  // Chunk so that neither side crosses a page inside one memmove; walk backwards when
  // the destination overlaps the source from above, as memmove does.
  if (dst < src || dst >= src + n) {
    while (n) {
      uint64_t chunk = std::min({n, kPageSize - (src & (kPageSize - 1)), kPageSize - (dst & (kPageSize - 1))});
      std::memmove(host(dst), host(src), chunk);
      src += chunk; dst += chunk; n -= chunk;
    }
  } else {
    uint64_t s_end = src + n, d_end = dst + n;
    while (n) {
      uint64_t s_off = ((s_end - 1) & (kPageSize - 1)) + 1, d_off = ((d_end - 1) & (kPageSize - 1)) + 1;
      uint64_t chunk = std::min({n, s_off, d_off});
      std::memmove(host(d_end - chunk), host(s_end - chunk), chunk);
      s_end -= chunk; d_end -= chunk; n -= chunk;
    }
  }
}

}  // namespace smvn
