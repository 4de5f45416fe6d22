// The one backing store of real bytes for the whole simulated machine. Caches, the
// directory and links keep only tags, states and time; values live here. Pages are
// allocated (zero-filled) on first touch, so a 256 MiB node costs only what it uses.
#pragma once

#include <cstdint>
#include <cstring>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace smvn {

class PhysicalMemory {
 public:
  static constexpr unsigned kPageBits = 16;  // 64 KiB pages
  static constexpr uint64_t kPageSize = uint64_t(1) << kPageBits;

  explicit PhysicalMemory(uint64_t size_bytes);

  uint64_t size() const { return size_; }

  // Host pointer to ADDR, valid up to the end of its page; allocates the page.
  uint8_t* host(uint64_t addr) {
    check(addr, 1);
    auto& page = pages_[addr >> kPageBits];
    if (!page) allocate(page);
    return page.get() + (addr & (kPageSize - 1));
  }

  // Fast inline path for accesses inside one allocated page (the loads and stores of
  // cores); the rest go through the general page walk.
  void read(uint64_t addr, void* dst, uint64_t n) {
    if (uint8_t* p = in_page(addr, n)) {
      std::memcpy(dst, p, n);
      return;
    }
    read_pages(addr, dst, n);
  }
  void write(uint64_t addr, const void* src, uint64_t n) {
    if (uint8_t* p = in_page(addr, n)) {
      std::memcpy(p, src, n);
      return;
    }
    write_pages(addr, src, n);
  }
  void copy(uint64_t dst, uint64_t src, uint64_t n);  // memmove semantics
  void fill(uint64_t addr, uint8_t value, uint64_t n);

  template <typename T> T load(uint64_t addr) {
    T v;
    read(addr, &v, sizeof(T));
    return v;
  }
  template <typename T> void store(uint64_t addr, T v) { write(addr, &v, sizeof(T)); }

  uint64_t pages_allocated() const { return allocated_; }

 private:
  uint8_t* in_page(uint64_t addr, uint64_t n) {
    const uint64_t page = addr >> kPageBits;
    if (page >= pages_.size() || ((addr + n - 1) >> kPageBits) != page || n == 0 || !pages_[page]) return nullptr;
    return pages_[page].get() + (addr & (kPageSize - 1));
  }
  void read_pages(uint64_t addr, void* dst, uint64_t n);
  void write_pages(uint64_t addr, const void* src, uint64_t n);
  void check(uint64_t addr, uint64_t n) const {
    if (addr >= size_ || n > size_ - addr) out_of_range(addr, n);
  }
  [[noreturn]] void out_of_range(uint64_t addr, uint64_t n) const;
  void allocate(std::unique_ptr<uint8_t[]>& page);

  uint64_t size_;
  std::vector<std::unique_ptr<uint8_t[]>> pages_;
  uint64_t allocated_ = 0;
};

}  // namespace smvn
