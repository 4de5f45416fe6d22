// The global physical address map: node N's memory occupies [N * node_bytes, (N+1) *
// node_bytes), so every address has one home node whose L2 banks and directory serve it.
// Some ranges can be marked uncached: accesses there bypass every cache.
//
// Above all memory, from kIoBase, each node has a 64 KiB window of memory-mapped
// registers (never cached). It holds the inter-processor interrupt block of each core at
// core * 0x100 (Godson-3A's per-core IPI registers, see REFERENCE.md), reachable from any
// core in the cluster, so a remote chip can raise an interrupt with a posted write.
#pragma once

#include <cstdint>
#include <vector>

namespace smvn {

struct AddressRange {
  uint64_t base = 0, size = 0;
  bool contains(uint64_t a) const { return a - base < size; }
  uint64_t end() const { return base + size; }
};

class AddressMap {
 public:
  static constexpr uint64_t kIoBase = uint64_t(1) << 40;
  static constexpr uint64_t kIoNodeBytes = 0x10000;
  static constexpr uint64_t kIpiCoreStride = 0x100;

  AddressMap(unsigned nodes, uint64_t node_bytes) : nodes_(nodes), node_bytes_(node_bytes) {
    // Routing asks for the home node of every request; a shift is much cheaper than a
    // 64-bit division, so power-of-two node sizes (the usual case) use one.
    if (node_bytes && !(node_bytes & (node_bytes - 1)))
      while ((uint64_t(1) << node_shift_) < node_bytes) ++node_shift_;
    else
      node_shift_ = -1;
  }

  unsigned nodes() const { return nodes_; }
  uint64_t node_bytes() const { return node_bytes_; }
  uint64_t total_bytes() const { return uint64_t(nodes_) * node_bytes_; }
  uint64_t node_base(unsigned node) const { return uint64_t(node) * node_bytes_; }
  unsigned home_node(uint64_t addr) const {
    return node_shift_ >= 0 ? unsigned(addr >> node_shift_) : unsigned(addr / node_bytes_);
  }

  // Memory-mapped registers.
  bool is_io(uint64_t addr) const { return addr >= kIoBase; }
  uint64_t io_base(unsigned node) const { return kIoBase + uint64_t(node) * kIoNodeBytes; }
  unsigned io_node(uint64_t addr) const { return unsigned((addr - kIoBase) / kIoNodeBytes); }
  bool io_valid(uint64_t addr) const { return is_io(addr) && io_node(addr) < nodes_; }
  // The IPI register block of local core CORE of NODE.
  uint64_t ipi_base(unsigned node, unsigned core) const { return io_base(node) + core * kIpiCoreStride; }
  // The node that serves ADDR: its memory's home, or the node owning the register window.
  unsigned serving_node(uint64_t addr) const { return is_io(addr) ? io_node(addr) : home_node(addr); }

  void add_uncached(const AddressRange& r) { uncached_.push_back(r); }
  const std::vector<AddressRange>& uncached_ranges() const { return uncached_; }
  bool uncached(uint64_t addr) const {
    if (addr >= kIoBase) return true;  // registers are never cached
    for (const auto& r : uncached_)
      if (r.contains(addr)) return true;
    return false;
  }
  // True when any byte of [addr, addr+n) is uncached.
  bool any_uncached(uint64_t addr, uint64_t n) const {
    if (addr + n > kIoBase) return true;
    for (const auto& r : uncached_)
      if (addr < r.end() && r.base < addr + n) return true;
    return false;
  }

 private:
  unsigned nodes_;
  uint64_t node_bytes_;
  int node_shift_ = 0;
  std::vector<AddressRange> uncached_;
};

}  // namespace smvn
