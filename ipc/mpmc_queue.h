// A bounded lock-free multi-producer multi-consumer queue of values, for the thread
// context. A ring of cells, each with a turn counter: a producer may fill cell i when its
// turn equals the ticket it drew (tail), a consumer may empty it when its turn is that
// ticket plus one; emptying sets it to the ticket plus the capacity, the cell's next
// lap. Tickets are drawn with a compare-and-swap, so a stalled thread delays only the
// cell it holds, never the whole queue; there is no lock anyone could die holding.
//
// The memory orders: the turn store that publishes a cell (release) pairs with the
// turn load of whoever takes it next (acquire), which orders the value's plain copy.
// The tickets themselves order nothing and are relaxed.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace smvn::ipc {

template <class T>
class MpmcQueue {
 public:
  // CAPACITY is rounded up to a power of two (ring arithmetic with a mask).
  explicit MpmcQueue(size_t capacity) {
    cap_ = 1;
    while (cap_ < capacity) cap_ <<= 1;
    mask_ = cap_ - 1;
    cells_.reset(new Cell[cap_]);
    for (size_t i = 0; i < cap_; ++i) cells_[i].turn.store(i, std::memory_order_relaxed);
  }
  size_t capacity() const { return cap_; }

  bool try_push(const T& v) {
    uint64_t pos = tail_.load(std::memory_order_relaxed);
    for (;;) {
      Cell& c = cells_[pos & mask_];
      const uint64_t turn = c.turn.load(std::memory_order_acquire);
      const int64_t diff = int64_t(turn) - int64_t(pos);
      if (diff == 0) {
        if (tail_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          c.value = v;
          c.turn.store(pos + 1, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // the cell still holds last lap's value: full
      } else {
        pos = tail_.load(std::memory_order_relaxed);  // another producer took this ticket
      }
    }
  }

  bool try_pop(T& out) {
    uint64_t pos = head_.load(std::memory_order_relaxed);
    for (;;) {
      Cell& c = cells_[pos & mask_];
      const uint64_t turn = c.turn.load(std::memory_order_acquire);
      const int64_t diff = int64_t(turn) - int64_t(pos + 1);
      if (diff == 0) {
        if (head_.compare_exchange_weak(pos, pos + 1, std::memory_order_relaxed)) {
          out = c.value;
          c.turn.store(pos + cap_, std::memory_order_release);
          return true;
        }
      } else if (diff < 0) {
        return false;  // not filled yet: empty
      } else {
        pos = head_.load(std::memory_order_relaxed);
      }
    }
  }

 private:
  struct Cell {
    std::atomic<uint64_t> turn{0};
    T value{};
  };
  size_t cap_ = 0, mask_ = 0;
  std::unique_ptr<Cell[]> cells_;
  alignas(64) std::atomic<uint64_t> tail_{0};  // producers' and consumers' tickets on lines of their own
  alignas(64) std::atomic<uint64_t> head_{0};
};

}  // namespace smvn::ipc
