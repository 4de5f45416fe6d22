#include "host_array.h"

#include <algorithm>
#include <cstdlib>
#include <mutex>
#include <vector>

#include <sys/mman.h>

namespace smvn {

namespace {

constexpr std::size_t kHugePage = std::size_t(2) << 20;
constexpr std::size_t kChunk = std::size_t(32) << 20;  // a 2x2 cluster's tags fit one
constexpr std::size_t kAlign = 64;                      // a host cache line
// Blocks are staggered by this much: the banks' tag arrays all have power-of-two sizes,
// so packed end to end the same set of every bank would fall into the same host cache
// set, and a stream touching all banks at one index would evict itself (7 lines apart,
// the sets of a few dozen arrays spread over the host caches' indexes).
constexpr std::size_t kStagger = 7 * kAlign;

struct Chunk {
  char* base;
  std::size_t size, used, live;  // live: blocks handed out and not yet released
};

struct Arena {
  std::mutex lock;
  std::vector<Chunk> chunks;  // the last one is the one being carved
};

Arena& arena() {
  static Arena* a = new Arena;  // never destroyed: blocks may be released during exit
  return *a;
}

Chunk new_chunk(std::size_t at_least) {
  const std::size_t size = (std::max(at_least, kChunk) + kHugePage - 1) / kHugePage * kHugePage;
  void* p = std::aligned_alloc(kHugePage, size);
  if (!p) throw std::bad_alloc();
  madvise(p, size, MADV_HUGEPAGE);  // before the first touch, so faults map huge pages
  return {static_cast<char*>(p), size, 0, 0};
}

}  // namespace

void* HostArena::allocate(std::size_t bytes) {
  bytes = std::max<std::size_t>((bytes + kAlign - 1) / kAlign * kAlign, kAlign);
  Arena& a = arena();
  std::lock_guard<std::mutex> guard(a.lock);
  if (a.chunks.empty() || a.chunks.back().size - a.chunks.back().used < bytes) a.chunks.push_back(new_chunk(bytes));
  Chunk& c = a.chunks.back();
  void* p = c.base + c.used;
  c.used += std::min(bytes + kStagger, c.size - c.used);
  ++c.live;
  return p;
}

void HostArena::release(void* block) noexcept {
  if (!block) return;
  Arena& a = arena();
  std::lock_guard<std::mutex> guard(a.lock);
  char* p = static_cast<char*>(block);
  for (auto it = a.chunks.begin(); it != a.chunks.end(); ++it) {
    if (p < it->base || p >= it->base + it->size) continue;
    if (--it->live == 0) {  // nothing left in it: give it back (pages and all)
      std::free(it->base);
      a.chunks.erase(it);
    }
    return;
  }
}

}  // namespace smvn
