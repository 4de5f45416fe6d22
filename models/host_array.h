// Host storage for the models' large arrays: the tag and directory records of every cache
// of a cluster (16 MB for the 2x2 cluster's L2 banks, 268 MB on an 8x8 mesh). Simulated
// accesses jump around in them, so with 4 KiB host pages most L2 tag lookups of a
// cluster-sized run missed the host's TLB as well as its caches.
//
// HostArena hands out 64-byte-aligned blocks (a set of records then straddles no more
// host cache lines than it must) carved from 2 MiB-aligned chunks that are offered to the
// kernel as transparent huge pages (madvise, a hint: ignored where THP is off). One arena
// serves every array, so the 1 MiB tag array of each L2 bank shares huge pages with its
// neighbours instead of each wasting most of one. A chunk is returned to the system when
// the last block carved from it is released (tests build and destroy many clusters).
#pragma once

#include <cstddef>
#include <new>

namespace smvn {

class HostArena {
 public:
  static void* allocate(std::size_t bytes);  // never nullptr: throws std::bad_alloc
  static void release(void* block) noexcept;
};

// A fixed-size array of T in the arena, value-initialised and destroyed like a vector's.
template <typename T> class HostArray {
 public:
  explicit HostArray(std::size_t n) : data_(static_cast<T*>(HostArena::allocate(n * sizeof(T)))), n_(n) {
    static_assert(alignof(T) <= 64, "HostArena aligns to 64 bytes");
    for (std::size_t i = 0; i < n_; ++i) new (data_ + i) T();
  }
  ~HostArray() {
    for (std::size_t i = 0; i < n_; ++i) data_[i].~T();
    HostArena::release(data_);
  }
  HostArray(const HostArray&) = delete;
  HostArray& operator=(const HostArray&) = delete;

  T* data() { return data_; }
  std::size_t size() const { return n_; }
  T* begin() { return data_; }
  T* end() { return data_ + n_; }

 private:
  T* data_;
  std::size_t n_;
};

}  // namespace smvn
